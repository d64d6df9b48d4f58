"""sharecards: share-card images from an article's title, category and pull-quote.

>>> from sharecards import Card, render
>>> png = render(Card(title="Low Dose Naltrexone for Interstitial Cystitis"))
"""

from __future__ import annotations

from ._version import __version__
from .card import Card, Theme
from .errors import (
    FieldError,
    FontError,
    ImageError,
    OutputError,
    SharecardsError,
    SizeError,
    TemplateError,
)
from .render import FORMATS, RenderResult, render, render_card
from .sizes import PRESETS, Size, parse_size
from .template.catalog import TemplateInfo, find_template, list_templates
from .text.block import TextBlock, TextBox, TextLine

__all__ = [
    "FORMATS",
    "PRESETS",
    "Card",
    "FieldError",
    "FontError",
    "ImageError",
    "OutputError",
    "RenderResult",
    "SharecardsError",
    "Size",
    "SizeError",
    "TemplateError",
    "TemplateInfo",
    "TextBlock",
    "TextBox",
    "TextLine",
    "Theme",
    "__version__",
    "find_template",
    "list_templates",
    "parse_size",
    "render",
    "render_card",
]
