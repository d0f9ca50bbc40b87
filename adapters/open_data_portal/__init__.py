"""The national open-data portal (data.gov.lv, a CKAN site): where the portal
publishes its open data. base.py is the interface, http.py CKAN's Action API,
fake.py an in-memory CKAN, served.py that fake over HTTP."""
