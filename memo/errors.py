"""The toolkit's errors (stop the run) and diagnostics (recoverable warnings).

A `MemoError` reaches the user as one line per problem and a distinct exit status; anything else
that escapes is a bug. A `Diagnostic` is reported as a warning and becomes fatal only under
`--strict`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


class MemoError(Exception):
    """Base of every error the toolkit expects; the CLI prints it and exits with `exit_code`."""

    #: Human name of the error family, printed before the message.
    category = "Error"
    #: Process exit status (sysexits-style where one fits).
    exit_code = 1

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        #: One line per individual problem (e.g. every invalid field of a memo file).
        self.problems = problems

    def lines(self) -> list[str]:
        """The lines to show the user: the message, then one line per problem."""
        return [str(self), *self.problems]


class UsageError(MemoError):
    """The command was called with arguments that cannot work together."""

    category = "Usage error"
    exit_code = 2


class InputDataError(MemoError):
    """An input file exists but its content is invalid (bad memo file, undecodable source)."""

    category = "Invalid input"
    exit_code = 65


class MemoFileError(InputDataError):
    """A memo file (YAML or JSON) could not be read or does not match the model."""

    category = "Invalid memo file"


class SourceError(InputDataError):
    """A source document could not be read or yielded no usable text."""

    category = "Source error"


class StyleError(InputDataError):
    """A house style is unknown or invalid."""

    category = "Style error"


class MissingInputError(MemoError):
    """An input file or folder does not exist or cannot be opened."""

    category = "Missing input"
    exit_code = 66


class ExportError(MemoError):
    """A memo could not be rendered to the requested format."""

    category = "Export error"
    exit_code = 70


class OutputError(MemoError):
    """An output file cannot be written where asked (not writable, an input, a symlink...)."""

    category = "Cannot write output"
    exit_code = 73


@dataclass(frozen=True)
class Diagnostic:
    """A recoverable problem: shown as a warning, fatal only under `--strict`."""

    location: str
    """Where: `FILE[:LINE[:COL]]` or a memo field path."""
    message: str
    """What is wrong and how to fix it."""
    severity: Literal["warning", "info"] = "warning"
    """"info" records something done on the user's behalf (clutter dropped); only warnings fail `--strict`."""

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"
