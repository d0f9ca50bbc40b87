"""The page, the CSV and the JSON agree with each other and with the requests behind
them (worked out again here from the inserted requests), and hide small groups."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest
from starlette.applications import Starlette

from portal.database import transaction
from queue_status.statistics.aggregation import recompute_statistics
from tests.queue_status.statistics.requests import (
    MONTHS,
    NOW,
    Expected,
    fixed_requests,
    insert,
    reference,
)

pytestmark = pytest.mark.anyio

Figures = dict[str, object]


def hide(count: int) -> int | None:
    return None if 1 <= count <= 4 else count


def published(queue: Expected) -> Figures:
    """What may be shown of a queue, by the rule stated on the page."""
    total = sum(queue.served)
    served: list[int | None] = [hide(n) for n in queue.served]
    if hide(total) is not None:
        while 0 < sum(n for n, s in zip(queue.served, served, strict=True) if s is None) < 5:
            smallest = min((n, i) for i, n in enumerate(queue.served) if served[i])
            served[smallest[1]] = None
    enough = len(queue.waits) >= 5
    return {"waiting": hide(queue.waiting), "served": hide(total),
            "median": queue.median if enough else None, "p90": queue.p90 if enough else None,
            "months": served, "at_end": [hide(n) for n in queue.waiting_at_end]}


def from_csv(text: str) -> dict[tuple[str, str], Figures]:
    def number(value: str) -> int | None:
        return None if value in ("<5", "") else int(value)

    queues: dict[tuple[str, str], Figures] = {}
    for row in csv.DictReader(io.StringIO(text)):
        queue = queues.setdefault((row["group_code"], row["provider"]), {
            "waiting": number(row["waiting_now"]),
            "served": number(row["served_last_12_months"]),
            "median": number(row["median_wait_days"]), "p90": number(row["p90_wait_days"]),
            "months": [], "at_end": [], "labels": []})
        queue["months"].append(number(row["served_in_month"]))  # type: ignore[attr-defined]
        queue["at_end"].append(number(row["waiting_at_month_end"]))  # type: ignore[attr-defined]
        queue["labels"].append(row["month"])  # type: ignore[attr-defined]
    return queues


def from_json(document: dict[str, object]) -> dict[tuple[str, str], Figures]:
    queues = {}
    for q in document["queues"]:  # type: ignore[attr-defined]
        queues[(q["group_code"], q["provider"])] = {
            "waiting": q["waiting_now"], "served": q["served_last_12_months"],
            "median": q["median_wait_days"], "p90": q["p90_wait_days"],
            "months": [m["served"] for m in q["months"]],
            "at_end": [m["waiting_at_month_end"] for m in q["months"]],
            "labels": [m["month"] for m in q["months"]]}
    return queues


def from_queue_page(html: str) -> Figures:
    def number(text: str) -> int | None:
        text = text.strip()
        if text.startswith("mazāk nekā") or text == "netiek rādīts":
            return None
        return int(re.sub(r"\D", "", text))

    values = re.findall(r'<dd class="summary-list__value">(.*?)</dd>', html)
    table = html.split('id="months-caption"')[1]
    rows = re.findall(r"<th scope=\"row\">.*?</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>",
                      table)
    return {"waiting": number(values[0]), "served": number(values[1]),
            "median": number(values[2]), "p90": number(values[3]),
            "months": [number(s) for _, s in rows], "at_end": [number(w) for w, _ in rows]}


async def test_page_csv_and_json_agree_with_the_requests(app: Starlette,
                                                         client: httpx.AsyncClient) -> None:
    requests = fixed_requests()
    await insert(app.state.sessionmaker, requests)
    async with transaction(app.state.sessionmaker) as session:
        await recompute_statistics(session, NOW)
    expected = {key: published(queue) for key, queue in reference(requests).items()}
    expected[("CANE", "blind_society")] = published(Expected())

    csv_answer = await client.get("/open-data/technical-aid-queues.csv")
    assert csv_answer.headers["content-type"] == "text/csv; charset=utf-8"
    json_answer = await client.get("/open-data/technical-aid-queues.json")
    assert json_answer.headers["content-type"] == "application/json"
    from_files = [from_csv(csv_answer.text), from_json(json_answer.json())]
    labels = [f"{m.year}-{m.month:02d}" for m in MONTHS]
    for figures in from_files:
        assert set(figures) == set(expected)
        for key, queue in figures.items():
            assert queue.pop("labels") == labels
            assert queue == expected[key], key
    for group, provider in expected:
        page = await client.get(f"/queue-statistics/{group}/{provider}")
        assert from_queue_page(page.text) == expected[(group, provider)], (group, provider)

    # What the suppression hid in this data, spelled out.
    hearing = expected[("HEAR", "deaf_association")]
    assert (hearing["waiting"], hearing["served"], hearing["median"]) == (None, None, None)
    wheel = expected[("WHEEL", "vaivari")]
    assert wheel["months"] == [0, 0, 0, 0, None, 0, 0, 0, 0, 0, None, 8]
    assert expected[("PROS", "vaivari")]["waiting"] == 5
    assert ",<5," in csv_answer.text and '"waiting_now": null' in json_answer.text
    document = json_answer.json()
    assert document["suppression"]["threshold"] == 5
    assert document["months"] == {"first": "2025-11", "last": "2026-10"}


async def test_before_the_first_recompute_the_files_ask_to_come_back(
    client: httpx.AsyncClient,
) -> None:
    for name in ("technical-aid-queues.csv", "technical-aid-queues.json"):
        answer = await client.get(f"/open-data/{name}")
        assert answer.status_code == 503 and answer.headers["retry-after"] == "600"
    catalog = (await client.get("/open-data/catalog.jsonld")).json()
    assert "dcat:distribution" not in catalog["dcat:dataset"][0]


async def test_the_catalogue_describes_the_dataset_in_dcat_ap(app: Starlette,
                                                              client: httpx.AsyncClient) -> None:
    await insert(app.state.sessionmaker, fixed_requests())
    async with transaction(app.state.sessionmaker) as session:
        await recompute_statistics(session, NOW)
    answer = await client.get("/open-data/catalog.jsonld")
    assert answer.headers["content-type"] == "application/ld+json"
    catalog = answer.json()
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    dataset = catalog["dcat:dataset"][0]
    assert dataset["@type"] == "dcat:Dataset"
    assert {t["@language"] for t in dataset["dct:title"]} == {"lv", "en"}
    assert {t["@language"] for t in dataset["dct:description"]} == {"lv", "en"}
    assert any("mazāk" in t["@value"] or "četriem" in t["@value"]
               for t in dataset["dct:description"])
    assert dataset["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["dct:publisher"]["foaf:name"][0]["@value"] == "Labklājības ministrija"
    assert dataset["dct:modified"]["@value"] == NOW.isoformat()
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2025-11-01"
    assert dataset["dct:temporal"]["dcat:endDate"]["@value"] == "2026-10-31"
    assert dataset["dct:accrualPeriodicity"]["@id"].endswith("/frequency/MONTHLY")
    distributions = {d["dct:format"]["@id"].rsplit("/", 1)[1]: d
                     for d in dataset["dcat:distribution"]}
    assert set(distributions) == {"CSV", "JSON"}
    for file_type, path in (("CSV", "/open-data/technical-aid-queues.csv"),
                            ("JSON", "/open-data/technical-aid-queues.json")):
        distribution = distributions[file_type]
        assert distribution["@type"] == "dcat:Distribution"
        url = distribution["dcat:downloadURL"]["@id"]
        assert url == "http://testserver" + path == distribution["dcat:accessURL"]["@id"]
        assert (await client.get(path)).status_code == 200
    assert distributions["CSV"]["dcat:mediaType"]["@id"].endswith("/text/csv")
