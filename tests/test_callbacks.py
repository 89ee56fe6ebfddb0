"""Callback data: compact round trips, the 64-byte limit, and distrust of whatever comes back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import (
    ACTIONS,
    MAX_ARG,
    MAX_CALLBACK_BYTES,
    BadCallback,
    Callback,
    answer_keyboard,
    article_list_keyboard,
    decode,
    encode,
)


def test_round_trips_of_every_action():
    calls = [
        Callback("page", (17, 2)),
        Callback("context", (17, 5)),
        Callback("up", (17, 0)),
        Callback("down", (MAX_ARG, MAX_ARG)),
        Callback("articles", (3,)),
        Callback("noop", ()),
    ]
    data = [encode(call.action, *call.args) for call in calls]
    assert data == ["p:17:2", "c:17:5", "u:17:0", f"d:{MAX_ARG}:{MAX_ARG}", "a:3", "n"]
    assert [decode(item) for item in data] == calls


def test_largest_ids_stay_within_64_bytes():
    for action, (_, names) in ACTIONS.items():
        data = encode(action, *[MAX_ARG] * len(names))
        assert len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("zoom", (1,)),
        ("page", (1,)),
        ("page", (1, 2, 3)),
        ("page", (-1, 0)),
        ("page", (MAX_ARG + 1, 0)),
        ("page", (True, 0)),
        ("page", ("1", 0)),
        ("articles", (1.0,)),
    ],
)
def test_encode_refuses_what_the_action_does_not_take(action, args):
    with pytest.raises(ValueError):
        encode(action, *args)


@pytest.mark.parametrize(
    "data",
    [
        "",
        "p",
        "p:1",
        "p:1:2:3",
        "p:1:",
        "n:",
        "x:1:2",
        "P:1:2",
        "p:01:2",
        "p:+1:2",
        "p:-1:2",
        "p: 1:2",
        "p:1:2 ",
        "p:1_000:2",
        "p:١:2",
        "p:0x1:2",
        f"p:{MAX_ARG + 1}:0",
        "p:" + "9" * 70 + ":0",
        "a:" + "1" * 63,
        "p:1:2\n",
        "p:\ud800:1",
        None,
        b"p:1:2",
        17,
    ],
)
def test_decode_rejects_crafted_data(data):
    with pytest.raises(BadCallback):
        decode(data)


@given(st.text(max_size=100) | st.from_regex(r"[pcudan](:[0-9+\- ]{0,21}){0,3}", fullmatch=True))
def test_decode_raises_only_bad_callback_and_accepts_only_canonical_data(data):
    try:
        call = decode(data)
    except BadCallback:
        return
    assert encode(call.action, *call.args) == data


@given(
    action=st.sampled_from(sorted(ACTIONS)),
    numbers=st.lists(st.integers(0, MAX_ARG), min_size=2, max_size=2),
)
def test_any_valid_call_round_trips(action, numbers):
    args = tuple(numbers[: len(ACTIONS[action][1])])
    data = encode(action, *args)
    assert len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES
    assert decode(data) == Callback(action, args)


def test_answer_keyboard_on_a_middle_page():
    assert answer_keyboard(42, 8, 1, 3) == [
        [("📄 4", "c:42:3"), ("📄 5", "c:42:4"), ("📄 6", "c:42:5")],
        [("◀️", "p:42:0"), ("2/3", "n"), ("▶️", "p:42:2")],
        [("👍", "u:42:1"), ("👎", "d:42:1")],
    ]


def test_answer_keyboard_on_the_last_and_only_pages():
    assert answer_keyboard(7, 4, 9, 3) == [
        [("📄 4", "c:7:3")],
        [("◀️", "p:7:0"), ("2/2", "n")],
        [("👍", "u:7:1"), ("👎", "d:7:1")],
    ]
    assert answer_keyboard(7, 2, 0, 3) == [
        [("📄 1", "c:7:0"), ("📄 2", "c:7:1")],
        [("👍", "u:7:0"), ("👎", "d:7:0")],
    ]
    assert answer_keyboard(7, 0, 0, 3) == []


def test_article_list_keyboard():
    assert article_list_keyboard(0, 25) == [[("1/3", "n"), ("▶️", "a:1")]]
    assert article_list_keyboard(0, 10) == []
