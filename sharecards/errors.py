"""Every error sharecards raises on purpose is a :class:`SharecardsError`.

The CLI prints ``str(error)`` as a single line and exits with
``error.exit_code``; nothing else needs to know the subclasses, but they let
library callers catch one kind of failure.
"""

from __future__ import annotations


class SharecardsError(Exception):
    """Base class: a problem with the input or the environment, never a bug."""

    exit_code = 2


class FieldError(SharecardsError, ValueError):
    """A card field (title, quote, colour...) has a value we refuse."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class SizeError(SharecardsError, ValueError):
    """An unknown size preset or a size beyond the cap."""


class TemplateError(SharecardsError):
    """A template that cannot be found, parsed or rendered."""


class FontError(SharecardsError):
    """A font family or face the template asks for is not bundled."""


class ImageError(SharecardsError):
    """A background image that cannot be read or is not acceptable."""


class OutputError(SharecardsError):
    """An output path that cannot be written."""
