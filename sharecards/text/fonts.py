"""The bundled fonts: which face a template gets, and that face loaded once.

A :class:`LoadedFont` holds everything layout and drawing need from one font
file: a HarfBuzz font for shaping and metrics, and the fontTools glyph set for
outlines. Faces are loaded lazily and kept for the life of the process, so a
batch worker pays for each font file once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import uharfbuzz as hb

from ..errors import FontError
from ..resources import find_data_dir


@dataclass(frozen=True)
class FontFace:
    """One font file of the bundle, as listed in ``fonts/fonts.toml``."""

    path: Path
    family: str
    weight: int
    italic: bool = False
    index: int = 0  # the face's number in a font collection (.ttc)


@dataclass(frozen=True)
class GlyphInk:
    """A glyph's ink box in font units, y up (x_min, y_min, x_max, y_max)."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(eq=False)
class LoadedFont:
    """A face ready for shaping, measuring and drawing."""

    face: FontFace
    hb_font: hb.Font = field(repr=False)
    units_per_em: int
    ascender: int
    descender: int
    cap_height: int
    color_png: bool = False  # glyphs are colour bitmaps (CBDT emoji), drawn as images
    _ink: dict[int, GlyphInk] = field(default_factory=dict, repr=False)
    _maps: dict[str, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, face: FontFace) -> LoadedFont:
        hb_face = hb.Face(_open_blob(face.path), face.index)
        hb_font = hb.Font(hb_face)
        extents = hb_font.get_font_extents("ltr")
        cap_height = hb_font.get_metric_position(hb.OTMetricsTag.CAP_HEIGHT) or int(
            extents.ascender * 0.7
        )
        return cls(
            face,
            hb_font,
            hb_face.upem,
            extents.ascender,
            extents.descender,
            cap_height,
            bool(hb_face.has_color_png),
        )

    def has_chars(self, text: str) -> bool:
        """Whether the font maps every character of ``text`` (joiners and selectors excepted)."""
        return all(self._maps_char(c) for c in text)

    def _maps_char(self, char: str) -> bool:
        # Asked per character, cached: cheaper than building the set of a
        # CJK font's 65,000 code points at start-up.
        known = self._maps.get(char)
        if known is None:
            known = self._maps[char] = char in _INVISIBLE or self.hb_font.get_nominal_glyph(ord(char)) is not None
        return known

    def glyph_png(self, glyph_id: int) -> bytes:
        """The colour bitmap of an emoji glyph, as PNG bytes."""
        return bytes(self.hb_font.get_glyph_color_png(glyph_id).data)

    @cached_property
    def _tt_font(self) -> Any:
        from fontTools.ttLib import TTFont  # only drawing needs it: keep it off start-up

        return TTFont(self.face.path, lazy=True, fontNumber=self.face.index)

    @cached_property
    def glyph_set(self) -> Any:
        """fontTools' glyph set, for outlines (opened on first drawing)."""
        return self._tt_font.getGlyphSet()

    @cached_property
    def glyph_order(self) -> list[str]:
        return list(self._tt_font.getGlyphOrder())

    def ink(self, glyph_id: int) -> GlyphInk:
        """Return the ink box of ``glyph_id`` (cached)."""
        box = self._ink.get(glyph_id)
        if box is None:
            e = self.hb_font.get_glyph_extents(glyph_id)
            if e is None or e.width == 0:
                box = GlyphInk(0, 0, 0, 0)
            else:
                box = GlyphInk(e.x_bearing, e.y_bearing + e.height, e.x_bearing + e.width, e.y_bearing)
            self._ink[glyph_id] = box
        return box


# Characters a font need not map for a cluster to be "covered": HarfBuzz
# handles joiners and variation selectors itself.
_INVISIBLE = frozenset("\u200c\u200d\ufe0e\ufe0f")


@cache
def _open_blob(path: Path) -> hb.Blob:
    """One blob (a memory map) per file: the faces of a collection share it."""
    return hb.Blob.from_file_path(str(path))


@dataclass(frozen=True)
class FallbackRules:
    """Which families stand in for missing characters, from ``[fallback]``."""

    families: tuple[str, ...] = ()
    emoji: str | None = None
    cjk_by_lang: tuple[tuple[str, str], ...] = ()


class FontLibrary:
    """The faces in a fonts folder, found by family and weight."""

    def __init__(self, folder: Path) -> None:
        index = tomllib.loads((folder / "fonts.toml").read_text(encoding="utf-8"))
        self.aliases: dict[str, str] = dict(index.get("aliases", {}))
        self.faces = [
            FontFace(
                folder / entry["file"],
                entry["family"],
                int(entry["weight"]),
                bool(entry.get("italic", False)),
                int(entry.get("index", 0)),
            )
            for entry in index["face"]
        ]
        fallback = index.get("fallback", {})
        self.fallback = FallbackRules(
            tuple(fallback.get("families", ())),
            fallback.get("emoji"),
            tuple(fallback.get("cjk", {}).items()),
        )
        self._loaded: dict[FontFace, LoadedFont] = {}

    @property
    def families(self) -> list[str]:
        return sorted({face.family for face in self.faces})

    def find_face(self, family: str, weight: int = 400, italic: bool = False) -> FontFace:
        """Return the face CSS font matching would pick, simplified."""
        name = self.aliases.get(family.lower(), family)
        candidates = [face for face in self.faces if face.family.lower() == name.lower()]
        if not candidates:
            known = ", ".join(self.families + sorted(self.aliases))
            raise FontError(f"font: no bundled family {family!r} (bundled: {known})")
        same_style = [face for face in candidates if face.italic == italic] or candidates
        return min(same_style, key=lambda face: (abs(face.weight - weight), -face.weight))

    def load(self, family: str, weight: int = 400, italic: bool = False) -> LoadedFont:
        return self.load_face(self.find_face(family, weight, italic))

    def find_fallbacks(self, weight: int, italic: bool, cjk_family: str) -> tuple[FontFace, ...]:
        """The fallback faces in order, at the weight closest to ``weight`` (loaded when first used).

        ``cjk_family`` is the regional CJK face that stands for the
        ``"Noto Sans CJK"`` entry of the list.
        """
        names = [cjk_family if name == "Noto Sans CJK" else name for name in self.fallback.families]
        return tuple(self.find_face(name, weight, italic) for name in names)

    def load_face(self, face: FontFace) -> LoadedFont:
        font = self._loaded.get(face)
        if font is None:
            font = self._loaded[face] = LoadedFont.open(face)
        return font


@cache
def bundled_fonts() -> FontLibrary:
    """The fonts shipped with sharecards (one library per process)."""
    return FontLibrary(find_data_dir("fonts"))
