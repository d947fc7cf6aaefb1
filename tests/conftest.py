"""Shared fixtures: the house styles and the fixture memos every exporter is tested against."""

from __future__ import annotations

from pathlib import Path

import pytest

from memo.house_style import HouseStyle, load_style
from memo.model import Memo
from tests.hostile.pdf_checks import memo_pdfs_are_sound  # noqa: F401 - autouse: every memo PDF a test writes is checked

FIXTURES = Path(__file__).parent / "fixtures"
MEMO_FIXTURES = sorted((FIXTURES / "memos").glob("*.json"))
REPO = Path(__file__).resolve().parents[1]


def read_fixture_memo(name: str) -> Memo:
    """The fixture memo `tests/fixtures/memos/<name>.json`."""
    return Memo.model_validate_json((FIXTURES / "memos" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def house_style() -> HouseStyle:
    return load_style("default")


@pytest.fixture
def basic_memo() -> Memo:
    return read_fixture_memo("basic")
