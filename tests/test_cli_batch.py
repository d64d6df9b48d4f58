"""`sharecards batch`, `init` and `merge` as a build pipeline runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .cli_runner import invoke

SITE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SITE / "hugo", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_config_file_gives_defaults_and_flags_override(in_tmp: Path) -> None:
    assert invoke(["init"]).exit_code == 0
    assert "sizes" in (in_tmp / "sharecards.toml").read_text()
    assert invoke(["init"]).exit_code == 2  # no overwrite without --force
    (in_tmp / "sharecards.toml").write_text('sizes = ["og"]\nout = "public/cards"\n[map]\nquote = "title"\n')
    result = invoke(["batch", "content"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1 rendered, 0 unchanged, 0 failed"
    assert (in_tmp / "public/cards/quercetin-bladder-og.png").exists()
    result = invoke(["batch", "content", "--sizes", "square", "--out", "other"])
    assert (in_tmp / "other/quercetin-bladder-square.png").exists()


def test_pyproject_tool_table_is_read(in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.sharecards]\nsizes = ["twitter"]\n')
    assert invoke(["batch", "content"]).exit_code == 0
    assert (in_tmp / "cards/quercetin-bladder-twitter.png").exists()


def test_config_image_dirs_let_front_matter_name_a_photo(in_tmp: Path) -> None:
    from PIL import Image

    (in_tmp / "static" / "img").mkdir(parents=True)
    Image.new("RGB", (30, 20), (0, 150, 0)).save(in_tmp / "static" / "img" / "green.png")
    post = in_tmp / "content" / "content" / "posts" / "quercetin.md"
    post.write_text(post.read_text().replace("+++\n", '+++\nimage = "/img/green.png"\n', 1))
    (in_tmp / "sharecards.toml").write_text('template = "photo"\nsizes = ["square"]\npng_compression = "small"\n')
    refused = invoke(["batch", "content"])  # default image folder ".": /img/green.png is ./img/green.png, not there
    assert refused.exit_code == 1 and "background image: no file" in refused.stdout + refused.stderr
    (in_tmp / "sharecards.toml").write_text('template = "photo"\nsizes = ["square"]\nimage_dirs = ["static"]\n')
    result = invoke(["batch", "content"])
    assert result.exit_code == 0, result.stdout + result.stderr
    red, green, _ = Image.open(in_tmp / "cards" / "quercetin-bladder-square.png").getpixel((540, 100))[:3]
    assert green > 100 > red


def test_bad_config_is_one_line_exit_2(in_tmp: Path) -> None:
    (in_tmp / "sharecards.toml").write_text("colour = 'red'\n")
    result = invoke(["batch", "content"])
    assert result.exit_code == 2 and "config: unknown setting(s) colour" in result.stderr


def test_failed_posts_give_exit_1_with_file_field_and_reason(in_tmp: Path) -> None:
    shutil.copytree(SITE / "broken", in_tmp / "content" / "broken")
    result = invoke(["batch", "content", "--sizes", "og"])
    assert result.exit_code == 1
    assert "no-title.md: title: missing or empty" in result.stderr
    assert result.stdout.strip() == "1 rendered, 0 unchanged, 3 failed"


def test_merge_joins_shard_manifests(in_tmp: Path) -> None:
    shutil.copytree(SITE / "jekyll", in_tmp / "content" / "jekyll")
    for k in (1, 2):
        assert invoke(["batch", "content", "--sizes", "og,square", "--shard", f"{k}/2", "--out", f"s{k}"]).exit_code == 0
    result = invoke(["merge", "s1/manifest.json", "s2/manifest.json", "-o", "all/manifest.json"])
    assert result.exit_code == 0, result.output
    cards = json.loads((in_tmp / "all/manifest.json").read_text())["cards"]
    assert len(cards) == 4 and len({c["path"] for c in cards}) == 4
    assert invoke(["batch", "content", "--shard", "3/2"]).exit_code == 2
