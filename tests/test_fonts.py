"""The bundled fonts: listed truthfully, licensed, and covering what they claim."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from sharecards.errors import FontError
from sharecards.text.block import TextBox, layout_text
from sharecards.text.fonts import bundled_fonts


@pytest.mark.parametrize("face", bundled_fonts().faces, ids=lambda f: f.path.name)
def test_index_matches_the_font_files(face) -> None:  # type: ignore[no-untyped-def]
    font = TTFont(face.path, lazy=True, fontNumber=face.index)
    names = font["name"]
    family = names.getDebugName(16) or names.getDebugName(1)
    assert family == face.family
    assert font["OS/2"].usWeightClass == face.weight
    assert bool(font["OS/2"].fsSelection & 1) == face.italic
    assert "Open Font License" in (names.getDebugName(13) or "")
    licence = face.path.parent / "OFL.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")


@pytest.mark.parametrize("family", ["sans", "display", "serif"])
@pytest.mark.parametrize("weight", [400, 700])
def test_latin_greek_cyrillic_have_glyphs(family: str, weight: int) -> None:
    text = "Ça va? Ærøskøbing, Łódź, Ελληνικά, Кириллица, “quotes” — 1–2…"
    block = layout_text("t", text, TextBox(0, 0, 2000, 400, font=family, weight=weight), bundled_fonts())
    assert block.missing == ""


def test_unknown_family_is_a_clear_error() -> None:
    with pytest.raises(FontError, match="no bundled family 'Comic Sans'"):
        bundled_fonts().load("Comic Sans")


def test_nearest_weight_is_chosen() -> None:
    assert bundled_fonts().find_face("sans", 500).weight in (400, 600)
    assert bundled_fonts().find_face("serif", 900).weight == 700
    assert bundled_fonts().find_face("serif", 400, italic=True).italic
