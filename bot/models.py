"""The plain values passed between the stages: article -> sentences -> passages -> answer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """A news article as read from a file, a JSON line, a message or a web page."""

    id: str
    title: str
    text: str  # one paragraph a line
    source: str = ""
    url: str = ""


@dataclass(frozen=True)
class Sentence:
    """One indexed unit: a sentence of an article, with where it stands."""

    article_id: str
    paragraph: int
    position: int  # position within the paragraph, from 0
    text: str  # what the reader sees
    lead: int = 0  # characters at the start (a dateline) that are shown but not matched

    @property
    def matchable(self) -> str:
        """The part of the sentence that takes part in matching."""
        return self.text[self.lead :]


@dataclass(frozen=True)
class Passage:
    """A ranked hit: the matched sentence, its context and where it comes from."""

    article_id: str
    title: str
    source: str
    url: str
    sentence: str
    context: str
    score: float
    sentence_id: int = 0
    matched: tuple[str, ...] = ()  # surface words of the sentence that matched the question
    missing: tuple[str, ...] = ()  # words of the question that its article does not hold
    # the passages of other articles carrying the same sentence, when a reply shows them as one
    # (bot.render.merge_repeats); a ranking lists each where it ranks
    also: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class Answer:
    """What a question gets: ranked passages, empty when nothing answers it."""

    question: str
    passages: tuple[Passage, ...] = field(default_factory=tuple)
    # the question as read, when a word of it was read as another ("mnajer tom pety" ->
    # "manajer tom petty"); empty when every word was taken as written
    reading: str = ""

    @property
    def found(self) -> bool:
        return bool(self.passages)
