"""Fixtures of the hostile-input tests: the corpus (built once per session) and the PDF checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from make_corpus import build_corpus
from pdf_checks import memo_pdfs_are_sound  # noqa: F401 - autouse: every memo PDF a test writes is checked


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding every file of `make_corpus.CASES`."""
    return build_corpus(tmp_path_factory.mktemp("hostile-corpus"))
