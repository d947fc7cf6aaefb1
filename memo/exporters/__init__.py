"""The exporter registry: the one place an output format is plugged in."""

from __future__ import annotations

from memo.errors import UsageError
from memo.exporters.base import ExportOptions, Exporter
from memo.exporters.docx_exporter import DocxExporter
from memo.exporters.pdf_exporter import PdfExporter

EXPORTERS: dict[str, type[Exporter]] = {cls.name: cls for cls in (DocxExporter, PdfExporter)}


def get_exporter(name: str) -> type[Exporter]:
    """Return the exporter class registered as `name`."""
    try:
        return EXPORTERS[name]
    except KeyError:
        choices = ", ".join(sorted(EXPORTERS))
        raise UsageError(f"unknown format {name!r}; choose from: {choices}") from None


__all__ = ["EXPORTERS", "ExportOptions", "Exporter", "get_exporter"]
