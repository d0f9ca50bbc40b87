"""The demo's technical-aid catalogue and queues: invented, deterministic, realistic.

The catalogue follows ISO 9999 groups as SPOLIS does. The queues are simulated
over the 18 months before `now` with a fixed seed, so the same day always gives
the same data: people apply, are reviewed (a few are refused), wait in the queue
of their aid group at its provider, are offered the aid and receive it. SPOLIS
recalculates every waiting request's position on the first of each month and
once more at `now`, so current positions are exact.

Some requests belong to the demo people (`adapters/demo_people.py`): Elza
Kalniņa (9) waits for a wheelchair and received a hearing aid, her brother
Mārtiņš's orthosis is under review; Jānis Ozols waits for hearing aids and has
been offered another aid; his ward Anna Bērziņa waits for a Braille display and
received a white cane.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from adapters import demo_people
from adapters.spolis.technical_aids import (
    AidRequestChange,
    Catalogue,
    CatalogueAid,
    CatalogueGroup,
)

SEED = 6
VAIVARI = "vaivari"
DEAF = "deaf_association"
BLIND = "blind_society"
_DAY = timedelta(days=1)

# (group code, lv, en, provider, requests a month, served a month, aids)
_GROUPS: tuple[tuple[str, str, str, str, float, float, tuple[tuple[str, str, str], ...]], ...] = (
    ("12-22", "Riteņkrēsli", "Wheelchairs", VAIVARI, 3.4, 2.6, (
        ("12-22-03", "Manuālais riteņkrēsls", "Manual wheelchair"),
        ("12-22-18", "Bērnu riteņkrēsls", "Children's wheelchair"),
        ("12-23-06", "Elektriskais riteņkrēsls", "Powered wheelchair"))),
    ("12-06", "Staiguļi", "Walkers", VAIVARI, 2.5, 2.5, (
        ("12-06-06", "Staigulis ar riteņiem", "Rollator"),
        ("12-06-03", "Staigāšanas rāmis", "Walking frame"))),
    ("12-03", "Kruķi un spieķi", "Crutches and walking sticks", VAIVARI, 2.0, 2.2, (
        ("12-03-06", "Elkoņa kruķi", "Elbow crutches"),
        ("12-03-03", "Atbalsta spieķis", "Walking stick"))),
    ("06-24", "Apakšējo ekstremitāšu protēzes", "Lower-limb prostheses", VAIVARI, 1.2, 0.9, (
        ("06-24-09", "Apakšstilba protēze", "Below-knee prosthesis"),
        ("06-24-15", "Augšstilba protēze", "Above-knee prosthesis"))),
    ("06-18", "Augšējo ekstremitāšu protēzes", "Upper-limb prostheses", VAIVARI, 0.4, 0.3, (
        ("06-18-09", "Apakšdelma protēze", "Forearm prosthesis"),)),
    ("06-12", "Ortozes", "Orthoses", VAIVARI, 2.0, 1.8, (
        ("06-12-06", "Potītes-pēdas ortoze", "Ankle-foot orthosis"),
        ("06-12-09", "Ceļa ortoze", "Knee orthosis"),
        ("06-03-09", "Mugurkaula ortoze", "Spinal orthosis"))),
    ("09-33", "Higiēnas palīglīdzekļi", "Bathing and toileting aids", VAIVARI, 1.5, 1.6, (
        ("09-33-03", "Dušas krēsls", "Shower chair"),
        ("09-12-15", "Tualetes sēdekļa paaugstinājums", "Raised toilet seat"))),
    ("04-33", "Pretizgulējuma palīglīdzekļi", "Pressure-relief aids", VAIVARI, 1.0, 1.0, (
        ("04-33-06", "Pretizgulējuma matracis", "Pressure-relief mattress"),
        ("04-33-03", "Pretizgulējuma spilvens", "Pressure-relief cushion"))),
    ("22-06", "Dzirdes aparāti", "Hearing aids", DEAF, 3.2, 2.4, (
        ("22-06-15", "Aizauss dzirdes aparāts", "Behind-the-ear hearing aid"),
        ("22-06-12", "Ausī ievietojams dzirdes aparāts", "In-the-ear hearing aid"))),
    ("22-27", "Signalizācijas ierīces", "Alerting devices", DEAF, 0.8, 0.9, (
        ("22-27-03", "Durvju zvana gaismas signalizators", "Light-signal doorbell"),
        ("22-27-12", "Vibrējošs modinātājs", "Vibrating alarm clock"))),
    ("12-39", "Baltie spieķi", "White canes", BLIND, 1.5, 1.6, (
        ("12-39-03", "Saliekamais baltais spieķis", "Folding white cane"),)),
    ("22-39", "Braila ierīces", "Braille devices", BLIND, 0.7, 0.5, (
        ("22-39-05", "Braila displejs", "Braille display"),
        ("22-12-12", "Braila rakstāmmašīna", "Braille typewriter"))),
    ("22-03", "Redzes palīglīdzekļi", "Low-vision aids", BLIND, 1.0, 1.0, (
        ("22-03-18", "Elektroniskais palielinātājs", "Electronic magnifier"),
        ("22-30-21", "DAISY grāmatu atskaņotājs", "DAISY book player"))),
)
# Groups no longer in SPOLIS' catalogue are not simulated; a rejected request never queues.
_REJECTED_SHARE = 0.07


def catalogue() -> Catalogue:
    groups = tuple(CatalogueGroup(code, lv, en, index * 10)
                   for index, (code, lv, en, *_rest) in enumerate(_GROUPS, start=1))
    aids = tuple(CatalogueAid(aid, code, provider, lv, en)
                 for code, _lv, _en, provider, _in, _out, items in _GROUPS
                 for aid, lv, en in items)
    return Catalogue(groups, aids)


@dataclass
class _Request:
    change: AidRequestChange
    history: list[AidRequestChange] = field(default_factory=list)

    def move(self, at: datetime, **fields: object) -> None:
        self.change = replace(self.change, changed_at=at, **fields)  # type: ignore[arg-type]
        self.history.append(self.change)


def _personal_code(rng: random.Random) -> str:
    return f"32{rng.randrange(10000):04d}-{rng.randrange(100000):05d}"


def _month_starts(start: datetime, end: datetime) -> list[datetime]:
    month = datetime(start.year, start.month, 1, 6, tzinfo=UTC)
    starts = []
    while month < end:
        month = (month + timedelta(days=32)).replace(day=1)
        if start < month < end:
            starts.append(month)
    return starts


def requests(now: datetime) -> list[AidRequestChange]:
    """Every change of every demo request up to `now`, by (changed_at, request_id)."""
    rng = random.Random(SEED)  # noqa: S311 - invented demo data, not a secret
    start = now - timedelta(days=548)
    made: list[_Request] = []
    serial = 0
    for code, _lv, _en, provider, arriving, served, items in _GROUPS:
        aid_codes = [aid for aid, _alv, _aen in items]
        queue: list[_Request] = []
        # Arrivals: about `arriving` a month over 18 months.
        arrivals = sorted(start + timedelta(seconds=rng.uniform(0, 548 * 86400))
                          for _ in range(round(arriving * 18 * rng.uniform(0.9, 1.1))))
        events: list[tuple[datetime, int, str, _Request | None]] = []
        for applied_at in arrivals:
            serial += 1
            applied_at = applied_at.replace(microsecond=0)
            request = _Request(AidRequestChange(
                request_id=f"TPL-{applied_at.year}-{serial:06d}",
                personal_code=_personal_code(rng), reference=None,
                aid_code=rng.choice(aid_codes), group_code=code, provider=provider,
                status="received", position=None, queue_size=None, applied_at=applied_at,
                queued_at=None, issued_at=None, changed_at=applied_at))
            request.history.append(request.change)
            made.append(request)
            events.append((applied_at + rng.randint(1, 4) * _DAY, 0, "review", request))
            events.append((applied_at + rng.randint(6, 20) * _DAY, 1, "decide", request))
        # Service: the provider calls the head of the queue on random working days.
        for month in [start, *_month_starts(start, now)]:
            for _ in range(max(0, round(rng.gauss(served, served / 3)))):
                day = month + timedelta(days=rng.uniform(0, 28))
                events.append((day.replace(microsecond=0), 2, "offer", None))
            if month != start:
                events.append((month, 3, "recount", None))
        events.append((now - timedelta(minutes=30), 3, "recount", None))
        offered: list[tuple[datetime, _Request]] = []
        for at, _order, kind, subject in sorted(events, key=lambda e: (e[0], e[1])):
            if at > now:
                continue
            if kind == "review" and subject is not None:
                subject.move(at, status="under_review")
            elif kind == "decide" and subject is not None:
                if rng.random() < _REJECTED_SHARE:
                    subject.move(at, status="rejected")
                else:
                    queue.append(subject)
                    subject.move(at, status="in_queue", queued_at=at, position=len(queue),
                                 queue_size=len(queue))
            elif kind == "offer" and queue:
                head = queue.pop(0)
                head.move(at, status="offered", position=None, queue_size=None)
                offered.append((at + rng.randint(5, 20) * _DAY, head))
            elif kind == "recount":
                for place, waiting in enumerate(queue, start=1):
                    if (waiting.change.position, waiting.change.queue_size) != (place, len(queue)):
                        waiting.move(at, position=place, queue_size=len(queue))
        for at, served_one in offered:
            if at <= now:
                served_one.move(at, status="issued", issued_at=at)
    _give_demo_people_their_requests(made)
    changes = [change for request in made for change in request.history]
    return sorted(changes, key=lambda c: (c.changed_at, c.request_id))


def _give_demo_people_their_requests(made: list[_Request]) -> None:
    """Hand some simulated requests to the demo people (chosen by state, deterministically)."""
    wanted: tuple[tuple[str, str | None, str], ...] = (
        (demo_people.ELZA_KALNINA.personal_code, "12-22", "in_queue"),
        (demo_people.ELZA_KALNINA.personal_code, "22-06", "issued"),
        (demo_people.MARTINS_KALNINS.personal_code, "06-12", "under_review"),
        (demo_people.JANIS_OZOLS.personal_code, "22-06", "in_queue"),
        (demo_people.ANNA_BERZINA.personal_code, "22-39", "in_queue"),
        (demo_people.ANNA_BERZINA.personal_code, "12-39", "issued"),
        (demo_people.JANIS_OZOLS.personal_code, None, "offered"),
    )
    taken: set[str] = set()
    for personal_code, group_code, status in wanted:  # group None: any group
        candidates = [r for r in made if group_code in (None, r.change.group_code)
                      and r.change.status == status and r.change.request_id not in taken]
        if not candidates:
            continue
        # The middle of the queue shows a useful estimate; any other state, the newest.
        if status == "in_queue":
            chosen = sorted(candidates, key=lambda r: r.change.position or 0)[len(candidates) // 2]
        else:
            chosen = max(candidates, key=lambda r: r.change.applied_at)
        taken.add(chosen.change.request_id)
        chosen.history = [replace(c, personal_code=personal_code) for c in chosen.history]
        chosen.change = chosen.history[-1]
