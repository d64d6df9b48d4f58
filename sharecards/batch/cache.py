"""What makes a card up to date: the key of its inputs, and the manifest of outputs.

A card's key hashes every input that can change its pixels: the card's
fields, the template folder's files, the bundled fonts, the size, format and
scale, the background photo's bytes and the sharecards version. The manifest
(``manifest.json`` in the output folder) records each output with its key;
a card whose key and file are unchanged is not rendered again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..card import Card
from ..images import find_allowed_image
from ..output import write_atomic
from ..resources import find_data_dir

if TYPE_CHECKING:
    from .run import RenderSettings

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
_TEMPLATE_SUFFIXES = (".j2", ".svg", ".png", ".jpg", ".jpeg", ".webp")


@cache
def hash_folder(folder: Path, suffixes: tuple[str, ...]) -> str:
    """Hash the names and bytes of every file in ``folder`` with one of ``suffixes``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(suffixes)):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def hash_file(path: Path, size: int, mtime_ns: int) -> str:
    """The bytes' hash, read once per version of the file (a post's photo serves each of its sizes and formats)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hash_fonts() -> str:
    return hash_folder(find_data_dir("fonts"), (".otf", ".ttf", ".ttc", ".toml"))


def make_card_key(card: Card, template_path: Path, size: str, fmt: str, settings: RenderSettings) -> str:
    """The hash of everything the output of this card depends on.

    A background image is hashed only once it is known to be an allowed file
    of sane size: the path comes from a post, and may name anything.
    """
    fields: dict[str, Any] = dataclasses.asdict(card)
    photo = card.background_image
    if photo is not None:
        allowed = find_allowed_image(Path(photo), settings.image_dirs, "background image")
        version = allowed.stat()
        fields["background_image"] = hash_file(allowed, version.st_size, version.st_mtime_ns)
    payload = {
        "sharecards": __version__,
        "card": fields,
        "template": [template_path.name, hash_folder(template_path.parent, _TEMPLATE_SUFFIXES)],
        "fonts": hash_fonts(),
        "size": size,
        "format": fmt,
        "scale": settings.scale,
        "png_compression": settings.png_compression if fmt == "png" else None,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def load_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The manifest's entries by output path, or nothing if there is none (or it is unreadable)."""
    path = out_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {}
    return {entry["path"]: entry for entry in data.get("cards", []) if isinstance(entry, dict) and "path" in entry}


def save_manifest(out_dir: Path, entries: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> None:
    """Write ``out_dir``'s manifest atomically."""
    write_manifest(out_dir / MANIFEST_NAME, entries, extra)


def write_manifest(path: Path, entries: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> None:
    """Write a manifest to ``path`` atomically, its entries sorted by path."""
    data = {"version": MANIFEST_VERSION, "sharecards": __version__, **(extra or {})}
    data["cards"] = sorted(entries, key=lambda entry: entry["path"])
    write_atomic(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def merge_manifests(paths: list[Path], output: Path) -> int:
    """Join shard manifests into ``output``; return the number of cards."""
    from ..errors import SharecardsError

    cards: dict[str, dict[str, Any]] = {}
    posts: dict[str, Any] = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SharecardsError(f"merge: cannot read {str(path)!r} ({error})") from None
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            raise SharecardsError(f"merge: {str(path)!r} is not a sharecards manifest")
        for entry in data.get("cards", []):
            cards[entry["path"]] = entry
        posts.update(data.get("posts") or {})
    write_manifest(output, list(cards.values()), {"posts": dict(sorted(posts.items()))} if posts else None)
    return len(cards)
