"""A small e-service used only by the tests of the shared submission life cycle."""
