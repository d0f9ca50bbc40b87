"""Public statistics of the technical-aid queues (SPEC §4 open data, issue 6).

A queue is one aid group at one provider. For each queue, from the portal's
mirror of SPOLIS' requests (`technical_aid_requests`):

- **waiting now**: requests whose status is "in queue" or "offered" (an aid was
  offered but not yet issued). Requests still being received or reviewed are
  not in a queue yet; issued and rejected ones have left it.
- **served in a month**: requests issued (`issued_at`) in that calendar month,
  Latvian time, for each of the last twelve full months.
- **waiting at the end of a month**: requests that had entered the queue
  (`queued_at`) before the month ended and had not been issued by then, nor
  rejected (a rejected request left the queue at its last change, `changed_at`).
- **median and 90th-percentile wait**: over the requests served in those twelve
  months that have an entry date, the days from entering the queue to being
  issued, interpolated between the nearest two (as PostgreSQL's
  `percentile_cont`) and rounded to whole days.

Suppression (`published.py`): no figure about one to four people is shown.
"""
