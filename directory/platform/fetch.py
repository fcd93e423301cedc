"""One list request with the retries a list can afford: it changes nothing upstream, so a
429 is waited out, and a 5xx or a dropped connection is tried again after a back-off."""

import time
from typing import Any

import httpx
from django.conf import settings

from assistants.upstream import Outcome, Reply, reply_for_exception, reply_for_response, timeouts
from directory.platform import Target


class ListFailed(Exception):
    """The platform did not answer a list request usefully, even after retries."""

    def __init__(self, reply: Reply, url: str) -> None:
        self.reply = reply
        status = f"HTTP {reply.http_status}" if reply.http_status else reply.code
        super().__init__(f"{status} from {url}: {reply.message or 'no answer'}")


def headers_for(target: Target) -> dict[str, str]:
    if target.dialect == "aitronos":
        return {"X-API-Key": target.api_key, "Accept": "application/json"}
    headers = {"Authorization": f"Bearer {target.api_key}", "Accept": "application/json"}
    if target.dialect == "openai":
        headers["OpenAI-Beta"] = "assistants=v2"
    return headers


def request_json(
    client: httpx.Client,
    target: Target,
    method: str,
    path: str,
    *,
    params: dict[str, Any] | None = None,
    json: dict[str, Any] | None = None,
) -> Any:
    """The parsed JSON answer; ListFailed when retries run out or the platform refuses."""
    url = target.url(path)
    tries = max(1, settings.DIRECTORY_SYNC_TRIES)
    for attempt in range(tries):
        try:
            response = client.request(
                method,
                url,
                params=params,
                json=json,
                headers=headers_for(target),
                timeout=timeouts(),
            )
        except httpx.HTTPError as error:
            reply = reply_for_exception(error)
        else:
            reply = reply_for_response(target.dialect, response)
        if reply.outcome is Outcome.SUCCESS:
            return reply.raw
        if reply.outcome is Outcome.REJECTED or attempt == tries - 1:
            raise ListFailed(reply, url)
        backoff = settings.DIRECTORY_SYNC_BACKOFF * 2**attempt
        wait = reply.retry_after if reply.retry_after is not None else backoff
        if wait > settings.DIRECTORY_SYNC_MAX_WAIT:
            raise ListFailed(reply, url)  # the next scheduled sync comes sooner than that
        time.sleep(wait)
    raise AssertionError("unreachable")
