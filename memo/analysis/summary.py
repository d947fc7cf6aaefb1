"""The memo's title and bottom line up front, written from the ranked actors, points and disagreements."""

from __future__ import annotations

from collections.abc import Sequence

from memo.analysis.actors import ActorTable
from memo.analysis.disagreements import topic_in_sentence
from memo.analysis.gazetteer import Gazetteer
from memo.model import Disagreement, KeyPoint

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_TITLE_KINDS = frozenset({"state", "armed_group", "organization", "person"})


def _count(n: int, noun: str) -> str:
    word = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else f"{n:,}"
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _main_actors(table: ActorTable, gazetteer: Gazetteer, limit: int = 3) -> list[str]:
    keys = [key for key, actor_id in table.id_of.items()
            if next(a for a in table.actors if a.id == actor_id).kind in _TITLE_KINDS]
    return [table.display(key, gazetteer) for key in keys[:limit]]


def write_title(table: ActorTable, gazetteer: Gazetteer, source_count: int) -> str:
    """ "Taliban, Pakistan and the United States: briefing on 2 sources", from the top actors."""
    names = _main_actors(table, gazetteer)
    tail = f"briefing on {source_count} source{'' if source_count == 1 else 's'}"
    if not names:
        return tail[0].upper() + tail[1:]
    title = _join(names)
    return f"{title[0].upper()}{title[1:]}: {tail}"


def write_summary(
    source_ids: Sequence[str],
    table: ActorTable,
    points: Sequence[KeyPoint],
    disagreements: Sequence[Disagreement],
    gazetteer: Gazetteer,
) -> str:
    """Two to four sentences: what the sources cover, their main points, where they disagree."""
    count = len(source_ids)
    listed = f" ({', '.join(source_ids)})" if 1 <= count <= 4 else ""
    names = _main_actors(table, gazetteer)
    opening = _count(count, "source")
    verb = "cover" if count != 1 else "covers"
    sentences = [f"{opening[0].upper()}{opening[1:]}{listed} {verb} {_join(names) or 'the topic'}."]
    if points:
        sentences.append(f"Main point: {points[0].text}")
        first_sources = {c.source for c in points[0].citations}
        other = next((p for p in points[1:] if not {c.source for c in p.citations} <= first_sources), None)
        if other is not None and count > 1:
            sentences.append(f"Also: {other.text}")
    if count > 1:
        if disagreements:
            topics = [f"{topic_in_sentence(d.topic)} ({d.kind})" for d in disagreements[:2]]
            sentences.append(f"They differ most on {_join(topics)}.")
        else:
            sentences.append("No conflicting accounts were found between them.")
    return " ".join(sentences)
