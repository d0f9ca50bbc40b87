"""Accessibility feedback: the statement's route for reporting a barrier."""
