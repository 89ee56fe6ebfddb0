"""Outsiders, secrets and the webhook, through the real bot against the fake Telegram.

A non-admin cannot add, remove or see statistics, whether by command, document, link, edited
message, forwarded admin message or crafted callback data. The token reaches no log line, no
traceback and no message. The webhook server refuses updates without the secret token.
"""

from __future__ import annotations

import gc
import logging
import socket
import time

import httpx
import pytest

from bot import messages
from bot.cli import main
from bot.config import Config
from bot.telegram_app import build_application, webhook_options
from tests.conftest import ADMIN_ID
from tests.fake_telegram import DOWNLOAD
from tests.fake_telegram_state import BOT_USERNAME, TOKEN, USER_ID

ARTICLE = "purnawarta-rusia-as-jenewa-2022"
JUBIR = "siapa jubir kremlin?"
GROUP = -100_000 - USER_ID
BANJIR = "Banjir di Kudus\n\nBanjir merendam 450 rumah warga di Kecamatan Jati, Kudus."


def admin_message(text: str) -> dict:
    """A message the admin wrote somewhere, as an outsider could forward it."""
    admin = {"id": ADMIN_ID, "is_bot": False, "first_name": "Admin", "username": "admin"}
    message = {"message_id": 77, "date": int(time.time()), "from": admin, "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return message


def nothing_changed(fake, library) -> None:
    assert [a.id for a in library.articles()] == [ARTICLE]
    assert fake.requests_for("getFile") == []
    texts = [r.params.get("text", "") for r in fake.requests_for("sendMessage")]
    assert not [t for t in texts if "Statistik" in t or "disimpan" in t or "dihapus" in t]


# --- access -------------------------------------------------------------------------------------


async def test_outsiders_cannot_use_admin_commands_in_private_or_groups(
    telegram_bot, fake_telegram, library, say, sent_html, logged_errors
):
    for where in ({}, {"chat_type": "group"}):
        await say(f"/hapus {ARTICLE}", **where)
        await say(f"/hapus@{BOT_USERNAME} {ARTICLE}", **where)
        await say("/statistik", **where)
        await say(f"/statistik@{BOT_USERNAME}", **where)
        await say(f"/tambah {BANJIR}", **where)
    fake_telegram.document_message("banjir.txt", BANJIR.encode(), caption="/tambah")
    fake_telegram.document_message(
        "banjir.txt", BANJIR.encode(), caption="/tambah", chat_type="group"
    )
    await fake_telegram.await_sent(GROUP, 6)
    await fake_telegram.await_sent(USER_ID, 6)
    assert sent_html(USER_ID) == [messages.ADMIN_ONLY] * 6
    assert sent_html(GROUP) == [messages.ADMIN_ONLY] * 6
    nothing_changed(fake_telegram, library)
    assert logged_errors() == []


async def test_edited_messages_never_act_not_even_an_admins(
    bot_seeing_everything, fake_telegram, library, say, logged_errors
):
    outsider = fake_telegram.user_message("halo")["message"]
    own = fake_telegram.user_message("/artikel", user_id=ADMIN_ID)["message"]
    await fake_telegram.await_sent(ADMIN_ID)
    for message in (outsider, own):
        fake_telegram.edited_message(message, f"/hapus {ARTICLE}")
        fake_telegram.edited_message(message, "/statistik")
        fake_telegram.edited_message(message, f"/tambah {BANJIR}")
    await say(JUBIR, user_id=31337)  # handled after the edits were fetched
    assert len(fake_telegram.sent_messages(ADMIN_ID)) == 1  # the /artikel list, nothing more
    assert len(fake_telegram.sent_messages(USER_ID)) == 1  # the reply to "halo", nothing more
    nothing_changed(fake_telegram, library)
    assert logged_errors() == []


async def test_forwarding_an_admins_message_gives_an_outsider_nothing(
    telegram_bot, fake_telegram, library, sent_html, logged_errors
):
    for text in (f"/hapus {ARTICLE}", "/statistik", f"/tambah {BANJIR}"):
        fake_telegram.forwarded_message(admin_message(text))
    sent = fake_telegram.document_message("banjir.txt", BANJIR.encode(), user_id=ADMIN_ID)
    [stored] = await fake_telegram.await_sent(ADMIN_ID)
    assert stored["text"].startswith("✅")
    library.remove("banjir")  # the admin's own document was stored; forwarding it is not
    fake_telegram.forwarded_message(sent["message"])
    await fake_telegram.await_sent(USER_ID, 4)
    assert sent_html(USER_ID) == [messages.ADMIN_ONLY] * 4
    assert len(fake_telegram.requests_for("getFile")) == 1  # the admin's own, only
    assert [a.id for a in library.articles()] == [ARTICLE]
    assert logged_errors() == []


CRAFTED = [
    "p:1:5",  # a page the keyboard does not offer
    "p:2:0",  # someone else's question
    "a:0",  # the article list, pressed on an answer
    "u:1:99",  # a vote for a page never shown
    "c:1:300",  # context of a passage that is not there
    "s",  # no such action (statistics have no button)
    "p:1:01",  # the right numbers spelt another way
    "p:1:-1",
    "p:1:1 ",
    "x" * 65,
    "",
]


@pytest.mark.parametrize("data", CRAFTED)
async def test_crafted_callback_data_is_checked_never_trusted(
    telegram_bot, fake_telegram, library, say, logged_errors, data
):
    [answer] = await say(JUBIR)
    await say("kapan nato didirikan?", user_id=55)  # question 2, in another chat
    [greeting] = await say("/start")
    pressed = [
        fake_telegram.callback_query(data, message=answer),
        fake_telegram.callback_query(data, message=greeting),
        fake_telegram.callback_query(data, inline_message_id="AgAAA000001"),
        fake_telegram.callback_query(data),
    ]
    ids = [update["callback_query"]["id"] for update in pressed]
    await fake_telegram.await_for(lambda: all(i in fake_telegram.callback_answers for i in ids))
    assert [fake_telegram.callback_answers[i].get("text") for i in ids] == [
        messages.BUTTON_EXPIRED
    ] * 4
    assert fake_telegram.edited_messages() == []
    assert len(fake_telegram.sent_messages(USER_ID)) == 2
    assert library.stats().thumbs_up == library.stats().thumbs_down == 0
    nothing_changed(fake_telegram, library)
    assert logged_errors() == []


# --- secrets ------------------------------------------------------------------------------------


async def test_the_token_is_in_no_log_line_traceback_or_message_when_requests_fail(
    telegram_bot, fake_telegram, say, caplog
):
    # httpx logs every URL, token included, at INFO: even turned up, what it logs is redacted.
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    fake_telegram.fail_next("sendMessage", status=500)  # the error handler logs a traceback
    fake_telegram.drop_next("sendMessage")  # a retry is logged
    fake_telegram.fail_next(DOWNLOAD, status=404)  # a download fails
    fake_telegram.fail_next("getUpdates", status=500)  # the Updater logs a traceback
    await say(JUBIR)
    await say(JUBIR, user_id=2002)
    fake_telegram.document_message("banjir.txt", BANJIR.encode(), user_id=ADMIN_ID)
    [failed] = await fake_telegram.await_sent(ADMIN_ID)
    query = fake_telegram.callback_query("p:1:1", message=failed)["callback_query"]["id"]
    await fake_telegram.await_for(lambda: query in fake_telegram.callback_answers)
    assert failed["text"] == messages.GENERIC_ERROR
    assert fake_telegram.sent_messages(USER_ID)[0]["text"] == messages.GENERIC_ERROR
    tracebacks = [r for r in caplog.records if r.exc_info or r.exc_text]
    assert len(tracebacks) >= 2
    assert "/bot[TOKEN]/" in caplog.text  # httpx's URLs were logged, redacted
    assert TOKEN not in caplog.text
    assert [r for r in caplog.records if TOKEN in r.getMessage()] == []
    said = [r.params.get("text", "") for r in fake_telegram.requests] + [
        a.get("text", "") for a in fake_telegram.callback_answers.values()
    ]
    assert [t for t in said if TOKEN in t or "Traceback" in t or "Error" in t] == []


# run_polling gives up before python-telegram-bot has anything to shut down, so its HTTP client
# is left to the garbage collector, which warns about it; `tanya run` exits at that point.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_rejected_token_is_one_line_without_the_token(fake_telegram, tmp_path, capsys, caplog):
    wrong = "7000000001:AAwrongTokenThatTelegramDoesNotKnow-00"
    environ = {
        "TELEGRAM_BOT_TOKEN": wrong,
        "TELEGRAM_API_URL": fake_telegram.url,
        "TANYA_DB": str(tmp_path / "tanya.db"),
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environ.items():
            patch.setenv(name, value)
        assert main(["run"]) == 1
    gc.collect()
    out = capsys.readouterr()
    assert out.err.endswith(
        f"\nerror: Telegram rejected TELEGRAM_BOT_TOKEN (at {fake_telegram.url})\n"
    )
    assert wrong not in out.out + caplog.text


# --- webhook ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_webhook_refuses_updates_without_the_secret_token(
    bot_runner, fake_telegram, library, tmp_path
):
    config = Config(
        token=TOKEN,
        db_path=tmp_path / "tanya.db",
        admins=frozenset({ADMIN_ID}),
        api_url=fake_telegram.url,
        webhook_url="https://tanya.example/kait/rahasia",
        webhook_secret="benar-123_ABC",
        webhook_listen="127.0.0.1",
        webhook_port=free_port(),
    )
    app = build_application(config, library)
    await app.initialize()
    await app.updater.start_webhook(**webhook_options(config))
    await app.start()
    bot_runner.apps.append(app)
    # Registered with the fake Bot API, never the real one, with the secret.
    assert fake_telegram.webhook["url"] == config.webhook_url
    assert fake_telegram.webhook["secret_token"] == config.webhook_secret
    fake_telegram.add_chat(USER_ID)
    user = {"id": USER_ID, "is_bot": False, "first_name": "Pengguna"}

    def update(update_id: int, text: str) -> dict:
        chat = {"id": USER_ID, "type": "private", "first_name": "Pengguna"}
        message = {"message_id": update_id, "date": int(time.time()), "chat": chat}
        return {"update_id": update_id, "message": message | {"from": user, "text": text}}

    url = f"http://127.0.0.1:{config.webhook_port}/kait/rahasia"
    header = "X-Telegram-Bot-Api-Secret-Token"
    async with httpx.AsyncClient() as client:
        statuses = [
            (await client.post(url, json=update(1, "/statistik tanpa"))).status_code,
            (
                await client.post(url, json=update(2, "salah"), headers={header: "salah"})
            ).status_code,
            (await client.post(url, json=update(3, "kosong"), headers={header: ""})).status_code,
            (
                await client.post(
                    url.replace("rahasia", "lain"),
                    json=update(4, "x"),
                    headers={header: "benar-123_ABC"},
                )
            ).status_code,
            (
                await client.post(url, json=update(5, JUBIR), headers={header: "benar-123_ABC"})
            ).status_code,
        ]
    assert statuses == [403, 403, 403, 404, 200]
    [answer] = await fake_telegram.await_sent(USER_ID)
    await fake_telegram.await_for(lambda: library.stats().questions == 1)
    assert answer["text"].startswith(f"🔎 {JUBIR}")
    assert len(fake_telegram.sent_messages(USER_ID)) == 1
