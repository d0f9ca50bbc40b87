"""One package per back-office or registry system: base.py (Protocol), http.py, fake.py."""
