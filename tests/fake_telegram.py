"""A fake Telegram Bot API for the tests: real HTTP on 127.0.0.1 that answers like Telegram.

Point python-telegram-bot at it with ``base_url=fake.base_url`` and
``base_file_url=fake.base_file_url``. Every call is checked by ``fake_telegram_rules`` (refused
the way Telegram refuses) and recorded; helpers create incoming updates and wait for replies.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import select
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.fake_telegram_rules import (
    CALLBACK_ANSWER_LIMIT,
    INLINE_RESULTS_LIMIT,
    NOT_MODIFIED,
    SPEC_PATH,
    ApiError,
    Upload,
    check_params,
    load_spec,
    parse_text,
    utf16_len,
)

TOKEN = "7000000001:AAF4keT0kenForTanyaBeritaTests-0123456"
BOT_USERNAME = "TanyaBeritaBot"
USER_ID = 1001
DOWNLOAD = "download"  # the method name that file downloads have for fault injection
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files
CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
STALE_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance"
    " is running"
)
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


class _ClientGone(Exception):
    """The caller hung up while its long poll waited; there is no one to answer."""


@dataclass
class _Fault:
    kind: str  # "status", "delay" or "drop"
    times: int = 1
    status: int = 0
    retry_after: int = 0
    seconds: float = 0.0
    until: float = 0.0  # when set, the fault lasts until this monotonic time instead


class FakeTelegram:
    """The Bot API server, its state (chats, messages, updates, files) and test helpers."""

    def __init__(
        self, token: str = TOKEN, *, username: str = BOT_USERNAME, spec_path: Path = SPEC_PATH
    ):
        self.token = token
        self.spec = load_spec(spec_path)
        self._canonical = {name.lower(): name for name in self.spec.methods}
        self.bot_user = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "Tanya Berita",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.url = ""
        self.requests: list[RecordedRequest] = []
        self.callback_answers: dict[str, dict] = {}
        self.inline_answers: dict[str, dict] = {}
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.webhook: dict = {"url": ""}
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._local = threading.local()  # per request: has the caller hung up?
        self._ids = itertools.count(1)
        self._updates: list[dict] = []
        self._last_update_id = 0
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self.waiting_polls = 0  # getUpdates calls holding their answer right now
        self._chats: dict[int, dict] = {}
        self._users: dict[int, dict] = {}
        self._last_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict] = {}
        self._bot_messages: set[tuple[int, int]] = set()
        self._inline_messages: dict[str, dict] = {}
        self._sent: dict[int, list[dict]] = {}
        self._edits: list[dict] = []
        self._files: dict[str, dict] = {}
        self._pending_queries: set[str] = set()
        self._faults: dict[str, list[_Fault]] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Callable[[dict], Any]] = {
            "getMe": lambda p: self.bot_user,
            "logOut": lambda p: True,
            "close": lambda p: True,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": lambda p: self.commands.get(_scope_key(p), []),
            "deleteMyCommands": self._delete_my_commands,
        }

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        self._server = _Server(self)
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

    # -- looking and waiting ---------------------------------------------------------------

    def sent_messages(self, chat_id: int) -> list[dict]:
        """Every message the bot sent to the chat, as it was sent."""
        with self._lock:
            return copy.deepcopy(self._sent.get(chat_id, []))

    def edited_messages(self, chat_id: int | None = None) -> list[dict]:
        """Each edit the bot made (the message after it), oldest first; all chats by default."""
        with self._lock:
            edits = [
                e for e in self._edits if chat_id is None or e.get("chat", {}).get("id") == chat_id
            ]
            return copy.deepcopy(edits)

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """The message as it is now; None once deleted."""
        with self._lock:
            return copy.deepcopy(self._messages.get((chat_id, message_id)))

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
            for chat_id in chat_ids:
                self._chats.pop(chat_id, None)
                self._sent.pop(chat_id, None)
                self._last_message_id.pop(chat_id, None)
            self._messages = {k: v for k, v in self._messages.items() if k[0] not in chat_ids}
            self._bot_messages = {k for k in self._bot_messages if k[0] not in chat_ids}

            def kept(request: RecordedRequest) -> bool:
                chat_id = request.params.get("chat_id")
                if chat_id is None:
                    return request.timestamp >= before
                return chat_id not in chat_ids

            self.requests = [request for request in self.requests if kept(request)]

    # -- incoming updates ------------------------------------------------------------------

    def add_chat(self, chat_id: int, chat_type: str = "private", *, title: str = "Grup Diskusi"):
        """Make a chat known without a message from it (sending to unknown chats is refused)."""
        with self._lock:
            if chat_type == "private":
                return copy.deepcopy(self._chat(chat_id, chat_type, self._user(chat_id)))
            return copy.deepcopy(self._chat(chat_id, chat_type, None, title))

    def user_message(
        self,
        text: str,
        *,
        user_id: int = USER_ID,
        chat_id: int | None = None,
        chat_type: str = "private",
        username: str | None = None,
        reply_to_message_id: int | None = None,
        entities: list[dict] | None = None,
    ) -> dict:
        """A text message from a user; /commands and @mentions get their entities."""
        content = {"text": text}
        if entities is None:
            entities = _auto_entities(text)
        if entities:
            content["entities"] = entities
        where = {"chat_id": chat_id, "chat_type": chat_type, "username": username}
        message = self._incoming(content, user_id, reply_to_message_id=reply_to_message_id, **where)
        return self._push("message", message)

    def forwarded_message(
        self, original: dict, *, user_id: int = USER_ID, chat_id: int | None = None
    ) -> dict:
        """A user forwards a message (`original`, one the fake returned) to a chat with the bot."""
        with self._lock:
            sender = original.get("from") or {}
            origin = {"type": "user", "date": original["date"], "sender_user": sender}
            content = {k: v for k, v in original.items() if k in ("text", "entities", "document")}
            content["forward_origin"] = origin
            message = self._incoming(content, user_id, chat_id)
            return self._push("message", message)

    def edited_message(self, message: dict, text: str) -> dict:
        """The user edits a message they sent earlier."""
        with self._lock:
            stored = self._messages[(message["chat"]["id"], message["message_id"])]
            stored.update(text=text, edit_date=int(time.time()))
            stored.pop("entities", None)
            if entities := _auto_entities(text):
                stored["entities"] = entities
            kind = (
                "edited_channel_post" if stored["chat"]["type"] == "channel" else "edited_message"
            )
            return self._push(kind, stored)

    def channel_post(
        self, text: str, chat_id: int = -1001000000001, *, title: str = "Kanal Berita"
    ):
        with self._lock:
            chat = self._chat(chat_id, "channel", None, title)
            return self._push("channel_post", self._add_message(chat, {"text": text}))

    def document_message(
        self,
        file_name: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        *,
        user_id: int = USER_ID,
        chat_id: int | None = None,
        chat_type: str = "private",
        caption: str | None = None,
        file_size: int | None = None,
    ) -> dict:
        """A user sends a file; getFile and the download then serve `data`."""
        document = {"file_name": file_name, "mime_type": mime_type}
        document.update(self._store_file(data, "documents", Path(file_name).suffix, file_size))
        content = {"document": document} | ({"caption": caption} if caption else {})
        return self._push("message", self._incoming(content, user_id, chat_id, chat_type))

    def photo_message(self, data: bytes = b"\xff\xd8\xff", *, user_id: int = USER_ID, **where):
        sizes = [(90, 68), (800, 600)]
        photo = [
            {**self._store_file(data, "photos", ".jpg"), "width": w, "height": h} for w, h in sizes
        ]
        return self._push("message", self._incoming({"photo": photo}, user_id, **where))

    def sticker_message(self, emoji: str = "👍", *, user_id: int = USER_ID, **where) -> dict:
        sticker = {
            **self._store_file(b"RIFF", "stickers", ".webp"),
            "type": "regular",
            "emoji": emoji,
        }
        sticker.update(width=512, height=512, is_animated=False, is_video=False)
        return self._push("message", self._incoming({"sticker": sticker}, user_id, **where))

    def voice_message(
        self, data: bytes = b"OggS", *, duration: int = 2, user_id: int = USER_ID, **where
    ):
        voice = {
            **self._store_file(data, "voice", ".oga"),
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        return self._push("message", self._incoming({"voice": voice}, user_id, **where))

    def callback_query(
        self,
        data: str,
        *,
        message: dict | None = None,
        inline_message_id: str | None = None,
        user_id: int = USER_ID,
    ) -> dict:
        """A user presses an inline button under `message` (one the fake returned)."""
        with self._lock:
            query = {"id": str(next(self._ids)), "from": self._user(user_id), "data": data}
            query["chat_instance"] = str(abs(hash((user_id, inline_message_id or 0))))
            if message is not None:
                query["message"] = self._messages[(message["chat"]["id"], message["message_id"])]
            if inline_message_id is not None:
                query["inline_message_id"] = inline_message_id
            self._pending_queries.add(query["id"])
            return self._push("callback_query", query)

    def inline_query(self, query: str, *, user_id: int = USER_ID, offset: str = "") -> dict:
        with self._lock:
            inline = {"id": str(next(self._ids)), "from": self._user(user_id), "query": query}
            inline.update(offset=offset, chat_type="sender")
            self._pending_queries.add(inline["id"])
            return self._push("inline_query", inline)

    def chosen_inline_result(self, result_id: str, *, user_id: int = USER_ID, query: str = ""):
        """The user picks an answered inline result; it becomes an editable inline message."""
        with self._lock:
            results = [r for a in self.inline_answers.values() for r in a["results"]]
            result = next(r for r in reversed(results) if r["id"] == result_id)
            content = result["input_message_content"]
            text, entities = parse_text(content["message_text"], content.get("parse_mode"))
            inline_id = f"AgAAA{next(self._ids):06d}"
            self._inline_messages[inline_id] = _with_markup(
                {"inline_message_id": inline_id, "text": text, "entities": entities},
                result.get("reply_markup"),
            )
            chosen = {"result_id": result_id, "from": self._user(user_id), "query": query}
            return self._push("chosen_inline_result", chosen | {"inline_message_id": inline_id})

    def _push(self, kind: str, payload: dict) -> dict:
        with self._changed:
            self._last_update_id += 1
            update = {"update_id": self._last_update_id, kind: copy.deepcopy(payload)}
            self._updates.append(update)
            self._changed.notify_all()
            return copy.deepcopy(update)

    def _incoming(
        self,
        content: dict,
        user_id: int,
        chat_id: int | None = None,
        chat_type: str = "private",
        username: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict:
        with self._lock:
            user = self._user(user_id, username)
            if chat_id is None:
                chat_id = user_id if chat_type == "private" else -100_000 - user_id
            chat = self._chat(chat_id, chat_type, user)
            reply_to = None
            if reply_to_message_id is not None:
                reply_to = self._messages[(chat_id, reply_to_message_id)]
            return self._add_message(chat, content, user, reply_to)

    def _user(self, user_id: int, username: str | None = None) -> dict:
        user = self._users.setdefault(
            user_id,
            {
                "id": user_id,
                "is_bot": False,
                "first_name": f"Pengguna {user_id}",
                "language_code": "id",
            },
        )
        user["username"] = username or user.get("username") or f"pengguna{user_id}"
        return user

    def _chat(self, chat_id: int, chat_type: str, user: dict | None, title: str = "Grup Diskusi"):
        if chat_id not in self._chats:
            chat = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                chat.update(first_name=user["first_name"], username=user["username"])
            else:
                chat["title"] = title
            self._chats[chat_id] = chat
        return self._chats[chat_id]

    def _add_message(self, chat: dict, content: dict, sender: dict | None = None, reply_to=None):
        chat_id = chat["id"]
        self._last_message_id[chat_id] = message_id = self._last_message_id.get(chat_id, 0) + 1
        message = {"message_id": message_id, "date": int(time.time()), "chat": chat}
        if chat["type"] == "channel":
            message["sender_chat"] = chat
        elif sender is not None:
            message["from"] = sender
        if reply_to is not None:
            message["reply_to_message"] = {
                k: v for k, v in reply_to.items() if k != "reply_to_message"
            }
        message.update(content)
        self._messages[(chat_id, message_id)] = message
        return message

    def _store_file(self, data: bytes, folder: str, suffix: str, size: int | None = None) -> dict:
        with self._lock:
            n = next(self._ids)
            entry = {"file_id": f"BQACAgUAAxkBAAI{n:06d}", "file_unique_id": f"AgAD{n:06d}"}
            entry["file_size"] = len(data) if size is None else size
            self._files[entry["file_id"]] = {
                **entry,
                "data": data,
                "path": f"{folder}/file_{n}{suffix}",
            }
            return entry

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
            raw, files = _parse_body(content_type, body)
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
            handler = self._methods.get(method)
            if handler is None:
                raise ApiError(f"Not Implemented: FakeTelegram does not implement {method}", 501)
            self._local.client_gone = client_gone
            with self._lock:
                result = handler(params)
        except _ClientGone:
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

    # -- methods ---------------------------------------------------------------------------

    def _get_updates(self, p: dict) -> list[dict]:
        if self.webhook["url"]:
            raise ApiError(
                "Conflict: can't use getUpdates method while webhook is active;"
                " use deleteWebhook to delete the webhook first",
                409,
            )
        offset = p.get("offset", 0)
        if offset < 0:
            self._updates = self._updates[offset:]
        elif offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if "allowed_updates" in p:
            self._allowed_updates = p["allowed_updates"]
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = time.monotonic() + min(max(p.get("timeout", 0), 0), 50)
        self.waiting_polls += 1
        try:
            self._wait_for_updates(generation, deadline)
        finally:
            self.waiting_polls -= 1
        return copy.deepcopy(self._deliverable()[: min(max(p.get("limit", 100), 1), 100)])

    def _wait_for_updates(self, generation: int, deadline: float) -> None:
        self._changed.notify_all()  # an older long poll now ends with 409 Conflict
        while not self._deliverable() and not self._stopping.is_set():
            if self._local.client_gone():
                raise _ClientGone
            if generation != self._poll_generation:
                raise ApiError(CONFLICT, 409)
            if deadline <= time.monotonic():
                break
            # Wake now and then to notice a caller that hung up (a stopped Updater).
            self._changed.wait(min(deadline - time.monotonic(), 0.05))

    def _deliverable(self) -> list[dict]:
        allowed = self._allowed_updates
        self._updates = [u for u in self._updates if not allowed or set(u) & set(allowed)]
        return self._updates

    def _set_webhook(self, p: dict) -> bool:
        if p["url"] and not p["url"].startswith("https://"):
            raise ApiError("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if p.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {"url": p["url"], **{k: v for k, v in p.items() if k != "certificate"}}
        return True

    def _delete_webhook(self, p: dict) -> bool:
        if p.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {"url": ""}
        return True

    def _get_webhook_info(self, p: dict) -> dict:
        pending = len(self._updates)
        return {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": pending,
        }

    def _chat_of(self, chat_id: int | str) -> dict:
        if isinstance(chat_id, str):
            found = [c for c in self._chats.values() if f"@{c.get('username')}" == chat_id]
            chat = found[0] if found else None
        else:
            chat = self._chats.get(chat_id)
        if chat is None:
            raise ApiError("Bad Request: chat not found")
        return chat

    def _send(self, chat: dict, content: dict, p: dict) -> dict:
        reply_to = None
        if reply := p.get("reply_parameters"):
            where = self._chat_of(reply["chat_id"])["id"] if "chat_id" in reply else chat["id"]
            reply_to = self._messages.get((where, reply["message_id"]))
            if reply_to is None and not reply.get("allow_sending_without_reply"):
                raise ApiError("Bad Request: message to be replied not found")
        message = self._add_message(
            chat, _with_markup(content, p.get("reply_markup")), self.bot_user, reply_to
        )
        self._bot_messages.add((chat["id"], message["message_id"]))
        self._sent.setdefault(chat["id"], []).append(copy.deepcopy(message))
        return copy.deepcopy(message)

    def _send_message(self, p: dict) -> dict:
        chat = self._chat_of(p["chat_id"])
        text, entities = parse_text(p["text"], p.get("parse_mode"), p.get("entities"))
        content = {
            "text": text,
            "entities": entities,
            "link_preview_options": p.get("link_preview_options"),
        }
        return self._send(chat, content, p)

    def _send_document(self, p: dict) -> dict:
        chat = self._chat_of(p["chat_id"])
        document = p["document"]
        if isinstance(document, Upload):
            stored = self._store_file(document.data, "documents", Path(document.filename).suffix)
            document = {"file_name": document.filename, "mime_type": document.mime_type, **stored}
        elif document in self._files:
            document = {k: v for k, v in self._files[document].items() if k not in ("data", "path")}
        else:
            raise ApiError("Bad Request: wrong file identifier/HTTP URL specified")
        caption, entities = parse_text(
            p.get("caption", ""), p.get("parse_mode"), p.get("caption_entities"), caption=True
        )
        content = {"document": document, "caption": caption, "caption_entities": entities}
        return self._send(chat, content, p)

    def _send_chat_action(self, p: dict) -> bool:
        self._chat_of(p["chat_id"])
        if p["action"] not in CHAT_ACTIONS:
            raise ApiError("Bad Request: wrong parameter action in request")
        return True

    def _editable(self, p: dict) -> dict:
        if "inline_message_id" in p:
            if p["inline_message_id"] not in self._inline_messages:
                raise ApiError("Bad Request: MESSAGE_ID_INVALID")
            return self._inline_messages[p["inline_message_id"]]
        if "chat_id" not in p or "message_id" not in p:
            raise ApiError("Bad Request: message identifier is not specified")
        key = (self._chat_of(p["chat_id"])["id"], p["message_id"])
        if key not in self._messages:
            raise ApiError("Bad Request: message to edit not found")
        if key not in self._bot_messages:
            raise ApiError("Bad Request: message can't be edited")
        return self._messages[key]

    def _edit(self, message: dict, content: dict, markup: dict | None) -> dict | bool:
        # Telegram drops the keyboard when an edit does not repeat it.
        edited = _with_markup({**message, **content}, markup)
        edited.pop("edit_date", None)
        before = {k: v for k, v in message.items() if k != "edit_date"}
        if edited == before:
            raise ApiError(NOT_MODIFIED)
        message.clear()
        message.update(edited, edit_date=int(time.time()))
        self._edits.append(copy.deepcopy(message))
        return True if "inline_message_id" in message else copy.deepcopy(message)

    def _edit_message_text(self, p: dict) -> dict | bool:
        message = self._editable(p)
        if "text" not in message:
            raise ApiError("Bad Request: there is no text in the message to edit")
        text, entities = parse_text(p.get("text", ""), p.get("parse_mode"), p.get("entities"))
        content = {
            "text": text,
            "entities": entities,
            "link_preview_options": p.get("link_preview_options"),
        }
        return self._edit(message, content, p.get("reply_markup"))

    def _edit_message_reply_markup(self, p: dict) -> dict | bool:
        return self._edit(self._editable(p), {}, p.get("reply_markup"))

    def _delete_message(self, p: dict) -> bool:
        key = (self._chat_of(p["chat_id"])["id"], p["message_id"])
        if self._messages.pop(key, None) is None:
            raise ApiError("Bad Request: message to delete not found")
        return True

    def _answer_callback_query(self, p: dict) -> bool:
        if p["callback_query_id"] not in self._pending_queries:
            raise ApiError(STALE_QUERY)
        if utf16_len(p.get("text", "")) > CALLBACK_ANSWER_LIMIT:
            raise ApiError("Bad Request: MESSAGE_TOO_LONG")
        self._pending_queries.discard(p["callback_query_id"])
        self.callback_answers[p["callback_query_id"]] = p
        return True

    def _answer_inline_query(self, p: dict) -> bool:
        if p["inline_query_id"] not in self._pending_queries:
            raise ApiError(STALE_QUERY)
        ids = [r["id"] for r in p["results"]]
        if len(ids) > INLINE_RESULTS_LIMIT:
            raise ApiError("Bad Request: RESULTS_TOO_MUCH")
        if len(set(ids)) != len(ids):
            raise ApiError("Bad Request: RESULT_ID_DUPLICATE")
        self._pending_queries.discard(p["inline_query_id"])
        self.inline_answers[p["inline_query_id"]] = p
        return True

    def _get_file(self, p: dict) -> dict:
        entry = self._files.get(p["file_id"])
        if entry is None:
            raise ApiError("Bad Request: wrong file_id or the file is temporarily unavailable")
        if entry["file_size"] > DOWNLOAD_LIMIT:
            raise ApiError("Bad Request: file is too big")
        return {k: v for k, v in entry.items() if k not in ("data", "path")} | {
            "file_path": entry["path"]
        }

    def _set_my_commands(self, p: dict) -> bool:
        if len(p["commands"]) > 100:
            raise ApiError("Bad Request: too many commands")
        self.commands[_scope_key(p)] = p["commands"]
        return True

    def _delete_my_commands(self, p: dict) -> bool:
        self.commands.pop(_scope_key(p), None)
        return True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects from a real server
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK and every call takes 40 ms longer than Telegram would.
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fake: FakeTelegram = self.server.fake  # type: ignore[attr-defined]
        content_type = self.headers.get("Content-Type", "")
        answer = fake._respond(self.path, content_type, body, self._client_gone)
        if answer is None:
            self.close_connection = True
            return
        status, payload = answer
        self.send_response(status)
        is_json = payload[:1] == b"{" and self.path.startswith("/bot")
        self.send_header(
            "Content-Type", "application/json" if is_json else "application/octet-stream"
        )
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST

    def _client_gone(self) -> bool:
        """True once the caller closed its end: the socket reads as ended."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the URLs carry the token, and the test output stays readable."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 makes the kernel drop new connections when a bot
    # opens dozens at once; Telegram's servers accept them.
    request_queue_size = 128

    def __init__(self, fake: FakeTelegram):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away before its answer (a cancelled long poll) is not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


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


