"""Card data: the fields of one card, and the checks every field goes through.

Field values are untrusted. :func:`clean_card` removes what XML cannot hold,
what could reorder other text (bidi overrides) and what could make layout
pathological (megabytes of text, towers of combining marks), and refuses
what it cannot mend, naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .colour import parse_colour
from .errors import FieldError

# Characters XML 1.0 forbids, C1 controls, lone surrogates and non-characters.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Explicit embeddings, overrides and isolates: a field must not reorder the
# text around it. (LRM/RLM marks only affect neutrals next to them and stay.)
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"[\s\u200b]+")
_MAX_COMBINING_RUN = 4

MAX_FIELD_CHARS: dict[str, int] = {
    "title": 300,
    "category": 80,
    "quote": 600,
    "site_name": 80,
    "author": 80,
    "url": 500,
}


@dataclass(frozen=True)
class Theme:
    """Colours a template may use; ``None`` means the template's own default."""

    background: str | None = None
    accent: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Card:
    """The content of one share card."""

    title: str
    category: str | None = None
    quote: str | None = None
    site_name: str | None = None
    author: str | None = None
    url: str | None = None
    background_image: Path | None = None
    theme: Theme = field(default_factory=Theme)
    lang: str | None = None  # BCP 47; None: detected from each text's script


def clean_text(field_name: str, value: str) -> str:
    """Return ``value`` safe to lay out: see the module docstring."""
    limit = MAX_FIELD_CHARS.get(field_name, 300)
    # Refuse huge input before spending any time on it.
    if len(value) > 4 * limit:
        raise FieldError(field_name, f"too long ({len(value):,} characters; the limit is {limit})")
    text = _BIDI_CONTROLS.sub("", _FORBIDDEN.sub("", value))
    text = _WHITESPACE.sub(" ", text).strip()
    text = _limit_combining_marks(text)
    if len(text) > limit:
        raise FieldError(field_name, f"too long ({len(text):,} characters; the limit is {limit})")
    return text


def _limit_combining_marks(text: str) -> str:
    """Keep at most a few combining marks per base character ("Zalgo" text)."""
    kept: list[str] = []
    run = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Me":
            run += 1
            if run > _MAX_COMBINING_RUN:
                continue
        else:
            run = 0
        kept.append(char)
    return "".join(kept)


_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def clean_card(card: Card) -> Card:
    """Return a copy of ``card`` with every field checked and cleaned."""
    if not isinstance(card.title, str) or not card.title.strip():
        raise FieldError("title", "must not be empty")
    changes: dict[str, object] = {}
    for name in MAX_FIELD_CHARS:
        value = getattr(card, name)
        if value is None:
            continue
        cleaned = clean_text(name, str(value))
        changes[name] = cleaned or None
    if not changes.get("title"):
        raise FieldError("title", "has no visible characters")
    if card.lang is not None and not _LANG.fullmatch(card.lang):
        raise FieldError("lang", f"{card.lang!r} is not a language tag (e.g. en, de, pt-BR)")
    changes["theme"] = clean_theme(card.theme)
    return replace(card, **changes)


def clean_theme(theme: Theme) -> Theme:
    """Check every colour of ``theme``."""
    values = {
        f.name: parse_colour(f.name, getattr(theme, f.name))
        for f in fields(theme)
        if getattr(theme, f.name) is not None
    }
    return Theme(**values)
