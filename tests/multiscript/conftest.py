"""Fixtures of the multiscript tests: the multiscript memo and the paragraphs it shows."""

from __future__ import annotations

import pytest

from memo.exporters._scripts import display_text
from memo.model import Memo
from tests.conftest import read_fixture_memo

# Pashto, Dari (with ZWNJ), Urdu and Arabic sentences, as in the research notes (notes/rtl/texts.py).
PASHTO = "ذبیح الله مجاهد وویل: «موږ ۲۰۲۱ کال کې کابل ونیو.»"
DARI = "سخنگوی طالبان گفت که می\u200cخواهند (۱۴۰۰ هـ.ش) مذاکره کنند."
URDU = "وزیرِ اعظم نے کہا (۱۲ مئی) کہ پاکستان تیار ہے۔"
ARABIC = "قال المتحدث باسم الحكومة إن ٣٥ شخصاً قتلوا في كابول."
MIXED = "The spokesman ذبیح الله مجاهد said on 12 May 2021 that talks continue; population ۴٬۶۰۱٬۷۸۹."
# An English phrase inside Dari that has to wrap over lines.
DARI_WITH_ENGLISH = (
    "سخنگوی طالبان گفت که مذاکرات The talks in Doha will continue next week "
    "with the United States delegation در ماه می ۲۰۲۱ ادامه دارد و جمعیت کابل ۴٬۶۰۱٬۷۸۹ نفر است."
)
DIGIT_GROUPS = ["۲۰۲۱", "٣٥", "۴٬۶۰۱٬۷۸۹", "۱۴۰۰", "۱۲"]


def memo_paragraphs(memo: Memo) -> list[str]:
    """Every text of the memo that is a paragraph of its own, in display form, in memo order."""
    texts = [memo.title, memo.subtitle or "", memo.summary]
    texts += [point.text for point in memo.key_points]
    texts += [actor.name for actor in memo.actors]
    texts += [position.claim for d in memo.disagreements for position in d.positions]
    texts += [question.question for question in memo.open_questions]
    texts += [source.title for source in memo.sources]
    return [display_text(text) for text in texts if text]


@pytest.fixture(scope="session")
def multiscript_memo() -> Memo:
    return read_fixture_memo("multiscript")


@pytest.fixture(scope="session")
def multiscript_paragraphs(multiscript_memo: Memo) -> list[str]:
    return memo_paragraphs(multiscript_memo)
