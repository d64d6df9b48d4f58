"""Image comparison for the tests, after Pillow's Tests/helper.py.

References are small (a quarter of the card's size) PNGs in tests/reference/.
A missing reference fails; ``pytest --regenerate-references`` writes them.
When a comparison fails, the actual image and a difference image are saved in
tests/failures/ (ignored by git) to look at.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageStat

REFERENCE_DIR = Path(__file__).parent / "reference"
FAILURE_DIR = Path(__file__).parent / "failures"
REFERENCE_SCALE = 4


def shrink_image(image: Image.Image) -> Image.Image:
    """The image at reference scale, in RGB."""
    small = (max(1, image.width // REFERENCE_SCALE), max(1, image.height // REFERENCE_SCALE))
    return image.convert("RGB").resize(small, Image.Resampling.BOX)


def measure_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0 to 255."""
    stat = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB")))
    return sum(stat.mean) / len(stat.mean)


def assert_image_similar(
    image: Image.Image, name: str, tolerance: float, reason: str, regenerate: bool = False
) -> None:
    """Compare ``image`` (shrunk) with reference ``name``: mean difference <= ``tolerance``.

    ``reason`` says why that tolerance, and is shown on failure.
    """
    actual = shrink_image(image)
    path = REFERENCE_DIR / f"{name}.png"
    if regenerate:
        REFERENCE_DIR.mkdir(exist_ok=True)
        actual.save(path, optimize=True)
        return
    assert path.exists(), f"no reference image {path.name}: run pytest --regenerate-references and look at it"
    expected = Image.open(path).convert("RGB")
    assert actual.size == expected.size, f"{name}: size {actual.size} != reference {expected.size}"
    difference = measure_difference(actual, expected)
    if difference > tolerance:
        FAILURE_DIR.mkdir(exist_ok=True)
        actual.save(FAILURE_DIR / f"{name}.actual.png")
        ImageChops.difference(actual, expected).save(FAILURE_DIR / f"{name}.diff.png")
    assert difference <= tolerance, (
        f"{name}: mean difference {difference:.3f} > {tolerance} ({reason}); see tests/failures/"
    )
