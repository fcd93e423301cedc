"""The HTTP client for upstream assistant APIs: one request at a time, its outcome classified.

Nothing here retries or touches the database: a call returns a `Reply` that says what
happened (created, wait and retry, may have been created, refused) in the upstream's own
words, parsed from each dialect's error shape. The submission service decides what to do.
"""

import contextlib
import email.utils
import enum
import functools
import os
import re
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings

from assistants import outbound
from assistants.contract.secrets import MASK, mask_secret, redact_secrets
from assistants.dialects import listing
from assistants.dialects.marker import marker_of
from assistants.scrub import scrub, scrub_text, sent_secrets

MAX_STORED_TEXT = 4000  # of a response that is not JSON
TRACE_HEADERS = ("x-request-id", "x-trace-id", "trace-id", "request-id")
# Keys whose values are secrets wherever they appear in a response (the catalogue's own
# secret fields are masked by redact_secrets).
SECRET_KEYS = frozenset(
    {"authorization", "api_key", "apikey", "x-api-key", "access_token", "secret", "password"}
)


class Outcome(enum.StrEnum):
    SUCCESS = "success"  # 2xx: created, or the list was read
    RETRY_AFTER = "retry_after"  # 429: wait as long as the upstream asks
    RETRY_BACKOFF = "retry_backoff"  # 5xx, refused connection, connect timeout: nothing made
    AMBIGUOUS = "ambiguous"  # the request may have reached the upstream: look before resending
    REJECTED = "rejected"  # 4xx: trying again will not help


@dataclass(frozen=True)
class UpstreamFieldError:
    path: str  # in the upstream's terms: a body path
    message: str
    code: str


@dataclass
class Reply:
    outcome: Outcome
    http_status: int | None = None
    body: Any = None  # parsed JSON, or the start of the text; secrets masked
    code: str = ""
    message: str = ""
    trace_id: str = ""
    retry_after: float | None = None
    field_errors: list[UpstreamFieldError] = field(default_factory=list)
    raw: Any = None  # the unmasked parsed body, for reading ids; never store it


def timeouts() -> httpx.Timeout:
    connect = settings.SUBMISSION_CONNECT_TIMEOUT
    return httpx.Timeout(
        connect=connect, read=settings.SUBMISSION_READ_TIMEOUT, write=connect, pool=connect
    )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle costs ~30 ms; one context serves every request of the process.
    return httpx.create_ssl_context()


_clients: dict[int, httpx.Client] = {}


def _shared_client() -> httpx.Client:
    """This process's client, whose pool keeps connections to upstreams alive between
    submissions (a TCP and TLS handshake saved per request). Keyed by process id: a Celery
    worker forks its children, which must not share the parent's sockets."""
    pid = os.getpid()
    if pid not in _clients:
        # Through the outbound transport: it dials only addresses it has just checked.
        _clients[pid] = httpx.Client(
            follow_redirects=False, transport=outbound.transport(verify=_tls_context())
        )
    return _clients[pid]


@contextlib.contextmanager
def _client(transport: httpx.BaseTransport | None) -> Iterator[httpx.Client]:
    """The shared client; a client of its own for a given transport (tests' fakes)."""
    if transport is None:
        yield _shared_client()
        return
    with httpx.Client(transport=transport, follow_redirects=False) as client:
        yield client


# --- Sending ---------------------------------------------------------------------------------


