"""Per-card benchmark: sharecards beside its baselines, measured in one run.

    python benchmarks/render.py [--runs 31] [--only warm,sizes,formats,scale,cold]

Prints, each as a median over ``--runs`` interleaved runs and as a ratio to
its baseline (lower is better):

1. warm: the seed's pin through ``sharecards.render(...)`` to PNG bytes, against
   Pillow drawing the same three texts (FreeType, greedy wrapping, the same
   fonts and sizes) and saving with ``Image.save(format="PNG")`` at defaults;
   with sharecards' stage timings (layout+template, raster, encode);
2. PNG size: sharecards' default PNG against Pillow's default settings for the
   same pixels, for each built-in template; and ``--png-compression small``;
3. JPEG and WebP time against sharecards' default PNG;
4. cold: ``sharecards render`` as a whole process against
   ``python -c "import cairosvg"``;
5. scale: a 300-character title against a 3-word one.

Batch throughput and memory are benchmarks/batch.py.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sharecards import Card, render_card
from sharecards.render import _fill, clean_card, find_background_rgb, find_template, parse_size
from sharecards.raster.draw import rasterize_svg
from sharecards.raster.encode import encode_image
from sharecards.text.fonts import bundled_fonts

SEED = Card(
    title="Low Dose Naltrexone for Interstitial Cystitis",
    category="Interstitial Cystitis",
    quote="LDN may help some sufferers with the pain but generally seems most useful when IC occurs "
    "along other conditions, such as fibromyalgia.",
    site_name="healthyhildegard.com",
)
LONG_TITLE = ("Low dose naltrexone, quercetin and a bladder-friendly diet: what twelve weeks taught me " * 4)[:300]


def median_ms(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def side_by_side(a: Callable[[], object], b: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median ms of ``a`` and ``b``, run alternately so that noise hits both alike."""
    a(), b()
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(median_ms(a, 1))
        times_b.append(median_ms(b, 1))
    return statistics.median(times_a), statistics.median(times_b)


def pillow_baseline() -> bytes:
    """What a hand-written Pillow card does: fill, draw wrapped text, save a PNG."""
    fonts = bundled_fonts()
    image = Image.new("RGB", (1000, 1500), "#f6f1e9")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 1410, 1000, 1500), fill="#1f2430")
    for text, face, size, top in (
        (SEED.category.upper(), fonts.find_face("sans", 600), 30, 110),  # type: ignore[union-attr]
        (SEED.title, fonts.find_face("serif", 700), 105, 200),
        (SEED.quote, fonts.find_face("serif", 400, italic=True), 48, 900),
        (SEED.site_name.upper(), fonts.find_face("sans", 600), 26, 1440),  # type: ignore[union-attr]
    ):
        font = ImageFont.truetype(str(face.path), size)
        for number, line in enumerate(_wrap(draw, text, font, 840)):
            draw.text((80, top + number * size * 1.1), line, font=font, fill="#1f2430")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def report_warm(runs: int) -> None:
    ours, pillow = side_by_side(lambda: render_card(SEED), pillow_baseline, runs)
    print(f"1. warm pin PNG     sharecards {ours:6.1f} ms   Pillow baseline {pillow:6.1f} ms   ratio {ours / pillow:.2f} (target <= 0.90)")
    card, info, size = clean_card(SEED), find_template("classic"), parse_size("pinterest")
    filled = _fill(info, card, size, 1, ())
    background = find_background_rgb(filled.svg)
    image = rasterize_svg(filled.svg, filled.blocks, 1000, 1500, background)
    fill = median_ms(lambda: _fill(info, card, size, 1, ()), runs)
    raster = median_ms(lambda: rasterize_svg(filled.svg, filled.blocks, 1000, 1500, background), runs)
    encode = median_ms(lambda: encode_image(image, "png"), runs)
    svg = median_ms(lambda: render_card(SEED, format="svg"), runs)
    print(f"   stages: template+layout {fill:.1f} ms, raster {raster:.1f} ms, PNG encode {encode:.1f} ms; whole SVG output {svg:.1f} ms")


