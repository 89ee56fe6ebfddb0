"""The Bot API methods the fake answers, acting on its state and refusing like Telegram does.

Parameters reach a method already checked against api.json by `fake_telegram_rules`; a method
then refuses what Telegram refuses given the state (an unknown chat, a stale callback query, an
edit that changes nothing) by raising `ApiError`, and otherwise answers Telegram's result.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.fake_telegram_rules import (
    CALLBACK_ANSWER_LIMIT,
    INLINE_RESULTS_LIMIT,
    NOT_MODIFIED,
    ApiError,
    parse_text,
    utf16_len,
)
from tests.fake_telegram_spec import Upload
from tests.fake_telegram_state import BOT_USERNAME, TOKEN, TelegramState, with_markup

DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
})  # fmt: skip
STALE_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance"
    " is running"
)


class ClientGone(Exception):
    """The caller hung up while its long poll waited; there is no one to answer."""


class BotApi(TelegramState):
    """The bot's side of the fake: `call` runs one Bot API method on the state."""

    def __init__(self, token: str = TOKEN, *, username: str = BOT_USERNAME) -> None:
        super().__init__(token, username=username)
        self._local = threading.local()  # per request: has the caller hung up?
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self.waiting_polls = 0  # getUpdates calls holding their answer right now
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

    def call(self, method: str, params: dict, client_gone: Callable[[], bool]) -> Any:
        """The result of `method` with checked `params`; ApiError when Telegram would refuse it,
        ClientGone when the caller hung up before its answer."""
        handler = self._methods.get(method)
        if handler is None:
            raise ApiError(f"Not Implemented: FakeTelegram does not implement {method}", 501)
        self._local.client_gone = client_gone
        with self._lock:
            return handler(params)

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
                raise ClientGone
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
            chat, with_markup(content, p.get("reply_markup")), self.bot_user, reply_to
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
        edited = with_markup({**message, **content}, markup)
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


def _scope_key(p: dict) -> tuple[str, str]:
    scope = p.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), p.get("language_code", "")
