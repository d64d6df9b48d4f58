"""Batch defaults from ``sharecards.toml`` or ``[tool.sharecards]`` in ``pyproject.toml``.

Command-line flags override the file; the file overrides the built-in defaults.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..errors import SharecardsError

KNOWN_KEYS = {
    "template", "sizes", "formats", "out", "base_url", "images_path", "map", "jobs", "drafts", "scale", "html",
    "png_compression", "image_dirs",
}

STARTER = """\
# sharecards configuration: defaults for `sharecards batch`.
# Command-line flags override these. Delete what you don't need.

# Built-in template (sharecards templates) or a path to your .svg.j2.
template = "classic"

# Size presets (sharecards sizes) or WxH, and formats: png, jpeg, webp, svg.
sizes = ["pinterest", "og"]
formats = ["png"]

# Where images and manifest.json go.
out = "static/cards"

# For --html snippets: the site's address, and where `out` is served under it.
# html = true
# base_url = "https://example.com"
# images_path = "cards"

# Which front-matter field feeds each card field, when it isn't the usual one.
# [map]
# quote = "tagline"

# Folders a post's image / cover / images field may point into (a photo for the
# `photo` template); "/img/a.jpg" is looked up in each of them. Default: ".".
# image_dirs = ["static", "content"]

# Worker processes (0 = all cores); render posts marked draft: true.
# jobs = 0
# drafts = false
"""


def load_config(path: Path | None = None, folder: Path = Path(".")) -> dict[str, Any]:
    """The settings of ``path``, or of the first config found in ``folder``."""
    if path is not None:
        return _read(path, table=None if path.name != "pyproject.toml" else ("tool", "sharecards"))
    own = folder / "sharecards.toml"
    if own.is_file():
        return _read(own, None)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        return _read(pyproject, ("tool", "sharecards"))
    return {}


def _read(path: Path, table: tuple[str, ...] | None) -> dict[str, Any]:
    try:
        data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SharecardsError(f"config: cannot read {str(path)!r} ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SharecardsError(f"config: {path.name} is not valid TOML ({error})") from None
    for key in table or ():
        data = data.get(key, {}) if isinstance(data, dict) else {}
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise SharecardsError(f"config: unknown setting(s) {', '.join(sorted(unknown))} in {path.name}")
    return dict(data)
