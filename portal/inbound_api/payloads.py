"""Reading and checking the JSON that back offices send; the OpenAPI document
(`openapi.py`) describes exactly these shapes, and a test holds the two together.

Every check that fails names the JSON Pointer of the offending value, collected in
the problem's `errors` member, so a back office can fix all of them in one go.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.spolis.technical_aids import AidRequestChange
from eservices.submissions.models import SubmissionStatus
from portal.inbound_api.problems import ApiProblem

MAX_JSON_BYTES = 1024 * 1024
MAX_NOTE = 2000
MAX_ANSWER_TEXT = 20_000
MAX_REFERENCE = 20
MAX_QUEUE_REPORTS = 1000
MAX_QUEUE_NUMBER = 10_000_000
# "received" is the portal's own first status; a back office reports what happens next.
SETTABLE_STATUSES = tuple(s.value for s in SubmissionStatus if s != SubmissionStatus.RECEIVED)
# A back office's clock may run a little ahead; a time further in the future is a bug.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    status: str
    note: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerMetadata:
    text: str


# The key a back office names an answer with (IETF draft "The Idempotency-Key HTTP
# Header Field"): a UUID is best; any 1 to 100 visible ASCII characters will do,
# also written as a quoted structured-field string.
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 100
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]{1,100}$"


@dataclass(frozen=True, slots=True)
class QueuePosition:
    reference: str
    position: int
    queue_size: int
    reported_at: datetime


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def decode_json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise ApiProblem("malformed", "the body is not valid UTF-8 JSON") from None


class _Checker:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.errors: list[dict[str, str]] = []

    def fail(self, pointer: str, detail: str) -> None:
        self.errors.append({"pointer": pointer, "detail": detail})

    def raise_if_failed(self) -> None:
        if self.errors:
            raise ApiProblem("invalid", self.errors[0]["detail"], errors=self.errors[:50])

    def object(self, value: Any, pointer: str, required: set[str], allowed: set[str]) -> bool:
        if not isinstance(value, dict):
            self.fail(pointer or "/", "must be a JSON object")
            return False
        for name in sorted(required - value.keys()):
            self.fail(f"{pointer}/{name}", "is required")
        for name in sorted(value.keys() - allowed):
            self.fail(f"{pointer}/{_escape(name)}", "is not a known property")
        return True

    def text(self, value: Any, pointer: str, max_length: int) -> str:
        if not isinstance(value, str):
            self.fail(pointer, "must be a string")
            return ""
        if len(value) > max_length:
            self.fail(pointer, f"must be at most {max_length} characters")
        # JSON can spell lone surrogates (\ud800) and NUL, which no database
        # column (nor our own JSON answers) can hold.
        if "\x00" in value or not _encodable(value):
            self.fail(pointer, "must be Unicode text without NUL characters")
            return ""
        return value

    def integer(self, value: Any, pointer: str, minimum: int) -> int:
        # JSON (and JSON Schema) make no difference between 7 and 7.0.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(pointer, "must be an integer")
            return 0
        if not minimum <= value <= MAX_QUEUE_NUMBER:
            self.fail(pointer, f"must be between {minimum} and {MAX_QUEUE_NUMBER}")
        return value

    def moment(self, value: Any, pointer: str) -> datetime:
        """An RFC 3339 date-time with a UTC offset."""
        parsed = None
        if isinstance(value, str) and len(value) <= 40 and "T" in value.upper():
            try:
                parsed = datetime.fromisoformat(value.upper())
            except ValueError:
                parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.fail(pointer, "must be an RFC 3339 date-time with a time zone offset")
            return self.now
        try:
            parsed = parsed.astimezone(UTC)
        except OverflowError:
            self.fail(pointer, "is out of range")
            return self.now
        if parsed - self.now > FUTURE_TOLERANCE:
            self.fail(pointer, "must not be in the future")
        return parsed


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escape(name: str) -> str:
    """A property name as a JSON Pointer token, safe to echo in the problem."""
    safe = name[:100].encode("utf-8", errors="replace").decode("utf-8")
    return safe.replace("~", "~0").replace("/", "~1")


def parse_status_update(data: Any, now: datetime) -> StatusUpdate:
    check = _Checker(now)
    status, note, occurred_at = "", "", now
    if check.object(data, "", {"status", "occurred_at"}, {"status", "note", "occurred_at"}):
        status = data.get("status")
        if "status" in data and status not in SETTABLE_STATUSES:
            check.fail("/status", "must be one of: " + ", ".join(SETTABLE_STATUSES))
        note = check.text(data.get("note", ""), "/note", MAX_NOTE)
        if "occurred_at" in data:
            occurred_at = check.moment(data["occurred_at"], "/occurred_at")
    check.raise_if_failed()
    return StatusUpdate(status=status, note=note.strip(), occurred_at=occurred_at)


def parse_answer_metadata(raw: str, now: datetime) -> AnswerMetadata:
    data = decode_json(raw.encode("utf-8"))
    check = _Checker(now)
    text = ""
    if check.object(data, "", {"text"}, {"text"}):
        text = check.text(data.get("text"), "/text", MAX_ANSWER_TEXT)
    check.raise_if_failed()
    return AnswerMetadata(text=text.strip())


def parse_idempotency_key(value: str | None) -> str:
    """The key of an `Idempotency-Key` header; `ApiProblem` when missing or not valid."""
    if value is None:
        raise ApiProblem("idempotency-key", f"the {IDEMPOTENCY_KEY_HEADER} header is required:"
                         " send a new UUID with each answer, and the same one when resending it")
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]  # sf-string: the quotes are not part of the key
    if not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, value):
        raise ApiProblem("idempotency-key", f"the {IDEMPOTENCY_KEY_HEADER} header must be 1 to "
                         f"{MAX_IDEMPOTENCY_KEY} visible ASCII characters, such as a UUID")
    return value


def parse_queue_positions(data: Any, now: datetime) -> list[QueuePosition]:
    check = _Checker(now)
    if not isinstance(data, list) or not 1 <= len(data) <= MAX_QUEUE_REPORTS:
        check.fail("/", f"must be a JSON array of 1 to {MAX_QUEUE_REPORTS} reports")
        check.raise_if_failed()
    reports: list[QueuePosition] = []
    fields = {"reference", "position", "queue_size", "reported_at"}
    for index, item in enumerate(data):
        at = f"/{index}"
        if not check.object(item, at, fields, fields):
            continue
        reference = check.text(item.get("reference"), f"{at}/reference", MAX_REFERENCE)
        position = check.integer(item.get("position"), f"{at}/position", 1)
        size = check.integer(item.get("queue_size"), f"{at}/queue_size", 1)
        if "position" in item and "queue_size" in item and position > size:
            check.fail(f"{at}/position", "must not be greater than queue_size")
        reported_at = check.moment(item.get("reported_at"), f"{at}/reported_at")
        reports.append(QueuePosition(reference, position, size, reported_at))
    check.raise_if_failed()
    return reports


# -- SPOLIS' technical-aid requests (POST /technical-aid-requests) ------------------

MAX_AID_CHANGES = 1000
AID_PROVIDERS = ("vaivari", "deaf_association", "blind_society")  # queue_status.models.Provider
AID_STATUSES = ("received", "under_review", "in_queue", "offered", "issued", "rejected")
PERSONAL_CODE_PATTERN = r"^[0-9]{6}-[0-9]{5}$"
_AID_CHANGE_TEXTS = {"request_id": 60, "aid_code": 40, "group_code": 40}
_AID_CHANGE_FIELDS = {"request_id", "personal_code", "reference", "aid_code", "group_code",
                      "provider", "status", "position", "queue_size", "applied_at",
                      "queued_at", "issued_at", "changed_at"}


def parse_technical_aid_changes(data: Any, now: datetime) -> list[AidRequestChange]:
    """SPOLIS' changes of technical-aid requests, all checked."""
    check = _Checker(now)
    if not isinstance(data, list) or not 1 <= len(data) <= MAX_AID_CHANGES:
        check.fail("/", f"must be a JSON array of 1 to {MAX_AID_CHANGES} changes")
        check.raise_if_failed()
    changes: list[AidRequestChange] = []
    for index, item in enumerate(data):
        at = f"/{index}"
        if not check.object(item, at, _AID_CHANGE_FIELDS, _AID_CHANGE_FIELDS):
            continue
        texts = {name: check.text(item.get(name), f"{at}/{name}", limit)
                 for name, limit in _AID_CHANGE_TEXTS.items()}
        for name, value in texts.items():
            if name in item and isinstance(item[name], str) and not value.strip():
                check.fail(f"{at}/{name}", "must not be empty")
        personal_code = check.text(item.get("personal_code"), f"{at}/personal_code", 12)
        if personal_code and not re.fullmatch(PERSONAL_CODE_PATTERN, personal_code):
            check.fail(f"{at}/personal_code", "must be a personal code like 010203-12345")
        reference = item.get("reference")
        if reference is not None:
            reference = check.text(reference, f"{at}/reference", MAX_REFERENCE)
        for name, allowed in (("provider", AID_PROVIDERS), ("status", AID_STATUSES)):
            if name in item and item[name] not in allowed:
                check.fail(f"{at}/{name}", "must be one of: " + ", ".join(allowed))
        numbers: dict[str, int | None] = {}
        for name in ("position", "queue_size"):
            value = item.get(name)
            numbers[name] = None if value is None else check.integer(value, f"{at}/{name}", 1)
        position, size = numbers["position"], numbers["queue_size"]
        if position is not None and size is not None and position > size:
            check.fail(f"{at}/position", "must not be greater than queue_size")
        moments: dict[str, datetime | None] = {}
        for name in ("applied_at", "queued_at", "issued_at", "changed_at"):
            value = item.get(name)
            moments[name] = None if value is None else check.moment(value, f"{at}/{name}")
        for name in ("applied_at", "changed_at"):
            if name in item and item[name] is None:
                check.fail(f"{at}/{name}", "must be an RFC 3339 date-time, not null")
        if check.errors:
            continue
        changes.append(AidRequestChange(
            request_id=texts["request_id"], personal_code=personal_code,
            reference=reference or None,
            aid_code=texts["aid_code"], group_code=texts["group_code"],
            provider=item["provider"], status=item["status"], position=position,
            queue_size=size, applied_at=moments["applied_at"] or now,
            queued_at=moments["queued_at"], issued_at=moments["issued_at"],
            changed_at=moments["changed_at"] or now))
    check.raise_if_failed()
    return changes
