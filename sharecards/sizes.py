"""Size presets and ``WxH`` sizes, with the caps that keep rendering bounded."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SizeError

MAX_SIDE_PX = 4096
"""Largest width or height of a card, before ``scale``."""
MAX_SCALE = 4.0
MAX_OUTPUT_PIXELS = 40_000_000
"""Largest width × height × scale² actually rasterised (about 160 MB of RGBA)."""


@dataclass(frozen=True)
class Size:
    """A canvas size in CSS pixels; ``name`` is the preset or ``WxH``."""

    name: str
    width_px: int
    height_px: int
    description: str = ""


PRESETS: dict[str, Size] = {
    size.name: size
    for size in (
        Size("pinterest", 1000, 1500, "Pinterest pin, 2:3"),
        Size("og", 1200, 630, "Open Graph link preview (Facebook, LinkedIn, Slack...)"),
        Size("twitter", 1200, 675, "X / Twitter summary_large_image, 16:9"),
        Size("square", 1080, 1080, "Instagram or Mastodon square"),
        Size("portrait", 1080, 1350, "Instagram portrait, 4:5"),
        Size("story", 1080, 1920, "Stories and Reels, 9:16"),
    )
}

_WXH = re.compile(r"\s*(\d{1,6})\s*[xX×]\s*(\d{1,6})\s*")


def parse_size(value: str) -> Size:
    """Return the preset called ``value``, or the size ``WxH``."""
    preset = PRESETS.get(value.strip().lower())
    if preset is not None:
        return preset
    match = _WXH.fullmatch(value)
    if match is None:
        names = ", ".join(PRESETS)
        raise SizeError(f"size: unknown size {value!r} (use one of {names}, or WxH)")
    width, height = int(match[1]), int(match[2])
    if not (16 <= width <= MAX_SIDE_PX and 16 <= height <= MAX_SIDE_PX):
        raise SizeError(f"size: {width}x{height} is out of range (each side 16 to {MAX_SIDE_PX} px)")
    return Size(f"{width}x{height}", width, height, "custom")


def check_scale(size: Size, scale: float) -> float:
    """Return ``scale`` if the output it gives stays within the caps."""
    if not (0 < scale <= MAX_SCALE):
        raise SizeError(f"scale: {scale} is out of range (more than 0, at most {MAX_SCALE:g})")
    pixels = size.width_px * size.height_px * scale * scale
    if pixels > MAX_OUTPUT_PIXELS:
        raise SizeError(
            f"scale: {size.name} at scale {scale:g} is {pixels / 1e6:.0f} Mpx "
            f"(the limit is {MAX_OUTPUT_PIXELS / 1e6:.0f} Mpx)"
        )
    return scale
