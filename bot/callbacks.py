"""Inline-button callback data: a compact, checked codec and the keyboards that use it.

Telegram allows at most 64 bytes of callback_data and sends back whatever a client claims, so
the data holds only a one-letter action code and small non-negative integers (the question's
row id in SQLite, a page or passage number), separated by ':', e.g. 'p:1234:2'. No state lives
here: a button pressed on an old message after a restart decodes the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import messages
from bot.render_text import clamp_page, page_count

MAX_CALLBACK_BYTES = 64
MAX_ARG = 2**63 - 1  # SQLite's largest integer, the range of a question's row id

# action -> (code, argument names). Argument names document the meaning of Callback.args.
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "page": ("p", ("question", "page")),  # show page of the answer to a stored question
    "context": ("c", ("question", "passage")),  # passage: index in the answer, from 0
    "up": ("u", ("question", "page")),  # 👍 for the answer page the user saw
    "down": ("d", ("question", "page")),  # 👎 likewise
    "articles": ("a", ("page",)),  # page of /artikel
    "noop": ("n", ()),  # the page indicator button: nothing to do
}
_BY_CODE = {code: (action, names) for action, (code, names) in ACTIONS.items()}
_NUMBER = re.compile(r"0|[1-9][0-9]{0,18}")  # canonical ASCII decimal: one spelling per value


class BadCallback(ValueError):
    """Callback data that this bot did not produce or no longer understands."""


@dataclass(frozen=True)
class Callback:
    """A decoded button press: the action and its integer arguments."""

    action: str
    args: tuple[int, ...] = ()


def encode(action: str, *args: int) -> str:
    """callback_data for `action` with its arguments; ValueError when they do not fit the action."""
    if action not in ACTIONS:
        raise ValueError(f"unknown callback action {action!r}")
    code, names = ACTIONS[action]
    if len(args) != len(names):
        raise ValueError(f"{action} takes {len(names)} arguments, got {len(args)}")
    for arg in args:
        # bool is an int subclass; True as a question id is a bug, not a value.
        if type(arg) is not int or not 0 <= arg <= MAX_ARG:
            raise ValueError(f"callback arguments must be ints in 0..{MAX_ARG}, got {arg!r}")
    return ":".join([code, *map(str, args)])


def decode(data: object) -> Callback:
    """The Callback in `data`; BadCallback for anything encode() could not have produced."""
    if not isinstance(data, str) or not data.isascii():
        raise BadCallback("callback data is not an ASCII string")
    if not 0 < len(data) <= MAX_CALLBACK_BYTES:
        raise BadCallback(f"callback data must be 1..{MAX_CALLBACK_BYTES} bytes")
    code, *fields = data.split(":")
    if code not in _BY_CODE:
        raise BadCallback(f"unknown callback code {code!r}")
    action, names = _BY_CODE[code]
    if len(fields) != len(names):
        raise BadCallback(f"{action} takes {len(names)} arguments, got {len(fields)}")
    args = []
    for field in fields:
        if not _NUMBER.fullmatch(field) or int(field) > MAX_ARG:
            raise BadCallback(f"bad callback argument {field!r}")
        args.append(int(field))
    return Callback(action, tuple(args))


Keyboard = list[list[tuple[str, str]]]


def _page_row(action: str, prefix: tuple[int, ...], page: int, pages: int) -> list[tuple[str, str]]:
    """◀️ n/m ▶️, the arrows only where there is a page to go to."""
    row = []
    if page > 0:
        row.append((messages.BUTTON_PREVIOUS, encode(action, *prefix, page - 1)))
    row.append((f"{page + 1}/{pages}", encode("noop")))
    if page < pages - 1:
        row.append((messages.BUTTON_NEXT, encode(action, *prefix, page + 1)))
    return row


def answer_keyboard(question_ref: int, answer_len: int, page: int, per_page: int) -> Keyboard:
    """Buttons under an answer page: 📄 per passage, paging when needed, then 👍 👎."""
    if answer_len <= 0:
        return []
    pages = page_count(answer_len, per_page)
    page = clamp_page(page, pages)
    first = page * per_page
    rows = [
        [
            (messages.button_context(index + 1), encode("context", question_ref, index))
            for index in range(first, min(first + per_page, answer_len))
        ]
    ]
    if pages > 1:
        rows.append(_page_row("page", (question_ref,), page, pages))
    rows.append(
        [
            (messages.BUTTON_UP, encode("up", question_ref, page)),
            (messages.BUTTON_DOWN, encode("down", question_ref, page)),
        ]
    )
    return rows


def article_list_keyboard(page: int, total: int, per_page: int = 10) -> Keyboard:
    """Paging buttons under /artikel, none when everything fits one page."""
    pages = page_count(total, per_page)
    if pages <= 1:
        return []
    return [_page_row("articles", (), clamp_page(page, pages), pages)]
