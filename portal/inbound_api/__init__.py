"""The API through which back offices send statuses, answers and queue positions.

`tokens` is also what a back office (and the fake back office) uses to sign its
requests; `auth` checks them, `views` serves the endpoints, `openapi` describes them.
"""
