"""Rindas e-izziņa: the social rehabilitation queue e-reference (SPEC §3.6).

A signed-in person sees, for themselves or the child or ward they act for, each
of their applications waiting in a SIVA social rehabilitation queue (from SRIS):
the number in the queue, the queue's size, when it was placed there and which
documents SIVA has received or still misses. They can issue an e-reference that
states the position on that day, download it as a PDF, and hand it to anyone,
who checks it on the public verification page with the code printed on it.

    views.py         the person's pages (queue, issue, one reference, its PDF)
    verification.py  the public check of a code, no login
    rate_limit.py    failed checks per client address, kept in the database
    codes.py         verification codes: random, grouped, read back leniently
    service.py       issuing and finding references
    pdf.py           the printable A4 document
"""
