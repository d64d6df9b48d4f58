"""The command line, as a user runs it: outputs, listings, and every bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from .cli_runner import invoke
from sharecards.output import make_slug

SEED_ARGS = [
    "--title", "Low Dose Naltrexone for Interstitial Cystitis",
    "--category", "Interstitial Cystitis",
    "--quote", "LDN may help some sufferers with the pain but generally seems most useful "
    "when IC occurs along other conditions, such as fibromyalgia.",
]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_render_writes_the_title_slug_by_default(in_tmp: Path) -> None:
    result = invoke(["render", *SEED_ARGS])
    assert result.exit_code == 0, result.output
    path = in_tmp / "low-dose-naltrexone-for-interstitial-cystitis.png"
    assert result.stdout.strip() == path.name
    assert Image.open(path).size == (1000, 1500)


@pytest.mark.parametrize(("name", "fmt"), [("c.jpg", "JPEG"), ("c.webp", "WEBP"), ("c.png", "PNG")])
def test_format_follows_the_output_suffix(in_tmp: Path, name: str, fmt: str) -> None:
    result = invoke(["render", "--title", "Hi", "--size", "og", "-o", name])
    assert result.exit_code == 0, result.output
    assert Image.open(in_tmp / name).format == fmt


def test_svg_format_and_scale(in_tmp: Path) -> None:
    assert invoke(["render", "-t", "Hi", "--format", "svg", "-o", "a.svg"]).exit_code == 0
    assert (in_tmp / "a.svg").read_text().startswith("<svg")
    assert invoke(["render", "-t", "Hi", "--size", "og", "--scale", "2", "-o", "b.png"]).exit_code == 0
    assert Image.open(in_tmp / "b.png").size == (2400, 1260)


def test_theme_template_and_custom_size(in_tmp: Path) -> None:
    args = ["render", "-t", "Hi", "--template", "bold", "--size", "640x320", "--background", "red", "-o", "x.png"]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    image = Image.open(in_tmp / "x.png")
    assert image.size == (640, 320) and image.getpixel((5, 315))[:3] == (255, 0, 0)


def test_truncation_warns_on_stderr(in_tmp: Path) -> None:
    result = invoke(["render", "-t", "Hi", "--quote", "word " * 110, "--size", "og", "-o", "w.png"])
    assert result.exit_code == 0
    assert "warning: quote: text cut" in result.stderr


def test_missing_glyphs_warn_and_still_render_without_strict(in_tmp: Path) -> None:
    result = invoke(["render", "-t", "Ethiopic ሰላም", "-o", "e.png"])
    assert result.exit_code == 0 and (in_tmp / "e.png").exists()
    assert "warning: title: no bundled font has 'ሰ' (U+1230)" in result.stderr


def test_lang_option_picks_cjk_forms_and_quote_marks(in_tmp: Path) -> None:
    args = ["render", "-t", "直骨の記録", "--quote", "効く", "--template", "bold", "--format", "svg"]
    japanese = invoke([*args, "--lang", "ja", "-o", "ja.svg"])
    chinese = invoke([*args, "--lang", "zh-Hans", "-o", "zh.svg"])
    assert japanese.exit_code == chinese.exit_code == 0, japanese.output + chinese.output
    assert (in_tmp / "ja.svg").read_text() != (in_tmp / "zh.svg").read_text()


@pytest.mark.parametrize(("listing", "names"), [("templates", {"classic", "bold", "photo"}), ("sizes", {"pinterest", "og", "twitter", "square", "portrait", "story"})])
def test_listings_as_json(listing: str, names: set[str]) -> None:
    result = invoke([listing, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and names <= {item["name"] for item in data}


def test_version_and_help() -> None:
    assert invoke(["--version"]).stdout.startswith("sharecards ")
    for command in ("render", "batch", "init", "merge", "templates", "sizes"):
        result = invoke([command, "--help"])
        assert result.exit_code == 0 and f"usage: sharecards {command}" in result.stdout
    bare = invoke([])
    assert bare.exit_code == 2 and "render" in bare.stdout


def test_usage_errors_are_one_line_and_exit_2() -> None:
    for args, message in [
        (["render"], "render: the following arguments are required: --title"),
        (["render", "-t", "x", "--scale", "big"], "render: argument --scale: invalid float value: 'big'"),
        (["render", "-t", "x", "--png-compression", "tiny"], "render: argument --png-compression: invalid choice"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ]:
        result = invoke(args)
        lines = result.stderr.strip().splitlines()
        assert result.exit_code == 2 and len(lines) == 1 and message in lines[0], result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", ""], "title: must not be empty"),
        (["--title", "   "], "title: must not be empty"),
        (["--title", "x", "--template", "nope"], "template: unknown template 'nope'"),
        (["--title", "x", "--size", "huge"], "size: unknown size 'huge'"),
        (["--title", "x", "--size", "100000x100000"], "size: 100000x100000 is out of range"),
        (["--title", "x", "--scale", "50"], "scale: 50.0 is out of range"),
        (["--title", "x", "--accent", "blurple"], "accent: 'blurple' is not a colour"),
        (["--title", "x", "--background-image", "missing.jpg"], "background image: no file 'missing.jpg'"),
        (["--title", "x", "--background-image", "not-an-image.png"], "is not a PNG, JPEG or WebP image"),
        (["--title", "x", "--background-image", "/etc/hostname"], "is outside the allowed image folders"),
        (["--title", "x", "--background-image", "../outside.png"], "is outside the allowed image folders"),
        (["--title", "x", "--format", "gif"], "format: unknown format 'gif'"),
        (["--title", "x", "-o", "card.bmp"], "cannot tell the format"),
        (["--title", "x", "-o", "blocked/card.png"], "output: cannot write"),
        (["--title", "x" * 5000], "title: too long"),
        (["--title", "Ethiopic ሰላም", "--strict"], "title: no bundled font has 'ሰ' (U+1230)"),
        (["--title", "x", "--lang", "not a tag!"], "lang: 'not a tag!' is not a language tag"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(in_tmp: Path, args: list[str], message: str) -> None:
    (in_tmp / "not-an-image.png").write_text("hello")
    (in_tmp / "blocked").write_text("a file where a folder should be")
    before = sorted(p.name for p in in_tmp.iterdir())
    result = invoke(["render", *args])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    assert sorted(p.name for p in in_tmp.iterdir()) == before


def test_the_installed_command_exits_2_without_a_traceback(in_tmp: Path) -> None:
    env = dict(os.environ, COLUMNS="200")
    done = subprocess.run(
        [sys.executable, "-m", "sharecards", "render", "--title", "x", "--size", "0x0"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "sharecards: error: size: 0x0 is out of range (each side 16 to 4096 px)"


def test_slugs() -> None:
    assert make_slug("Ça va? Naïve café!") == "ca-va-naive-cafe"
    assert make_slug("膀胱炎").startswith("card-")


def test_image_dir_allows_a_background_image_from_another_folder(in_tmp: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from PIL import Image

    photos = tmp_path_factory.mktemp("photos")
    Image.new("RGB", (30, 20), (0, 150, 0)).save(photos / "garden.png")
    refused = invoke(["render", "-t", "x", "--template", "photo", "--background-image", str(photos / "garden.png")])
    assert refused.exit_code == 2 and "outside the allowed image folders" in refused.stderr
    allowed = invoke(["render", "-t", "x", "--template", "photo", "--background-image", str(photos / "garden.png"),
                      "--image-dir", str(photos), "-o", "garden.png"])
    assert allowed.exit_code == 0, allowed.stderr
    red, green, _ = Image.open(in_tmp / "garden.png").getpixel((500, 100))[:3]
    assert green > 100 > red
