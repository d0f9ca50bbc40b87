"""DCAT-AP metadata of the queue statistics, as JSON-LD.

One `dcat:Catalog` (the portal's open data) with one `dcat:Dataset` (the
technical-aid queues) and two `dcat:Distribution`s (CSV and JSON), using the EU
controlled vocabularies DCAT-AP asks for (file types, frequency, data themes,
countries). The same texts describe the dataset on the open-data portal
(`publishing.py`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from queue_status.open_data.files import CSV_NAME, JSON_NAME, SUPPRESSION_EN, SUPPRESSION_LV
from queue_status.statistics.periods import next_month
from queue_status.statistics.published import PublishedStatistics

DATASET_ID = "technical-aid-queues"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
EU = "http://publications.europa.eu/resource/authority/"

TITLE = {"lv": "Tehnisko palīglīdzekļu rindas", "en": "Technical aid queues"}
DESCRIPTION = {
    "lv": ("Tehnisko palīglīdzekļu (TPL) rindas pa palīglīdzekļu grupām un to izsniedzējiem "
           "(VSIA NRC \"Vaivari\", Latvijas Nedzirdīgo savienība, Latvijas Neredzīgo "
           "biedrība): cik cilvēku gaida tagad, cik katru mēnesi saņēma palīglīdzekli pēdējos "
           "12 pilnos mēnešos, cik gaidīja katra mēneša beigās un gaidīšanas laika mediāna un "
           "90. procentile dienās. Dati no valsts informācijas sistēmas SPOLIS. "
           + SUPPRESSION_LV),
    "en": ("Technical aid queues by aid group and provider (NRC \"Vaivari\", the Latvian "
           "Association of the Deaf, the Latvian Society of the Blind): how many people wait "
           "now, how many received an aid in each of the last 12 full months, how many were "
           "waiting at the end of each month, and the median and 90th-percentile wait in "
           "days. Data from the state information system SPOLIS. " + SUPPRESSION_EN),
}
PUBLISHER = {"lv": "Labklājības ministrija", "en": "Ministry of Welfare"}
KEYWORDS = {"lv": ["tehniskie palīglīdzekļi", "rindas", "invaliditāte"],
            "en": ["technical aids", "queues", "disability"]}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _texts(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"@language": lang, "@value": text} for lang, text in values.items()]


def _date(value: date) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _moment(value: datetime) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def _distribution(url: str, name: str, file_type: str, media_type: str, modified: datetime,
                  title: dict[str, str]) -> dict[str, Any]:
    return {
        "@id": f"{url}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": _texts(title),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": {"@id": f"{EU}file-type/{file_type}"},
        "dct:license": {"@id": LICENSE},
        "dct:modified": _moment(modified),
        "dct:identifier": name,
    }


def catalog_document(statistics: PublishedStatistics | None, base_url: str) -> dict[str, Any]:
    """The catalogue; without a snapshot yet, the dataset has no dates or modification."""
    base = base_url.rstrip("/")
    publisher = {"@type": "foaf:Agent", "foaf:name": _texts(PUBLISHER)}
    dataset: dict[str, Any] = {
        "@id": f"{base}/open-data/{DATASET_ID}",
        "@type": "dcat:Dataset",
        "dct:identifier": DATASET_ID,
        "dct:title": _texts(TITLE),
        "dct:description": _texts(DESCRIPTION),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENSE},
        "dct:language": [{"@id": f"{EU}language/LAV"}, {"@id": f"{EU}language/ENG"}],
        "dct:spatial": {"@id": f"{EU}country/LVA"},
        "dct:accrualPeriodicity": {"@id": f"{EU}frequency/MONTHLY"},
        "dcat:theme": [{"@id": f"{EU}data-theme/SOCI"}, {"@id": f"{EU}data-theme/HEAL"}],
        "dcat:keyword": [{"@language": lang, "@value": word}
                         for lang, words in KEYWORDS.items() for word in words],
        "dcat:landingPage": {"@id": f"{base}/queue-statistics"},
    }
    if statistics is not None:
        modified = statistics.computed_at
        dataset["dct:modified"] = _moment(modified)
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date(statistics.first_month),
            "dcat:endDate": _date(next_month(statistics.last_month) - timedelta(days=1)),
        }
        dataset["dcat:distribution"] = [
            _distribution(f"{base}/open-data/{CSV_NAME}", CSV_NAME, "CSV", "text/csv",
                          modified, {"lv": "Tehnisko palīglīdzekļu rindas (CSV)",
                                     "en": "Technical aid queues (CSV)"}),
            _distribution(f"{base}/open-data/{JSON_NAME}", JSON_NAME, "JSON",
                          "application/json", modified,
                          {"lv": "Tehnisko palīglīdzekļu rindas (JSON)",
                           "en": "Technical aid queues (JSON)"}),
        ]
    return {
        "@context": CONTEXT,
        "@id": f"{base}/open-data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": _texts({"lv": "Labklājības e-pakalpojumu portāla atvērtie dati",
                             "en": "Open data of the welfare e-services portal"}),
        "dct:description": _texts({
            "lv": "Anonimizēti apkopojumi, ko publicē labklājības e-pakalpojumu portāls.",
            "en": "Anonymised aggregates published by the welfare e-services portal."}),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENSE},
        "foaf:homepage": {"@id": f"{base}/"},
        "dcat:dataset": [dataset],
    }
