"""Every user-facing string of the bot, in Indonesian.

The strings are Telegram HTML (sent with parse_mode="HTML"): constants contain only the tags
written here, and the functions escape and shorten whatever text they are given. The terminal
chat turns any of them into plain text with `bot.render_text.to_plain`. Texts used as callback
query answers (BUTTON_EXPIRED, FEEDBACK_THANKS) are plain: Telegram does not parse those.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

BOT_NAME = "Tanya Berita"
SUPPORTED_DOCUMENTS = (".txt", ".md", ".html", ".pdf", ".docx")


def _field(text: str, limit: int = 200) -> str:
    """Escape an outside text (title, reason) for a message, shortened so no message overflows."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=True)


def format_number(number: int) -> str:
    """Write an integer the Indonesian way: 12.345."""
    return f"{number:,}".replace(",", ".")


def format_percent(part: int, whole: int) -> str:
    """Write part/whole as an Indonesian percentage: 12,5%; 0% when there is no whole."""
    value = round(100 * part / whole, 1) if whole > 0 else 0.0
    text = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text}%"


# Quality of a passage relative to the best passage of its answer (see bot.render.quality).
QUALITY_SIGNS = {"strong": "🟢", "fair": "🟡", "weak": "🟠"}
QUALITY_LABELS = {"strong": "sangat cocok", "fair": "cukup cocok", "weak": "kurang cocok"}
# Under a passage: words of the question its article never mentions
MISSING = "Tidak disebut di artikel ini: {words}"
# other articles carrying a passage's sentence word for word (a wire story, a copied article)
ALSO_IN = "Juga dimuat di:"
ALSO_MORE = "(dan {count} artikel lain)"


# --- /start, /bantuan ---------------------------------------------------------------------------


def greeting(article_count: int, examples: Sequence[str] = ()) -> str:
    """The /start message: what the bot does, how much it knows, a few questions to try."""
    lines = [
        f"👋 Halo! Saya <b>{BOT_NAME}</b>.",
        "",
        "Tanyakan apa saja tentang berita yang saya simpan. Saya akan mencarikan kalimat "
        "dari artikel yang menjawab pertanyaan Anda, lengkap dengan sumbernya.",
        "",
    ]
    if article_count > 0:
        lines.append(f"📚 Saat ini saya mengenal {format_number(article_count)} artikel.")
    else:
        lines.append(
            "📭 Saat ini belum ada artikel yang tersimpan. Admin dapat menambahkannya "
            "dengan /tambah."
        )
    if examples:
        lines += ["", "Contoh pertanyaan:"]
        lines += [f"• <i>{_field(example, 120)}</i>" for example in examples]
    lines += ["", "Ketik /bantuan untuk panduan lengkap."]
    return "\n".join(lines)


def help_text(bot_username: str = "") -> str:
    """The /bantuan (/help) message: how to ask, how groups work, what the buttons do."""
    mention = f"@{_field(bot_username, 64)}" if bot_username else "nama saya"
    return "\n".join(
        [
            "ℹ️ <b>Cara bertanya</b>",
            "Tulis pertanyaan dengan kalimat biasa, misalnya: "
            "<i>Siapa yang meresmikan bendungan itu?</i> Saya akan mencari kalimat yang "
            "paling cocok di artikel berita yang tersimpan.",
            "",
            f"👥 Di grup, awali pertanyaan dengan /tanya atau sebut {mention}, misalnya: "
            "<i>/tanya Kapan jalan tol itu dibuka?</i>",
            "",
            "<b>Tombol di bawah jawaban</b>",
            "◀️ ▶️ pindah ke halaman jawaban sebelumnya atau berikutnya",
            "📄 tampilkan konteks: paragraf di sekitar jawaban bernomor itu",
            "👍 👎 beri tahu saya apakah jawabannya membantu",
            "",
            "<b>Tanda kecocokan</b> (dibandingkan dengan jawaban teratas; 🟢 hanya bila "
            "artikelnya menyebut semua kata pertanyaan Anda)",
            " · ".join(f"{QUALITY_SIGNS[q]} {QUALITY_LABELS[q]}" for q in QUALITY_SIGNS),
            "✏️ <i>Dibaca: ...</i> di bawah pertanyaan: cara saya membacanya, bila ada kata yang "
            "saya baca sebagai salah ketik atau bahasa obrolan",
            "",
            "<b>Perintah</b>",
            "/tanya <i>pertanyaan</i> — bertanya (terutama di grup)",
            "/artikel — daftar artikel; /artikel <i>ID</i> — rincian satu artikel",
            "/bantuan — pesan ini",
            "Khusus admin: /tambah, /hapus, /statistik, dan kirim dokumen atau tautan",
        ]
    )


