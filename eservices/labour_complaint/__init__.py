"""Iesniegums Darba inspekcijai: a resident's complaint about violations of labour law
or occupational safety at their workplace (SPEC §3.1)."""
