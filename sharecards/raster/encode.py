"""Encoding: pixels to PNG, JPEG or WebP bytes with Pillow, deterministically.

No encoder writes a timestamp or anything else that varies, so the same
pixels always give the same bytes.

Settings were chosen by measuring (benchmarks/render.py) on the built-in
templates at pin size:

- PNG "fast" (the default) is zlib with the run-length strategy: on cards —
  flat colour and antialiased text — it is about 40% faster than Pillow's
  default level 6 and about 5% larger (25% on a full-bleed gradient).
  "small" is Pillow's ``optimize`` (level 9): the smallest files, slowest.
- JPEG: quality 90 with optimised Huffman tables (15% smaller for a few ms;
  progressive encoding would cost a second pass).
- WebP: quality 85, method 0. Pillow's default method 4 took 70 ms for a
  pin, three times method 0, for files 10% smaller; method 0 keeps WebP as
  fast as PNG and still half its size.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # Pillow is imported when pixels are encoded, not for SVG output
    from PIL import Image

RasterFormat = Literal["png", "jpeg", "webp"]
RASTER_FORMATS: tuple[RasterFormat, ...] = ("png", "jpeg", "webp")
PngCompression = Literal["fast", "small"]
PNG_COMPRESSIONS: tuple[PngCompression, ...] = ("fast", "small")
_Z_RLE = 3  # zlib's run-length strategy

_PNG_SETTINGS: dict[str, dict[str, object]] = {
    "fast": {"compress_level": 1, "compress_type": _Z_RLE},
    "small": {"optimize": True},
}


def flatten_image(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """Return ``image`` as RGB, composited onto ``background`` if it has transparency."""
    if image.mode == "RGB":
        return image
    alpha = image.getchannel("A")
    if alpha.getextrema() == (255, 255):
        return image.convert("RGB")
    from PIL import Image

    base = Image.new("RGB", image.size, background)
    base.paste(image, mask=alpha)
    return base


def encode_image(
    image: Image.Image,
    fmt: RasterFormat,
    background: tuple[int, int, int] = (255, 255, 255),
    png_compression: PngCompression = "fast",
) -> bytes:
    """Return ``image`` (RGB, or RGBA for a card with transparency) encoded as ``fmt``."""
    buffer = io.BytesIO()
    if fmt == "png":
        if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
            image = image.convert("RGB")  # no alpha channel for a card with no transparency
        image.save(buffer, format="PNG", **_PNG_SETTINGS[png_compression])
    elif fmt == "jpeg":
        flatten_image(image, background).save(buffer, format="JPEG", quality=90, optimize=True)
    elif fmt == "webp":
        image.save(buffer, format="WEBP", quality=85, method=0)
    else:
        raise ValueError(f"unknown raster format {fmt!r}")
    return buffer.getvalue()
