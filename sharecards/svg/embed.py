"""Images a template takes from its own folder, embedded before anything draws.

A template may say ``<image href="logo.png">``: a file next to it. That
reference is replaced by the checked, downscaled image as a ``data:`` URI
(:func:`sharecards.images.load_asset_uri`), so CairoSVG never opens a file
and the SVG output stands alone. References that are not a plain relative
path (URLs, ``file:``, absolute paths) are left as they are, for the
preflight to refuse.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..errors import ImageError, TemplateError
from ..images import load_asset_uri

_IMAGE_TAG = re.compile(r"<image\b[^>]*>")
_HREF = re.compile(r"""(\s(?:xlink:)?href\s*=\s*)(["'])([^"']*)\2""")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def embed_template_images(svg: str, folder: Path, max_width_px: int, max_height_px: int) -> str:
    """Return ``svg`` with its ``<image>`` references to files in ``folder`` made ``data:`` URIs."""
    if "<image" not in svg:
        return svg
    embedded: dict[str, str] = {}

    def embed_href(match: re.Match[str]) -> str:
        reference = html.unescape(match[3]).strip()
        if not is_relative_file(reference):
            return match[0]
        if reference not in embedded:
            try:
                embedded[reference] = load_asset_uri(folder / reference, folder, max_width_px, max_height_px)
            except ImageError as error:  # the template's fault, not the card's
                raise TemplateError(str(error)) from None
        return f"{match[1]}{match[2]}{embedded[reference]}{match[2]}"

    return _IMAGE_TAG.sub(lambda tag: _HREF.sub(embed_href, tag[0]), svg)


def is_relative_file(reference: str) -> bool:
    """True for ``logo.png`` or ``img/logo.png``; false for fragments, URLs and absolute paths."""
    return bool(reference) and not (
        reference.startswith(("#", "/", "\\", "~")) or _SCHEME.match(reference)
    )
