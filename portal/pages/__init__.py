"""Pages of the portal itself: home, statements, language switch, health, errors."""
