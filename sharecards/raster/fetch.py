"""What CairoSVG may load while drawing: ``data:`` images of a few types, nothing else.

Templates are only semi-trusted, so the raster stage hands CairoSVG this
fetcher instead of its own. A reference to a file or a network address
draws nothing; it never reaches the disk or the network.
"""

from __future__ import annotations

import base64
import binascii
import io
from urllib.parse import unquote_to_bytes

from ..errors import TemplateError
from ..sizes import MAX_OUTPUT_PIXELS

ALLOWED_DATA_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
_EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def fetch_allowed(url: str, resource_type: str) -> bytes:
    """CairoSVG ``url_fetcher``: decode an allowed ``data:`` URI, refuse the rest."""
    if not url.startswith("data:") or "," not in url:
        return _EMPTY_SVG
    header, _, payload = url[5:].partition(",")
    media_type, *params = header.split(";")
    if media_type.strip().lower() not in ALLOWED_DATA_TYPES:
        return _EMPTY_SVG
    try:
        if "base64" in (p.strip().lower() for p in params):
            data = base64.b64decode(payload, validate=False)
        else:
            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return _EMPTY_SVG
    _check_pixel_count(data)
    return data


def _check_pixel_count(data: bytes) -> None:
    """Refuse an image whose header promises more pixels than a card may have.

    A 48 KB PNG can declare 30,000 x 30,000 pixels; CairoSVG would decode
    all of them (gigabytes) before drawing. The header is read, not the pixels.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise TemplateError("template: an embedded image is over the cap (far more pixels than a card has)") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise TemplateError("template: an embedded image is not a readable PNG, JPEG or WebP") from None
    if width * height > MAX_OUTPUT_PIXELS:
        raise TemplateError(f"template: an embedded image of {width}x{height} pixels is over the cap")
