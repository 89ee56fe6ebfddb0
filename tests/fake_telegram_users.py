"""What users do in the fake Bot API: send messages and files, edit, press buttons, ask inline.

Each action stores what Telegram would store and queues the update the bot then fetches with
getUpdates; it returns that update as the bot will see it.
"""

from __future__ import annotations

import copy
import re
import time
from pathlib import Path

from tests.fake_telegram_rules import parse_text, utf16_len
from tests.fake_telegram_state import USER_ID, TelegramState, with_markup


class UserActions(TelegramState):
    """The users' side of the fake: every method makes one incoming update (or a chat)."""

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
            self._inline_messages[inline_id] = with_markup(
                {"inline_message_id": inline_id, "text": text, "entities": entities},
                result.get("reply_markup"),
            )
            chosen = {"result_id": result_id, "from": self._user(user_id), "query": query}
            return self._push("chosen_inline_result", chosen | {"inline_message_id": inline_id})


def _auto_entities(text: str) -> list[dict]:
    entities = []
    command = re.match(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?", text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for mention in re.finditer(r"(?<![\w/@])@[A-Za-z][A-Za-z0-9_]{4,31}\b", text):
        offset = utf16_len(text[: mention.start()])
        entities.append({"type": "mention", "offset": offset, "length": utf16_len(mention.group())})
    return entities
