"""Batch runs: caching, editing one post, shards, pruning, errors that don't stop the rest."""

from __future__ import annotations

import json
import shutil
import subprocess
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


def test_html_snippet_parses_and_encodes_its_urls(tmp_path: Path) -> None:
    from html.parser import HTMLParser
    from urllib.parse import parse_qs, urlsplit

    site = tmp_path / "site"
    site.mkdir()
    (site / "tricky.md").write_text(
        '---\ntitle: "Fish & Chips <b>\\"quoted\\"</b>"\nurl: /blog/fish & chips/\n'
        "description: Crispy, golden & hot.\n---\n"
    )
    out = tmp_path / "cards"
    run_batch([site], options(out, sizes=("pinterest", "og", "twitter"), html=True, base_url="https://example.com"))
    html = (out / "fish-chips.html").read_text()

    found: dict[str, str] = {}
    links: list[str] = []
    images: list[dict[str, str | None]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "meta":
                found[str(a.get("property") or a.get("name"))] = str(a["content"])
            elif tag == "a":
                links.append(str(a["href"]))
            elif tag == "img":
                images.append(a)

    Collect().feed(html)
    assert found["og:image"] == "https://example.com/cards/fish-chips-og.png"
    assert (found["og:image:width"], found["og:image:height"]) == ("1200", "630")
    assert found["twitter:card"] == "summary_large_image"
    assert found["twitter:image"].endswith("fish-chips-twitter.png")
    assert found["og:image:alt"].startswith('Fish & Chips <b>"quoted"</b>')
    assert images[0]["src"] == "https://example.com/cards/fish-chips-pinterest.png"
    save = urlsplit(links[0])
    assert (save.scheme, save.netloc, save.path) == ("https", "www.pinterest.com", "/pin/create/button/")
    query = parse_qs(save.query)
    assert query["url"] == ["https://example.com/blog/fish%20&%20chips/"] or query["url"] == [
        "https://example.com/blog/fish%20%26%20chips/"
    ]
    assert query["media"] == ["https://example.com/cards/fish-chips-pinterest.png"]
    assert query["description"][0].startswith('Fish & Chips <b>"quoted"</b> \u2014 Crispy')
    assert "&" not in save.query.split("description=")[1]  # every value percent-encoded
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["posts"]["fish-chips"]["pin"]["save_url"] == links[0]


def start_real_batch(tmp_path: Path, posts: int, until_cards: int) -> tuple[Path, Path, subprocess.Popen[bytes]]:
    """Start ``sharecards batch`` (2 sizes, 2 workers) in its own session; return once it has written some cards."""
    import sys
    import time

    site = tmp_path / "site"
    site.mkdir()
    for number in range(posts):
        (site / f"post-{number:02}.md").write_text(f"---\ntitle: Post {number} on pelvic health\n---\n")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sharecards", "batch", str(site), "--out", str(out), "--sizes", "pinterest,og", "-j", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.png"))) < until_cards:
        time.sleep(0.01)
    return site, out, process


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_interrupted_batch_leaves_whole_files_and_a_valid_manifest(tmp_path: Path, signal_name: str) -> None:
    import os
    import signal

    from PIL import Image

    site, out, process = start_real_batch(tmp_path, 40, until_cards=6)
    process.send_signal(getattr(signal, signal_name))
    assert process.wait(timeout=60) == 130
    made = sorted(out.glob("*.png"))
    assert 6 <= len(made) < 80, "interrupted mid-run"
    for path in made:
        with Image.open(path) as image:
            image.load()  # whole files only
    assert not list(out.glob(".*.part"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert {e["path"] for e in manifest["cards"]} <= {p.name for p in made}
    rerun = run_batch([site], options(out))
    assert rerun.unchanged == len(manifest["cards"]) and rerun.unchanged + rerun.rendered == 80
    assert os.path.exists(out / "post-39-og.png")


def test_front_matter_overrides_template_theme_sizes_and_skip(tmp_path: Path) -> None:
    from PIL import Image

    site = tmp_path / "site"
    site.mkdir()
    (site / "red.md").write_text(
        "---\ntitle: Red\nsharecards:\n  template: bold\n  theme: {background: '#ff0000'}\n  sizes: [square]\n---\n"
    )
    (site / "hidden.md").write_text("---\ntitle: Hidden\nsharecards: {skip: true}\n---\n")
    report = run_batch([site], options(tmp_path / "out"))
    assert [e["path"] for e in report.entries] == ["red-square.png"]
    with Image.open(tmp_path / "out" / "red-square.png") as image:
        assert image.size == (1080, 1080) and image.getpixel((5, 1075))[:3] == (255, 0, 0)


def test_a_second_batch_on_the_same_folder_is_refused_while_the_first_runs(site: Path, tmp_path: Path) -> None:
    from sharecards.batch.run import lock_output_folder
    from sharecards.errors import SharecardsError

    out = tmp_path / "out"
    out.mkdir()
    with lock_output_folder(out):  # stands for a batch in progress
        with pytest.raises(SharecardsError, match="another sharecards batch is writing to"):
            run_batch([site], options(out))
        assert not list(out.glob("*.png")), "the refused batch wrote nothing"
    assert run_batch([site], options(out)).rendered > 0, "the lock is gone with its holder"


def test_a_card_over_its_time_limit_is_that_cards_error_and_the_batch_goes_on(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sharecards.batch.run as run

    monkeypatch.setattr(run, "CARD_TIME_LIMIT_S", 1e-6)
    report = run_batch([site], options(tmp_path / "out", jobs=1))
    assert report.rendered == 0 and report.failed
    assert all("took over" in problem.reason for problem in report.failed if "/" in problem.reason)
    monkeypatch.setattr(run, "CARD_TIME_LIMIT_S", 20.0)
    assert run_batch([site], options(tmp_path / "out", jobs=1)).rendered > 0


def test_a_card_over_its_memory_limit_is_that_cards_error_and_the_batch_goes_on(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card that asks for 3 GiB fails in its worker (2 GiB address space); the others are written.

    The allocation is calloc'd and never touched, so without the limit it
    would simply succeed and this card would render: the test would fail.
    """
    import sharecards.batch.run as run

    real_render = run.render_card

    def greedy_render(card: object, *args: object, **kwargs: object) -> object:
        if "Marshmallow" in card.title:  # type: ignore[attr-defined]
            hoard = bytearray(3 * 1024**3)
            del hoard
        return real_render(card, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "render_card", greedy_render)  # workers are forked: they inherit it
    report = run_batch([site], options(tmp_path / "out", jobs=2))
    assert report.rendered == 4, [problem.reason for problem in report.failed]
    assert len(report.failed) == 2
    assert all("memory limit" in problem.reason for problem in report.failed)
    assert not list((tmp_path / "out").glob("marshmallow*"))


def wait_for_workers_to_die(out: Path) -> None:
    """Killed workers hold the folder's lock until the kernel has reaped them (milliseconds)."""
    import time

    from sharecards.batch.run import lock_output_folder
    from sharecards.errors import SharecardsError

    deadline = time.monotonic() + 20
    while True:
        try:
            with lock_output_folder(out):
                return
        except SharecardsError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.mark.parametrize("kill_after_cards", [3, 17])
def test_kill_9_mid_batch_then_rerun_gives_the_complete_correct_set(tmp_path: Path, kill_after_cards: int) -> None:
    import os
    import signal

    from PIL import Image

    site, out, process = start_real_batch(tmp_path, 30, until_cards=kill_after_cards)
    os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers, with no chance to clean up
    process.wait(timeout=30)
    wait_for_workers_to_die(out)
    rerun = run_batch([site], options(out))
    assert rerun.rendered + rerun.unchanged == 60 and not rerun.failed
    assert not list(out.glob(".*.part"))
    fresh = tmp_path / "fresh"
    run_batch([site], options(fresh))
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["cards"]) == 60
    for entry in manifest["cards"]:
        data = (out / entry["path"]).read_bytes()
        with Image.open(out / entry["path"]) as image:
            image.load()
        assert data == (fresh / entry["path"]).read_bytes(), f"{entry['path']} is the same card a clean run makes"


def write_post(folder: Path, name: str, image: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\ntitle: {name}\nimage: {image}\n---\nBody.\n")


def test_front_matter_images_are_read_only_from_the_image_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A post names its photo; a hostile one names a file outside the site and fails alone."""
    from PIL import Image

    site = tmp_path / "site"
    (site / "static" / "img").mkdir(parents=True)
    (site / "content").mkdir()
    Image.new("RGB", (60, 40), (0, 160, 0)).save(site / "static" / "img" / "green.png")
    Image.new("RGB", (60, 40), (0, 0, 200)).save(site / "content" / "blue.png")
    secret = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), "red").save(secret)
    posts = site / "content"
    write_post(posts, "rooted.md", "/img/green.png")  # site-root style, looked up in the image folders
    write_post(posts, "bundle.md", "blue.png")  # next to the post
    write_post(posts, "remote.md", "https://cdn.example.com/a.png")  # a URL: not fetched, no photo
    write_post(posts, "escape.md", "../../secret.png")
    write_post(posts, "absolute.md", str(secret))  # "/…" is the site's root: static/tmp/…, which is not there
    monkeypatch.chdir(site)
    report = run_batch([posts], options(tmp_path / "out", template="photo", sizes=("square",), jobs=1,
                                         image_dirs=(site / "static", site / "content")))
    assert report.rendered == 3
    failed = {Path(problem.source).name: problem.reason for problem in report.failed}
    assert set(failed) == {"escape.md", "absolute.md"}
    assert "is outside the allowed image folders" in failed["escape.md"]
    assert "background image: no file" in failed["absolute.md"]
    centre = {name: Image.open(tmp_path / "out" / f"{name}-square.png").getpixel((540, 200))[:3] for name in ("rooted", "bundle", "remote")}
    assert centre["rooted"][1] > 100 > centre["rooted"][0], "the green photo is the background"
    assert centre["bundle"][2] > 100 > centre["bundle"][1], "the blue photo is the background"
    assert max(centre["remote"]) < 100, "no photo: the template's dark gradient"