def _parse_body(content_type: str, body: bytes) -> tuple[dict, dict[str, Upload]]:
    kind = content_type.partition(";")[0].strip().lower()
    if not body:
        return {}, {}
    if kind == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("a JSON request must be an object")
        return data, {}
    if kind == "multipart/form-data":
        boundary = re.search(r'boundary="?([^";]+)"?', content_type)
        if not boundary:
            raise ValueError("multipart without boundary")
        return _multipart(body, boundary.group(1).encode())
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}


def _multipart(body: bytes, boundary: bytes) -> tuple[dict, dict[str, Upload]]:
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in body.split(b"--" + boundary)[1:-1]:
        head, _, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = head.decode("utf-8")
        name = re.search(r'\bname="([^"]*)"', headers).group(1)
        filename = re.search(r'\bfilename="([^"]*)"', headers)
        if filename:
            mime = re.search(r"(?i)content-type:\s*(\S+)", headers)
            mime_type = mime.group(1) if mime else "application/octet-stream"
            files[name] = Upload(filename.group(1), mime_type, data)
        else:
            fields[name] = data.decode("utf-8")
    return fields, files


def _auto_entities(text: str) -> list[dict]:
    entities = []
    command = re.match(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?", text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for mention in re.finditer(r"(?<![\w/@])@[A-Za-z][A-Za-z0-9_]{4,31}\b", text):
        offset = utf16_len(text[: mention.start()])
        entities.append({"type": "mention", "offset": offset, "length": utf16_len(mention.group())})
    return entities


def _with_markup(content: dict, markup: dict | None) -> dict:
    """The message content Telegram stores: no empty fields, only inline keyboards kept."""
    stored = {k: v for k, v in content.items() if v not in (None, [], "") and k != "reply_markup"}
    if markup and markup.get("inline_keyboard"):
        stored["reply_markup"] = markup
    return stored


def _scope_key(p: dict) -> tuple[str, str]:
    scope = p.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), p.get("language_code", "")
