"""The fake Bot API answers like Telegram: raw HTTP first, then the real python-telegram-bot."""

import datetime as dt
import json
import threading
import time

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_spec import SPEC_PATH
from tests.fake_telegram_state import TOKEN, USER_ID

KEYBOARD = {"inline_keyboard": [[{"text": "Lagi", "callback_data": "more:1"}]]}


@pytest.fixture
def fake():
    with FakeTelegram() as server:
        server.user_message("halo")  # makes the private chat USER_ID known
        yield server


@pytest.fixture(scope="module")
def http():
    with httpx.Client(timeout=5) as client:
        yield client


def caller(http: httpx.Client, fake: FakeTelegram):
    def call(method: str, token: str = TOKEN, **params) -> dict:
        """POST form data the way python-telegram-bot does: objects as JSON strings."""
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        return http.post(f"{fake.base_url}{token}/{method}", data=form).json()

    return call


@pytest.fixture
def api(http, fake):
    return caller(http, fake)


def refusal(description: str, status: int = 400) -> dict:
    return {"ok": False, "error_code": status, "description": description}


def button(**fields) -> dict:
    return {"inline_keyboard": [[{"text": "Lagi"} | fields]]}


def test_wrong_token_is_unauthorized_and_unknown_method_not_found(fake, api, http):
    assert api("getMe", token="123:wrong") == refusal("Unauthorized", 401)
    assert api("sendMesage", chat_id=USER_ID, text="x") == refusal("Not Found", 404)
    download = http.get(f"{fake.base_file_url}123:wrong/documents/file_1.txt")
    assert download.status_code == 401


