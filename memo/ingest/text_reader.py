"""Plain-text and Markdown sources: metadata at the top, then paragraphs.

Metadata a text file may state about itself, all removed from the text:
- YAML front matter: a first line `---`, fields, and a closing `---` (or `...`);
- header lines near the top, `Key: value` with a known key (Outlet, Source, Date, URL, Author,
  Title, Language...), before or just after the headline.

Paragraphs are separated by blank lines. Inside a group of lines without blank lines, each line is
a paragraph when the lines look like whole paragraphs (long, or ending like sentences or
headings), as in files saved from web pages; otherwise the lines are hard-wrapped prose and are
joined with spaces. Markdown is parsed as CommonMark (with tables) and its markup removed: headings
are heading blocks, emphasis and links keep their words, images and raw HTML are dropped. Quotes
or lists nested more than `MAX_MARKDOWN_NESTING` deep are refused: markdown-it silently drops
what lies below its nesting limit.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from memo.errors import Diagnostic, SourceError
from memo.ingest.cleaning import clean_text, decode_bytes
from memo.ingest.metadata import (
    SourceMetadata,
    load_front_matter,
    metadata_field,
    stated_metadata,
)
from memo.ingest.structure import (
    BlockHint,
    RawBlock,
    RawDocument,
    ends_sentence,
    is_heading_like,
)

_HEADER = re.compile(r"^(?P<key>[A-Za-z][A-Za-z _-]{0,24}?)\s*:\s*(?P<value>\S.*)$")
_FRONT_MATTER_END = ("---", "...")
_MAX_FRONT_MATTER_LINES = 200
_LONG_LINE = 120  # hard-wrapped text rarely has lines this long
MAX_MARKDOWN_NESTING = 40
"""Block nesting levels (a quote, a list and its item count one each) a Markdown source may use."""
# markdown-it stops parsing, silently, at maxNesting; the guard below refuses well before that.
_MARKDOWN = MarkdownIt("commonmark", {"maxNesting": MAX_MARKDOWN_NESTING + 10}).enable(["table", "strikethrough"])


def _nesting_guard(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A block rule that matches nothing but records where nesting first passes the limit."""
    if state.level > MAX_MARKDOWN_NESTING and "too_deep" not in state.env:
        state.env["too_deep"] = start_line + 1
    return False


_MARKDOWN.block.ruler.before("table", "nesting_guard", _nesting_guard)


def read_text(data: bytes, where: str, *, markdown: bool) -> RawDocument:
    """Read a `.txt` (or, with `markdown`, a `.md`) file's bytes."""
    raw, diagnostics = decode_bytes(data, where)
    text, removed = clean_text(raw, where)
    diagnostics += removed
    lines = text.split("\n")
    front, front_diagnostics = _take_front_matter(lines, where)
    header, header_diagnostics = _take_header_lines(lines, where)
    diagnostics += front_diagnostics + header_diagnostics
    blocks = _markdown_blocks(lines, where) if markdown else _text_blocks(lines)
    return RawDocument(blocks, header.overridden_by(front), diagnostics=diagnostics)


def _take_front_matter(lines: list[str], where: str) -> tuple[SourceMetadata, list[Diagnostic]]:
    """Metadata from YAML front matter; its lines are blanked so line numbers stay right."""
    if not lines or lines[0] != "---":
        return SourceMetadata(), []
    for end in range(1, min(len(lines), _MAX_FRONT_MATTER_LINES)):
        if lines[end] in _FRONT_MATTER_END:
            front = load_front_matter("\n".join(lines[1:end]), where, 2)
            if front is None:
                diagnostic = Diagnostic(
                    f"{where}:1", "the lines between the first two '---' are not YAML fields, so they are kept as text"
                )
                return SourceMetadata(), [diagnostic]
            lines[: end + 1] = [""] * (end + 1)
            return front
    return SourceMetadata(), []


def _take_header_lines(lines: list[str], where: str) -> tuple[SourceMetadata, list[Diagnostic]]:
    """Metadata from `Key: value` lines at the top (before or after the headline); blanked."""
    pairs: list[tuple[str, str, str]] = []
    other_lines = 0
    for number, line in enumerate(lines):
        if not line:
            continue
        match = _HEADER.match(line)
        if match and metadata_field(match.group("key")):
            pairs.append((match.group("key"), match.group("value"), f"{where}:{number + 1}"))
            lines[number] = ""
            continue
        other_lines += 1
        # One other line (the headline) may come first; the second one starts the body.
        if other_lines > 1 or pairs:
            break
    return stated_metadata(pairs)


def _text_blocks(lines: list[str]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    group: list[str] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line:
            group.append(line)
        elif group:
            blocks += line_group_blocks(group, number - len(group))
            group = []
    return blocks


def line_group_blocks(lines: list[str], first_line: int, hint: BlockHint | None = None) -> list[RawBlock]:
    """Paragraphs from lines without a blank line between them: one per line, or joined."""
    if len(lines) == 1 or _one_paragraph_per_line(lines):
        return [RawBlock(line, first_line + i, hint) for i, line in enumerate(lines)]
    if hint is None and is_heading_like(lines[0]):
        # A heading written directly above its hard-wrapped paragraph.
        return [RawBlock(lines[0], first_line), RawBlock(join_lines(lines[1:]), first_line + 1)]
    return [RawBlock(join_lines(lines), first_line, hint)]


def _one_paragraph_per_line(lines: list[str]) -> bool:
    if any(len(line) > _LONG_LINE for line in lines):
        return True
    ends = sum(ends_sentence(line) or line.endswith(":") or is_heading_like(line) for line in lines[:-1])
    return ends >= 0.5 * (len(lines) - 1)


def join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines as one paragraph; a line ending in a word-hyphen joins without a space."""
    text = lines[0]
    for line in lines[1:]:
        if len(text) > 1 and text[-1] == "-" and text[-2].isalpha() and line[:1].isalpha():
            text += line
        else:
            text += " " + line
    return text


# --- Markdown -----------------------------------------------------------------------------------------


def _markdown_blocks(lines: list[str], where: str) -> list[RawBlock]:
    env: dict = {}
    tokens = _MARKDOWN.parse("\n".join(lines), env)
    if "too_deep" in env:
        raise SourceError(
            f"{where}:{env['too_deep']}: Markdown nested more than {MAX_MARKDOWN_NESTING} levels deep (quotes or "
            "lists), where the parser would silently drop text; flatten it, or give it a .txt name"
        )
    blocks: list[RawBlock] = []
    row: list[str] = []
    heading = cell = False
    for token in tokens:
        line = token.map[0] + 1 if token.map else 0
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type in ("th_open", "td_open"):
            cell = True
        elif token.type in ("th_close", "td_close"):
            cell = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            blocks.append(RawBlock(" | ".join(cell for cell in row if cell), line, "table"))
        elif token.type == "inline" and cell:
            row.append(" ".join(_inline_text(token.children or []).split("\n")))
        elif token.type == "inline":
            parts = [part for part in _inline_text(token.children or []).split("\n") if part.strip()]
            if not parts:
                continue
            if heading:
                blocks.append(RawBlock(" ".join(parts), line, "heading"))
            else:
                blocks += line_group_blocks(parts, line)
        elif token.type in ("fence", "code_block"):
            code = [part for part in token.content.split("\n") if part.strip()]
            if code:
                blocks.append(RawBlock(join_lines(code), line, "paragraph"))
    return blocks


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)