# --- questions ----------------------------------------------------------------------------------

ANSWER_HEADER = "🔎 <b>{question}</b>"
ANSWER_HEADER_BARE = "🔎 <b>Jawaban</b>"
# under the question, when a word of it was read as another (a typo, a chat spelling)
READ_AS = "✏️ <i>Dibaca: {reading}</i>"
CONTEXT_HEADER = "📄 <b>Konteks</b>"
UNTITLED = "Tanpa judul"

NOT_FOUND = "\n".join(
    [
        "🤷 Maaf, saya belum menemukan jawaban untuk pertanyaan itu.",
        "",
        "Coba:",
        "• susun ulang kalimat pertanyaannya,",
        "• pakai kata lain atau kata kunci yang lebih khusus (nama, tempat, angka),",
        "• lihat /artikel untuk mengetahui berita apa saja yang saya punya.",
    ]
)

ONLY_TEXT = (
    "✍️ Saya hanya bisa membaca pertanyaan berupa teks. Silakan ketik pertanyaan Anda, misalnya: "
    "<i>Siapa juru bicara Kremlin?</i>"
)

EMPTY_QUESTION = (
    "✍️ Silakan tulis pertanyaan Anda, misalnya: <i>/tanya Kapan jalan tol itu dibuka?</i>"
)

NOTHING_TO_SEARCH = (
    "🤔 Pertanyaan itu hanya berisi kata-kata umum (seperti <i>yang</i>, <i>di</i>, "
    "<i>apa</i>), jadi tidak ada yang bisa saya cari. Tambahkan kata kunci, misalnya nama "
    "orang, tempat, atau peristiwa."
)

# Replies to small talk (greetings get the /start message).
YOU_ARE_WELCOME = "😊 Sama-sama! Silakan bertanya lagi kapan saja."
ACKNOWLEDGED = "👍 Siap. Ada yang ingin ditanyakan lagi? Tulis saja pertanyaannya."


def question_too_long(limit: int) -> str:
    """Reply to a question over `limit` characters."""
    return (
        f"📏 Pertanyaannya terlalu panjang (maksimal {format_number(limit)} karakter). "
        "Coba persingkat dan tulis intinya saja."
    )


def page_indicator(current: int, total: int) -> str:
    """'Halaman 2/5', with 1-based page numbers."""
    return f"Halaman {current}/{total}"


# --- buttons (labels are plain text) ------------------------------------------------------------

BUTTON_PREVIOUS = "◀️"
BUTTON_NEXT = "▶️"
BUTTON_UP = "👍"
BUTTON_DOWN = "👎"


def button_context(number: int) -> str:
    """Label of the button that shows the context of passage `number` (1-based)."""
    return f"📄 {number}"


BUTTON_EXPIRED = "⌛ Tombol ini sudah kedaluwarsa. Silakan kirim pertanyaannya lagi."
FEEDBACK_THANKS = "🙏 Terima kasih atas masukannya!"

# --- articles -----------------------------------------------------------------------------------

ADMIN_ONLY = "🔒 Maaf, perintah ini hanya bisa digunakan oleh admin bot."

USAGE_ADD = "\n".join(
    [
        "➕ <b>Cara menambah artikel</b>",
        "• kirim berkas (" + ", ".join(SUPPORTED_DOCUMENTS) + ") dengan keterangan /tambah, atau",
        "• tulis <code>/tambah https://alamat-berita</code>",
    ]
)
USAGE_REMOVE = (
    "➖ <b>Cara menghapus artikel</b>\n<code>/hapus ID</code> — lihat ID artikel di /artikel."
)


def article_added(title: str, sentence_count: int, article_id: str = "") -> str:
    """An article was stored and indexed."""
    text = (
        f"✅ Artikel <b>{_field(title or UNTITLED)}</b> sudah disimpan "
        f"({format_number(sentence_count)} kalimat) dan sekarang sudah bisa ditanyakan."
    )
    if article_id:
        text += f"\nID: <code>{_field(article_id, 64)}</code>"
    return text


def article_removed(title: str) -> str:
    """An article was deleted."""
    return f"🗑️ Artikel <b>{_field(title or UNTITLED)}</b> sudah dihapus."


def article_not_found(article_id: str) -> str:
    """No article has this id."""
    return (
        f"🔍 Artikel dengan ID <code>{_field(article_id, 64)}</code> tidak ditemukan. "
        "Lihat daftar ID di /artikel."
    )


def duplicate_article(title: str) -> str:
    """The article is already stored; nothing was added."""
    return (
        f"ℹ️ Artikel <b>{_field(title or UNTITLED)}</b> sudah tersimpan sebelumnya, "
        "jadi tidak saya tambahkan lagi."
    )


