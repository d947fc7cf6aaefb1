"""The benchmark harness: its memos are valid and sized as specified, every tool reads the same words."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bench.corpus import WORDS_PER_ARTICLE, seed_text, write_corpus
from bench.gen_memo import build_memo, write_inputs
from bench.measure import run_once
from memo.house_style import load_style
from memo.model import Memo

REPO = Path(__file__).resolve().parents[1]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


class _BodyText(HTMLParser):
    """Collects the text of an HTML page's body."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_body = self.in_body or tag == "body"

    def handle_data(self, data: str) -> None:
        if self.in_body:
            self.parts.append(data)


def html_words(path: Path) -> list[str]:
    parser = _BodyText()
    parser.feed(path.read_text(encoding="utf-8"))
    return words(" ".join(parser.parts))


def test_small_memo_has_the_sections_of_a_one_page_memo():
    memo = build_memo("small")
    assert (len(memo.key_points), len(memo.actors), len(memo.disagreements), len(memo.open_questions),
            len(memo.sources)) == (2, 2, 1, 1, 2)
    assert len(memo.disagreements[0].positions) == 2


def test_large_memo_has_the_sizes_the_issue_asks_for():
    memo = build_memo("large")
    assert (len(memo.key_points), len(memo.actors), len(memo.disagreements), len(memo.open_questions),
            len(memo.sources)) == (870, 200, 50, 25, 300)
    assert {len(d.positions) for d in memo.disagreements} == {3}
    assert all(point.citations for point in memo.key_points)


def test_written_memo_reads_back_as_the_same_memo_every_time(tmp_path):
    first = write_inputs(tmp_path / "a", ["small"])["small"]
    second = write_inputs(tmp_path / "b", ["small"])["small"]
    assert Memo.model_validate_json(first.json.read_text(encoding="utf-8")) == build_memo("small")
    assert first.json.read_bytes() == second.json.read_bytes()
    assert first.markdown.read_bytes() == second.markdown.read_bytes()


def test_large_memo_text_is_not_ascii_on_purpose():
    text = build_memo("large").model_dump_json()
    assert [sample for sample in "€–“”łøé" if sample not in text] == []
    assert re.search("[\u0600-\u06ff]", text), "no Arabic alias"


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (make test-tools)")
def test_markdown_and_html_twins_carry_the_same_words(tmp_path):
    files = write_inputs(tmp_path, ["small"])["small"]
    plain = subprocess.run(["pandoc", "-s", "-t", "plain", str(files.markdown)], capture_output=True, text=True,
                           check=True).stdout
    from_markdown, from_html = Counter(words(plain)), Counter(html_words(files.html))
    memo = build_memo("small")
    # Pandoc's plain writer leaves out the subtitle, and footnotes need no "Notes" heading.
    assert from_html - from_markdown == Counter(words(f"{memo.subtitle} {load_style().sections.notes}"))
    assert from_markdown - from_html == Counter()
    for text in (memo.title, memo.key_points[0].text, memo.actors[0].name, memo.sources[1].title):
        assert words(text)[-1] in from_markdown


def test_corpus_articles_are_about_600_words_of_seed_sentences(tmp_path):
    corpus = write_corpus(REPO / "seeds", tmp_path, 3)
    _, sentences = seed_text(REPO / "seeds")
    articles = sorted(tmp_path.glob("article-*.txt"))
    assert len(articles) == corpus.articles == 3
    for article in articles:
        headline, *paragraphs = article.read_text(encoding="utf-8").split("\n\n")
        body = " ".join(paragraphs).strip()
        assert WORDS_PER_ARTICLE <= len(body.split()) < WORDS_PER_ARTICLE + 100
        while body:
            sentence = next((s for s in sentences if body.startswith(s)), None)
            assert sentence is not None, f"not a seed sentence: {body[:80]}"
            body = body[len(sentence):].lstrip()


def test_a_failing_tool_is_reported_with_its_error_line(tmp_path):
    run = run_once([sys.executable, "-c", "import sys; sys.exit('no module named weasyprint')"], tmp_path / "out.pdf")
    assert run.error == "exit 1: no module named weasyprint"


def test_a_tool_that_writes_nothing_is_a_failure(tmp_path):
    run = run_once([sys.executable, "-c", "pass"], tmp_path / "out.pdf")
    assert run.error == "exit 0 but out.pdf was not written"
