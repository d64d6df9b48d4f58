"""Theme colours: ``#rgb``, ``#rrggbb`` or a CSS colour name, nothing else.

Anything else (``url(...)``, ``rgb()``, quotes) is refused, so a colour can
be put into an SVG attribute without further thought.
"""

from __future__ import annotations

import re

from PIL import ImageColor

from .errors import FieldError

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def parse_colour(field: str, value: str) -> str:
    """Return ``value`` normalised (lower case), or raise naming ``field``."""
    text = value.strip().lower()
    if _HEX.fullmatch(text) or text in ImageColor.colormap:
        return text
    raise FieldError(field, f"{value!r} is not a colour (use #rgb, #rrggbb or a CSS name)")


def colour_to_rgb(value: str) -> tuple[int, int, int]:
    """Turn an already-parsed colour into an RGB triple."""
    red, green, blue = ImageColor.getrgb(value)[:3]
    return red, green, blue
