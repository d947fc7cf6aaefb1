"""Independent checks of every PDF memo the suite writes: qpdf, pdffonts and a pdftotext round trip.

`assert_pdf_sound(path)` fails a test when the PDF at `path`
- does not pass `qpdf --check` without errors or warnings;
- lists in `pdffonts` a font that is not embedded, has no ToUnicode map, or is one of the
  standard 14 (Helvetica, Times, Courier, Symbol, ZapfDingbats), which are never embedded;
- gives no text through `pdftotext`, or a U+FFFD (a glyph without a Unicode value) unless the
  memo itself holds one (`replacement_ok`: text from a damaged source);
- and, when asked, lacks the expected text (`contains`: whitespace-insensitive, NFKC), or the
  letters and digits of given strings in any order (`letters_of`: for scripts whose extracted
  order or shaping differs from the logical order).

The autouse fixture `memo_pdfs_are_sound` runs these checks on every PDF memo (`/Creator (memo)`)
that a test leaves under its `tmp_path` (allowing U+FFFD, which it cannot tell from memo text). Hook it into the whole suite from `tests/conftest.py`:

    from hostile.pdf_checks import memo_pdfs_are_sound  # noqa: F401 - autouse: checks every memo PDF
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

STANDARD_14 = re.compile(r"^(?:[A-Z]{6}\+)?(?:Helvetica|Times|Courier|Symbol|ZapfDingbats)", re.IGNORECASE)
_MEMO_CREATOR = b"/Creator (memo)"
_TOOLS = ("qpdf", "pdffonts", "pdftotext")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    missing = [tool for tool in _TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed; run `make test-tools` (poppler-utils, qpdf)")
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def pdf_text(path: Path) -> str:
    """The text `pdftotext` extracts from the PDF (UTF-8, reading order)."""
    result = _run("pdftotext", "-enc", "UTF-8", str(path), "-")
    assert result.returncode == 0, f"pdftotext failed on {path}: {result.stderr.strip()}"
    return result.stdout


def font_problems(path: Path) -> list[str]:
    """One line per font of the PDF that is not embedded, has no ToUnicode map, or is a standard 14 font."""
    result = _run("pdffonts", str(path))
    assert result.returncode == 0, f"pdffonts failed on {path}: {result.stderr.strip()}"
    problems = []
    for line in result.stdout.splitlines()[2:]:
        fields = line.split()
        # name, type words..., encoding, emb, sub, uni, object number, generation
        name, embedded, unicode = fields[0], fields[-5] == "yes", fields[-3] == "yes"
        if not embedded:
            problems.append(f"{name}: not embedded")
        if not unicode:
            problems.append(f"{name}: no ToUnicode map (its text cannot be extracted)")
        if STANDARD_14.match(name):
            problems.append(f"{name}: a standard 14 font (covers WinAnsi only, never embedded)")
    return problems


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def letters(text: str) -> Counter[str]:
    """The letters and digits of `text` (NFKC), counted: what survives any reordering or shaping."""
    return Counter(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LN")


def missing_letters(expected: str, extracted: str) -> Counter[str]:
    """Letters and digits of `expected` that the extracted text does not have (as many times)."""
    return letters(expected) - letters(extracted)


def assert_pdf_sound(
    path: Path, *, contains: Iterable[str] = (), letters_of: Iterable[str] = (), replacement_ok: bool = False,
) -> str:
    """Fail unless the PDF passes qpdf, pdffonts and the pdftotext round trip; return its text."""
    check = _run("qpdf", "--check", str(path))
    assert check.returncode == 0, f"qpdf --check {path} (exit {check.returncode}):\n{check.stdout}{check.stderr}"
    assert "No syntax or stream encoding errors found" in check.stdout, check.stdout
    problems = font_problems(path)
    assert not problems, f"pdffonts {path}:\n" + "\n".join(problems)
    text = pdf_text(path)
    assert text.strip(), f"pdftotext found no text in {path}"
    assert replacement_ok or "\ufffd" not in text, f"pdftotext found U+FFFD in {path}"
    squeezed = _squeezed(text)
    absent = [expected for expected in contains if _squeezed(expected) not in squeezed]
    assert not absent, f"{path} does not show: {absent}"
    for expected in letters_of:
        missing = missing_letters(expected, text)
        assert not missing, f"{path} lacks letters of {expected!r}: {dict(missing)}"
    return text


def is_memo_pdf(path: Path) -> bool:
    """Whether `path` is a PDF written by memo's exporter (inputs of hostile tests are not)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return data.startswith(b"%PDF-") and _MEMO_CREATOR in data


def written_memo_pdfs(folder: Path) -> Iterator[Path]:
    """The memo PDFs under `folder` (symbolic links are not followed)."""
    for path in sorted(folder.rglob("*.pdf")):
        if path.is_file() and not path.is_symlink() and is_memo_pdf(path):
            yield path


@pytest.fixture(autouse=True)
def memo_pdfs_are_sound(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test that used `tmp_path`, check every memo PDF it left there."""
    # Asked for during setup, so that `tmp_path` is torn down after this check, not before.
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if folder is not None:
        for path in written_memo_pdfs(folder):
            assert_pdf_sound(path, replacement_ok=True)
