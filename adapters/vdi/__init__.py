"""The State Labour Inspectorate (VDI, "Valsts darba inspekcija") information system.

What the portal reads from it: a company's active administrative acts (orders,
"rīkojumi") with the violations in each (`base.py`). Submissions reach VDI
through the generic back-office delivery (`adapters/back_office`), which the
three VDI e-services share with every other destination.
"""
