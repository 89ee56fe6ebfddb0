"""What the fake Bot API refuses beyond the shape of a request (`fake_telegram_spec` checks
that): the limits written in the spec's descriptions, buttons, commands and inline results, and
message text with Telegram's HTML parsing. Where Telegram is lenient but a lenient fake would
hide a bug (a bare ``&`` in HTML) the fake is stricter on purpose.
"""

from __future__ import annotations

import re

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_ANSWER_LIMIT = 200
INLINE_RESULTS_LIMIT = 50
CALLBACK_DATA_BYTES = 64
RESULT_ID_BYTES = 64
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are"
    " exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """A request Telegram refuses: HTTP status, description and optional parameters."""

    def __init__(self, description: str, status: int = 400, parameters: dict | None = None):
        super().__init__(description)
        self.description = description
        self.status = status
        self.parameters = parameters


def utf16_len(text: str) -> int:
    """Length the way Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def valid_url(url: str) -> bool:
    """http(s) and tg:// links, or a bare domain Telegram would prefix with http://."""
    if re.match(r"(?i)(https?|tg)://\S+$", url):
        return True
    return bool(re.fullmatch(r"(?i)[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(/\S*)?", url))


def _button(button: dict) -> None:
    actions = [k for k in button if k not in ("text", "icon_custom_emoji_id", "style")]
    if not button["text"].strip():
        raise ApiError("Bad Request: BUTTON_TEXT_INVALID")
    if not actions:
        raise ApiError(
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise ApiError(f"Bad Request: can't parse inline keyboard button: {actions} together")
    data = button.get("callback_data")
    if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_BYTES:
        raise ApiError("Bad Request: BUTTON_DATA_INVALID")
    if "url" in button and not valid_url(button["url"]):
        raise ApiError("Bad Request: BUTTON_URL_INVALID")


def _article(result: dict) -> None:
    if not 1 <= len(result["id"].encode("utf-8")) <= RESULT_ID_BYTES:
        raise ApiError("Bad Request: RESULT_ID_INVALID")
    if not result["title"].strip():
        raise ApiError("Bad Request: RESULT_TITLE_EMPTY")


def _text_content(content: dict) -> None:
    parse_text(content["message_text"], content.get("parse_mode"), content.get("entities"))


def _command(command: dict) -> None:
    if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
        raise ApiError("Bad Request: BOT_COMMAND_INVALID")
    if not 1 <= len(command["description"].strip()) <= 256:
        raise ApiError("Bad Request: command description must be 1-256 characters")


OBJECT_RULES = {
    "InlineKeyboardButton": _button,
    "InlineQueryResultArticle": _article,
    "InputTextMessageContent": _text_content,
    "BotCommand": _command,
}


def parse_text(
    text: str, parse_mode: str | None, entities: list | None = None, *, caption: bool = False
) -> tuple[str, list[dict]]:
    """The text and entities Telegram would store; ApiError when it would refuse them."""
    if parse_mode and parse_mode.lower() == "html":
        text, entities = parse_html(text)
    elif parse_mode and parse_mode.lower() not in ("markdown", "markdownv2"):
        raise ApiError("Bad Request: unsupported parse_mode")
    text, entities = _strip(text, list(entities or []))
    if not text and not caption:
        raise ApiError("Bad Request: message text is empty")
    if caption and utf16_len(text) > CAPTION_LIMIT:
        raise ApiError("Bad Request: message caption is too long")
    if not caption and utf16_len(text) > MESSAGE_LIMIT:
        raise ApiError("Bad Request: message is too long")
    return text, entities


def _strip(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    # Telegram trims surrounding whitespace and moves the entities with the text.
    start = utf16_len(text) - utf16_len(text.lstrip())
    text = text.strip()
    end = utf16_len(text)
    kept = []
    for entity in entities:
        lo = max(entity["offset"] - start, 0)
        hi = min(entity["offset"] + entity["length"] - start, end)
        if hi > lo:
            kept.append({**entity, "offset": lo, "length": hi - lo})
    return text, kept


_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_OTHER_TAGS = {"span", "a", "code", "pre", "blockquote", "tg-emoji"}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_ATTRS = re.compile(r"((?:\s+[a-zA-Z][\w-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>")
_ATTR = re.compile(r"([a-zA-Z][\w-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")


def _bad_html(reason: str) -> ApiError:
    return ApiError(f"Bad Request: can't parse entities: {reason}")


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    m = _ENTITY.match(text, i)
    if not m:
        return None
    if m.group(1):
        return _NAMED[m.group(1)], m.end()
    code = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), m.end()


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        decoded = _decode_entity(value, i) if value[i] == "&" else None
        out.append(decoded[0] if decoded else value[i])
        i = decoded[1] if decoded else i + 1
    return "".join(out)


def parse_html(text: str) -> tuple[str, list[dict]]:
    """Plain text and entities of a parse_mode=HTML text, refusing what Telegram refuses."""
    out: list[str] = []
    length = 0  # of the plain text so far, in UTF-16 code units
    stack: list[tuple[str, dict | None, int]] = []  # tag, entity, where it starts
    entities: list[dict] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&":
            decoded = _decode_entity(text, i)
            if decoded is None:
                at = _byte_offset(text, i)
                raise _bad_html(f"Character '&' at byte offset {at} must be escaped as &amp;")
            char, i = decoded
        elif char == "<" and text.startswith("</", i):
            m = _END_TAG.match(text, i)
            if not m or not stack:
                raise _bad_html(f"Unexpected end tag at byte offset {_byte_offset(text, i)}")
            tag, entity, start = stack.pop()
            if m.group(1).lower() != tag:
                raise _bad_html(
                    f"Unmatched end tag at byte offset {_byte_offset(text, i)}, "
                    f'expected "</{tag}>", '
                    f'found "</{m.group(1).lower()}>"'
                )
            if entity is not None and length > start:
                entities.append({**entity, "offset": start, "length": length - start})
            i = m.end()
            continue
        elif char == "<":
            tag, entity, i = _start_tag(text, i, stack)
            stack.append((tag, entity, length))
            continue
        else:
            i += 1
        out.append(char)
        length += 2 if ord(char) > 0xFFFF else 1
    if stack:
        raise _bad_html(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _byte_offset(text: str, i: int) -> int:
    return len(text[:i].encode("utf-8"))


def _start_tag(text: str, i: int, stack: list) -> tuple[str, dict | None, int]:
    at = _byte_offset(text, i)
    name_match = _TAG_NAME.match(text, i)
    name = name_match.group(1).lower() if name_match else ""
    if name not in _SIMPLE_TAGS and name not in _OTHER_TAGS:
        raise _bad_html(f'Unsupported start tag "{name}" at byte offset {at}')
    attrs_match = _ATTRS.match(text, name_match.end())
    if not attrs_match:
        raise _bad_html(f'Unclosed start tag "{name}" at byte offset {at}')
    attrs = {
        m.group(1).lower(): _unescape(next((g for g in m.groups()[1:] if g is not None), ""))
        for m in _ATTR.finditer(attrs_match.group(1))
    }
    return name, _tag_entity(name, attrs, stack, at), attrs_match.end()


def _tag_entity(name: str, attrs: dict[str, str], stack: list, at: int) -> dict | None:
    if name in _SIMPLE_TAGS:
        return {"type": _SIMPLE_TAGS[name]}
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            raise _bad_html('Tag "span" must have class "tg-spoiler"')
        return {"type": "spoiler"}
    if name == "a":
        if "href" not in attrs:
            return None
        if not valid_url(attrs["href"]):
            raise _bad_html(f'Unsupported URL "{attrs["href"]}" in tag "a" at byte offset {at}')
        return {"type": "text_link", "url": attrs["href"]}
    if name == "code":
        language = attrs.get("class", "").removeprefix("language-")
        parent = stack[-1][1] if stack else None
        if parent and parent["type"] == "pre" and attrs.get("class", "").startswith("language-"):
            parent["language"] = language  # <pre><code class="language-x"> is one entity
            return None
        return {"type": "code"}
    if name == "pre":
        return {"type": "pre"}
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
    if not attrs.get("emoji-id"):
        raise _bad_html('Tag "tg-emoji" must have attribute "emoji-id"')
    return {"type": "custom_emoji", "custom_emoji_id": attrs["emoji-id"]}
