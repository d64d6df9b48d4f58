"""Every script: shaping, bidi, line breaking, fallback, emoji, language — and the cards they make."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from sharecards import PRESETS, Card, list_templates, render_card
from sharecards.errors import FieldError
from sharecards.text.bidi import order_visually, resolve_levels
from sharecards.text.block import TextBlock, TextBox, layout_text
from sharecards.text.breaks import split_line_segments
from sharecards.text.fonts import bundled_fonts
from sharecards.text.script import detect_lang
from sharecards.text.shape import shape_run
from sharecards.text.typography import find_quote_marks

from .cards import WORLD
from .helper import assert_image_similar

UNICODE_DATA = Path("/usr/share/unicode")
TEMPLATES = [info.name for info in list_templates()]
# As for the Latin references: only edge antialiasing differs between
# machines. Emoji bitmaps are scaled by cairo's image filter, which is as
# deterministic as its path filling.
REFERENCE_TOLERANCE = 1.5


def lay_out(text: str, lang: str | None = None, width: float = 2000, font: str = "sans") -> TextBlock:
    return layout_text("t", text, TextBox(0, 0, width, 1000, font=font, max_size_px=40), bundled_fonts(), lang)


def families(block: TextBlock) -> set[str]:
    return {glyph.font.face.family for glyph in block.glyphs}


# --- Shaping ---------------------------------------------------------------


def test_arabic_letters_take_their_joined_forms() -> None:
    font = bundled_fonts().load("Noto Sans Arabic", 700)
    isolated = [shape_run(font, letter, rtl=True).glyph_ids[0] for letter in "سلم"]
    joined = shape_run(font, "سلم", rtl=True).glyph_ids
    # Right to left: HarfBuzz returns glyphs in visual order, so the last letter comes first.
    assert len(joined) == 3
    assert list(joined[::-1]) != isolated
    assert all(j != i for j, i in zip(joined[::-1], isolated)), "every letter of سلم joins"


def test_arabic_marks_stay_on_their_letters() -> None:
    block = lay_out("بَ")  # beh with fatha
    def ink_width(g):  # type: ignore[no-untyped-def]
        ink = g.font.ink(g.glyph_id)
        return ink.x_max - ink.x_min
    mark, base = sorted(block.glyphs, key=ink_width)
    ink_base, ink_mark = base.font.ink(base.glyph_id), mark.font.ink(mark.glyph_id)
    base_centre = base.x_px + (ink_base.x_min + ink_base.x_max) / 2 * base.scale
    mark_centre = mark.x_px + (ink_mark.x_min + ink_mark.x_max) / 2 * mark.scale
    assert abs(base_centre - mark_centre) < 0.5 * (ink_base.x_max - ink_base.x_min) * base.scale
    assert mark.y_px - ink_mark.y_min * mark.scale < base.y_px - ink_base.y_max * base.scale + 1, "fatha sits above"


def test_devanagari_makes_its_conjuncts() -> None:
    font = bundled_fonts().load("Noto Sans Devanagari", 400)
    parts = [shape_run(font, char).glyph_ids[0] for char in "क्ष"]
    conjunct = shape_run(font, "क्ष").glyph_ids
    assert len(conjunct) == 1 and conjunct[0] not in parts, "क + ् + ष is one conjunct glyph"
    # The short i matra follows its consonant in logical order but is drawn before it.
    ki = shape_run(font, "कि").glyph_ids
    assert len(ki) == 2 and ki[1] == shape_run(font, "क").glyph_ids[0] and ki[0] != ki[1]


@pytest.mark.parametrize("text", ["ক্ষ", "க்ஷ"])
def test_bengali_and_tamil_make_their_clusters(text: str) -> None:
    block = lay_out(text)
    assert not block.missing
    assert len(block.glyphs) < len(text)


# --- Bidi --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("שלום (LDN) 2024 world", "2024 world (LDN) םולש"),
        ("Hello שלום עולם world", "Hello םלוע םולש world"),
        ("שלום abc def עולם", "םלוע abc def םולש"),
        ("مرحبا 123 بالعالم", "ملاعلاب 123 ابحرم"),
    ],
)
def test_bidi_puts_mixed_text_in_display_order(text: str, display: str) -> None:
    paragraph = resolve_levels(text)
    shown = "".join(text[i] for i in order_visually(paragraph.levels))
    # Brackets are mirrored by the shaper, not by reordering: compare without them.
    assert shown.replace("(", "").replace(")", "") == display.replace("(", "").replace(")", "")


def test_rtl_runs_are_drawn_right_of_the_latin_that_follows_them() -> None:
    block = lay_out("שלום LDN", lang="he")
    hebrew = [g.x_px for g in block.glyphs if g.font.face.family == "Noto Sans Hebrew"]
    latin = [g.x_px for g in block.glyphs if g.font.face.family == "Inter"]
    assert min(hebrew) > max(latin), "in a Hebrew paragraph the first word is the rightmost"


def test_start_alignment_is_right_in_a_right_to_left_card() -> None:
    box = TextBox(100, 0, 800, 400, max_size_px=40)
    rtl = layout_text("t", "שלום עולם", box, bundled_fonts(), None, rtl=True)
    ltr = layout_text("t", "Hello world", box, bundled_fonts(), None, rtl=False)
    assert rtl.lines[0].x_px + rtl.lines[0].width_px == pytest.approx(900, abs=0.01)
    assert ltr.lines[0].x_px == pytest.approx(100, abs=0.01)


def test_bidi_override_controls_in_fields_cannot_reorder_the_card() -> None:
    result = render_card(Card(title="abc\u202edef\u202c ghi", quote="\u2067x\u2069"), format="svg")
    title = next(b for b in result.blocks if b.name == "title")
    assert title.text == "abcdef ghi"


@pytest.mark.skipif(not (UNICODE_DATA / "BidiCharacterTest.txt").exists(), reason="Debian unicode-data not installed")
def test_bidi_conformance_with_unicode_bidi_character_test() -> None:
    """Levels and visual order for every line of BidiCharacterTest.txt (one paragraph each)."""
    passed = failed = 0
    for line in (UNICODE_DATA / "BidiCharacterTest.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cps, direction, paragraph_level, levels, order = line.split(";")
        text = "".join(chr(int(cp, 16)) for cp in cps.split())
        if re.search("[\u2029\n\r\x1c-\x1f\x85\x0b\t]", text):
            continue  # several paragraphs or segment separators: card fields have none
        paragraph = resolve_levels(text, {"0": False, "1": True, "2": None}[direction])
        expected = levels.split()
        kept = [i for i, level in enumerate(expected) if level != "x"]
        got_levels = [paragraph.levels[i] for i in kept]
        got_order = [kept[i] for i in order_visually(got_levels)]
        ok = (
            got_levels == [int(expected[i]) for i in kept]
            and paragraph.rtl == (paragraph_level == "1")
            and got_order == [int(i) for i in order.split()]
        )
        passed, failed = passed + ok, failed + (not ok)
    assert passed > 90_000
    assert failed == 0


# --- Line breaking -------------------------------------------------------------

# LineBreakTest.txt in Debian bookworm is Unicode 15.0; ICU 78 implements
# Unicode 17. Every failure must be one of these rule changes, matched by the
# 15.0 rule the file cites at the boundary, the character before it and
# which way ICU went.
LINE_BREAK_CHANGES = {
    ("×", "13.02", " ", "breaks"): "LB15c (15.1): break before a full stop that starts a number after a space",
    ("×", "15.0", " ", "breaks"): "LB15a/b (15.1): QU SP* × OP now only for initial quotation marks",
    ("÷", "18.0", " ", "keeps"): "LB15a/b (15.1): no break after a space before a final quotation mark",
    ("×", "21.1", "-", "breaks"): "LB21a (16.0): Hebrew letter + hyphen no longer glues to a following Hebrew letter",
    ("÷", "999.0", "-", "keeps"): "LB20a (16.0): no break after a word-initial hyphen",
    ("÷", "999.0", "\u0308", "keeps"): "LB20a (16.0): word-initial hyphen followed by a combining mark",
    ("÷", "999.0", ".", "keeps"): "LB25 (15.1/16.0): IS × NU inside numbers such as '.2'",
    ("÷", "999.0", ",", "keeps"): "LB25 (15.1/16.0): IS × NU inside numbers such as ',0'",
}


@pytest.mark.skipif(
    not (UNICODE_DATA / "auxiliary/LineBreakTest.txt").exists(), reason="Debian unicode-data not installed"
)
def test_line_breaks_conform_to_unicode_line_break_test() -> None:
    passed = 0
    unexplained: list[str] = []
    for line in (UNICODE_DATA / "auxiliary/LineBreakTest.txt").read_text(encoding="utf-8").splitlines():
        data, _, comment = line.partition("#")
        if not data.strip():
            continue
        rules = re.findall(r"([×÷]) \[([\d.]+)\]", comment)
        text, expected = "", set()
        for token in data.split():
            if token == "÷":
                expected.add(len(text))
            elif token != "×":
                text += chr(int(token, 16))
        expected.discard(0)
        got, position = set(), 0
        for segment in split_line_segments(text, "en"):
            position += len(segment)
            got.add(position)
        if got == expected:
            passed += 1
            continue
        for boundary in got ^ expected:
            key = (*rules[boundary], text[boundary - 1], "breaks" if boundary in got else "keeps")
            if key not in LINE_BREAK_CHANGES:
                unexplained.append(f"{data.strip()} at {boundary}: {key}")
    print(f"LineBreakTest.txt: {passed} lines pass; every other differs only by a post-15.0 rule change")
    assert passed >= 7600
    assert unexplained == []


def test_japanese_is_broken_between_phrases() -> None:
    segments = split_line_segments("膀胱炎の症状と治療法について", "ja")
    assert any("膀胱炎" in segment for segment in segments), segments
    assert len(segments) < 8


KINSOKU_NO_START = "。、」）！？・ー"
KINSOKU_NO_END = "「（"


@pytest.mark.parametrize("width", [260, 330, 410, 520])
@pytest.mark.parametrize("lang", ["ja", "zh-Hans"])
def test_cjk_lines_obey_kinsoku(width: float, lang: str) -> None:
    text = "間質性膀胱炎（IC）とは何か。「低用量」の薬で、痛みは本当に和らぐのか？症状、原因、治療法を解説します。"
    block = lay_out(text, lang, width)
    assert len(block.lines) > 1
    assert "".join(line.text for line in block.lines) == text
    for line in block.lines:
        assert line.text[0] not in KINSOKU_NO_START, [l.text for l in block.lines]
        assert line.text[-1] not in KINSOKU_NO_END, [l.text for l in block.lines]


def test_korean_breaks_only_at_spaces() -> None:
    text = "간질성 방광염에 저용량 날트렉손을 써 본 열두 주 동안의 기록"
    block = lay_out(text, "ko", 300)
    assert len(block.lines) > 2
    words = set(text.split(" "))
    for line in block.lines:
        assert set(line.text.split(" ")) <= words, line.text


def test_thai_breaks_between_dictionary_words() -> None:
    text = "นัลเทรกโซนขนาดต่ำสำหรับโรคกระเพาะปัสสาวะอักเสบเรื้อรัง"
    block = lay_out(text, "th", 330)
    assert len(block.lines) > 1
    assert "".join(line.text for line in block.lines) == text
    words = split_line_segments(text, "th")
    boundaries = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
    position = 0
    for line in block.lines[:-1]:
        position += len(line.text)
        assert position in boundaries, "a Thai line ends at a word boundary"


# --- Fallback, emoji, missing glyphs ------------------------------------------------


def test_fallback_mixes_fonts_on_one_baseline_and_size() -> None:
    block = lay_out("Hello שלום नमस्ते 東京 ภาษา", "en")
    assert families(block) == {"Inter", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans CJK JP", "Noto Sans Thai"}
    assert len({round(g.y_px, 3) for g in block.glyphs if g.font.face.family != "Noto Sans Devanagari"}) == 1
    assert len({g.scale * g.font.units_per_em for g in block.glyphs}) == 1, "one font size across fonts"
    assert not block.missing


def test_lang_picks_the_regional_cjk_forms() -> None:
    # 直 and 骨 are drawn differently in Japan and mainland China.
    faces = {lang: families(lay_out("直骨", lang)) for lang in ("ja", "zh-Hans", "zh-Hant", "ko")}
    assert faces == {
        "ja": {"Noto Sans CJK JP"},
        "zh-Hans": {"Noto Sans CJK SC"},
        "zh-Hant": {"Noto Sans CJK TC"},
        "ko": {"Noto Sans CJK KR"},
    }
    ja, sc = lay_out("直", "ja").glyphs[0], lay_out("直", "zh-Hans").glyphs[0]
    assert ja.font.glyph_order[ja.glyph_id] != sc.font.glyph_order[sc.glyph_id] or ja.glyph_id != sc.glyph_id


def test_emoji_sequences_are_single_colour_glyphs() -> None:
    block = lay_out("a 👩🏽\u200d⚕️ 🇯🇵 ❤️ #️⃣")
    emoji = [g for g in block.glyphs if g.font.color_png]
    assert len(emoji) == 4, "a ZWJ sequence with a skin tone, a flag, a heart and a keycap: one glyph each"
    assert not block.missing


def test_emoji_are_drawn_in_colour_and_scale_with_the_text() -> None:
    result = render_card(Card(title="❤️❤️❤️", site_name="x.io"), template="classic", size="square")
    image = Image.open(io.BytesIO(result.data)).convert("RGB")
    title = next(b for b in result.blocks if b.name == "title")
    glyph = title.glyphs[0]
    ink = glyph.font.ink(glyph.glyph_id)
    centre = (round(glyph.x_px + (ink.x_min + ink.x_max) / 2 * glyph.scale), round(glyph.y_px - (ink.y_max + ink.y_min) / 2 * glyph.scale))
    red, green, blue = image.getpixel(centre)
    assert red > 180 and green < 90 and blue < 90, "the heart is red"
    assert (ink.x_max - ink.x_min) * glyph.scale == pytest.approx(title.font_size_px * 1.25, rel=0.1)


def test_svg_output_embeds_emoji_as_png_images() -> None:
    svg = render_card(Card(title="Party 🎉"), format="svg").data.decode()
    assert svg.count('href="data:image/png;base64,') == 1


def test_missing_glyphs_are_warned_with_code_points_and_strict_refuses() -> None:
    card = Card(title="Ethiopic ሰላም", site_name="x.io")
    warnings = render_card(card, format="svg").warnings
    assert any("'ሰ' (U+1230)" in w and w.startswith("title:") for w in warnings), warnings
    with pytest.raises(FieldError, match=r"title: no bundled font has 'ሰ' \(U\+1230\)"):
        render_card(card, format="svg", strict=True)


# --- Language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("النالتريكسون بجرعة منخفضة", "ar"),
        ("נלטרקסון במינון נמוך (LDN)", "he"),
        ("कम खुराक वाला", "hi"),
        ("低用量ナルトレキソン", "ja"),
        ("低剂量纳曲酮", "zh"),
        ("저용량 날트렉손", "ko"),
        ("ภาษาไทย", "th"),
        ("Низкие дозы", "ru"),
        ("Low dose", None),
        ("2024!", None),
    ],
)
def test_script_detection_names_the_language(text: str, lang: str | None) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("lang", "marks"),
    [("en", ("“", "”")), ("de", ("„", "“")), ("fr", ("«\u202f", "\u202f»")), ("ja", ("「", "」")), ("ru", ("«", "»"))],
)
def test_quote_marks_follow_the_language(lang: str, marks: tuple[str, str]) -> None:
    assert find_quote_marks(lang)[:2] == marks
    card = Card(title="T", quote="Zitat", lang=lang)
    quote = next(b for b in render_card(card, template="bold", format="svg").blocks if b.name == "quote")
    assert quote.text.startswith(marks[0].strip()) and quote.text.endswith(marks[1].strip())


def test_quote_marks_follow_the_detected_script_without_lang() -> None:
    quote = next(
        b for b in render_card(Card(title="記録", quote="効くのか"), template="bold", format="svg").blocks if b.name == "quote"
    )
    assert quote.text == "「効くのか」"


def test_lang_drives_hyphenation() -> None:
    word = "Donaudampfschifffahrtsgesellschaft"
    box = TextBox(0, 0, 220, 400, max_size_px=40, min_size_px=40)
    german = layout_text("t", word, box, bundled_fonts(), "de")
    assert german.hyphenated and all(line.text.endswith("-") for line in german.lines[:-1])


# --- Whole cards ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(WORLD))
def test_world_card_matches_reference(name: str, regenerate: bool) -> None:
    result = render_card(WORLD[name], template="classic", size="pinterest")
    assert result.warnings == []
    image = Image.open(io.BytesIO(result.data))
    assert_image_similar(image, f"world-{name}", REFERENCE_TOLERANCE, "edge antialiasing only", regenerate)


@pytest.mark.parametrize("size", ["pinterest", "og"])
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("name", list(WORLD))
def test_world_cards_fit_with_real_glyphs_in_every_template(name: str, template: str, size: str) -> None:
    result = render_card(WORLD[name], template=template, size=size, format="svg", strict=True)
    assert result.warnings == []
    for block in result.blocks:
        for line in block.lines:
            assert block.box.x - 0.01 <= line.x_px
            assert line.x_px + line.width_px <= block.box.x + block.box.width + 0.01
        assert block.box.y - 0.01 <= block.top_px <= block.bottom_px <= block.box.y + block.box.height + 0.01
        assert all(g.glyph_id != 0 for g in block.glyphs), f"{block.name}: a .notdef box"
    assert PRESETS[size].width_px == result.width_px
