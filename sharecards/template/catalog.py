"""Which templates exist: the built-in ones by name, a user's by path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateError
from ..resources import find_data_dir

_SUFFIXES = (".svg.j2", ".svg")
_DESCRIPTION = re.compile(r"\{#\s*(.*?)\s*#\}", re.S)


@dataclass(frozen=True)
class TemplateInfo:
    """A template: its name, file, and the first sentence of its leading comment."""

    name: str
    path: Path
    description: str = ""


def list_templates() -> list[TemplateInfo]:
    """Return the built-in templates, sorted by name."""
    folder = find_data_dir("templates")
    found = [
        _describe(path)
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name.endswith(_SUFFIXES)
    ]
    return sorted(found, key=lambda info: info.name)


def find_template(name_or_path: str | Path) -> TemplateInfo:
    """Return the built-in template called ``name_or_path``, or the file it names."""
    text = str(name_or_path)
    if text.endswith(_SUFFIXES) or "/" in text or "\\" in text:
        path = Path(text).expanduser()
        if not path.is_file():
            raise TemplateError(f"template: no file {text!r}")
        if not path.name.endswith(_SUFFIXES):
            raise TemplateError(f"template: {text!r} is not an .svg or .svg.j2 file")
        return _describe(path.resolve())
    for info in list_templates():
        if info.name == text:
            return info
    names = ", ".join(info.name for info in list_templates())
    raise TemplateError(f"template: unknown template {text!r} (built-in: {names}; or give a path)")


def _describe(path: Path) -> TemplateInfo:
    name = path.name
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    match = _DESCRIPTION.search(head)
    description = " ".join(match[1].split()).split(". ")[0].rstrip(".") if match else ""
    return TemplateInfo(name, path, description)