def report_sizes() -> None:
    for template in ("classic", "bold", "photo"):
        ours = render_card(SEED, template=template).data
        small = render_card(SEED, template=template, png_compression="small").data
        buffer = io.BytesIO()
        Image.open(io.BytesIO(ours)).save(buffer, format="PNG")
        pillow = len(buffer.getvalue())
        print(
            f"2. PNG size {template:8} fast {len(ours):7,} B  small {len(small):7,} B  Pillow default {pillow:7,} B"
            f"   ratio fast {len(ours) / pillow:.3f} (target <= 1.25), small {len(small) / pillow:.3f}"
        )


def report_formats(runs: int) -> None:
    for fmt in ("jpeg", "webp"):
        other, png = side_by_side(lambda: render_card(SEED, format=fmt), lambda: render_card(SEED), runs)  # noqa: B023
        print(f"3. {fmt:4} {other:6.1f} ms   default PNG {png:6.1f} ms   ratio {other / png:.2f} (target <= 1.00)")


def report_cold(runs: int) -> None:
    """Cold starts as an installed sharecards has them: byte-compiled, with its cache folder.

    pip byte-compiles what it installs; a checkout run with
    PYTHONDONTWRITEBYTECODE would compile every module on every start, so the
    package is compiled first. The first run on a machine (no cache folder
    yet) parses cairo's declarations as plain cairocffi does; it is shown too.
    """
    import compileall
    import os

    import sharecards

    compileall.compile_dir(str(Path(sharecards.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        output = str(Path(folder) / "pin.png")
        ours_cmd = [sys.executable, "-m", "sharecards", "render", "--title", SEED.title, "--category",
                    str(SEED.category), "--quote", str(SEED.quote), "--site-name", str(SEED.site_name), "-o", output]
        base_cmd = [sys.executable, "-c", "import cairosvg"]
        kept = dict(os.environ, SHARECARDS_CACHE_DIR=str(Path(folder) / "cache"))
        first = dict(os.environ, SHARECARDS_CACHE_DIR="")
        ours, base = side_by_side(
            lambda: subprocess.run(ours_cmd, check=True, stdout=subprocess.DEVNULL, env=kept),
            lambda: subprocess.run(base_cmd, check=True),
            max(5, runs // 3),
        )
        uncached, base_again = side_by_side(
            lambda: subprocess.run(ours_cmd, check=True, stdout=subprocess.DEVNULL, env=first),
            lambda: subprocess.run(base_cmd, check=True),
            max(5, runs // 6),
        )
    print(f"4. cold CLI render  sharecards {ours:6.0f} ms   import cairosvg {base:6.0f} ms   ratio {ours / base:.2f} (target <= 1.20)")
    print(f"   first run, no cache folder yet: {uncached:6.0f} ms   import cairosvg {base_again:6.0f} ms   ratio {uncached / base_again:.2f}")


def report_scale(runs: int) -> None:
    long, short = side_by_side(
        lambda: render_card(Card(title=LONG_TITLE, site_name="x.io"), format="png"),
        lambda: render_card(Card(title="Pin it later", site_name="x.io"), format="png"),
        runs,
    )
    print(f"5. 300-char title {long:6.1f} ms   3-word title {short:6.1f} ms   ratio {long / short:.2f} (target <= 2.00)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--only", help="Comma-separated figures to run: warm, sizes, formats, scale, cold.")
    args = parser.parse_args()
    reports: dict[str, Callable[[], None]] = {
        "warm": lambda: report_warm(args.runs),
        "sizes": report_sizes,
        "formats": lambda: report_formats(args.runs),
        "scale": lambda: report_scale(args.runs),
        "cold": lambda: report_cold(args.runs),
    }
    chosen = args.only.split(",") if args.only else list(reports)
    for name in chosen:
        if name not in reports:
            parser.error(f"--only: no figure called {name!r}; choose from {', '.join(reports)}")
        reports[name]()


if __name__ == "__main__":
    main()
