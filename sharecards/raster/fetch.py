"""What CairoSVG may load while drawing: ``data:`` images of a few types, nothing else.

Templates are only semi-trusted, so the raster stage hands CairoSVG this
fetcher instead of its own. A reference to a file or a network address
draws nothing; it never reaches the disk or the network.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote_to_bytes

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
            return base64.b64decode(payload, validate=False)
        return unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return _EMPTY_SVG
