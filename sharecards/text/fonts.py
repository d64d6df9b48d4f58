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
    _ink: dict[int, GlyphInk] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, face: FontFace) -> LoadedFont:
        blob = hb.Blob.from_file_path(str(face.path))
        hb_face = hb.Face(blob)
        hb_font = hb.Font(hb_face)
        extents = hb_font.get_font_extents("ltr")
        cap_height = hb_font.get_metric_position(hb.OTMetricsTag.CAP_HEIGHT) or int(
            extents.ascender * 0.7
        )
        return cls(face, hb_font, hb_face.upem, extents.ascender, extents.descender, cap_height)

    @cached_property
    def _tt_font(self) -> Any:
        from fontTools.ttLib import TTFont  # only drawing needs it: keep it off start-up

        return TTFont(self.face.path, lazy=True)

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


class FontLibrary:
    """The faces in a fonts folder, found by family and weight."""

    def __init__(self, folder: Path) -> None:
        index = tomllib.loads((folder / "fonts.toml").read_text(encoding="utf-8"))
        self.aliases: dict[str, str] = dict(index.get("aliases", {}))
        self.faces = [
            FontFace(folder / entry["file"], entry["family"], int(entry["weight"]), bool(entry.get("italic", False)))
            for entry in index["face"]
        ]
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
        face = self.find_face(family, weight, italic)
        font = self._loaded.get(face)
        if font is None:
            font = self._loaded[face] = LoadedFont.open(face)
        return font


@cache
def bundled_fonts() -> FontLibrary:
    """The fonts shipped with sharecards (one library per process)."""
    return FontLibrary(find_data_dir("fonts"))
