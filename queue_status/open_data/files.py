"""The statistics as files: CSV and JSON, built from `published_statistics`.

CSV: UTF-8 with a header line, comma separated, one row per queue and month
(twelve per queue), the queue's own figures repeated on each of its rows so that
every row stands alone. Counts hidden by the suppression rule read `<5`; a wait
that is not shown is empty. Dates are ISO 8601, months `YYYY-MM`.

JSON: one object; the same figures nested per queue, hidden counts and waits as
null (the object's `suppression` says what null means).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

from queue_status.statistics.periods import period_key
from queue_status.statistics.published import THRESHOLD, PublishedStatistics

CSV_NAME = "technical-aid-queues.csv"
JSON_NAME = "technical-aid-queues.json"
HIDDEN = f"<{THRESHOLD}"

CSV_COLUMNS = (
    "group_code", "group_name_lv", "group_name_en", "provider", "provider_name_lv",
    "provider_name_en", "month", "served_in_month", "waiting_at_month_end", "waiting_now",
    "served_last_12_months", "median_wait_days", "p90_wait_days", "computed_at",
)

SUPPRESSION_EN = (
    "No figure about one to four people is published: such counts read \"<5\" in the CSV "
    "and null in the JSON; zero is published. Median and 90th-percentile waits are "
    "published only when at least five served requests stand behind them. When the hidden "
    "months of a queue add up to one to four people, further months are hidden so that "
    "none can be worked out from the twelve-month total."
)
SUPPRESSION_LV = (
    "Neviens skaitlis par vienu līdz četriem cilvēkiem netiek publicēts: CSV failā tas "
    "ir \"<5\", JSON failā null; nulle tiek publicēta. Gaidīšanas laika mediāna un "
    "90. procentile tiek publicēta tikai tad, ja tās aprēķinā ir vismaz pieci izsniegti "
    "pieprasījumi. Ja rindas slēpto mēnešu skaitļu summa ir no viena līdz četriem, tiek "
    "slēpti vēl citi mēneši, lai neviens no tiem nebūtu aprēķināms no 12 mēnešu kopsummas."
)


def _count(value: int | None) -> str:
    return HIDDEN if value is None else str(value)


def _days(value: int | None) -> str:
    return "" if value is None else str(value)


def csv_text(statistics: PublishedStatistics) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    computed = statistics.computed_at.isoformat()
    for queue in statistics.queues:
        for month in queue.months:
            writer.writerow([
                queue.group_code, queue.group_name_lv, queue.group_name_en, queue.provider,
                queue.provider_name_lv, queue.provider_name_en, period_key(month.month),
                _count(month.served), _count(month.waiting_at_end), _count(queue.waiting),
                _count(queue.served), _days(queue.median_wait_days),
                _days(queue.p90_wait_days), computed,
            ])
    return buffer.getvalue()


def json_document(statistics: PublishedStatistics) -> dict[str, Any]:
    received = statistics.data_received_at
    return {
        "title": {"lv": "Tehnisko palīglīdzekļu rindas", "en": "Technical aid queues"},
        "computed_at": statistics.computed_at.isoformat(),
        "data_received_at": received.isoformat() if received else None,
        "months": {"first": period_key(statistics.first_month),
                   "last": period_key(statistics.last_month)},
        "suppression": {"threshold": THRESHOLD, "lv": SUPPRESSION_LV, "en": SUPPRESSION_EN},
        "queues": [
            {
                "group_code": queue.group_code,
                "group_name": {"lv": queue.group_name_lv, "en": queue.group_name_en},
                "provider": queue.provider,
                "provider_name": {"lv": queue.provider_name_lv, "en": queue.provider_name_en},
                "waiting_now": queue.waiting,
                "served_last_12_months": queue.served,
                "median_wait_days": queue.median_wait_days,
                "p90_wait_days": queue.p90_wait_days,
                "months": [
                    {"month": period_key(month.month), "served": month.served,
                     "waiting_at_month_end": month.waiting_at_end}
                    for month in queue.months
                ],
            }
            for queue in statistics.queues
        ],
    }


def json_text(statistics: PublishedStatistics) -> str:
    return json.dumps(json_document(statistics), ensure_ascii=False, indent=2) + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
