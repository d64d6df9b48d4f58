"""Rasterising: the filled template through CairoSVG, the text straight into cairo.

CairoSVG draws the template. Text blocks are placeholders
(``<path data-sc-block="N">``); when CairoSVG reaches one, the block's glyph
outlines are appended to cairo's current path from a cache of encoded paths,
and CairoSVG fills it with the placeholder's own paint, opacity, transform
and clip. That keeps the template's stacking order and costs far less than
letting CairoSVG parse the same outlines as path data, which it does in
Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import cairocffi
import cairosvg.surface
from cairocffi import cairo as cairo_lib
from cairocffi.context import _encode_path
from cairosvg.parser import Tree
from PIL import Image

from ..errors import TemplateError
from ..svg.outline import load_outline
from ..text.block import TextBlock
from ..text.fonts import LoadedFont
from .fetch import fetch_allowed

_OPS = {"M": cairocffi.PATH_MOVE_TO, "L": cairocffi.PATH_LINE_TO, "C": cairocffi.PATH_CURVE_TO, "Z": cairocffi.PATH_CLOSE_PATH}


@lru_cache(maxsize=8192)
def _encoded_outline(font: LoadedFont, glyph_id: int) -> Any:
    """The glyph as a ready ``cairo_path_t`` (plus the buffer keeping it alive)."""
    items = [(_OPS[op[0]], tuple(op[1:])) for op in load_outline(font, glyph_id)]
    return _encode_path(items)


def _append_block_path(context: cairocffi.Context, block: TextBlock) -> None:
    for glyph in block.glyphs:
        if glyph.font.color_png:
            continue  # drawn as an <image> (svg/bitmaps.py)
        encoded = _encoded_outline(glyph.font, glyph.glyph_id)
        context.save()
        context.transform(cairocffi.Matrix(glyph.scale, 0, 0, -glyph.scale, glyph.x_px, glyph.y_px))
        cairo_lib.cairo_append_path(context._pointer, encoded[0])
        context.restore()


_original_path = cairosvg.surface.TAGS["path"]


def _path_or_text_block(surface: Any, node: Any) -> None:
    blocks = getattr(surface, "sharecards_blocks", None)
    key = node.get("data-sc-block")
    if blocks is None or key is None:
        _original_path(surface, node)
        return
    _append_block_path(surface.context, blocks[int(key)])


# CairoSVG looks tag handlers up in this table; ours falls back to the
# original for every path that is not one of our placeholders.
cairosvg.surface.TAGS["path"] = _path_or_text_block


class _ImageSurface(cairosvg.surface.PNGSurface):  # type: ignore[misc]
    """CairoSVG's PNG surface, minus the PNG: Pillow encodes.

    With a background colour the surface is opaque RGB, painted with it
    first: cairo then skips alpha, and the pixels reach Pillow as they are,
    with no un-premultiplying, no alpha check and no conversion to RGB.
    """

    def __init__(
        self, blocks: Sequence[TextBlock], background: tuple[int, int, int] | None, *args: Any, **kwargs: Any
    ) -> None:
        self.sharecards_blocks = blocks
        self.sharecards_background = background
        super().__init__(*args, **kwargs)

    def _create_surface(self, width: float, height: float) -> tuple[Any, int, int]:
        if self.sharecards_background is None:
            return super()._create_surface(width, height)
        width_px, height_px = int(round(width)), int(round(height))
        surface = cairocffi.ImageSurface(cairocffi.FORMAT_RGB24, width_px, height_px)
        context = cairocffi.Context(surface)
        context.set_source_rgb(*(channel / 255 for channel in self.sharecards_background))
        context.paint()
        return surface, width_px, height_px

    def finish(self) -> None:
        self.cairo.flush()


def rasterize_svg(
    svg: str,
    blocks: Sequence[TextBlock],
    width_px: int,
    height_px: int,
    background: tuple[int, int, int] | None = None,
) -> Image.Image:
    """Draw ``svg`` (with its text blocks) to an image of exactly that size.

    On ``background`` (RGB) the image is opaque RGB; without one it is RGBA.
    """
    try:
        tree = Tree(bytestring=svg.encode("utf-8"), unsafe=False, url_fetcher=fetch_allowed)
    except Exception as error:  # ElementTree and defusedxml raise several kinds
        raise TemplateError(f"template: the SVG it made does not parse ({error})") from None
    surface = _ImageSurface(
        blocks, background, tree, None, 96, output_width=width_px, output_height=height_px
    )
    surface.finish()
    image_surface = surface.cairo
    data = image_surface.get_data()
    stride = image_surface.get_stride()
    if background is not None:
        return Image.frombuffer("RGB", (width_px, height_px), data, "raw", "BGRX", stride, 1)
    return Image.frombuffer("RGBA", (width_px, height_px), data, "raw", "BGRa", stride, 1)
