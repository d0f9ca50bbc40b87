"""Darba devēja paziņojums par novērstiem pārkāpumiem: the employer tells VDI how the
violations in its active orders were remedied (SPEC §3.2)."""
