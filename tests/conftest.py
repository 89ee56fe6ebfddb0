"""Shared fixtures: a real database, the founding article, the bundled lexicons."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# python-telegram-bot 22 warns when it builds time fields as ints; opt in to timedeltas,
# as the bot does.
os.environ.setdefault("PTB_TIMEDELTA", "1")

ROOT = Path(__file__).resolve().parent.parent
FOUNDING_ARTICLE = ROOT / "data" / "articles" / "purnawarta-rusia-as-jenewa-2022.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def founding_article_path() -> Path:
    return FOUNDING_ARTICLE
