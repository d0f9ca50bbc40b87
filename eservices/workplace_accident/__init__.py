"""Paziņojums par nelaimes gadījumu darbā: a report of an accident at work by the
victim, a witness, someone who knows of it, or the employer (SPEC §3.3)."""
