"""Reading a site's posts: every convention, and the broken files."""

from __future__ import annotations

from pathlib import Path

from sharecards.batch.posts import FieldMap, PostCard, make_post_card
from sharecards.batch.sources import scan_sources

SITE = Path(__file__).parent / "fixtures" / "site"


def cards_by_slug(drafts: bool = False, field_map: FieldMap | None = None) -> tuple[dict[str, PostCard], list[str]]:
    scan = scan_sources([SITE])
    scan_records = scan_sources(sorted((SITE / "records").iterdir()))
    cards: dict[str, PostCard] = {}
    problems = [f"{p.source}: {p.field}: {p.reason}" for p in scan.problems + scan_records.problems]
    for post in scan.posts + scan_records.posts:
        made = make_post_card(post, field_map or FieldMap(), drafts)
        if isinstance(made, PostCard):
            cards[made.slug] = made
        elif made is not None:
            problems.append(f"{made.source}: {made.field}: {made.reason}")
    return cards, problems


def test_jekyll_post() -> None:
    card = cards_by_slug()[0]["low-dose-naltrexone"].card
    assert card.title == "Low Dose Naltrexone for Interstitial Cystitis"
    assert card.category == "Interstitial Cystitis"
    assert card.quote is not None and card.quote.startswith("LDN may help")
    assert card.author == "Hildegard"


def test_hugo_toml_front_matter_and_slug() -> None:
    post = cards_by_slug()[0]["quercetin-bladder"]
    assert post.card.category == "Supplements" and post.card.quote.startswith("A flavonoid")  # type: ignore[union-attr]
    assert post.date == "2024-04-02"


def test_eleventy_tags_string_and_first_blockquote() -> None:
    card = cards_by_slug()[0]["diet"].card
    assert card.category == "diet"
    assert card.quote == "The first blockquote is the pull-quote when no field names one, even across two lines."


def test_pelican_metadata_lines() -> None:
    card = cards_by_slug()[0]["marshmallow"].card
    assert (card.title, card.category) == ("Marshmallow Root Tea", "Herbs")
    assert card.quote == "A soothing tea that coats the bladder lining."


def test_drafts_are_skipped_unless_asked() -> None:
    assert "draft" not in cards_by_slug()[0]
    drafted = cards_by_slug(drafts=True)[0]["draft"]
    assert drafted.card.category == "Drafts" and drafted.card.author == "Hildegard"


def test_csv_and_json_records_and_field_map() -> None:
    cards = cards_by_slug(field_map=FieldMap.parse(["quote=tagline"]))[0]
    assert cards["aloe"].card.quote == "Soothing from the inside."
    assert cards["tricky"].card.title == 'Commas, "quotes" and more'
    assert cards["pelvic-floor"].card.category == "Therapy"


def test_broken_files_are_reported_with_file_field_and_reason() -> None:
    problems = cards_by_slug()[1]
    assert any("bad-front-matter.md: front matter: broken front matter" in p for p in problems)
    assert any("no-title.md: title: missing or empty" in p for p in problems)
    assert any("latin1.md: None: not UTF-8" in p for p in problems)
    assert any("posts.json#1: title: missing or empty" in p for p in problems)
    assert len(problems) == 4, problems


def test_front_matter_lang_reaches_the_card_and_is_otherwise_detected(tmp_path: Path) -> None:
    (tmp_path / "ja.md").write_text("---\ntitle: 膀胱炎の記録\nlocale: ja_JP\n---\n本文\n", encoding="utf-8")
    (tmp_path / "he.md").write_text("---\ntitle: שלום עולם\n---\n", encoding="utf-8")
    scan = scan_sources([tmp_path])
    made = {Path(p.source).name: make_post_card(p, FieldMap(), False) for p in scan.posts}
    japanese, hebrew = made["ja.md"], made["he.md"]
    assert isinstance(japanese, PostCard) and japanese.card.lang == "ja-JP"
    assert isinstance(hebrew, PostCard) and hebrew.card.lang is None  # detected when rendered
    from sharecards import render_card

    title = next(b for b in render_card(hebrew.card, format="svg").blocks if b.name == "title")
    assert title.rtl
