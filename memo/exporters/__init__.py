"""The exporter registry: the one place an output format is plugged in."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from memo.errors import UsageError
from memo.exporters.base import ExportOptions, Exporter

# Format name -> "module:class". Exporters are imported on first use: a DOCX-only run should not
# pay for importing reportlab, nor a PDF-only run for python-docx.
_REGISTERED = {
    "docx": "memo.exporters.docx_exporter:DocxExporter",
    "pdf": "memo.exporters.pdf_exporter:PdfExporter",
}


class _Registry(Mapping[str, type[Exporter]]):
    """Read-only mapping of format names to exporter classes, imported when looked up."""

    def __getitem__(self, name: str) -> type[Exporter]:
        module, cls = _REGISTERED[name].split(":")
        return getattr(importlib.import_module(module), cls)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(_REGISTERED))

    def __len__(self) -> int:
        return len(_REGISTERED)


EXPORTERS: Mapping[str, type[Exporter]] = _Registry()


def get_exporter(name: str) -> type[Exporter]:
    """Return the exporter class registered as `name`."""
    if name not in _REGISTERED:
        choices = ", ".join(sorted(_REGISTERED))
        raise UsageError(f"unknown format {name!r}; choose from: {choices}")
    return EXPORTERS[name]


__all__ = ["EXPORTERS", "ExportOptions", "Exporter", "get_exporter"]
