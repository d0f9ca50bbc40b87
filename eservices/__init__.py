"""The e-services: one package per service, listed in `registry.py`."""
