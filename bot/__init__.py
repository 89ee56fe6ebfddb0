"""Tanya Berita: answer Indonesian questions with the news sentences that answer them."""

__version__ = "0.1.0"
