"""Batch sources: posts from Markdown front matter, CSV and JSON/JSONL files.

Each source yields :class:`Post` records: where the post came from and its raw
fields. Turning fields into a :class:`~sharecards.card.Card` (field mapping,
pull-quote lookup) is :mod:`sharecards.batch.posts`' job; a problem with one
file becomes a :class:`SourceProblem` so that every other post still renders.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
RECORD_SUFFIXES = (".csv", ".json", ".jsonl", ".ndjson")
MAX_SOURCE_BYTES = 20_000_000

_YAML_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
# Pelican's own Markdown metadata: "Key: value" lines up to the first blank line.
_PELICAN_HEADER = re.compile(r"\A\ufeff?(?:[A-Za-z][A-Za-z_-]*:[ \t].*\r?\n)+(?:\r?\n|\Z)")
_PELICAN_LINE = re.compile(r"^([A-Za-z][A-Za-z_-]*):[ \t](.*)$", re.M)
_TOML_FRONT = re.compile(r"\A\ufeff?\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*\r?$\n?", re.S | re.M)


@dataclass(frozen=True)
class Post:
    """One post: its source (file, or file#record), fields and body text."""

    source: str
    fields: dict[str, Any]
    body: str = ""


@dataclass(frozen=True)
class SourceProblem:
    """A file or record that could not be read, and why."""

    source: str
    reason: str
    field: str | None = None


@dataclass
class SourceScan:
    posts: list[Post] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)


def scan_sources(paths: list[Path]) -> SourceScan:
    """Read every post under ``paths`` (files or folders), in a stable order."""
    scan = SourceScan()
    for path in _list_files(paths):
        try:
            for item in _read_file(path):
                (scan.problems if isinstance(item, SourceProblem) else scan.posts).append(item)
        except _Unreadable as problem:
            scan.problems.append(SourceProblem(str(path), str(problem)))
    return scan


class _Unreadable(Exception):
    pass


def _list_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in MARKDOWN_SUFFIXES
                    and not any(_is_skipped_dir(part) for part in p.relative_to(path).parts[:-1])
                )
            )
        else:
            found.append(path)
    return found


_BUILD_DIRS = frozenset({"_site", "_build", "node_modules", "__pycache__"})


def _is_skipped_dir(name: str) -> bool:
    """Hidden folders and build outputs; Jekyll's ``_posts`` and ``_drafts`` stay."""
    return name.startswith(".") or name in _BUILD_DIRS


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise _Unreadable(f"larger than {MAX_SOURCE_BYTES // 1_000_000} MB")
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unreadable(f"not UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise _Unreadable(f"cannot read ({error.strerror})") from None


def _read_file(path: Path) -> Iterator[Post | SourceProblem]:
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        yield read_markdown(str(path), _read_text(path))
    elif suffix == ".csv":
        yield from read_csv(str(path), _read_text(path))
    elif suffix == ".json":
        yield from read_json(str(path), _read_text(path))
    elif suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(str(path), _read_text(path))
    else:
        raise _Unreadable(f"unknown kind of source {suffix or '(no suffix)'!r}")


def read_markdown(source: str, text: str) -> Post | SourceProblem:
    """A Markdown post with YAML (``---``) or TOML (``+++``) front matter."""
    for pattern, parse in ((_YAML_FRONT, _parse_yaml), (_TOML_FRONT, tomllib.loads)):
        match = pattern.match(text)
        if match:
            try:
                fields = parse(match[1])
            except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
                reason = " ".join(str(error).split())
                return SourceProblem(source, f"broken front matter: {reason}", "front matter")
            if not isinstance(fields, dict):
                return SourceProblem(source, "front matter is not a mapping", "front matter")
            return Post(source, fields, text[match.end():])
    pelican = _PELICAN_HEADER.match(text)
    if pelican:
        fields = {m[1].strip().lower(): m[2].strip() for m in _PELICAN_LINE.finditer(pelican[0])}
        return Post(source, fields, text[pelican.end():])
    return SourceProblem(source, "no front matter (---, +++ or Pelican's Key: value lines) at the top", "front matter")


def _parse_yaml(text: str) -> Any:
    # Dates stay strings: a card shows them, it does not compute with them.
    return yaml.load(text, Loader=_StringDateLoader)  # noqa: S506 - SafeLoader subclass


class _StringDateLoader(yaml.SafeLoader):
    pass


_StringDateLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def read_csv(source: str, text: str) -> Iterator[Post | SourceProblem]:
    """One post per row; the header row names the fields."""
    try:
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            fields = {key.strip(): value for key, value in row.items() if key is not None and value not in (None, "")}
            yield Post(f"{source}#row{number}", fields)
    except csv.Error as error:
        yield SourceProblem(source, f"broken CSV: {error}")


def read_json(source: str, text: str) -> Iterator[Post | SourceProblem]:
    """A JSON array of objects (or an object with a ``posts`` array)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield SourceProblem(source, f"broken JSON: {error.msg} at line {error.lineno}")
        return
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        data = data["posts"]
    if not isinstance(data, list):
        yield SourceProblem(source, "JSON must be an array of objects, or {\"posts\": [...]}")
        return
    for index, record in enumerate(data):
        yield _record(f"{source}#{index}", record)


def read_jsonl(source: str, text: str) -> Iterator[Post | SourceProblem]:
    """One JSON object per line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield SourceProblem(f"{source}#line{number}", f"broken JSON: {error.msg}")
            continue
        yield _record(f"{source}#line{number}", record)


def _record(source: str, record: Any) -> Post | SourceProblem:
    if not isinstance(record, dict):
        return SourceProblem(source, "record is not an object")
    return Post(source, record)
