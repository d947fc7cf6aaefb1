"""House styles: one TOML file drives the look of both the DOCX and the PDF memo.

A style names semantic roles (title, heading, body, ...) in points, the concrete font each
format uses for a font family, the page, header and footer text and the section titles. Each
exporter translates roles into its own native styles in one place.
"""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from memo.errors import MissingInputError, StyleError
from memo.fonts import BUNDLED_FAMILIES

_PACKAGE_DIR = Path(__file__).resolve().parent
# A checkout or editable install reads the top-level styles/; a wheel carries a copy inside the
# package (see pyproject.toml), which is the only place left once the checkout is gone.
STYLE_DIRS = (_PACKAGE_DIR.parent / "styles", _PACKAGE_DIR / "_styles")
DEFAULT_STYLE = "default"

Role = Literal[
    "title", "subtitle", "meta", "marking", "heading", "subheading", "body", "summary",
    "key_point", "label", "table_header", "table_cell", "quote", "note", "source",
    "header", "footer",
]
"""Every kind of text in a memo; each exporter creates one native style per role."""
ROLES: tuple[Role, ...] = Role.__args__  # type: ignore[attr-defined]

Color = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
PLACEHOLDERS = frozenset({"title", "date", "page", "pages", "marking", "organization", "author"})


def style_name(role: Role) -> str:
    """The native style name both exporters give `role`, e.g. "Memo Heading"."""
    return "Memo " + role.replace("_", " ").title()


class _StyleNode(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class FontChoice(_StyleNode):
    """The concrete font each format uses for one font family of the style."""

    docx: str = Field(min_length=1)
    """Font name written into the Word styles; the reader's machine supplies it."""
    pdf: str
    """A bundled font family embedded in the PDF (see `memo.fonts.BUNDLED_FAMILIES`)."""

    @field_validator("pdf")
    @classmethod
    def _bundled(cls, value: str) -> str:
        if value not in BUNDLED_FAMILIES:
            raise ValueError(f"{value!r} is not a bundled font; use one of: {', '.join(BUNDLED_FAMILIES)}")
        return value


class ScriptFonts(_StyleNode):
    """The fonts for scripts a style's own families lack; both default to bundled Noto-style faces."""

    arabic: FontChoice = FontChoice(docx="Noto Naskh Arabic", pdf="Noto Naskh Arabic")
    """Arabic script (Pashto, Dari, Urdu, Arabic): Word's complex-script font and the PDF's first fallback."""
    east_asian: FontChoice = FontChoice(docx="Noto Sans CJK SC", pdf="Droid Sans Fallback")
    """Chinese, Japanese and Korean: Word's East Asian font and the PDF's next fallback."""


class TextStyle(_StyleNode):
    """How one role's text looks."""

    font: str = "body"
    """Key of `HouseStyle.fonts` to use."""
    size_pt: float = Field(gt=0, le=200)
    """Font size in points."""
    bold: bool = False
    italic: bool = False
    all_caps: bool = False
    color: Color = "#000000"
    """Text colour as #RRGGBB."""
    space_before_pt: float = Field(default=0, ge=0)
    space_after_pt: float = Field(default=0, ge=0)
    line_spacing: float = Field(default=1.2, ge=0.8, le=3)
    """Line height as a multiple of the font size."""
    align: Literal["left", "center", "right", "justify"] = "left"


class PageSetup(_StyleNode):
    """Paper and margins."""

    size: Literal["A4", "Letter"] = "A4"
    margin_top_pt: float = Field(default=64, ge=18)
    margin_bottom_pt: float = Field(default=64, ge=18)
    margin_left_pt: float = Field(default=64, ge=18)
    margin_right_pt: float = Field(default=64, ge=18)

    @property
    def size_pt(self) -> tuple[float, float]:
        """Page width and height in points."""
        return {"A4": (595.2756, 841.8898), "Letter": (612.0, 792.0)}[self.size]


class SectionTitles(_StyleNode):
    """What the house calls each section of the memo."""

    summary: str = "Bottom line up front"
    key_points: str = "Key points"
    actors: str = "Actors"
    disagreements: str = "Where the sources disagree"
    open_questions: str = "Open questions"
    notes: str = "Notes"
    sources: str = "Sources"


class Layout(_StyleNode):
    """Choices about structure rather than type."""

    number_sections: bool = False
    """Number section headings "1.", "2.", ... as government memos do."""
    table_header_fill: Color = "#E7ECF2"
    """Background of table header rows."""
    table_rule_color: Color = "#9AA5B1"
    """Colour of table borders and section rules."""
    accent_color: Color = "#1F3864"
    """Colour of the rule under the title block."""


class HouseStyle(_StyleNode):
    """A complete, validated house style."""

    name: str
    """Style name (the file name without .toml)."""
    description: str = ""
    page: PageSetup = PageSetup()
    fonts: dict[str, FontChoice]
    """Font families by key; roles refer to them by key."""
    roles: dict[Role, TextStyle]
    """One text style per role; every role must be defined."""
    scripts: ScriptFonts = ScriptFonts()
    """Fonts for Arabic-script and East Asian text, whatever the role."""
    sections: SectionTitles = SectionTitles()
    layout: Layout = Layout()
    header: str = "{title}"
    """Page header text; placeholders: {title} {date} {page} {pages} {marking} {organization} {author}."""
    footer: str = "Page {page} of {pages}"
    """Page footer text, same placeholders as `header`."""

    @field_validator("header", "footer")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError as exc:
            raise ValueError(f"{exc}; write a literal brace as {{{{ or }}}}") from None
        unknown = names - PLACEHOLDERS
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{sorted(unknown)[0]}}}; use {', '.join('{' + p + '}' for p in sorted(PLACEHOLDERS))}"
            )
        return value

    @model_validator(mode="after")
    def _complete(self) -> HouseStyle:
        missing = [role for role in ROLES if role not in self.roles]
        if missing:
            raise ValueError(f"roles {', '.join(missing)} are not defined; add a [roles.<name>] table for each")
        unknown = sorted({t.font for t in self.roles.values()} - set(self.fonts))
        if unknown:
            raise ValueError(f"roles use font {unknown[0]!r}, which [fonts] does not define")
        return self

    def font(self, role: Role) -> FontChoice:
        """The font family of `role`."""
        return self.fonts[self.roles[role].font]


