"""Why a sign-in did not succeed, and how that is explained to the person.

Every way a login can fail ends in `LoginFailed` with one of a few reasons. The
view turns the reason into a page in the person's language; the log gets the
reason and a short technical detail chosen by our code (never a personal code,
a token or text copied from the provider).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from babel.support import LazyProxy

from i18n.catalogs import lazy_gettext as _l


class Reason(StrEnum):
    CANCELLED = "cancelled"
    PROVIDER_ERROR = "provider_error"
    EXPIRED = "expired"
    REDEEM_FAILED = "redeem_failed"
    VERIFICATION_FAILED = "verification_failed"
    UNREACHABLE = "unreachable"
    CLAIMS_MISSING = "claims_missing"
    NOT_CONFIGURED = "not_configured"


class LoginFailed(Exception):
    def __init__(self, reason: Reason, detail: str, *, return_to: str = "/") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.return_to = return_to


_SAFE_CODE = re.compile(r"[a-z0-9_.-]{1,40}")


def safe_code(value: object) -> str:
    """A provider's error code as it may appear in our log: a short token or '(other)'.

    Providers send free text in `error_description`; we never log that, and an
    `error` that does not look like an OAuth error code is not logged either.
    """
    text = str(value).lower() if value is not None else ""
    return text if _SAFE_CODE.fullmatch(text) else "(other)"


@dataclass(frozen=True, slots=True)
class Explanation:
    status_code: int
    title: LazyProxy
    body: LazyProxy
    retry: bool = True


EXPLANATIONS: dict[Reason, Explanation] = {
    Reason.CANCELLED: Explanation(
        400,
        _l("You cancelled signing in"),
        _l("You did not finish signing in, so you are not signed in. "
           "You can sign in again whenever you are ready."),
    ),
    Reason.PROVIDER_ERROR: Explanation(
        502,
        _l("The national login could not sign you in"),
        _l("The sign-in service reported a problem and did not sign you in. "
           "Nothing was saved. Try again; if it happens again, try later."),
    ),
    Reason.EXPIRED: Explanation(
        400,
        _l("Your sign-in has expired"),
        _l("For your security, signing in must be finished within a few minutes, in the "
           "same browser where it was started, and each sign-in can be used only once. "
           "Start again."),
    ),
    Reason.REDEEM_FAILED: Explanation(
        502,
        _l("Your sign-in could not be completed"),
        _l("We could not confirm your sign-in with the national login, so you are not "
           "signed in. Try again."),
    ),
    Reason.VERIFICATION_FAILED: Explanation(
        502,
        _l("Your sign-in could not be verified"),
        _l("The confirmation we received from the national login did not pass our "
           "security checks, so you are not signed in. Try again."),
    ),
    Reason.UNREACHABLE: Explanation(
        502,
        _l("The national login is not available"),
        _l("We could not reach the national login service. Try again in a few minutes."),
    ),
    Reason.CLAIMS_MISSING: Explanation(
        502,
        _l("Your personal details were not received"),
        _l("The national login did not send us your personal code and name, which the "
           "e-services need. Try signing in with another method, for example another "
           "bank or your eID card."),
    ),
    Reason.NOT_CONFIGURED: Explanation(
        503,
        _l("Signing in is not available"),
        _l("Signing in is not set up on this installation of the portal."),
        retry=False,
    ),
}
