"""A synthetic corpus for the analysis benchmark: articles of sentence-shuffled seed text.

Each article is a headline and about 600 words of body, in paragraphs of three to five sentences,
all drawn (shuffled, deterministically) from the sentences of the seed articles. It is real news
prose at any volume, with the repetition a pile of articles on one story has.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

SEED = 20250611
WORDS_PER_ARTICLE = 600

# A sentence ends at . ! or ? (perhaps inside a closing quote) followed by a capital or opening quote.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’]))\s+(?=[A-Z“\"‘])")


@dataclass(frozen=True)
class Corpus:
    """A written corpus: its folder, number of articles and total words."""

    folder: Path
    articles: int
    words: int


def seed_text(seeds: Path) -> tuple[list[str], list[str]]:
    """The headlines and body sentences of every seed article (*.txt) in `seeds`.

    The first line of an article and every line without closing punctuation (decks, subheads)
    count as headlines; the other lines are paragraphs, cut into sentences.
    """
    headlines, sentences = [], []
    for path in sorted(seeds.glob("*.txt")):
        lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        for number, line in enumerate(lines):
            if number == 0 or not line.endswith((".", "!", "?", "”", '"', "’")):
                headlines.append(line)
            else:
                sentences += [s for s in _SENTENCE_END.split(line) if len(s.split()) > 3]
    return headlines, sentences


def write_corpus(seeds: Path, folder: Path, articles: int, seed: int = SEED) -> Corpus:
    """Write `articles` articles of about 600 words each into `folder` (replacing older ones)."""
    headlines, sentences = seed_text(seeds)
    if not sentences:
        raise ValueError(f"no seed articles (*.txt with sentences) in {seeds}")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("article-*.txt"):
        old.unlink()
    rng = random.Random(f"{seed}-{articles}")
    total = 0
    for number in range(1, articles + 1):
        body: list[str] = []
        words = 0
        deck: list[str] = []
        while words < WORDS_PER_ARTICLE:
            if not deck:
                deck = rng.sample(sentences, len(sentences))
            sentence = deck.pop()
            body.append(sentence)
            words += len(sentence.split())
        paragraphs = []
        while body:
            size = rng.randint(3, 5)
            paragraphs.append(" ".join(body[:size]))
            body = body[size:]
        headline = f"{rng.choice(headlines)} ({number})"
        text = "\n\n".join([headline, *paragraphs]) + "\n"
        (folder / f"article-{number:04d}.txt").write_text(text, encoding="utf-8")
        total += len(text.split())
    return Corpus(folder, articles, total)
