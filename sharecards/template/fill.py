"""Filling a template: Jinja2 in its sandbox, with the card's fields and ``textbox()``.

Templates are SVG with Jinja2 syntax. They are rendered in Jinja's
:class:`~jinja2.sandbox.SandboxedEnvironment`, with autoescaping on (Jinja's
``select_autoescape`` would leave ``.svg`` files unescaped) and with
:class:`~jinja2.StrictUndefined`, so a misspelt name fails loudly.

Text never reaches the SVG as text. A template calls
``textbox(text, x, y, width, height, ...)``; the box is laid out right away
(so the template can place what follows under it, from ``.bottom``) and it
leaves a placeholder ``<path data-sc-block="N">`` that later stages fill
with glyph outlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..card import Card
from ..colour import parse_colour
from ..errors import SharecardsError, TemplateError
from ..images import PhotoUri
from ..resources import open_cache_dir
from ..sizes import Size
from ..svg.bitmaps import format_colour_glyphs
from ..text.block import TextBlock, TextBox, layout_text
from ..text.fonts import FontLibrary
from ..text.bidi import find_dominant_rtl
from ..text.script import is_rtl_lang, resolve_lang
from ..text.typography import curl_quotes, find_quote_marks, quote_text
from .catalog import TemplateInfo

_BOX_OPTIONS = {
    "font",
    "weight",
    "italic",
    "line_height",
    "max_lines",
    "align",
    "valign",
    "hyphenate",
    "balance",
}


@dataclass
class PlacedText:
    """What ``textbox()`` returns to the template: the layout, printable as SVG."""

    index: int
    block: TextBlock
    fill: str
    opacity: float

    def __html__(self) -> str:
        if not self.block.glyphs:
            return ""
        opacity = f' fill-opacity="{self.opacity:g}"' if self.opacity < 1 else ""
        path = f'<path data-sc-block="{self.index}" fill="{escape(self.fill)}"{opacity}/>'
        return path + format_colour_glyphs(self.block, self.opacity)

    @property
    def top(self) -> float:
        return self.block.top_px

    @property
    def bottom(self) -> float:
        return self.block.bottom_px

    @property
    def height(self) -> float:
        return self.block.bottom_px - self.block.top_px

    @property
    def width(self) -> float:
        """Width of the widest line (0 if empty): for a pill or underline that hugs the text."""
        return max((line.width_px for line in self.block.lines), default=0.0)

    @property
    def left(self) -> float:
        return min((line.x_px for line in self.block.lines), default=self.block.box.x)

    @property
    def font_size(self) -> float:
        return self.block.font_size_px

    @property
    def line_count(self) -> int:
        return len(self.block.lines)

    @property
    def empty(self) -> bool:
        return not self.block.lines


@dataclass
class TextBoxes:
    """The ``textbox()`` function of one template rendering; keeps its blocks."""

    fonts: FontLibrary
    lang: str | None
    rtl: bool = False
    blocks: list[TextBlock] = field(default_factory=list)

    def __call__(
        self,
        text: str | None,
        x: float,
        y: float,
        width: float,
        height: float,
        size: tuple[float, float] | list[float] = (16, 64),
        fill: str = "#000000",
        opacity: float = 1.0,
        tracking: float = 0.0,
        name: str | None = None,
        **options: Any,
    ) -> PlacedText:
        unknown = set(options) - _BOX_OPTIONS
        if unknown:
            raise TemplateError(f"textbox: unknown option(s) {', '.join(sorted(unknown))}")
        try:
            box = TextBox(
                x=float(x),
                y=float(y),
                width=float(width),
                height=float(height),
                min_size_px=float(size[0]),
                max_size_px=float(size[1]),
                tracking_em=float(tracking),
                **options,
            )
        except (TypeError, ValueError, IndexError) as error:
            raise TemplateError(f"textbox: bad arguments ({error})") from None
        label = name or f"text {len(self.blocks) + 1}"
        block = layout_text(label, str(text or ""), box, self.fonts, self.lang, self.rtl)
        self.blocks.append(block)
        return PlacedText(len(self.blocks) - 1, block, parse_colour(f"{label} fill", str(fill)), float(opacity))


@dataclass(frozen=True)
class FilledTemplate:
    """The template's SVG with placeholders, and the text blocks they stand for."""

    svg: str
    blocks: tuple[TextBlock, ...]


def _open_bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (20 ms of a cold start), if a cache folder is writable.

    The folder is :func:`~sharecards.resources.open_cache_dir`'s. Jinja keys each
    entry by the template's name and checks its source's hash, so an edited
    template is compiled again.
    """
    folder = open_cache_dir("templates")
    if folder is None:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@cache
def _environment(folder: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=_open_bytecode_cache(),
    )
    env.filters["curl_quotes"] = curl_quotes
    return env


def fill_template(
    info: TemplateInfo,
    card: Card,
    size: Size,
    fonts: FontLibrary,
    photo_uri: PhotoUri | str | None = None,
) -> FilledTemplate:
    """Render the template ``info`` for ``card`` at ``size``."""
    env = _environment(info.path.parent)
    # Without a declared language, each box detects its own; quotation marks
    # follow the quote's script, and the template sees the title's language.
    # The card's direction is its title's (or its language's, if the title
    # has no letters): boxes without letters and the template's decoration follow it.
    title_rtl = find_dominant_rtl(card.title)
    rtl = is_rtl_lang(card.lang or "en") if title_rtl is None else title_rtl
    boxes = TextBoxes(fonts, card.lang, rtl)
    quote_lang = resolve_lang(card.lang, card.quote or card.title)
    context = {
        "card": {
            "title": card.title,
            "category": card.category,
            "quote": card.quote,
            "site_name": card.site_name,
            "author": card.author,
            "url": card.url,
            "lang": resolve_lang(card.lang, card.title),
        },
        "theme": {
            "background": card.theme.background,
            "accent": card.theme.accent,
            "text": card.theme.text,
        },
        "rtl": rtl,
        # mirror(x, w): the x of a w-wide shape at x, mirrored on a right-to-left card
        "mirror": lambda x, w: size.width_px - x - w if rtl else x,
        "width": size.width_px,
        "height": size.height_px,
        "photo": photo_uri,
        "textbox": boxes,
        "quote": lambda text: quote_text(text, quote_lang) if text else text,
        "quote_marks": find_quote_marks(quote_lang)[:2],
    }
    try:
        template = env.get_template(info.path.name)
        svg = template.render(context)
    except SharecardsError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"template {info.name}: line {error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"template {info.name}: {error}") from None
    return FilledTemplate(str(Markup(svg)), tuple(boxes.blocks))
