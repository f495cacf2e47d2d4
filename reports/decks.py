"""The lecture decks the chapters check, named for a lecturer.

The claims and errata cite a slide as ``"004: <slide title>"`` (deck number,
then the slide's title as the deck prints it) or by deck number alone.  This
module names each deck (title, authors, language) and turns a citation of a
line of the decks' text extraction into the title of the slide it is on, so
the report never cites line numbers a reader cannot see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DECKS", "Deck", "deck", "deline", "split_slide"]


@dataclass(frozen=True)
class Deck:
    number: str
    title: str
    author: str
    language: str

    @property
    def label(self) -> str:
        return f"Deck {self.number}: {self.title}"


DECKS = {
    "000": Deck("000", "Tricks in Deep Learning (dropout, normalization, training tips)",
                "unnamed in the deck", "English"),
    "001": Deck("001", "Tricks in Deep Learning", "Boris Zubarev (@bobazooba)", "English"),
    "002": Deck("002", "Applied Deep Learning: Practical Tips (March 17th, 2020)",
                "National Taiwan University, adl.miulab.tw", "English (Chinese title page)"),
    "003": Deck("003", "Глубокое обучение для обработки изображений, лекция 4 "
                "(Deep learning for image processing, lecture 4)", "unnamed in the deck",
                "Russian"),
    "004": Deck("004", "Глубокое обучение и вообще, посиделка 4: эвристики для обучения сеток "
                "(Deep learning and more, session 4: heuristics for training networks; "
                "26 October 2021)", "Влад Соловей, Фирюза Шигапова (Vlad Solovey, "
                "Firyuza Shigapova)", "Russian"),
}

#: Lines of a deck's text extraction that the derivations cite → the title of their slide.
_LINES = {
    ("004", "433"): "Forward pass",
    ("004", "495"): "Dropout",
    ("004", "513"): "Dropout в формулах",
    ("004", "523"): "Dropout в формулах",
}


def deck(number: str) -> Deck:
    """The deck with this number (an unknown number gets a placeholder deck)."""
    return DECKS.get(number, Deck(number, f"deck {number}", "", ""))


def split_slide(slide: str) -> tuple[str, str]:
    """``"004: Инициализация Хе"`` → ``("004", "Инициализация Хе")``; ``"004"`` → ``("004", "")``.
    """
    number, _, title = slide.partition(":")
    return number.strip(), title.strip()


def deline(text: str, number: str) -> str:
    """Replace "line 495 of the slide text" by the slide's title (deck ``number``)."""
    def title(match: re.Match) -> str:
        name = _LINES.get((number, match.group(1)))
        return f"the slide “{name}”" if name else "the slide"

    return re.sub(r"\bline (\d+)(?: of (?:the slide(?: text)?|its text))?", title, text)