def create_assistant(
    *,
    dialect: str,
    url: str,
    headers: dict[str, str],
    body: dict[str, Any],
    idempotency_key: str,
    before_sending: Callable[[], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Reply:
    """POST the body once; the same Idempotency-Key goes with every try of one submission.

    Besides httpx's per-operation timeouts the exchange has an overall deadline
    (SUBMISSION_REQUEST_DEADLINE), checked as the answer arrives: a server that trickles its
    answer is abandoned (ambiguous) instead of outlasting the lease. `before_sending` runs
    right before the request leaves (the caller checks its lease there, and stops the send
    by raising): a worker paused between recording the attempt and sending must not send.
    Every secret sent is scrubbed from the reply (assistants/scrub.py): an upstream may
    echo the request.
    """
    secrets = sent_secrets(body, headers)
    headers = {**headers, "Idempotency-Key": idempotency_key}
    try:
        with _client(transport) as client:
            response = _send(
                client, "POST", url, headers=headers, json=body, before_sending=before_sending
            )
    except DeadlinePassed:
        return _deadline_reply()
    except httpx.HTTPError as error:
        return scrub_reply(reply_for_exception(error), secrets)
    return scrub_reply(reply_for_response(dialect, response), secrets)


class DeadlinePassed(Exception):
    """The request's overall deadline passed before its answer had arrived in full."""


def _send(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    before_sending: Callable[[], None] | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """One request whose whole answer is read before the deadline, or DeadlinePassed."""
    request = client.build_request(method, url, timeout=timeouts(), **kwargs)
    if before_sending is not None:
        before_sending()
    deadline = time.monotonic() + settings.SUBMISSION_REQUEST_DEADLINE
    response = client.send(request, stream=True)
    try:
        chunks = []
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise DeadlinePassed()
    finally:
        response.close()
    # The answer again, decoded once, for the readers below (encoding headers dropped).
    kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _ENCODING]
    return httpx.Response(
        response.status_code, headers=kept, content=b"".join(chunks), request=request
    )


_ENCODING = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _deadline_reply() -> Reply:
    seconds = settings.SUBMISSION_REQUEST_DEADLINE
    return Reply(
        Outcome.AMBIGUOUS,
        code="deadline",
        message=f"The upstream's answer took longer than {seconds:g} s in all. The assistant "
        "may have been created, so it is looked up before trying again.",
    )


@dataclass
class Lookup:
    """The result of looking for this submission's assistant.

    `found`: the assistant carrying the submission's marker. `complete`: the list was read
    as far as it could hold the assistant (False when a bound on pages or time cut it short).
    `namesakes`: other assistants of the same name seen on the way (never adopted).
    """

    reply: Reply
    found: dict[str, Any] | None = None
    complete: bool = True
    namesakes: list[dict[str, Any]] = field(default_factory=list)


def send_change(
    *,
    dialect: str,
    method: str,
    url: str,
    headers: dict[str, str],
    body: dict[str, Any] | None,
    idempotency_key: str,
    transport: httpx.BaseTransport | None = None,
) -> Reply:
    """Send an update (PUT / POST to the assistant) or a delete once, classified like a
    create: an ambiguous answer means the change may have been applied."""
    headers = {**headers, "Idempotency-Key": idempotency_key}
    try:
        with _client(transport) as client:
            response = _send(client, method, url, headers=headers, json=body if body else None)
    except DeadlinePassed:
        return _deadline_reply()
    except httpx.HTTPError as error:
        return reply_for_exception(error)
    return reply_for_response(dialect, response)


def read(
    *,
    dialect: str,
    url: str,
    headers: dict[str, str],
    params: dict[str, Any] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Reply:
    """One GET (retrieve an assistant, read a list page). A GET changes nothing, so a
    dropped answer is simply worth trying again."""
    try:
        with _client(transport) as client:
            response = client.get(url, params=params, headers=headers, timeout=timeouts())
    except httpx.HTTPError as error:
        return _lookup_failure(error)
    return reply_for_response(dialect, response)


def find_assistant(
    *,
    dialect: str,
    url: str,
    headers: dict[str, str],
    organization_id: str,
    name: str,
    marker: str | None,
    created_since: float,
    idempotency_key: str,
    on_page: Callable[[], None] | None = None,
    transport: httpx.BaseTransport | None = None,
    skip_ids: frozenset[str] = frozenset(),
) -> Lookup:
    """The assistant whose metadata carries `marker` (this submission's key), if any, not
    counting those in `skip_ids` (a reconciliation looks past the copy it keeps).

    The marker alone decides: name (Aitronos `search`) and time (OpenAI shapes, newest first:
    pages reaching back before `created_since` end the search) only narrow it. Without a
    marker nothing is ever adopted (`found` stays None). Pages and total time are bounded
    (SUBMISSION_LOOKUP_MAX_PAGES, SUBMISSION_LOOKUP_MAX_SECONDS); `on_page` runs before each
    page after the first (the caller renews its lease there, and may stop the search by
    raising). An upstream that refuses the optional filters is asked again without them.
    """
    params = listing.first_params(dialect, organization_id=organization_id, name=name)
    arguments = {
        "dialect": dialect,
        "url": url,
        "headers": _get_headers(headers, idempotency_key),
        "name": name,
        "marker": marker,
        "created_since": created_since,
        "on_page": on_page,
        "transport": transport,
        "skip_ids": skip_ids,
    }
    lookup = _find(params=params, **arguments)
    refused = lookup.reply.outcome is Outcome.REJECTED and lookup.reply.http_status in (400, 422)
    if refused and listing.without_filters(params) != params:
        lookup = _find(params=listing.without_filters(params), **arguments)
    lookup.reply = scrub_reply(lookup.reply, sent_secrets(None, headers))
    return lookup


def _get_headers(headers: dict[str, str], idempotency_key: str) -> dict[str, str]:
    kept = {key: value for key, value in headers.items() if key.lower() != "content-type"}
    return kept | {"Idempotency-Key": idempotency_key}


def _find(
    *,
    dialect: str,
    url: str,
    headers: dict[str, str],
    params: dict[str, Any],
    name: str,
    marker: str | None,
    created_since: float,
    on_page: Callable[[], None] | None,
    transport: httpx.BaseTransport | None,
    skip_ids: frozenset[str] = frozenset(),
) -> Lookup:
    started = time.monotonic()
    seen: set[str] = set()
    namesakes: list[dict[str, Any]] = []
    to_fetch: list[str] = []  # summary items of the right name: their metadata is not shown
    reply = Reply(Outcome.SUCCESS)
    complete = True
    query: dict[str, Any] | None = params
    try:
        with _client(transport) as client:
            for number in range(settings.SUBMISSION_LOOKUP_MAX_PAGES):
                if query is None:
                    break
                if number and on_page is not None:
                    on_page()
                if time.monotonic() - started > settings.SUBMISSION_LOOKUP_MAX_SECONDS:
                    complete = False
                    break
                response = _send(client, "GET", url, params=query, headers=headers)
                reply = reply_for_response(dialect, response)
                if reply.outcome is not Outcome.SUCCESS:
                    return Lookup(reply, complete=False)
                page = listing.read_page(reply.raw, query)
                fresh = [i for i in page.items if str(i.get("id")) not in seen]
                seen.update(str(i.get("id")) for i in page.items)
                for item in fresh:
                    if str(item.get("id")) in skip_ids:
                        continue
                    if marker is not None and marker_of(item) == marker:
                        reply.body = _lookup_summary(namesakes, item)
                        return Lookup(reply, item, True, namesakes)
                    if item.get("name") == name:
                        if "metadata" not in item and "assistant_metadata" not in item:
                            to_fetch.append(str(item.get("id")))
                        else:
                            namesakes.append(_summary(item))
                older = [
                    i
                    for i in fresh
                    if (listing.created_at_seconds(i.get("created_at")) or 0) < created_since
                ]
                if not fresh or (page.newest_first and older):
                    break
                query = page.next_params
            else:
                complete = query is None
            found = None
            for assistant_id in to_fetch[: settings.SUBMISSION_LOOKUP_MAX_PAGES]:
                if marker is None:
                    break
                if on_page is not None:
                    on_page()
                response = _send(
                    client, "GET", f"{url.rstrip('/')}/{assistant_id}", headers=headers
                )
                one = reply_for_response(dialect, response)
                if one.outcome is not Outcome.SUCCESS or not isinstance(one.raw, dict):
                    if one.http_status != 404:
                        return Lookup(one, complete=False)
                    continue
                if marker_of(one.raw) == marker:
                    found = one.raw
                    break
                namesakes.append(_summary(one.raw))
    except DeadlinePassed:
        return Lookup(_lookup_failure(httpx.ReadTimeout("deadline")), complete=False)
    except httpx.HTTPError as error:
        return Lookup(_lookup_failure(error), complete=False)
    reply.body = _lookup_summary(namesakes, found)
    return Lookup(reply, found, complete, namesakes)


def _lookup_summary(namesakes: list[dict[str, Any]], found: dict[str, Any] | None) -> dict:
    summary: dict[str, Any] = {"namesakes": namesakes[:20]}
    if found is not None:
        summary["found"] = _summary(found)
    return summary


def _lookup_failure(error: httpx.HTTPError) -> Reply:
    reply = reply_for_exception(error)
    if reply.outcome is Outcome.AMBIGUOUS:  # a GET creates nothing: just try again later
        reply.outcome = Outcome.RETRY_BACKOFF
    return reply


def _summary(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item.get(key) for key in ("id", "name", "created_at")}


# --- Classifying -----------------------------------------------------------------------------


def reply_for_exception(error: httpx.HTTPError) -> Reply:
    """A request that got no response: did it reach the upstream?"""
    if isinstance(error, httpx.ConnectTimeout):
        return Reply(Outcome.RETRY_BACKOFF, code="connect_timeout", message=_connect_timeout())
    if isinstance(error, httpx.ConnectError):
        return Reply(
            Outcome.RETRY_BACKOFF,
            code="connect_error",
            message=f"Could not connect to the upstream ({error}). "
            "Check the connection's base URL if this keeps happening.",
        )
    if isinstance(error, httpx.PoolTimeout):
        return Reply(Outcome.RETRY_BACKOFF, code="pool_timeout", message="No connection was free.")
    if isinstance(error, httpx.ReadTimeout):
        seconds = settings.SUBMISSION_READ_TIMEOUT
        return Reply(
            Outcome.AMBIGUOUS,
            code="read_timeout",
            message=f"The upstream did not answer within {seconds:g} s. The assistant may "
            "have been created, so it is looked up before trying again.",
        )
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return Reply(
            Outcome.AMBIGUOUS,
            code="connection_dropped",
            message="The connection dropped after the request was sent. The assistant may "
            "have been created, so it is looked up before trying again.",
        )
    # Write timeouts and anything else: part of the request may have gone out.
    return Reply(
        Outcome.AMBIGUOUS,
        code=type(error).__name__,
        message=f"The request failed midway ({error}). The assistant may have been created, "
        "so it is looked up before trying again.",
    )


def _connect_timeout() -> str:
    seconds = settings.SUBMISSION_CONNECT_TIMEOUT
    return f"Could not connect to the upstream within {seconds:g} s."


def reply_for_response(dialect: str, response: httpx.Response) -> Reply:
    raw = _json_or_text(response)
    status = response.status_code
    reply = Reply(Outcome.SUCCESS, http_status=status, body=redact_response(raw), raw=raw)
    reply.trace_id = _header_trace_id(response)
    if 200 <= status < 300:
        return reply
    parse_error(dialect, raw, reply)
    reply.retry_after = _retry_after(raw, response.headers.get("Retry-After"))
    if status == 429:
        reply.outcome = Outcome.RETRY_AFTER
        reply.message = reply.message or "The upstream is limiting how fast requests come in."
    elif status in (502, 504):
        # A gateway answered: the API behind it may or may not have handled the request.
        reply.outcome = Outcome.AMBIGUOUS
    elif status >= 500 or status == 408:
        reply.outcome = Outcome.RETRY_BACKOFF
    else:
        reply.outcome = Outcome.REJECTED
    return reply


def _json_or_text(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text[:MAX_STORED_TEXT]


def _header_trace_id(response: httpx.Response) -> str:
    for name in TRACE_HEADERS:
        if response.headers.get(name):
            return response.headers[name][:200]
    return ""


def _retry_after(body: Any, header: str | None) -> float | None:
    """The longer of the body's retry_after (Aitronos: error.details) and the header."""
    candidates: list[float] = []
    details = _aitronos_error(body).get("details")
    if isinstance(details, dict) and isinstance(details.get("retry_after"), int | float):
        candidates.append(float(details["retry_after"]))
    if header:
        candidates += _header_seconds(header.strip())
    return max(candidates) if candidates else None


def _header_seconds(value: str) -> list[float]:
    try:
        return [max(0.0, float(value))]
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return []
    return [max(0.0, moment.timestamp() - time.time())]


# --- Error shapes ----------------------------------------------------------------------------


def _aitronos_error(body: Any) -> dict[str, Any]:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"]
    return {}


def parse_error(dialect: str, body: Any, reply: Reply) -> Reply:
    """Fill code, message, trace_id and field_errors from any of the known error shapes.

    Aitronos: `{"success": false, "error": {code, message, system_message, details, trace_id}}`;
    OpenAI: `{"error": {message, type, param, code}}`; FastAPI (v1 servers): 422
    `{"detail": [{loc, msg, type}]}`. The shape is recognised from the body, not the dialect,
    as a gateway in front of any upstream may answer in its own.
    """
    if isinstance(body, dict) and isinstance(body.get("detail"), list):
        return _parse_fastapi(body["detail"], reply)
    error = _aitronos_error(body)
    if error and ("trace_id" in error or "system_message" in error or "details" in error):
        return _parse_aitronos(error, reply)
    if error:
        return _parse_openai(error, reply)
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        reply.message = body["detail"]
    elif isinstance(body, str) and body.strip():
        reply.message = _first_line(body)
    located = path_in_text(body if isinstance(body, str) else reply.message)
    if located:
        reply.field_errors.append(UpstreamFieldError(located, reply.message, "invalid"))
    reply.code = reply.code or f"http_{reply.http_status}"
    return reply


def _parse_aitronos(error: dict[str, Any], reply: Reply) -> Reply:
    reply.code = str(error.get("code") or "")
    reply.message = _join(error.get("message"), error.get("system_message"))
    reply.trace_id = str(error.get("trace_id") or reply.trace_id)
    details = error.get("details") if isinstance(error.get("details"), dict) else {}
    issues = details.get("errors") if isinstance(details.get("errors"), list) else []
    if not issues and details.get("field"):
        issues = [details]
    for issue in issues:
        if isinstance(issue, dict) and issue.get("field"):
            reply.field_errors.append(
                UpstreamFieldError(
                    path=str(issue["field"]),
                    message=str(issue.get("message") or reply.message),
                    code=str(issue.get("issue") or reply.code),
                )
            )
    located = "" if reply.field_errors else path_in_text(reply.message)
    if located:
        reply.field_errors.append(UpstreamFieldError(located, reply.message, reply.code))
    return reply


def _parse_openai(error: dict[str, Any], reply: Reply) -> Reply:
    reply.code = str(error.get("code") or error.get("type") or "")
    reply.message = str(error.get("message") or "")
    path = str(error["param"]) if error.get("param") else path_in_text(reply.message)
    if path:
        reply.field_errors.append(
            UpstreamFieldError(path=path, message=reply.message, code=reply.code)
        )
    return reply


# A pydantic location quoted inside an error's text, e.g. "loc: ('body', 'instructions')" or
# "'loc': ['body', 'tools', 0, 'type']": servers that wrap FastAPI's 422 in their own envelope.
_LOC = re.compile(r"""[\(\[]\s*['"]body['"]\s*((?:,\s*(?:['"][\w\-]+['"]|\d+)\s*)+)[\)\]]""")


def path_in_text(text: str) -> str:
    """The body path of the first pydantic `loc` quoted in `text`, or ""."""
    match = _LOC.search(text or "")
    if not match:
        return ""
    parts: list[Any] = []
    for piece in match.group(1).split(","):
        piece = piece.strip().strip("'\"")
        if piece:
            parts.append(int(piece) if piece.isascii() and piece.isdigit() else piece)
    return loc_to_path(["body", *parts])


def _parse_fastapi(detail: list[Any], reply: Reply) -> Reply:
    for item in detail:
        if not isinstance(item, dict):
            continue
        path = loc_to_path(item.get("loc") or [])
        reply.field_errors.append(
            UpstreamFieldError(
                path=path, message=str(item.get("msg") or ""), code=str(item.get("type") or "")
            )
        )
    reply.code = "validation_error"
    count = len(reply.field_errors)
    reply.message = f"The upstream refused {count} setting{'s' if count != 1 else ''}." + (
        " " + "; ".join(f"{e.path or 'body'}: {e.message}" for e in reply.field_errors[:5])
    )
    return reply


def loc_to_path(loc: list[Any]) -> str:
    """FastAPI's `["body", "tools", 0, "type"]` → `tools[0].type`."""
    parts = list(loc[1:] if loc and loc[0] == "body" else loc)
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _join(*texts: Any) -> str:
    seen = [str(t).strip() for t in texts if t and str(t).strip()]
    unique = [t for i, t in enumerate(seen) if t not in seen[:i]]
    return " — ".join(unique)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return re.sub(r"\s+", " ", line)[:300]


# --- Redaction -------------------------------------------------------------------------------


def scrub_reply(reply: Reply, secrets: set[str]) -> Reply:
    """`reply` with every secret that was sent removed from what may be stored or shown
    (an upstream may repeat the request in its error; see assistants/scrub.py). `raw`, which is
    never stored, keeps the answer as it came."""
    if not secrets:
        return reply
    reply.body = scrub(reply.body, secrets)
    reply.message = scrub_text(reply.message, secrets)
    reply.code = scrub_text(reply.code, secrets)
    reply.trace_id = scrub_text(reply.trace_id, secrets)
    reply.field_errors = [
        UpstreamFieldError(
            path=scrub_text(error.path, secrets),
            message=scrub_text(error.message, secrets),
            code=scrub_text(error.code, secrets),
        )
        for error in reply.field_errors
    ]
    return reply


def redact_response(value: Any) -> Any:
    """A response as it may be stored: catalogue secrets masked wherever an assistant is
    echoed (the body, or `data` as one assistant or a list of them), and the values of
    secret-named keys masked at any depth."""
    return _mask_secret_keys(_redact_assistants(value))


def _redact_assistants(value: Any) -> Any:
    # Walking the contract's types costs ~1 ms an assistant: only where one can be.
    if not isinstance(value, dict):
        return value
    value = _redact_assistant(value)
    data = value.get("data")
    if isinstance(data, dict):
        value = {**value, "data": _redact_assistant(data)}
    elif isinstance(data, list):
        value = {**value, "data": [_redact_assistant(item) for item in data]}
    return value


def _redact_assistant(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    try:
        return redact_secrets(value)
    except Exception:  # not shaped like an assistant: the key names below still apply
        return value


def _mask_secret_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _mask(item) if str(key).lower() in SECRET_KEYS else _mask_secret_keys(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_mask_secret_keys(item) for item in value]
    return value


def _mask(value: Any) -> Any:
    if isinstance(value, str) and value and not value.startswith(MASK):
        return mask_secret(value)
    return value
