"""Batch runs: caching, editing one post, shards, pruning, errors that don't stop the rest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sharecards.batch.run import BatchOptions, run_batch

SITE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SITE / "jekyll", copy / "jekyll")
    shutil.copytree(SITE / "hugo", copy / "hugo")
    shutil.copytree(SITE / "pelican", copy / "pelican")
    return copy


def options(out: Path, **overrides: object) -> BatchOptions:
    base: dict[str, object] = dict(out_dir=out, sizes=("pinterest", "og"), jobs=2)
    base.update(overrides)
    return BatchOptions(**base)  # type: ignore[arg-type]


def test_second_run_renders_nothing_and_one_edit_renders_one_post(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch([site], options(out))
    assert (first.rendered, first.unchanged, first.failed) == (6, 0, [])
    second = run_batch([site], options(out))
    assert (second.rendered, second.unchanged) == (0, 6)
    post = site / "hugo" / "content" / "posts" / "quercetin.md"
    post.write_text(post.read_text().replace("Quercetin and the Bladder", "Quercetin, Revisited"))
    third = run_batch([site], options(out))
    assert (third.rendered, third.unchanged) == (2, 4)
    manifest = json.loads((out / "manifest.json").read_text())
    paths = {entry["path"] for entry in manifest["cards"]}
    assert paths == {p.name for p in out.glob("*.png")} and len(paths) == 6
    entry = next(e for e in manifest["cards"] if e["path"] == "quercetin-bladder-og.png")
    assert entry["width"] == 1200 and entry["bytes"] == (out / entry["path"]).stat().st_size
    assert entry["alt"].startswith("Supplements: Quercetin, Revisited")


def test_a_deleted_output_is_rendered_again(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([site], options(out, jobs=1))
    (out / "marshmallow-og.png").unlink()
    assert run_batch([site], options(out, jobs=1)).rendered == 1


def test_deleted_posts_are_reported_and_pruned(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([site], options(out))
    shutil.rmtree(site / "pelican")
    report = run_batch([site], options(out))
    assert report.stale == ["marshmallow-og.png", "marshmallow-pinterest.png"] and report.pruned == []
    assert (out / "marshmallow-og.png").exists()
    pruned = run_batch([site], options(out, prune=True))
    assert pruned.pruned == ["marshmallow-og.png", "marshmallow-pinterest.png"]
    assert not (out / "marshmallow-og.png").exists()


def test_shards_cover_everything_once(site: Path, tmp_path: Path) -> None:
    whole = {e["path"] for e in run_batch([site], options(tmp_path / "all", jobs=1)).entries}
    parts = [
        {e["path"] for e in run_batch([site], options(tmp_path / f"s{k}", jobs=1, shard=(k, 3))).entries}
        for k in (1, 2, 3)
    ]
    assert set().union(*parts) == whole
    assert sum(len(p) for p in parts) == len(whole)


def test_broken_posts_are_reported_and_the_rest_render(tmp_path: Path) -> None:
    report = run_batch([SITE], options(tmp_path / "out", sizes=("og",)))
    sources = sorted(Path(p.source).name for p in report.failed)
    assert sources == ["bad-front-matter.md", "latin1.md", "no-title.md"]
    assert report.rendered == 4  # jekyll, hugo, eleventy, pelican; the draft is skipped
