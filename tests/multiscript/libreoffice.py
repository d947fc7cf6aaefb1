"""LibreOffice as the DOCX's reader: convert a DOCX to PDF the way a user's LibreOffice would show it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from memo.fonts import FONTS_DIR


def libreoffice_pdf(docx_path: Path) -> Path:
    """`docx_path` converted by LibreOffice into a PDF beside it, with the bundled fonts visible to it.

    Skips the test when LibreOffice is not installed.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = docx_path.parent
    config = work / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS_DIR}</dir><cachedir>{work / 'fontconfig'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(docx_path)],
        env={**os.environ, "FONTCONFIG_FILE": str(config)}, capture_output=True, timeout=300, check=False,
    )
    pdf = docx_path.with_suffix(".pdf")
    assert pdf.is_file(), "LibreOffice did not convert the DOCX"
    return pdf
