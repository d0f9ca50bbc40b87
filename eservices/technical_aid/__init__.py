"""Pieteikšanās TPL saņemšanai: the application for a technical aid (SPEC §3.4)."""
