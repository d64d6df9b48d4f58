"""Whole cards: reference images, formats, determinism, the SVG output, untrusted fields."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import cairosvg
import pytest
from PIL import Image

from sharecards import PRESETS, Card, Theme, list_templates, render, render_card
from sharecards.errors import FieldError, ImageError, SharecardsError, SizeError, TemplateError

from .cards import GREEK_CYRILLIC, LONG_GERMAN, SEED, SHORT
from .helper import assert_image_similar, measure_difference

TEMPLATES = [info.name for info in list_templates()]
# Text is drawn as paths by cairo, so what varies between machines is only
# antialiasing of edges (cairo/pixman versions); at quarter scale that is a
# fraction of a level per channel. A wrong font, size or line break moves
# whole words and costs several levels.
REFERENCE_TOLERANCE = 1.5


def open_image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_there_are_at_least_three_templates() -> None:
    assert {"classic", "bold", "photo"} <= set(TEMPLATES)


@pytest.mark.parametrize("size", ["pinterest", "og"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_seed_card_matches_reference(template: str, size: str, regenerate: bool) -> None:
    result = render_card(SEED, template=template, size=size)
    assert result.warnings == []
    image = open_image(result.data)
    assert image.size == (PRESETS[size].width_px, PRESETS[size].height_px)
    assert_image_similar(image, f"{template}-{size}", REFERENCE_TOLERANCE, "edge antialiasing only", regenerate)


@pytest.mark.parametrize("card", [SHORT, LONG_GERMAN, GREEK_CYRILLIC], ids=["short", "long-german", "greek-cyrillic"])
@pytest.mark.parametrize("size", list(PRESETS))
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_lays_out_every_card_at_every_size_inside_its_boxes(
    template: str, size: str, card: Card
) -> None:
    result = render_card(card, template=template, size=size, format="svg")
    for block in result.blocks:
        assert not block.missing, block.missing
        for line in block.lines:
            assert block.box.x - 0.01 <= line.x_px
            assert line.x_px + line.width_px <= block.box.x + block.box.width + 0.01
        assert block.box.y - 0.01 <= block.top_px <= block.bottom_px <= block.box.y + block.box.height + 0.01
    titles = [b for b in result.blocks if b.name == "title"]
    assert titles and titles[0].lines, "the title is always shown"


def test_long_text_is_cut_with_a_warning_not_overflowing() -> None:
    result = render_card(LONG_GERMAN, template="classic", size="og")
    assert any("text cut" in w for w in result.warnings)
    quote = next(b for b in result.blocks if b.name == "quote")
    assert quote.truncated and quote.lines[-1].text.endswith("\u2026")


def test_german_compound_is_hyphenated() -> None:
    result = render_card(LONG_GERMAN, template="bold", size="pinterest")
    title = next(b for b in result.blocks if b.name == "title")
    assert title.hyphenated
    assert any(line.text.endswith("-") for line in title.lines)


def test_same_input_gives_identical_bytes() -> None:
    for fmt in ("png", "jpeg", "webp", "svg"):
        assert render(SEED, format=fmt) == render(SEED, format=fmt)  # type: ignore[arg-type]


def test_formats_have_their_signatures() -> None:
    assert render(SEED, size="og", format="png").startswith(b"\x89PNG")
    assert render(SEED, size="og", format="jpeg").startswith(b"\xff\xd8")
    assert render(SEED, size="og", format="webp")[8:12] == b"WEBP"
    assert render(SEED, size="og", format="svg").lstrip().startswith(b"<svg")


def test_jpeg_is_flattened_onto_the_background() -> None:
    image = open_image(render(SEED, template="classic", size="og", format="jpeg"))
    assert image.mode == "RGB"
    assert all(abs(a - b) <= 6 for a, b in zip(image.getpixel((3, 3)), (0xF6, 0xF1, 0xE9)))


def test_svg_is_self_contained_text_as_paths_and_draws_like_the_png() -> None:
    svg = render(SEED, template="classic", size="og", format="svg")
    assert b"<text" not in svg and b"Naltrexone" not in svg and b"data-sc-block" not in svg
    assert svg.count(b"<path d=") >= 3
    from_svg = open_image(cairosvg.svg2png(bytestring=svg))
    png = open_image(render(SEED, template="classic", size="og"))
    # The SVG rounds outline coordinates to 1/100 px: edges differ invisibly.
    assert measure_difference(from_svg, png) < 0.3


def test_scale_two_gives_a_retina_image() -> None:
    image = open_image(render(SHORT, size="og", scale=2))
    assert image.size == (2400, 1260)


def test_theme_colours_are_used() -> None:
    image = open_image(render(Card(title="Hi", theme=Theme(background="#ff0000")), template="bold", size="og"))
    assert image.getpixel((10, image.height - 10))[:3] == (255, 0, 0)


def test_photo_template_cover_crops_the_background_image(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (400, 100), (0, 200, 0)).save(photo)
    card = Card(title="Garden", background_image=photo)
    image = open_image(render(card, template="photo", size="pinterest", image_dirs=[tmp_path]))
    red, green, blue = image.getpixel((500, 40))[:3]
    assert green > 150 and red < 60, "the photo fills the whole card, even where it was too narrow"


@pytest.mark.parametrize(
    "title",
    [
        '</text><image href="file:///etc/hostname"/>',
        "Tom & Jerry <b>&amp;</b> ]]> <!-- x -->",
        "{{ 7*7 }} {% raw %} {{ card }}",
        "bad\x00\x01\x1b\ud800 chars\u202eevil\u2066",
    ],
)
def test_untrusted_fields_never_reach_the_svg_as_markup(title: str) -> None:
    result = render_card(Card(title=title, category=title, quote=title, site_name=title), format="svg")
    svg = result.data.decode("utf-8")
    for fragment in ("<image", "<b>", "{{", "hostname", "\u202e", "\x00"):
        assert fragment not in svg
    title_block = next(b for b in result.blocks if b.name == "title")
    assert "\u202e" not in title_block.text and "\x00" not in title_block.text
    if "{{" in title:
        assert title_block.text.startswith("{{ 7*7 }}")


@pytest.mark.parametrize(
    ("card", "error", "message"),
    [
        (Card(title=" \n\t "), FieldError, "title: must not be empty"),
        (Card(title="x" * 100_000), FieldError, "title: too long"),
        (Card(title="x", theme=Theme(accent="url(#x)")), FieldError, "accent:"),
        (Card(title="x", background_image=Path("/nonexistent.png")), ImageError, "is outside the allowed image folders"),
        (Card(title="x", background_image=Path("nonexistent.png")), ImageError, "background image: no file"),
    ],
)
def test_bad_cards_are_refused_naming_the_field(card: Card, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(")):
        render(card)


def test_bad_sizes_and_templates_are_refused() -> None:
    with pytest.raises(SizeError, match="unknown size"):
        render(SHORT, size="huge")
    with pytest.raises(SizeError, match="out of range"):
        render(SHORT, size="5000x5000")
    with pytest.raises(TemplateError, match="unknown template"):
        render(SHORT, template="nope")


def test_a_user_template_is_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}">'
        '<rect width="{{ width }}" height="{{ height }}" fill="#003366"/>'
        '{{ textbox(card.title, 20, 20, width - 40, height - 40, size=[20, 200], fill="white", name="title") }}</svg>'
    )
    result = render_card(SHORT, template=path, size="square")
    assert result.template == "mine" and result.blocks[0].font_size_px == 200
    assert open_image(result.data).getpixel((5, 5))[:3] == (0, 0x33, 0x66)


def test_templates_are_sandboxed_and_strict(tmp_path: Path) -> None:
    evil = tmp_path / "evil.svg.j2"
    evil.write_text("<svg>{{ card.__class__.__mro__ }}{{ ''.__class__.__subclasses__() }}</svg>")
    with pytest.raises(TemplateError):
        render(SHORT, template=evil)
    typo = tmp_path / "typo.svg.j2"
    typo.write_text("<svg>{{ crad.title }}</svg>")
    with pytest.raises(TemplateError, match="crad"):
        render(SHORT, template=typo)


def test_the_reference_check_notices_a_changed_card() -> None:
    from .helper import REFERENCE_DIR, shrink_image

    changed = shrink_image(open_image(render(Card(title="Low Dose Naltrexone", category="IC"), template="classic")))
    reference = Image.open(REFERENCE_DIR / "classic-pinterest.png")
    assert measure_difference(changed, reference) > REFERENCE_TOLERANCE


def test_a_missing_reference_fails() -> None:
    with pytest.raises(AssertionError, match="no reference image"):
        assert_image_similar(Image.new("RGB", (8, 8)), "does-not-exist", 1.0, "none")


@pytest.mark.parametrize("template", TEMPLATES)
def test_png_compression_choices_keep_pixels_and_stay_near_pillows_size(template: str) -> None:
    fast = render_card(SEED, template=template).data
    small = render_card(SEED, template=template, png_compression="small").data
    assert len(small) < len(fast)
    assert measure_difference(open_image(fast), open_image(small)) == 0, "lossless either way"
    pillow_default = io.BytesIO()
    open_image(fast).save(pillow_default, format="PNG")
    assert len(fast) <= 1.25 * len(pillow_default.getvalue()), "no bloated files for speed"


def test_unknown_png_compression_is_refused() -> None:
    with pytest.raises(SharecardsError, match="png compression: unknown setting 'tiny'"):
        render_card(SEED, png_compression="tiny")  # type: ignore[arg-type]


def test_a_template_shows_a_logo_from_its_own_folder(tmp_path: Path) -> None:
    """<image href="logo.png"> next to the template: embedded, downscaled to the card, transparency kept."""
    folder = tmp_path / "brand"
    folder.mkdir()
    logo = Image.new("RGBA", (4000, 2000), (0, 0, 255, 255))
    logo.paste((0, 0, 0, 0), (0, 0, 2000, 2000))  # left half transparent
    logo.save(folder / "logo.png")
    (folder / "card.svg.j2").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}" data-sc-background="#ffffff">'
        '<rect width="{{ width }}" height="{{ height }}" fill="#ffffff"/>'
        '<image href="logo.png" x="0" y="0" width="{{ width }}" height="{{ width // 2 }}"/>'
        "{{ textbox(card.title, 40, height - 200, width - 80, 150) }}</svg>"
    )
    image = open_image(render(Card(title="Logo"), template=folder / "card.svg.j2", size="square"))
    assert image.getpixel((800, 200))[:3] == (0, 0, 255), "the logo's opaque half is drawn"
    assert image.getpixel((200, 200))[:3] == (255, 255, 255), "its transparent half shows the background"
    svg = render(Card(title="Logo"), template=folder / "card.svg.j2", size="square", format="svg").decode()
    assert "logo.png" not in svg
    embedded = re.search(r'href="data:image/png;base64,([^"]+)"', svg)
    assert embedded is not None, "the SVG output stands alone"
    inside = Image.open(io.BytesIO(base64.b64decode(embedded[1])))
    assert inside.size == (1080, 540), "downscaled to what a 1080x1080 card can show"
