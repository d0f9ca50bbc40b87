"""The disability information system of the State Medical Commission for the
Assessment of Health Condition and Working Ability (VDEĀVK, "Invaliditātes
informatīvā sistēma"): whether a person has a disability, which group, and for
how long (`base.py`).
"""