def test_get_me_describes_the_bot(fake, api):
    assert api("getMe") == {
        "ok": True,
        "result": {
            "id": 7000000001,
            "is_bot": True,
            "first_name": "Tanya Berita",
            "username": "TanyaBeritaBot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        },
    }


HTML_REFUSALS = [
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("Tom & Jerry", "Character '&' at byte offset 4 must be escaped as &amp;"),
    ("&nbsp;", "Character '&' at byte offset 0 must be escaped as &amp;"),
    ("baris<br/>baru", 'Unsupported start tag "br" at byte offset 5'),
    ("<b>tebal", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    (
        '<a href="javascript:alert(1)">x</a>',
        'Unsupported URL "javascript:alert(1)" in tag "a" at byte offset 0',
    ),
]


@pytest.mark.parametrize(("text", "reason"), HTML_REFUSALS)
def test_html_that_telegram_cannot_parse_is_refused(fake, text, reason, api):
    answer = api("sendMessage", chat_id=USER_ID, text=text, parse_mode="HTML")
    assert answer == refusal(f"Bad Request: can't parse entities: {reason}")


def send(**params) -> tuple[str, dict]:
    return "sendMessage", {"chat_id": USER_ID, "text": "x", **params}


def mine(**params) -> dict:
    return {"chat_id": USER_ID, **params}


ALL_TYPES = "'article', 'audio', 'contact', 'document', 'game', 'gif', 'location', 'mpeg4_gif'"
REFUSALS = [
    (send(colour="red"), 'unknown parameter "colour" for method sendMessage'),
    (("sendMessage", {"chat_id": USER_ID}), "message text is empty"),
    (("sendMessage", {"text": "x"}), "chat_id is empty"),
    (send(chat_id=999), "chat not found"),
    (send(text="<b> </b>", parse_mode="HTML"), "message text is empty"),
    (send(text="x" * 4097), "message is too long"),
    (send(text="😀" * 2049), "message is too long"),
    (send(parse_mode="html5"), "unsupported parse_mode"),
    (send(disable_notification="maybe"), "field disable_notification must be a Boolean"),
    (send(reply_markup="{oops"), "can't parse reply_markup JSON object"),
    (send(reply_markup=button(callback_data="é" * 33)), "BUTTON_DATA_INVALID"),
    (send(reply_markup=button(url="javascript:x")), "BUTTON_URL_INVALID"),
    (send(reply_markup=button(text=" ", callback_data="a")), "BUTTON_TEXT_INVALID"),
    (
        send(reply_markup=button()),
        "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    ),
    (
        send(reply_markup=button(callback_data=5)),
        "field reply_markup.inline_keyboard[0][0].callback_data must be a String",
    ),
    (
        send(link_preview_options={"disabled": True}),
        "field link_preview_options of type LinkPreviewOptions has unknown fields ['disabled']",
    ),
    (send(reply_parameters={"message_id": 99}), "message to be replied not found"),
    (("deleteMessage", mine(message_id="satu")), "field message_id must be an Integer"),
    (("deleteMessage", mine(message_id=99)), "message to delete not found"),
    (("editMessageText", mine(message_id=99, text="x")), "message to edit not found"),
    (("editMessageText", mine(message_id=1, text="x")), "message can't be edited"),
    (("editMessageText", {"text": "x"}), "message identifier is not specified"),
    (("sendChatAction", mine(action="thinking")), "wrong parameter action in request"),
    (
        ("answerCallbackQuery", {"callback_query_id": "404"}),
        "query is too old and response timeout expired or query ID is invalid",
    ),
    (("getFile", {"file_id": "nope"}), "wrong file_id or the file is temporarily unavailable"),
    (
        ("setMyCommands", {"commands": [{"command": "Tanya", "description": "x"}]}),
        "BOT_COMMAND_INVALID",
    ),
    (
        ("setMyCommands", {"commands": [{"command": "tanya"}]}),
        "field commands[0].description of type BotCommand is required",
    ),
    (
        ("setWebhook", {"url": "http://example.com/hook"}),
        "bad webhook: An HTTPS URL must be provided for webhook",
    ),
]


@pytest.mark.parametrize(("call", "reason"), REFUSALS)
def test_what_telegram_refuses_is_refused(fake, call, reason, api):
    method, params = call
    assert api(method, **params) == refusal(f"Bad Request: {reason}")
    assert fake.refused()[-1].description == f"Bad Request: {reason}"


def test_html_becomes_text_and_utf16_entities(fake, api):
    html = (
        ' 😀 <b>Tebal</b> <i>miring</i> <u>garis</u> <s>coret</s> <span class="tg-spoiler">rahasia'
        '</span> <a href="https://kompas.id/a?x=1&amp;y=2">tautan</a> <code>kode</code> '
        '<pre><code class="language-python">print(1)</code></pre> <blockquote expandable>kutip'
        "</blockquote> &lt;&gt;&quot;&#65;&#x42; "
    )
    answer = api("sendMessage", chat_id=USER_ID, text=html, parse_mode="HTML")
    assert answer["result"]["text"] == (
        '😀 Tebal miring garis coret rahasia tautan kode print(1) kutip <>"AB'
    )
    assert answer["result"]["entities"] == [
        {"type": "bold", "offset": 3, "length": 5},
        {"type": "italic", "offset": 9, "length": 6},
        {"type": "underline", "offset": 16, "length": 5},
        {"type": "strikethrough", "offset": 22, "length": 5},
        {"type": "spoiler", "offset": 28, "length": 7},
        {"type": "text_link", "url": "https://kompas.id/a?x=1&y=2", "offset": 36, "length": 6},
        {"type": "code", "offset": 43, "length": 4},
        {"type": "pre", "language": "python", "offset": 48, "length": 8},
        {"type": "expandable_blockquote", "offset": 57, "length": 5},
    ]


def test_message_of_exactly_4096_utf16_units_is_accepted(fake, api):
    answer = api("sendMessage", chat_id=USER_ID, text="😀" * 2048)
    assert answer["ok"] is True


def test_sent_messages_are_kept_per_chat_with_their_keyboard(fake, api):
    fake.user_message("halo grup", user_id=7, chat_id=-500, chat_type="group")
    api("sendMessage", chat_id=-500, text="satu", reply_parameters={"message_id": 1})
    api("sendMessage", chat_id=-500, text="dua", reply_markup=KEYBOARD)
    sent = fake.sent_messages(-500)
    assert [(m["message_id"], m["text"], m.get("reply_markup")) for m in sent] == [
        (2, "satu", None),
        (3, "dua", KEYBOARD),
    ]
    assert sent[0]["reply_to_message"]["text"] == "halo grup"
    assert fake.wait_sent(-500, count=2) == sent
    assert [r.params for r in fake.requests_for("sendMessage")][1] == {
        "chat_id": -500,
        "text": "dua",
        "reply_markup": KEYBOARD,
    }


def test_editing_messages_like_telegram(fake, api):
    sent = api("sendMessage", chat_id=USER_ID, text="lama", reply_markup=KEYBOARD)["result"]
    where = {"chat_id": USER_ID, "message_id": sent["message_id"]}
    same = api("editMessageText", **where, text="lama", reply_markup=KEYBOARD)
    assert same["description"].startswith("Bad Request: message is not modified")
    edited = api("editMessageText", **where, text="<b>baru</b>", parse_mode="HTML")
    # An edit that does not repeat the keyboard removes it, as on Telegram.
    assert {k: edited["result"][k] for k in ("text", "entities")} == {
        "text": "baru",
        "entities": [{"type": "bold", "offset": 0, "length": 4}],
    }
    assert "reply_markup" not in fake.message(USER_ID, sent["message_id"])
    assert api("editMessageReplyMarkup", **where, reply_markup=KEYBOARD)["ok"] is True
    assert fake.message(USER_ID, sent["message_id"])["reply_markup"] == KEYBOARD
    assert [e["text"] for e in fake.edited_messages(USER_ID)] == ["baru", "baru"]
    assert api("deleteMessage", **where) == {"ok": True, "result": True}
    assert fake.message(USER_ID, sent["message_id"]) is None


def test_callback_query_is_answered_once(fake, api):
    sent = api("sendMessage", chat_id=USER_ID, text="pilih", reply_markup=KEYBOARD)
    update = fake.callback_query("more:1", message=sent["result"])
    query_id = update["callback_query"]["id"]
    assert update["callback_query"]["message"]["text"] == "pilih"
    too_long = api("answerCallbackQuery", callback_query_id=query_id, text="x" * 201)
    assert too_long == refusal("Bad Request: MESSAGE_TOO_LONG")
    assert api("answerCallbackQuery", callback_query_id=query_id, text="Oke")["ok"]
    again = api("answerCallbackQuery", callback_query_id=query_id)
    assert again["description"].startswith("Bad Request: query is too old")
    assert fake.callback_answers == {query_id: {"callback_query_id": query_id, "text": "Oke"}}


def article(result_id: str, text: str = "jawaban", **content) -> dict:
    message = {"message_text": text, **content}
    return {"type": "article", "id": result_id, "title": "Judul", "input_message_content": message}


@pytest.mark.parametrize(
    ("results", "reason"),
    [
        ([article(str(i)) for i in range(51)], "RESULTS_TOO_MUCH"),
        ([article("a"), article("a")], "RESULT_ID_DUPLICATE"),
        ([article("x" * 65)], "RESULT_ID_INVALID"),
        ([article("a", " ")], "message text is empty"),
        (
            [article("a", "<b>x", parse_mode="HTML")],
            "can't parse entities: Can't find end tag corresponding to start tag \"b\"",
        ),
        (
            [{**article("a"), "type": "novel"}],
            f"field results[0].type must be one of [{ALL_TYPES}, 'photo', 'sticker', 'venue',"
            " 'video', 'voice'] for InlineQueryResult",
        ),
    ],
)
def test_inline_answers_that_telegram_refuses(fake, results, reason, api):
    if "must be one of" in reason and not SPEC_PATH.exists():
        pytest.skip("the list of result types comes from api.json, absent here")
    query_id = fake.inline_query("banjir")["inline_query"]["id"]
    answer = api("answerInlineQuery", inline_query_id=query_id, results=results)
    assert answer == refusal(f"Bad Request: {reason}")


def test_inline_answer_and_edit_of_the_chosen_result(fake, api):
    query_id = fake.inline_query("banjir")["inline_query"]["id"]
    results = [{**article("r1", "<b>Banjir</b>", parse_mode="HTML"), "reply_markup": KEYBOARD}]
    assert api("answerInlineQuery", inline_query_id=query_id, results=results)["ok"]
    assert fake.inline_answers[query_id]["results"] == results
    chosen = fake.chosen_inline_result("r1", query="banjir")["chosen_inline_result"]
    where = {"inline_message_id": chosen["inline_message_id"]}
    assert api("editMessageText", **where, text="Surut")["result"] is True
    assert api("editMessageText", **where, text="Surut")["description"].startswith(
        "Bad Request: message is not modified"
    )


def test_long_poll_waits_for_an_update_and_offset_confirms(fake, api):
    first = api("getUpdates", timeout=0)["result"]
    assert [u["message"]["text"] for u in first] == ["halo"]
    threading.Timer(0.2, fake.user_message, args=("/tanya@TanyaBeritaBot banjir",)).start()
    started = time.monotonic()
    later = api("getUpdates", offset=first[-1]["update_id"] + 1, timeout=3)["result"]
    assert 0.1 < time.monotonic() - started < 2
    assert later[0]["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 21}]
    assert api("getUpdates", offset=later[-1]["update_id"] + 1, timeout=0)["result"] == []


def test_a_second_long_poll_ends_the_first_with_conflict(fake, api):
    api("getUpdates", offset=2, timeout=0)
    answers = []
    poll = threading.Thread(target=lambda: answers.append(api("getUpdates", timeout=3)))
    poll.start()
    fake.wait_for(lambda: fake.waiting_polls == 1)
    assert api("getUpdates", timeout=0)["result"] == []
    poll.join()
    assert answers[0]["error_code"] == 409


def test_group_mentions_and_other_updates(fake):
    update = fake.user_message(
        "@TanyaBeritaBot apa kabar", user_id=5, chat_id=-9, chat_type="group"
    )
    assert update["message"]["entities"] == [{"type": "mention", "offset": 0, "length": 15}]
    assert update["message"]["chat"] == {"id": -9, "type": "group", "title": "Grup Diskusi"}
    post = fake.channel_post("Berita terkini", chat_id=-1007)["channel_post"]
    assert (post["sender_chat"]["type"], "from" in post) == ("channel", False)
    assert set(fake.edited_message(update["message"], "ralat")) == {"update_id", "edited_message"}
    kinds = [fake.sticker_message(), fake.photo_message(), fake.voice_message()]
    assert [next(k for k in u["message"] if k in ("sticker", "photo", "voice")) for u in kinds] == [
        "sticker",
        "photo",
        "voice",
    ]


def test_document_download_and_upload(fake, api, http):
    doc = fake.document_message("berita.txt", b"Isi berita", "text/plain", caption="ini")
    file_id = doc["message"]["document"]["file_id"]
    info = api("getFile", file_id=file_id)["result"]
    assert (info["file_size"], info["file_path"]) == (10, info["file_path"])
    assert http.get(f"{fake.base_file_url}{TOKEN}/{info['file_path']}").content == b"Isi berita"
    big = fake.document_message("besar.pdf", b"%PDF", file_size=21 * 1024 * 1024)
    big_id = big["message"]["document"]["file_id"]
    assert api("getFile", file_id=big_id) == refusal("Bad Request: file is too big")
    upload = http.post(
        f"{fake.base_url}{TOKEN}/sendDocument",
        data={"chat_id": str(USER_ID), "caption": "<b>hasil</b>", "parse_mode": "HTML"},
        files={"document": ("hasil.csv", b"a,b\n1,2\n", "text/csv")},
    ).json()["result"]
    assert upload["document"]["file_name"] == "hasil.csv"
    assert upload["caption_entities"] == [{"type": "bold", "offset": 0, "length": 5}]


def test_webhook_blocks_polling_until_deleted(fake, api):
    assert api("setWebhook", url="https://example.com/hook")["ok"]
    assert api("getWebhookInfo")["result"]["url"] == "https://example.com/hook"
    assert api("getUpdates")["error_code"] == 409
    assert api("deleteWebhook", drop_pending_updates=True)["ok"]
    assert api("getUpdates")["result"] == []
    commands = [{"command": "tanya", "description": "Bertanya tentang berita"}]
    assert api("setMyCommands", commands=commands)["ok"]
    assert api("getMyCommands")["result"] == commands
    assert api("close")["ok"] and api("logOut")["ok"]


def test_faults_are_injected_per_method(fake, api):
    fake.fail_next("sendMessage", retry_after=3)
    assert api("sendMessage", chat_id=USER_ID, text="x") == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert api("sendMessage", chat_id=USER_ID, text="x")["ok"]
    fake.fail_next("*", status=500, times=2)
    assert [api("getMe")["error_code"] for _ in range(2)] == [500, 500]
    fake.fail_for("getUpdates", 0.3)
    assert api("getUpdates")["error_code"] == 502
    time.sleep(0.35)
    assert api("getUpdates")["ok"]
    fake.delay_next("getMe", 0.3)
    started = time.monotonic()
    assert api("getMe")["ok"] and time.monotonic() - started >= 0.3
    fake.drop_next("getMe")
    with pytest.raises(httpx.RemoteProtocolError):
        api("getMe")


def test_without_api_json_the_built_in_spec_still_checks(tmp_path, http):
    with FakeTelegram(spec_path=tmp_path / "absent.json") as fake:
        api = caller(http, fake)
        fake.add_chat(42)
        assert api("sendMessage", chat_id=42, text="x", colour="red")["error_code"] == 400
        assert api("sendMessage", chat_id=42, text="x", reply_markup=KEYBOARD)["ok"]
        assert api("setMyCommands", commands=[{"command": "Tanya", "description": "x"}]) == (
            refusal("Bad Request: BOT_COMMAND_INVALID")
        )


def ptb_bot(fake: FakeTelegram) -> Bot:
    return Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url)


@pytest.mark.asyncio
async def test_ptb_bot_sends_html_with_a_keyboard(fake):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Lagi", callback_data="more:1")]])
    async with ptb_bot(fake) as bot:
        message = await bot.send_message(
            USER_ID, "<b>Banjir</b> &amp; longsor", parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
        with pytest.raises(BadRequest, match="Can't parse entities: unsupported start tag"):
            await bot.send_message(USER_ID, "a <br> b", parse_mode=ParseMode.HTML)
    assert (message.text, message.reply_markup) == ("Banjir & longsor", keyboard)
    assert fake.sent_messages(USER_ID)[0]["reply_markup"] == keyboard.to_dict()


@pytest.mark.asyncio
async def test_ptb_bot_gets_updates_files_and_uploads(fake):
    fake.document_message("catatan.txt", b"Catatan banjir", "text/plain")
    async with ptb_bot(fake) as bot:
        updates = await bot.get_updates(timeout=0)
        document = updates[-1].message.document
        file = await bot.get_file(document.file_id)
        data = await file.download_as_bytearray()
        sent = await bot.send_document(USER_ID, InputFile(b"a,b\n", filename="hasil.csv"))
    assert [u.message.text for u in updates] == ["halo", None]
    assert (document.file_name, bytes(data)) == ("catatan.txt", b"Catatan banjir")
    assert (sent.document.file_name, sent.document.mime_type) == ("hasil.csv", "text/csv")


@pytest.mark.asyncio
async def test_ptb_bot_surfaces_flood_control_and_dropped_connections(fake, monkeypatch):
    # RetryAfter reads its own retry_after, which warns unless timedeltas are opted into.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    fake.fail_next("sendMessage", retry_after=2)
    fake.drop_next("sendChatAction")
    async with ptb_bot(fake) as bot:
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(USER_ID, "x")
        with pytest.raises(NetworkError):
            await bot.send_chat_action(USER_ID, "typing")
    assert flood.value.retry_after == dt.timedelta(seconds=2)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the same text."""
    await update.effective_message.reply_text(f"Gema: {update.effective_message.text}")


@pytest.mark.asyncio
async def test_application_polls_and_replies_end_to_end(fake):
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=dt.timedelta(seconds=2))
        fake.user_message("apa kabar?", user_id=77)
        replies = await fake.await_sent(77, count=1)
        await fake.await_sent(USER_ID, count=1)
        await app.updater.stop()
        await app.stop()
    assert [m["text"] for m in replies] == ["Gema: apa kabar?"]
    assert fake.sent_messages(USER_ID)[0]["text"] == "Gema: halo"
    # Stopping confirms the updates handled, and the abandoned long poll leaves no trace.
    assert fake.requests_for("getUpdates")[-1].params == {"offset": 3, "timeout": 0}
    assert fake.refused() == []
