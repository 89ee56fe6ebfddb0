"""What the fake Bot API refuses: parameters checked against api.json, HTML parsing, limits.

Requests are checked the way Telegram checks them: every parameter against the method's fields
in the machine-readable spec (types, required flags, nested objects), then the limits written in
the descriptions. Where Telegram is lenient but a lenient fake would hide a bug (unknown
parameters, a bare ``&`` in HTML) the fake is stricter on purpose.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).resolve().parents[2] / "shared" / "telegram-bot-api" / "api.json"
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


class _Mismatch(Exception):
    """A value does not have the shape of a type; another type of a union may still fit."""


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]
    required: bool
    description: str = ""


@dataclass(frozen=True)
class Spec:
    methods: dict[str, dict[str, Field]]
    types: dict[str, dict[str, Field]]
    subtypes: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    mime_type: str
    data: bytes


# Used only when api.json is absent: the methods and objects the bot touches.
# `name=Type|Type[]` with `!` for required and `:value` for the value a `type` field must have.
_FALLBACK = """
getUpdates offset=Integer limit=Integer timeout=Integer allowed_updates=String[]
setWebhook url=String! certificate=InputFile ip_address=String max_connections=Integer \
allowed_updates=String[] drop_pending_updates=Boolean secret_token=String
deleteWebhook drop_pending_updates=Boolean
getWebhookInfo
getMe
logOut
close
sendMessage chat_id=Integer|String! message_thread_id=Integer text=String! parse_mode=String \
entities=MessageEntity[] link_preview_options=LinkPreviewOptions disable_notification=Boolean \
protect_content=Boolean reply_parameters=ReplyParameters reply_markup=@markup
sendDocument chat_id=Integer|String! message_thread_id=Integer document=InputFile|String! \
thumbnail=InputFile|String caption=String parse_mode=String caption_entities=MessageEntity[] \
disable_content_type_detection=Boolean disable_notification=Boolean protect_content=Boolean \
reply_parameters=ReplyParameters reply_markup=@markup
sendChatAction chat_id=Integer|String! message_thread_id=Integer action=String!
editMessageText chat_id=Integer|String message_id=Integer inline_message_id=String text=String \
parse_mode=String entities=MessageEntity[] link_preview_options=LinkPreviewOptions \
reply_markup=InlineKeyboardMarkup
editMessageReplyMarkup chat_id=Integer|String message_id=Integer inline_message_id=String \
reply_markup=InlineKeyboardMarkup
deleteMessage chat_id=Integer|String! message_id=Integer!
answerCallbackQuery callback_query_id=String! text=String show_alert=Boolean url=String \
cache_time=Integer
answerInlineQuery inline_query_id=String! results=InlineQueryResult[]! cache_time=Integer \
is_personal=Boolean next_offset=String button=InlineQueryResultsButton
getFile file_id=String!
setMyCommands commands=BotCommand[]! scope=BotCommandScope language_code=String
getMyCommands scope=BotCommandScope language_code=String
deleteMyCommands scope=BotCommandScope language_code=String
"""
_FALLBACK_TYPES = """
InlineKeyboardMarkup inline_keyboard=InlineKeyboardButton[][]!
InlineKeyboardButton text=String! url=String callback_data=String switch_inline_query=String \
switch_inline_query_current_chat=String
ReplyKeyboardMarkup keyboard=KeyboardButton[][]! is_persistent=Boolean resize_keyboard=Boolean \
one_time_keyboard=Boolean input_field_placeholder=String selective=Boolean
KeyboardButton text=String!
ReplyKeyboardRemove remove_keyboard=Boolean! selective=Boolean
ForceReply force_reply=Boolean! input_field_placeholder=String selective=Boolean
MessageEntity type=String! offset=Integer! length=Integer! url=String language=String \
custom_emoji_id=String
LinkPreviewOptions is_disabled=Boolean url=String prefer_small_media=Boolean \
prefer_large_media=Boolean show_above_text=Boolean
ReplyParameters message_id=Integer! chat_id=Integer|String allow_sending_without_reply=Boolean \
quote=String quote_parse_mode=String quote_entities=MessageEntity[] quote_position=Integer
InlineQueryResultArticle type=String!:article id=String! title=String! \
input_message_content=InputMessageContent! reply_markup=InlineKeyboardMarkup url=String \
description=String thumbnail_url=String thumbnail_width=Integer thumbnail_height=Integer
InputTextMessageContent message_text=String! parse_mode=String entities=MessageEntity[] \
link_preview_options=LinkPreviewOptions
InlineQueryResultsButton text=String! start_parameter=String
BotCommand command=String! description=String!
BotCommandScopeDefault type=String!:default
BotCommandScopeAllPrivateChats type=String!:all_private_chats
BotCommandScopeAllGroupChats type=String!:all_group_chats
BotCommandScopeChat type=String!:chat chat_id=Integer|String!
"""
_FALLBACK_SUBTYPES = {
    "InlineQueryResult": ("InlineQueryResultArticle",),
    "InputMessageContent": ("InputTextMessageContent",),
    "BotCommandScope": (
        "BotCommandScopeDefault",
        "BotCommandScopeAllPrivateChats",
        "BotCommandScopeAllGroupChats",
        "BotCommandScopeChat",
    ),
}
_MARKUP = "InlineKeyboardMarkup|ReplyKeyboardMarkup|ReplyKeyboardRemove|ForceReply"


def _fallback_fields(text: str) -> dict[str, dict[str, Field]]:
    table = {}
    for line in text.replace("\\\n", "").strip().splitlines():
        name, *specs = line.replace("@markup", _MARKUP).split()
        fields = {}
        for spec in specs:
            field, _, rest = spec.partition("=")
            kinds, _, must_be = rest.partition(":")
            types = tuple(
                "Array of " * kind.count("[]") + kind.replace("[]", "")
                for kind in kinds.rstrip("!").split("|")
            )
            description = f"must be {must_be}" if must_be else ""
            fields[field] = Field(field, types, kinds.endswith("!"), description)
        table[name] = fields
    return table


@lru_cache(maxsize=4)
def load_spec(path: Path = SPEC_PATH) -> Spec:
    """Read api.json once; fall back to the built-in fields of the methods the bot uses."""
    if not path.exists():
        return Spec(
            _fallback_fields(_FALLBACK), _fallback_fields(_FALLBACK_TYPES), _FALLBACK_SUBTYPES
        )
    raw = json.loads(path.read_text(encoding="utf-8"))

    def fields_of(entry: dict) -> dict[str, Field]:
        return {
            f["name"]: Field(f["name"], tuple(f["types"]), f["required"], f["description"])
            for f in entry.get("fields", [])
        }

    return Spec(
        methods={name: fields_of(m) for name, m in raw["methods"].items()},
        types={name: fields_of(t) for name, t in raw["types"].items()},
        subtypes={n: tuple(t["subtypes"]) for n, t in raw["types"].items() if "subtypes" in t},
    )


def check_params(spec: Spec, method: str, raw: dict[str, Any], files: dict[str, Upload]) -> dict:
    """The parameters of a call converted to their spec types; ApiError for what is refused."""
    fields = spec.methods[method]
    for name in raw:
        if name not in fields:
            raise ApiError(f'Bad Request: unknown parameter "{name}" for method {method}')
    params = {}
    for field in fields.values():
        if field.name in raw:
            params[field.name] = _value(spec, raw[field.name], field.types, field.name, files)
        elif field.name in files and "InputFile" in field.types:
            params[field.name] = files[field.name]
        elif field.required:
            what = "message text" if field.name == "text" else field.name
            raise ApiError(f"Bad Request: {what} is empty")
    return params


def _value(spec: Spec, value: Any, types: tuple[str, ...], path: str, files: dict) -> Any:
    problems = []
    for kind in types:
        try:
            return _convert(spec, value, kind, path, files)
        except _Mismatch as exc:
            problems.append(str(exc))
    # The most specific complaint is the one that got deepest into the value.
    raise ApiError(f"Bad Request: {max(problems, key=len)}")


def _convert(spec: Spec, value: Any, kind: str, path: str, files: dict) -> Any:
    if kind.startswith("Array of "):
        items = _json(value, path) if isinstance(value, str) else value
        if not isinstance(items, list):
            raise _Mismatch(f"field {path} must be an Array")
        inner = (kind.removeprefix("Array of "),)
        return [_value(spec, v, inner, f"{path}[{i}]", files) for i, v in enumerate(items)]
    if kind == "String":
        if isinstance(value, str):
            return value
        raise _Mismatch(f"field {path} must be a String")
    if kind in ("Integer", "Float"):
        return _number(value, kind, path)
    if kind == "Boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
            return value.lower() in ("true", "1")
        raise _Mismatch(f"field {path} must be a Boolean")
    if kind == "InputFile":
        if isinstance(value, Upload):
            return value
        if isinstance(value, str) and value.removeprefix("attach://") in files:
            return files[value.removeprefix("attach://")]
        raise _Mismatch(f"field {path} must be an uploaded file")
    return _object(spec, value, kind, path, files)


def _number(value: Any, kind: str, path: str) -> int | float:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "Float" and isinstance(value, float):
        return value
    if isinstance(value, str):
        pattern = r"-?\d+" if kind == "Integer" else r"-?\d+(\.\d+)?([eE][-+]?\d+)?"
        if re.fullmatch(pattern, value.strip()):
            return int(value) if kind == "Integer" else float(value)
    raise _Mismatch(f"field {path} must be {'an Integer' if kind == 'Integer' else 'a Float'}")


def _json(value: str, path: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        raise _Mismatch(f"can't parse {path} JSON object") from None


def _object(spec: Spec, value: Any, kind: str, path: str, files: dict) -> dict:
    obj = _json(value, path) if isinstance(value, str) else value
    if not isinstance(obj, dict):
        raise _Mismatch(f"field {path} must be a JSON object of type {kind}")
    if kind in spec.subtypes:
        return _value(spec, obj, _candidates(spec, kind, obj, path), path, files)
    fields = spec.types.get(kind)
    if fields is None:
        raise _Mismatch(f"field {path} has unknown type {kind}")
    unknown = sorted(set(obj) - set(fields))
    if unknown:
        raise _Mismatch(f"field {path} of type {kind} has unknown fields {unknown}")
    converted = {}
    for field in fields.values():
        where = f"{path}.{field.name}"
        if field.name not in obj:
            if field.required:
                raise _Mismatch(f"field {where} of type {kind} is required")
            continue
        converted[field.name] = _value(spec, obj[field.name], field.types, where, files)
        must_be = re.search(r"must be ([a-z0-9_]+)", field.description)
        if field.name == "type" and must_be and converted["type"] != must_be.group(1):
            raise _Mismatch(f"field {where} must be {must_be.group(1)} for {kind}")
    rule = _OBJECT_RULES.get(kind)
    if rule:
        rule(converted)
    return converted


def _candidates(spec: Spec, kind: str, obj: dict, path: str) -> tuple[str, ...]:
    """The subtypes an object may be: those whose `type` field allows its `type` value."""
    allowed = {}
    for subtype in spec.subtypes[kind]:
        type_field = spec.types.get(subtype, {}).get("type")
        must_be = re.search(r"must be ([a-z0-9_]+)", type_field.description) if type_field else None
        if must_be is None:
            return spec.subtypes[kind]  # not told apart by `type`: try them all
        allowed.setdefault(must_be.group(1), []).append(subtype)
    if obj.get("type") not in allowed:
        raise _Mismatch(f"field {path}.type must be one of {sorted(allowed)} for {kind}")
    return tuple(allowed[obj["type"]])


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


_OBJECT_RULES = {
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
