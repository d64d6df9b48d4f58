"""No glyph ever leaves its box: random titles and quotes, checked with exact outline bounds.

The bounds come from fontTools' BoundsPen on the drawn outlines, not from the
HarfBuzz extents layout used, so the check is independent of the layout code.
"""

from __future__ import annotations

from functools import lru_cache

from fontTools.pens.boundsPen import BoundsPen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharecards.text.block import TextBlock, TextBox, layout_text
from sharecards.text.fonts import LoadedFont, bundled_fonts

EPSILON_PX = 0.01  # float rounding only

ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list("éèêëÉÀÇçñÑöÖüÜßÅåøØłŁőŐ")
    + list("αβγδεζηθλμπσωΑΒΓΔΩ")
    + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяЖЩЯ")
    + list(" " * 12 + "-—–,.;:!?()[]\"'“”‘’…&/@#%*")
    + list("膀胱炎の治療。「」（）、低剂量纳曲酮")
    + ["مرحبا", "بالعالم", "فارسی", "\u064b", "שלום", "עולם", "(LDN)", "12.5", "٣٤"]
    + ["नमस्ते", "क्षत्रिय", "দুর্গা", "தமிழ்", "ภาษาไทย", "ไม่มี", "한국어", "방광염", "Tiếng Việt", "ỗ"]
    + ["📌", "👩🏽\u200d⚕️", "🇩🇪", "❤️", "🎉", "#️⃣"]
    + ["ffi", "W.A.V.E", "\u0301", "ﬁ"]
)
texts = st.lists(ALPHABET, min_size=1, max_size=300).map("".join).map(lambda s: s[:300]).filter(lambda s: s.strip())
boxes = st.builds(
    TextBox,
    x=st.floats(0, 300),
    y=st.floats(0, 300),
    width=st.floats(40, 900),
    height=st.floats(20, 700),
    font=st.sampled_from(["sans", "serif", "display"]),
    weight=st.sampled_from([400, 700]),
    italic=st.booleans(),
    min_size_px=st.floats(8, 30),
    max_size_px=st.floats(30, 140),
    line_height=st.floats(0.8, 1.6),
    max_lines=st.one_of(st.none(), st.integers(1, 8)),
    align=st.sampled_from(["start", "center", "end"]),
    valign=st.sampled_from(["top", "middle", "bottom"]),
    tracking_em=st.floats(-0.02, 0.2),
)


@lru_cache(maxsize=None)
def outline_bounds(font: LoadedFont, glyph_id: int) -> tuple[float, float, float, float] | None:
    pen = BoundsPen(font.glyph_set)
    font.glyph_set[font.glyph_order[glyph_id]].draw(pen)
    return pen.bounds  # type: ignore[no-any-return]


def glyph_bounds(font: LoadedFont, glyph_id: int) -> tuple[float, float, float, float] | None:
    if font.color_png:  # an emoji bitmap is drawn exactly over its ink box
        ink = font.ink(glyph_id)
        return (ink.x_min, ink.y_min, ink.x_max, ink.y_max) if ink.x_max > ink.x_min else None
    return outline_bounds(font, glyph_id)


def assert_inside(block: TextBlock) -> None:
    box = block.box
    for glyph in block.glyphs:
        bounds = glyph_bounds(glyph.font, glyph.glyph_id)
        if bounds is None:
            continue
        x_min, y_min, x_max, y_max = bounds
        left, right = glyph.x_px + x_min * glyph.scale, glyph.x_px + x_max * glyph.scale
        top, bottom = glyph.y_px - y_max * glyph.scale, glyph.y_px - y_min * glyph.scale
        assert left >= box.x - EPSILON_PX, (block.text, left, box)
        assert right <= box.x + box.width + EPSILON_PX, (block.text, right, box)
        assert top >= box.y - EPSILON_PX, (block.text, top, box)
        assert bottom <= box.y + box.height + EPSILON_PX, (block.text, bottom, box)
    if box.max_lines is not None:
        assert len(block.lines) <= box.max_lines
    assert block.font_size_px >= int(box.min_size_px)


LANGS = st.sampled_from([None, "en", "de", "ar", "he", "hi", "ja", "zh-Hans", "zh-Hant", "ko", "th", "vi"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, box=boxes, lang=LANGS, rtl=st.booleans())
def test_no_glyph_leaves_its_box(text: str, box: TextBox, lang: str | None, rtl: bool) -> None:
    assert_inside(layout_text("title", text, box, bundled_fonts(), lang, rtl))


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=300).filter(lambda s: s.strip()))
def test_any_unicode_stays_inside(text: str) -> None:
    box = TextBox(50, 60, 400, 300, font="serif", weight=700, min_size_px=12, max_size_px=90, max_lines=5)
    assert_inside(layout_text("quote", text, box, bundled_fonts()))
