"""A stand-in for the VDI, SPOLIS and SIVA back offices, run as a real HTTP service.

`portal fake-backoffice` serves `app.create_fake_backoffice()`; the demo starts
it and the integration tests run it as a separate process.
"""

from adapters.fake_backoffice.app import create_fake_backoffice

__all__ = ["create_fake_backoffice"]
