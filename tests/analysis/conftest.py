"""Fixtures for the analysis tests: the seed memo and a one-call `analyse` of inline texts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from analysis_sources import make_source

from memo.analysis.pipeline import build_memo
from memo.analysis.settings import AnalysisSettings
from memo.ingest import load_sources
from memo.ingest.source_text import SourceText
from memo.model import Memo

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def seed_texts() -> list[SourceText]:
    """The two seed articles as ingestion reads them: S1 and S2."""
    return load_sources([SEEDS])


@pytest.fixture(scope="session")
def seed_memo(seed_texts: list[SourceText]) -> Memo:
    """The memo of the seeds, built once for all the end-to-end tests."""
    return build_memo(seed_texts)


@pytest.fixture
def analyse() -> Callable[..., Memo]:
    """Build a memo from inline texts: `analyse("text one", "text two")` gives sources S1, S2."""

    def run(*texts: str, **settings: object) -> Memo:
        sources = [make_source(text, f"S{i}") for i, text in enumerate(texts, start=1)]
        return build_memo(sources, settings=AnalysisSettings(**settings))

    return run