def unsupported_document(supported: Sequence[str] = SUPPORTED_DOCUMENTS) -> str:
    """The document's type cannot be read."""
    names = [_field(kind, 16) for kind in supported]
    kinds = f"{', '.join(names[:-1])}, atau {names[-1]}" if len(names) > 1 else "".join(names)
    return f"📎 Maaf, jenis berkas itu belum bisa saya baca. Kirim berkas {kinds}."


def document_too_large(limit_mb: float) -> str:
    """The document is over the size limit."""
    size = f"{limit_mb:g}".replace(".", ",")
    return f"📦 Berkasnya terlalu besar. Ukuran maksimal {size} MB."


DOCUMENT_UNREADABLE = (
    "📄 Maaf, isi berkas itu tidak bisa saya baca. Pastikan berkasnya tidak rusak, tidak "
    "dikunci kata sandi, dan berisi teks (bukan gambar hasil pindaian)."
)


def link_failed(reason: str) -> str:
    """A link could not be fetched; `reason` is short (e.g. 'HTTP 404', 'waktu habis')."""
    why = f" ({_field(reason, 100)})" if reason.strip() else ""
    return f"🌐 Maaf, tautan itu tidak bisa saya buka{why}. Periksa alamatnya atau coba lagi nanti."


LINK_NO_ARTICLE = "📰 Halaman itu bisa dibuka, tetapi saya tidak menemukan artikel berita di sana."

ARTICLE_LIST_HEADER = "📚 <b>Daftar artikel</b> ({total})"
ARTICLE_LIST_EMPTY = (
    "📭 Belum ada artikel yang tersimpan. Admin dapat menambahkannya dengan /tambah."
)
ARTICLE_ID = "ID"
ARTICLE_SENTENCES = "Jumlah kalimat"
ARTICLE_PREVIEW = "Cuplikan"


def sentence_count(count: int) -> str:
    """'12 kalimat'."""
    return f"{format_number(count)} kalimat"


# --- errors, statistics, terminal ---------------------------------------------------------------

GENERIC_ERROR = "Maaf, terjadi kesalahan. Silakan coba lagi."


def stats(
    *, articles: int, sentences: int, questions: int, not_found: int, up: int, down: int
) -> str:
    """The statistics message."""
    return "\n".join(
        [
            "📊 <b>Statistik</b>",
            f"📚 Artikel: {format_number(articles)}",
            f"🧾 Kalimat: {format_number(sentences)}",
            f"❓ Pertanyaan: {format_number(questions)}",
            f"🤷 Tidak terjawab: {format_percent(not_found, questions)}",
            f"{BUTTON_UP} {format_number(up)} · {BUTTON_DOWN} {format_number(down)}",
        ]
    )


# Plain text: printed by the terminal chat, never sent to Telegram.
TERMINAL_INTRO = "\n".join(
    [
        f"{BOT_NAME} — obrolan di terminal.",
        "Ketik pertanyaan lalu tekan Enter. /bantuan untuk panduan, Ctrl+D untuk keluar.",
        "",
        "Untuk menjalankannya di Telegram: buat bot lewat @BotFather, isi variabel lingkungan "
        "TELEGRAM_BOT_TOKEN dengan token yang diberikan, lalu jalankan lagi.",
    ]
)


# --- added for the Telegram bot and the terminal chat ------------------------------------------

# Offered by /start only when the collection answers them (the founding article does).
EXAMPLE_QUESTIONS = (
    "Siapa juru bicara Kremlin?",
    "Di mana Rusia dan Amerika Serikat berunding?",
    "Siapa wakil menteri luar negeri AS?",
)

# The command menu (plain text, as setMyCommands takes it): everyone, then admins on top.
BOT_COMMANDS = (
    ("tanya", "Ajukan pertanyaan tentang berita"),
    ("artikel", "Daftar artikel yang saya kenal"),
    ("bantuan", "Cara memakai bot ini"),
    ("start", "Mulai"),
)
ADMIN_COMMANDS = (
    ("tambah", "Tambah artikel (teks atau tautan)"),
    ("hapus", "Hapus artikel menurut ID"),
    ("statistik", "Statistik penggunaan"),
)

# Plain text for the terminal chat.
TERMINAL_HINT = "Ketik 'lanjut' untuk jawaban berikutnya, 'keluar' untuk berhenti."
TERMINAL_NO_MORE = "Tidak ada jawaban lain untuk pertanyaan ini."
TERMINAL_ASK_FIRST = "Tulis pertanyaan dulu, lalu ketik 'lanjut' untuk jawaban berikutnya."
TERMINAL_GOODBYE = "Sampai jumpa!"
