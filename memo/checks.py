"""Checks of a finished memo against its sources' texts: are quotes verbatim, are offsets right?"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from memo.errors import Diagnostic
from memo.model import Memo


def check_memo(memo: Memo, texts: Mapping[str, str], where: str = "memo") -> list[Diagnostic]:
    """Diagnostics for every citation whose quote or offsets disagree with its source text.

    `texts` maps source ids to the cleaned source text; sources without a text are not checked
    (the caller reports why). `where` prefixes each location, usually the memo file name.
    """
    problems: list[Diagnostic] = []
    for source in memo.sources:
        text = texts.get(source.id)
        if text is not None and source.sha256 and hashlib.sha256(text.encode("utf-8")).hexdigest() != source.sha256:
            problems.append(Diagnostic(
                f"{where}: sources.{source.id}",
                "the source text has changed since the memo was made (sha256 differs); re-run the analysis "
                "or check the quotes by hand",
            ))
    for loc, citation in memo.citations():
        text = texts.get(citation.source)
        if text is None:
            continue
        field = f"{where}: {'.'.join(map(str, loc))}"
        found = text.find(citation.quote)
        if found < 0:
            problems.append(Diagnostic(
                field, f"quote not found verbatim in {citation.source}: “{_short(citation.quote)}” — copy it "
                "exactly from the source (same spelling, punctuation and spacing)",
            ))
        elif citation.start is not None and text[citation.start:citation.end] != citation.quote:
            problems.append(Diagnostic(
                field, f"offsets {citation.start}-{citation.end} do not point at the quote (it is at "
                f"{found}-{found + len(citation.quote)}); correct start and end or remove them",
            ))
    return problems


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