def style_names() -> list[str]:
    """Names of the house styles that ship with memo."""
    return sorted({p.stem for d in STYLE_DIRS if d.is_dir() for p in d.glob("*.toml")})


def load_style(name_or_path: str | Path = DEFAULT_STYLE) -> HouseStyle:
    """Load a shipped style by name, or a user's style file by path, resolving `extends`."""
    return _load(str(name_or_path), seen=())


def _load(name_or_path: str, seen: tuple[str, ...]) -> HouseStyle:
    path = _find(name_or_path)
    if str(path) in seen:
        raise StyleError(f"{path}: 'extends' loops back to itself; break the cycle")
    data = _read_toml(path)
    # Every style but the shipped default builds on another, the default unless it says which.
    is_root = path.stem == DEFAULT_STYLE and path.parent in STYLE_DIRS
    parent = data.pop("extends", None if is_root else DEFAULT_STYLE)
    if parent:
        parent_ref = str(path.parent / parent) if parent.endswith(".toml") else parent
        base = _load(parent_ref, seen=(*seen, str(path))).model_dump(exclude={"name"})
        data = _merged(base, data)
    try:
        return HouseStyle.model_validate({**data, "name": path.stem})
    except ValidationError as exc:
        problems = tuple(
            f"{path}: {'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}" for e in exc.errors()
        )
        raise StyleError(f"{path.name} is not a valid house style ({len(problems)} problem(s))", problems) from None


def _find(name_or_path: str) -> Path:
    if name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path:
        path = Path(name_or_path)
        if not path.is_file():
            raise MissingInputError(f"style file {path} does not exist; check the path")
        return path
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name_or_path):
        raise StyleError(f"{name_or_path!r} is not a style name; give a name from `memo styles` or a .toml path")
    for folder in STYLE_DIRS:
        candidate = folder / f"{name_or_path}.toml"
        if candidate.is_file():
            return candidate
    raise StyleError(f"unknown style {name_or_path!r}; known styles: {', '.join(style_names())}")


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise StyleError(f"{path}: {exc}; fix the TOML syntax") from None
    except UnicodeDecodeError:
        raise StyleError(f"{path}: not UTF-8 text; re-save it as UTF-8") from None
    except OSError as exc:
        raise MissingInputError(f"{path}: cannot read ({exc.strerror})") from None


def _merged(base: dict, override: dict) -> dict:
    """`override` laid over `base`, table by table."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result
