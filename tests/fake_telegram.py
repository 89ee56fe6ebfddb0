"""A fake Telegram Bot API for the tests: real HTTP on 127.0.0.1 that answers like Telegram.

Point python-telegram-bot at it with ``base_url=fake.base_url`` and
``base_file_url=fake.base_file_url``. Every call is checked by ``fake_telegram_spec`` (its shape,
against api.json) and ``fake_telegram_rules`` (limits, buttons, HTML), refused the way Telegram
refuses, run by ``fake_telegram_methods`` on the state in ``fake_telegram_state`` and recorded;
tests act as users with the helpers of ``fake_telegram_users``, inject faults, and wait for
replies. The HTTP server itself is ``fake_telegram_http``.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.fake_telegram_http import Server, parse_body
from tests.fake_telegram_methods import CONFLICT, BotApi, ClientGone
from tests.fake_telegram_rules import ApiError
from tests.fake_telegram_spec import SPEC_PATH, check_params, load_spec
from tests.fake_telegram_state import BOT_USERNAME, TOKEN
from tests.fake_telegram_users import UserActions

DOWNLOAD = "download"  # the method name that file downloads have for fault injection
_DESCRIPTIONS = {
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: CONFLICT,
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One call the bot made, with its parameters as understood and the answer's status."""

    method: str
    params: dict
    status: int
    description: str
    timestamp: float


@dataclass
class _Fault:
    kind: str  # "status", "delay" or "drop"
    times: int = 1
    status: int = 0
    retry_after: int = 0
    seconds: float = 0.0
    until: float = 0.0  # when set, the fault lasts until this monotonic time instead


