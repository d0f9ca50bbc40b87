"""What the in-memory fakes share: being told to fail (for good, or for the next few
calls), and finding people by code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Generic, TypeVar

from adapters.errors import AdapterError, Unavailable

T = TypeVar("T")


def digits(personal_code: str) -> str:
    """A personal code without its hyphen: the registers match on the digits alone,
    so a fake must not be stricter than they are."""
    return personal_code.replace("-", "")


class Breakable:
    """A fake that can be told to fail every call, as its system could."""

    system: ClassVar[str]
    failure: AdapterError | None = None

    def fail_with(self, error: AdapterError | None = None) -> None:
        """Make every call fail (None: as if the system were down); `heal` undoes it."""
        self.failure = error if error is not None else Unavailable(self.system, "told to fail")

    def heal(self) -> None:
        self.failure = None

    def _check(self) -> None:
        if self.failure is not None:
            raise self.failure


class PersonRecords(Breakable, Generic[T]):
    """A registry holding at most one record a person."""

    def __init__(self, records: Mapping[str, T]) -> None:
        self._records = {digits(code): record for code, record in records.items()}

    def _record(self, personal_code: str) -> T | None:
        """The person's record, None without one; raises what it was told to fail with."""
        self._check()
        return self._records.get(digits(personal_code))


class FailsNextCalls:
    """A fake that can be told to fail its next few calls, or all of them: a delivery
    that succeeds on the third attempt."""

    _failure: AdapterError | None = None
    _failures_left: int | None = None

    def fail(self, error: AdapterError | None, *, times: int | None = None) -> None:
        """Raise `error` on the next `times` calls (all of them when None); None heals."""
        self._failure = error
        self._failures_left = times

    def _check(self) -> None:
        if self._failure is None:
            return
        error = self._failure
        if self._failures_left is not None:
            self._failures_left -= 1
            if self._failures_left <= 0:
                self._failure = None
        raise error
