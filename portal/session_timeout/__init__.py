"""Session timing for people (WCAG 2.2.1): a warning before the idle time-out that
lets one stay signed in by keyboard, and a plain "you were signed out" page when
the session has ended anyway, which also works without JavaScript.

The time-outs themselves are enforced by `portal.web_sessions`.
"""
