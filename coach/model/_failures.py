"""What can go wrong inside the model seam, and the one-line `ModelError` each failure becomes.

The exceptions here never leave coach/model/: the retry loops in seam.py react to them (an unreadable answer is
read again, an invalid one re-asked once) and `model_error` turns whatever is left into a `ModelError` whose
message names the cause in the user's terms, never a Python exception name.
"""

from __future__ import annotations

import openai
from langchain_core import exceptions as lc_errors
from langchain_core.exceptions import OutputParserException
from pydantic import ValidationError

from coach.errors import ModelError, ModelErrorKind

_RETRYABLE_STATUS = frozenset({408, 409, 429})
_MAX_DETAIL = 160
_BROKEN_OFF = frozenset({"RemoteProtocolError", "ReadError"})
"""The HTTP library's errors (httpx or httpx2, by name) for a server that was reached but hung up mid-answer."""


class NotJSONError(ValueError):
    """The answer is not a JSON object at all (as opposed to JSON that misses a field)."""


class InvalidOutputError(Exception):
    """An answer that does not match the schema (layer b re-asks on this, and only on this)."""

    def __init__(self, raw: str, error: BaseException) -> None:
        super().__init__(raw, error)
        self.raw = raw
        self.short = short_error(error)
        self.feedback = feedback(error)


class IncompleteError(Exception):
    """A 200 answer the client could not read (a cut-off body, no choices): transient, read again."""

    def __init__(self, what: str, times: int = 1) -> None:
        super().__init__(what)
        self.what = what
        self.times = times


class DeadlinePassedError(Exception):
    """The request's deadline came before the answer: nothing more is sent.

    `status` and `wait_s` describe the last failed attempt when the deadline cut its retry short (a 429 whose
    Retry-After ends past the deadline), so the message can say so instead of a bare "did not answer".
    """

    def __init__(self, status: int | None = None, reason: str = "", wait_s: float | None = None) -> None:
        super().__init__(status, reason, wait_s)
        self.status = status
        self.reason = reason
        self.wait_s = wait_s


class RefusedError(Exception):
    """The model refused (a `refusal` in its message) or a content filter withheld the answer."""

    def __init__(self, reason: str, *, content_filter: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.content_filter = content_filter


def model_error(exc: Exception, where: str, *, attempts: str, budget: str) -> ModelError:
    """One line naming the cause of a failure that survived every retry layer."""
    if isinstance(exc, DeadlinePassedError):
        return _deadline_error(exc, where, budget)
    if isinstance(exc, InvalidOutputError | IncompleteError):  # pragma: no cover - mapped by the caller
        raise AssertionError("unreachable")
    if isinstance(exc, RefusedError):
        if exc.content_filter:
            return ModelError(f"{where} withheld the answer (content filter).", kind="refused")
        return ModelError(f"{where} refused to answer: {one_line(exc.reason)}", kind="refused")
    if isinstance(exc, openai.AuthenticationError | lc_errors.ModelAuthenticationError):
        return ModelError("The endpoint rejected the API key (401): check OPENAI_API_KEY.", kind="auth", status=401)
    if isinstance(exc, openai.PermissionDeniedError | lc_errors.ModelPermissionDeniedError):
        return ModelError(
            "The endpoint refused access (403): check OPENAI_API_KEY and COACH_MODEL.", kind="auth", status=403
        )
    if isinstance(exc, openai.NotFoundError | lc_errors.ModelNotFoundError):
        return ModelError(
            f"{where} does not know model or route (404): check COACH_MODEL and OPENAI_BASE_URL.",
            kind="not_found",
            status=404,
        )
    if isinstance(exc, openai.APIStatusError):
        status = f"{exc.status_code} {exc.response.reason_phrase}".strip()
        if exc.status_code in _RETRYABLE_STATUS or exc.status_code >= 500:
            kind: ModelErrorKind = "rate_limited" if exc.status_code == 429 else "failed"
            return ModelError(f"{where} failed after {attempts}: {status}", kind=kind, status=exc.status_code)
        return ModelError(
            f"{where} rejected the request: {status}: {one_line(_api_message(exc))}", status=exc.status_code
        )
    if isinstance(exc, openai.APITimeoutError | lc_errors.ModelTimeoutError):
        return ModelError(f"{where} timed out on each of {attempts} (COACH_REQUEST_TIMEOUT).", kind="timeout")
    if isinstance(exc, openai.APIConnectionError) and type(exc.__cause__).__name__ in _BROKEN_OFF:
        return ModelError(
            f"{where} broke off the connection on each of {attempts} ({one_line(str(exc.__cause__))}); "
            "try again later.",
            kind="failed",
        )
    if isinstance(exc, openai.APIConnectionError | lc_errors.ModelConnectionError):
        cause = one_line(str(exc.__cause__ or exc))
        return ModelError(
            f"{where} could not be reached after {attempts}: {cause}; check OPENAI_BASE_URL.", kind="unreachable"
        )
    if isinstance(exc, openai.LengthFinishReasonError):
        return ModelError(f"{where} stopped at its token limit before finishing the answer.", kind="invalid_output")
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return ModelError(f"{where} withheld the answer (content filter).", kind="refused")
    return ModelError(f"{where} failed: {type(exc).__name__}: {one_line(str(exc))}")


def _deadline_error(exc: DeadlinePassedError, where: str, budget: str) -> ModelError:
    if exc.status == 429:
        wait = f" and asked to wait {exc.wait_s:g} s" if exc.wait_s is not None else ""
        return ModelError(
            f"{where} is rate limited (429){wait}, past the request's deadline of {budget} (COACH_DEADLINE); "
            "try again later.",
            kind="rate_limited",
            status=429,
        )
    last = f"; the last attempt failed: {exc.reason}" if exc.reason else ""
    return ModelError(f"{where} did not answer within {budget} (COACH_DEADLINE){last}.", kind="timeout")


def attempts_of(exc: Exception, max_retries: int | None) -> str:
    """'3 attempts': the SDK stamps each request with the retries taken so far, else the configured max."""
    request = getattr(exc, "request", None)
    count = None
    if request is not None:
        header = request.headers.get("x-stainless-retry-count")
        count = int(header) + 1 if header and header.isdigit() else None
    if count is None:
        count = max_retries + 1 if max_retries is not None else 1
    return f"{count} attempt{'s' if count != 1 else ''}"


def _api_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return str(body["message"])
    return exc.message


def one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_DETAIL else flat[: _MAX_DETAIL - 1] + "…"


def short_error(error: BaseException) -> str:
    if isinstance(error, OutputParserException | NotJSONError):
        return "not valid JSON"
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        return one_line(f"{where + ': ' if where else ''}{first['msg']}{more}")
    return one_line(str(error))


def feedback(error: BaseException) -> str:
    """The re-ask's message: what was wrong with the answer, so the model can fix it."""
    if isinstance(error, ValidationError):
        problems = "\n".join(
            f"- {'.'.join(str(p) for p in e['loc']) or '(whole answer)'}: {e['msg']}"
            for e in error.errors(include_url=False)
        )
    elif isinstance(error, OutputParserException | NotJSONError):
        problems = "- it is not valid JSON: answer with one JSON object, no other text and no code fence"
    else:
        problems = f"- {one_line(str(error))}"
    return (
        "Your answer does not match the required JSON format:\n"
        f"{problems}\n"
        "Answer again with only the corrected JSON object."
    )
