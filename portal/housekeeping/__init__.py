"""Housekeeping: expired rows deleted, and the retention rule for delivered submissions.

- expiry.py: web sessions, used inbound API token ids and expired drafts, in batches;
- retention.py: which delivered submissions lose their details, and the purge of one;
- purge.py: a round of the retention rule, audited with counts;
- files.py: stored files deleted only after the rows that named them are gone;
- command.py: `portal housekeeping` (once) and `keep_tidy` (the `portal worker` loop).
"""
