"""Encoding: pixels to PNG, JPEG or WebP bytes with Pillow, deterministically.

No encoder writes a timestamp or anything else that varies, so the same
pixels always give the same bytes.
"""

from __future__ import annotations

import io
from typing import Literal

from PIL import Image

RasterFormat = Literal["png", "jpeg", "webp"]
RASTER_FORMATS: tuple[RasterFormat, ...] = ("png", "jpeg", "webp")


def flatten_image(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """Return ``image`` as RGB, composited onto ``background`` if it has transparency."""
    if image.mode == "RGB":
        return image
    alpha = image.getchannel("A")
    if alpha.getextrema() == (255, 255):
        return image.convert("RGB")
    base = Image.new("RGB", image.size, background)
    base.paste(image, mask=alpha)
    return base


def encode_image(image: Image.Image, fmt: RasterFormat, background: tuple[int, int, int] = (255, 255, 255)) -> bytes:
    """Return ``image`` encoded as ``fmt``."""
    buffer = io.BytesIO()
    if fmt == "png":
        alpha = image.getchannel("A") if image.mode == "RGBA" else None
        opaque = alpha is None or alpha.getextrema() == (255, 255)
        (image.convert("RGB") if opaque else image).save(buffer, format="PNG")
    elif fmt == "jpeg":
        flatten_image(image, background).save(buffer, format="JPEG", quality=90, optimize=True, progressive=True)
    elif fmt == "webp":
        image.save(buffer, format="WEBP", quality=90, method=4)
    else:
        raise ValueError(f"unknown raster format {fmt!r}")
    return buffer.getvalue()
