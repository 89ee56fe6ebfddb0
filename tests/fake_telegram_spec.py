"""The shape of a Bot API request, checked the way Telegram checks it: every parameter against
the method's fields in the machine-readable spec (api.json: types, required flags, nested
objects), unknown parameters refused. What an object must also satisfy (its limits) is in
`fake_telegram_rules`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.fake_telegram_rules import OBJECT_RULES, ApiError

SPEC_PATH = Path(__file__).resolve().parents[2] / "shared" / "telegram-bot-api" / "api.json"


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
    rule = OBJECT_RULES.get(kind)
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
