"""The fake Bot API's world: the bot, users, chats, messages, files and the queue of updates.

`TelegramState` holds what Telegram stores, behind one lock; `_changed` wakes whoever waits for a
change (long polls, tests). Users act on it through `fake_telegram_users`, the bot through
`fake_telegram_methods`; `fake_telegram` serves both over HTTP.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time

TOKEN = "7000000001:AAF4keT0kenForTanyaBeritaTests-0123456"
BOT_USERNAME = "TanyaBeritaBot"
USER_ID = 1001  # the user a test speaks as unless it says otherwise


class TelegramState:
    """Chats, users, messages, files and pending updates, and what the bot has answered."""

    def __init__(self, token: str = TOKEN, *, username: str = BOT_USERNAME) -> None:
        self.token = token
        self.bot_user = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "Tanya Berita",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.callback_answers: dict[str, dict] = {}
        self.inline_answers: dict[str, dict] = {}
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.webhook: dict = {"url": ""}
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._stopping = threading.Event()  # set when the server stops: long polls end at once
        self._ids = itertools.count(1)
        self._updates: list[dict] = []
        self._last_update_id = 0
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

    # -- looking ---------------------------------------------------------------------------

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

    def _forget_chats(self, chat_ids: set[int]) -> None:
        """Drop these chats with their messages."""
        with self._lock:
            for chat_id in chat_ids:
                self._chats.pop(chat_id, None)
                self._sent.pop(chat_id, None)
                self._last_message_id.pop(chat_id, None)
            self._messages = {k: v for k, v in self._messages.items() if k[0] not in chat_ids}
            self._bot_messages = {k for k in self._bot_messages if k[0] not in chat_ids}

    # -- storing ---------------------------------------------------------------------------

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


def with_markup(content: dict, markup: dict | None) -> dict:
    """The message content Telegram stores: no empty fields, only inline keyboards kept."""
    stored = {k: v for k, v in content.items() if v not in (None, [], "") and k != "reply_markup"}
    if markup and markup.get("inline_keyboard"):
        stored["reply_markup"] = markup
    return stored
