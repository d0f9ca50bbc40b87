"""The municipal social assistance system (SOPA, "Sociālās palīdzības
administrēšanas lietojumprogramma"): whether a person has the status of a needy
or a low-income person in their municipality (`base.py`).
"""
