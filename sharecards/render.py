"""The pipeline, end to end: card → template → text layout → SVG → raster → bytes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from .card import Card, clean_card
from .colour import colour_to_rgb
from .errors import FieldError, SharecardsError
from .images import PhotoUri
from .sizes import Size, check_scale, parse_size
from .svg.embed import embed_template_images
from .svg.preflight import check_svg
from .template.catalog import TemplateInfo, find_template
from .template.fill import FilledTemplate, fill_template
from .raster.encode import PNG_COMPRESSIONS, PngCompression
from .text.block import TextBlock, describe_chars
from .text.fonts import bundled_fonts

OutputFormat = Literal["png", "jpeg", "webp", "svg"]
FORMATS: tuple[OutputFormat, ...] = ("png", "jpeg", "webp", "svg")
FILE_EXTENSIONS: dict[OutputFormat, str] = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "svg": ".svg"}
DEFAULT_TEMPLATE = "classic"
_PLACEHOLDER = re.compile(r'data-sc-block="(\d+)"')
_BACKGROUND_FILL = re.compile(r'data-sc-background="(#[0-9a-fA-F]{3,6}|[a-z]+)"')


@dataclass(frozen=True)
class RenderResult:
    """A rendered card: its bytes, and what layout decided on the way."""

    data: bytes
    format: OutputFormat
    width_px: int
    height_px: int
    size: Size
    template: str
    blocks: tuple[TextBlock, ...]

    @property
    def warnings(self) -> list[str]:
        """Everything the reader should know: cut text, missing glyphs."""
        return [note for block in self.blocks for note in block.warnings]


def render_card(
    card: Card,
    template: str | Path = DEFAULT_TEMPLATE,
    size: str | Size = "pinterest",
    format: OutputFormat = "png",
    scale: float = 1,
    strict: bool = False,
    png_compression: PngCompression = "fast",
    image_dirs: Sequence[Path] | None = None,
) -> RenderResult:
    """Render ``card`` and return the image with its layout details.

    Characters no bundled font has are drawn as the font's missing-glyph box
    and reported in :attr:`RenderResult.warnings`; ``strict`` makes them an
    error instead. ``png_compression`` is "fast" (the default; files about
    5% larger than Pillow's default) or "small" (zlib level 9, slower).

    ``card.background_image`` is read only from inside ``image_dirs`` (by
    default the current folder); a template's ``<image href="logo.png">``
    only from the template's own folder.
    """
    if png_compression not in PNG_COMPRESSIONS:
        raise SharecardsError(f"png compression: unknown setting {png_compression!r} (use fast or small)")
    format = parse_format(format)
    canvas = size if isinstance(size, Size) else parse_size(size)
    scale = check_scale(canvas, scale)
    clean = clean_card(card)
    info = find_template(template)
    filled = _fill(info, clean, canvas, scale, (Path.cwd(),) if image_dirs is None else image_dirs)
    check_svg(filled.svg, f"template {info.name}")
    if strict:
        _refuse_missing_glyphs(filled.blocks)
    width, height = round(canvas.width_px * scale), round(canvas.height_px * scale)
    if format == "svg":
        data = compose_svg(filled).encode("utf-8")
    else:
        from .raster.draw import rasterize_svg
        from .raster.encode import encode_image

        background = find_background_rgb(filled.svg)
        image = rasterize_svg(filled.svg, filled.blocks, width, height, background)
        data = encode_image(image, format, background or (255, 255, 255), png_compression)
    return RenderResult(data, format, width, height, canvas, info.name, filled.blocks)


def parse_format(name: str) -> OutputFormat:
    """Return the format called ``name`` ("jpg" is "jpeg"), or raise."""
    normal = name.strip().lower().replace("jpg", "jpeg")
    for known in FORMATS:
        if normal == known:
            return known
    raise SharecardsError(f"format: unknown format {name!r} (use {', '.join(FORMATS)})")


def render(
    card: Card,
    template: str | Path = DEFAULT_TEMPLATE,
    size: str | Size = "pinterest",
    format: OutputFormat = "png",
    scale: float = 1,
    strict: bool = False,
    png_compression: PngCompression = "fast",
    image_dirs: Sequence[Path] | None = None,
) -> bytes:
    """Render ``card`` and return the image bytes (see :func:`render_card`)."""
    return render_card(card, template, size, format, scale, strict, png_compression, image_dirs).data


def _refuse_missing_glyphs(blocks: tuple[TextBlock, ...]) -> None:
    for block in blocks:
        if block.missing:
            raise FieldError(block.name, f"no bundled font has {describe_chars(block.missing)}")


def _fill(info: TemplateInfo, card: Card, canvas: Size, scale: float, image_dirs: Sequence[Path]) -> FilledTemplate:
    width_px, height_px = round(canvas.width_px * scale), round(canvas.height_px * scale)
    photo = None
    if card.background_image is not None:
        photo = PhotoUri(Path(card.background_image), width_px, height_px, image_dirs)
    filled = fill_template(info, card, canvas, bundled_fonts(), photo)
    return replace(filled, svg=embed_template_images(filled.svg, info.path.parent, width_px, height_px))


def compose_svg(filled: FilledTemplate) -> str:
    """Return the filled template as a self-contained SVG, its text as outlines."""
    from .svg.paths import format_block_path

    def to_path(match: re.Match[str]) -> str:
        return f'd="{format_block_path(filled.blocks[int(match[1])])}"'

    return _PLACEHOLDER.sub(to_path, filled.svg)


def find_background_rgb(svg: str) -> tuple[int, int, int] | None:
    """The colour a template declares its card is drawn on (``data-sc-background``), if any."""
    match = _BACKGROUND_FILL.search(svg)
    return colour_to_rgb(match[1]) if match else None