class FakeTelegram(BotApi, UserActions):
    """The Bot API server: its state, the bot's methods, the users' actions and test helpers."""

    def __init__(
        self, token: str = TOKEN, *, username: str = BOT_USERNAME, spec_path: Path = SPEC_PATH
    ) -> None:
        super().__init__(token, username=username)
        self.spec = load_spec(spec_path)
        self._canonical = {name.lower(): name for name in self.spec.methods}
        self.url = ""
        self.requests: list[RecordedRequest] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        self._server = Server(self._respond)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()  # long polls answer at once
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    # -- fault injection -------------------------------------------------------------------

    def fail_next(self, method: str, *, status: int = 429, retry_after: int = 1, times: int = 1):
        """Answer the next `times` calls of `method` ("*" for any, DOWNLOAD for file downloads)
        with an error status."""
        self._add_fault(method, _Fault("status", times, status, retry_after))

    def fail_for(self, method: str, seconds: float, *, status: int = 502) -> None:
        """Answer every call of `method` with an error status for a while."""
        self._add_fault(method, _Fault("status", status=status, until=time.monotonic() + seconds))

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next calls of `method` for `seconds` before answering them."""
        self._add_fault(method, _Fault("delay", times, seconds=seconds))

    def drop_next(self, method: str, *, times: int = 1) -> None:
        """Close the connection of the next calls of `method` without any answer."""
        self._add_fault(method, _Fault("drop", times))

    def _add_fault(self, method: str, fault: _Fault) -> None:
        with self._lock:
            self._faults.setdefault(method, []).append(fault)

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for key in (method, "*"):
                faults = self._faults.get(key, [])
                while faults and faults[0].until and faults[0].until < time.monotonic():
                    faults.pop(0)
                if faults:
                    fault = faults[0]
                    if not fault.until:
                        fault.times -= 1
                        if fault.times <= 0:
                            faults.pop(0)
                    return fault
        return None

    # -- recorded calls and waiting --------------------------------------------------------

    def requests_for(self, method: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == method]

    def refused(self) -> list[RecordedRequest]:
        """The calls that got an error answer, injected faults included."""
        with self._lock:
            return [r for r in self.requests if r.status >= 400]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Block this thread until predicate() is truthy; TimeoutError with the recent calls."""
        with self._changed:
            result = self._changed.wait_for(predicate, timeout)
            if not result:
                recent = [(r.method, r.status, r.description) for r in self.requests[-8:]]
                raise TimeoutError(f"not within {timeout}s; latest calls: {recent}")
            return result

    def wait_sent(self, chat_id: int, count: int = 1, timeout: float = 5.0) -> list[dict]:
        self.wait_for(lambda: len(self._sent.get(chat_id, [])) >= count, timeout)
        return self.sent_messages(chat_id)

    async def await_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """wait_for without blocking the event loop the bot runs on."""
        return await asyncio.to_thread(self.wait_for, predicate, timeout)

    async def await_sent(self, chat_id: int, count: int = 1, timeout: float = 5.0) -> list[dict]:
        """All messages the bot sent to the chat, once there are at least `count`."""
        return await asyncio.to_thread(self.wait_sent, chat_id, count, timeout)

    async def await_requests(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> list[RecordedRequest]:
        await self.await_for(lambda: len(self.requests_for(method)) >= count, timeout)
        return self.requests_for(method)

    def forget(self, chat_ids: set[int], before: float = 0.0) -> None:
        """Drop these chats with their messages and recorded calls, and the calls for no chat
        (getUpdates, callback answers) recorded before `before`: a long soak stays flat."""
        with self._lock:
            self._forget_chats(chat_ids)

            def kept(request: RecordedRequest) -> bool:
                chat_id = request.params.get("chat_id")
                if chat_id is None:
                    return request.timestamp >= before
                return chat_id not in chat_ids

            self.requests = [request for request in self.requests if kept(request)]

    # -- HTTP ------------------------------------------------------------------------------

    def _respond(self, target: str, content_type: str, body: bytes, client_gone: Callable):
        """(status, body bytes) for one HTTP request, or None to drop the connection."""
        url = urlsplit(target)
        path = unquote(url.path)
        download = re.fullmatch(r"/file/bot([^/]+)/(.+)", path)
        if download:
            fault = self._take_fault(DOWNLOAD)
            if fault is None or fault.kind == "delay":
                if fault:
                    self._stopping.wait(fault.seconds)
                return self._download(*download.groups())
            return self._faulted(DOWNLOAD, {"file_path": download.group(2)}, fault)
        route = re.fullmatch(r"/bot([^/]*)/(\w*)", path)
        if not route or route.group(1) != self.token:
            return _error(401 if route else 404)
        method = self._canonical.get(route.group(2).lower())
        if method is None:
            return _error(404)
        try:
            raw, files = parse_body(content_type, body)
        except ValueError:
            return _error(400, "Bad Request: can't parse request body")
        raw.update(parse_qsl(url.query))
        fault = self._take_fault(method)
        if fault and fault.kind == "delay":
            self._stopping.wait(fault.seconds)
        elif fault:
            return self._faulted(method, raw, fault)
        params = raw
        try:
            params = check_params(self.spec, method, raw, files)
            result = self.call(method, params, client_gone)
        except ClientGone:
            return None
        except ApiError as exc:
            self._record(method, params, exc.status, exc.description)
            return _error(exc.status, exc.description, exc.parameters)
        self._record(method, params, 200, "")
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _faulted(self, method: str, raw: dict, fault: _Fault) -> tuple[int, bytes] | None:
        """The error answer an injected fault gives (None: drop the connection)."""
        status = fault.status if fault.kind == "status" else 0
        description = _fault_description(fault)
        self._record(method, raw, status, description)
        if fault.kind == "drop":
            return None
        parameters = {"retry_after": fault.retry_after} if status == 429 else None
        return _error(status, description, parameters)

    def _download(self, token: str, file_path: str):
        if token != self.token:
            return _error(401)
        with self._lock:
            entry = next((f for f in self._files.values() if f["path"] == file_path), None)
        return (200, entry["data"]) if entry else _error(404)

    def _record(self, method: str, params: dict, status: int, description: str) -> None:
        with self._changed:
            self.requests.append(RecordedRequest(method, params, status, description, time.time()))
            self._changed.notify_all()


def _error(status: int, description: str = "", parameters: dict | None = None) -> tuple[int, bytes]:
    payload = {
        "ok": False,
        "error_code": status,
        "description": description or _DESCRIPTIONS.get(status, f"Error {status}"),
    }
    if parameters:
        payload["parameters"] = parameters
    return status, json.dumps(payload).encode()


def _fault_description(fault: _Fault) -> str:
    if fault.kind == "drop":
        return "connection dropped"
    if fault.status == 429:
        return f"Too Many Requests: retry after {fault.retry_after}"
    return _DESCRIPTIONS.get(fault.status, f"Error {fault.status}")
