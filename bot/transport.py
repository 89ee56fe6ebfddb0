"""The HTTP seam to the Bot API: python-telegram-bot's httpx request, retrying what surely failed.

A Bot API call that failed before Telegram acted on it is safe to send again: the connection
could not be made, the pool had no free connection, the server hung up without answering a
request it never read, or a gateway in front of the Bot API (502, 503, 504) answered for it.
Anything else (a timeout while waiting for the answer, a 500 from the Bot API itself) may have
been carried out already, so it is never repeated: a repeated sendMessage is a second reply.
429 is the rate limiter's to wait out (AIORateLimiter), not this module's.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

logger = logging.getLogger(__name__)

RETRIES = 3
BACKOFF = 0.25  # seconds before the first retry; doubled before each next one
GATEWAY_ERRORS = frozenset({502, 503, 504})
POSTING = frozenset({"sendMessage", "editMessageText", "sendDocument"})
# httpx errors raised before the request reached the Bot API (RemoteProtocolError is the server
# closing a kept-alive connection the request was written to, before reading it).
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.RemoteProtocolError)


def surely_not_sent(error: BaseException) -> bool:
    """Whether the failed request never reached Telegram, so repeating it cannot do it twice."""
    return isinstance(error, NetworkError) and isinstance(error.__cause__, _NOT_SENT)


def maybe_delivered(error: BaseException | None) -> bool:
    """Whether a failed call may have posted a message all the same: a send that timed out
    waiting for Telegram's answer (a download that timed out posted nothing)."""
    cause = error.__cause__ if isinstance(error, TimedOut) else None
    if not isinstance(cause, httpx.TimeoutException) or isinstance(cause, _NOT_SENT):
        return False
    try:
        method = cause.request.url.path.rsplit("/", 1)[-1]
    except RuntimeError:  # httpx knows no request for it: assume the worst
        return True
    return method in POSTING


class RetryingRequest(HTTPXRequest):
    """HTTPXRequest that repeats a call (up to RETRIES times, backing off) when it surely failed."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        **timeouts: object,  # read/write/connect/pool, passed on as python-telegram-bot gave them
    ) -> tuple[int, bytes]:
        delay = BACKOFF
        for _ in range(RETRIES):
            try:
                status, payload = await super().do_request(url, method, request_data, **timeouts)
            except NetworkError as error:
                if not surely_not_sent(error):
                    raise
                # The URL holds the token: only the Bot API method is logged.
                logger.warning("%s not sent (%s); retrying", _method(url), error)
            else:
                if status not in GATEWAY_ERRORS:
                    return status, payload
                logger.warning("%s answered HTTP %d; retrying", _method(url), status)
            await asyncio.sleep(delay)
            delay *= 2
        return await super().do_request(url, method, request_data, **timeouts)


def _method(url: str) -> str:
    """The Bot API method (or 'file download') of a request URL, without the token."""
    return "file download" if "/file/bot" in url else url.rsplit("/", 1)[-1]
