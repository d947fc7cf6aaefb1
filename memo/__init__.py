"""memo: turn source documents on one topic into a briefing memo (DOCX and PDF), offline.

The Python API, in the order of the one-way flow::

    from pathlib import Path
    from memo import load_memo, render_memo
    memo = load_memo(Path("seeds/memo.yaml"))                # a validated, frozen Memo
    render_memo(memo, Path("out/briefing"), ["pdf"], style="government")

Names are imported on first use, so `import memo.model` does not pay for reportlab or spaCy.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "Memo": "memo.model", "Source": "memo.model", "Citation": "memo.model", "KeyPoint": "memo.model",
    "Actor": "memo.model", "Position": "memo.model", "Disagreement": "memo.model",
    "OpenQuestion": "memo.model",
    "MemoError": "memo.errors", "Diagnostic": "memo.errors",
    "load_memo": "memo.memo_file", "save_memo": "memo.memo_file", "dump_memo": "memo.memo_file",
    "HouseStyle": "memo.house_style", "load_style": "memo.house_style", "style_names": "memo.house_style",
    "EXPORTERS": "memo.exporters", "ExportOptions": "memo.exporters", "get_exporter": "memo.exporters",
    "render_memo": "memo.workflow", "check_memo_file": "memo.workflow",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'memo' has no attribute {name!r}")
    return getattr(importlib.import_module(_API[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
