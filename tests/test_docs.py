"""The documentation's worked template renders as described."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sharecards import render_card

from .cards import SEED

DOCS = Path(__file__).parent.parent / "docs" / "templates.md"


def test_worked_example_renders_at_every_shape(tmp_path: Path) -> None:
    source = re.search(r"```jinja\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert source is not None
    template = tmp_path / "band.svg.j2"
    template.write_text(source[1], encoding="utf-8")
    for size in ("pinterest", "og", "square"):
        result = render_card(SEED, template=template, size=size)
        names = [block.name for block in result.blocks]
        assert names[:2] == ["category", "title"], names
        label, title = result.blocks[:2]
        assert title.top_px > label.bottom_px


def test_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    source = re.search(r"```python\n(.*?)```", readme, re.S)
    assert source is not None
    (tmp_path / "img").mkdir()
    Image.new("RGB", (64, 48), (30, 120, 60)).save(tmp_path / "img" / "garden.jpg")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(source[1], "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert isinstance(namespace["png"], bytes) and isinstance(namespace["photo"], bytes)
