"""From a post's raw fields to a card, following the static-site conventions.

Jekyll, Hugo, Eleventy, MkDocs and Pelican name things differently; this
module knows the usual names, and a field map (``quote=tagline``) overrides
them. A post can carry its own ``sharecards:`` settings in its front matter
(template, theme colours, sizes, or ``skip: true``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..card import Card, Theme
from ..output import make_slug
from .sources import Post, SourceProblem

QUOTE_FIELDS = ("pullquote", "pull_quote", "quote", "description", "excerpt", "summary")
CATEGORY_FIELDS = ("category", "categories", "tags")
URL_FIELDS = ("url", "permalink", "slug")
IMAGE_FIELDS = ("background_image", "image", "images", "cover", "featured_image")
_REMOTE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:|//)")
_BLOCKQUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?(.*)$", re.M)
_JEKYLL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_MARKDOWN_INLINE = re.compile(r"[*_`]+|!?\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class PostCard:
    """A post ready to render: its card, slug and per-post settings."""

    source: str
    slug: str
    card: Card
    date: str | None = None
    template: str | None = None
    sizes: tuple[str, ...] | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldMap:
    """Which source field feeds each card field (``None``: the conventions)."""

    names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, items: Sequence[str]) -> FieldMap:
        """Parse ``card_field=source_field`` items, as given to ``--map``."""
        names: dict[str, str] = {}
        for item in items:
            target, sep, source = item.partition("=")
            if not sep or not target.strip() or not source.strip():
                raise ValueError(f"map: {item!r} is not card_field=source_field")
            names[target.strip()] = source.strip()
        return cls(names)

    def lookup(self, fields: Mapping[str, Any], name: str, conventions: Sequence[str]) -> Any:
        """The first present value among the mapped field or the conventional names."""
        for key in (self.names[name],) if name in self.names else conventions:
            value = fields.get(key)
            if value not in (None, "", [], {}):
                return value
        return None


def make_post_card(
    post: Post, field_map: FieldMap, drafts: bool = False, image_dirs: Sequence[Path] = (Path("."),)
) -> PostCard | SourceProblem | None:
    """Return the post's card, a problem naming the field, or ``None`` if it is skipped."""
    fields = {str(key).lower(): value for key, value in post.fields.items()}  # Pelican: "Title:"
    options = fields.get("sharecards") or {}
    if not isinstance(options, dict):
        return SourceProblem(post.source, "must be a mapping", "sharecards")
    if options.get("skip") or (_is_true(fields.get("draft")) and not drafts):
        return None
    title = _as_text(field_map.lookup(fields, "title", ("title",)))
    if not title or not title.strip():
        return SourceProblem(post.source, "missing or empty", field_map.names.get("title", "title"))
    quote = _as_text(field_map.lookup(fields, "quote", QUOTE_FIELDS)) or _first_blockquote(post.body)
    theme = options.get("theme") or {}
    card = Card(
        title=title,
        category=_first_entry(field_map.lookup(fields, "category", CATEGORY_FIELDS)),
        quote=quote,
        site_name=_as_text(field_map.lookup(fields, "site_name", ("site_name", "site"))),
        author=_author_name(field_map.lookup(fields, "author", ("author", "authors"))),
        url=_as_text(field_map.lookup(fields, "url", ("url", "permalink"))),
        theme=Theme(**{k: str(v) for k, v in theme.items() if k in ("background", "accent", "text")}),
        lang=_as_lang(field_map.lookup(fields, "lang", ("lang", "language", "locale"))),
        background_image=find_post_image(field_map.lookup(fields, "background_image", IMAGE_FIELDS), post.source, image_dirs),
    )
    sizes = options.get("sizes")
    return PostCard(
        source=post.source,
        slug=_choose_slug(post, fields, title),
        card=card,
        date=_as_text(fields.get("date")),
        template=str(options["template"]) if options.get("template") else None,
        sizes=tuple(str(s) for s in sizes) if isinstance(sizes, list) else None,
        fields=fields,
    )


def find_post_image(value: Any, source: str, image_dirs: Sequence[Path]) -> Path | None:
    """The file a post's image field names; None for a URL (nothing is fetched).

    ``/img/a.jpg`` is looked up in each image folder (the site's root, as
    Jekyll and Hugo write them); ``a.jpg`` next to the post first (a page
    bundle), then in each image folder. Whether the file may be read is
    decided when the card is rendered: only inside the image folders.
    """
    text = _as_text(value)
    if not text or not text.strip() or _REMOTE.match(text.strip()):
        return None
    text = text.strip()
    post_folder = Path(source.partition("#")[0]).parent
    bases = list(image_dirs) if text.startswith("/") else [post_folder, *image_dirs]
    candidates = [base / text.lstrip("/") for base in bases]
    return next((path for path in candidates if path.is_file()), candidates[0] if candidates else None)


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "1"))


def _as_lang(value: Any) -> str | None:
    text = _as_text(value)
    return text.replace("_", "-") if text else None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return _as_text(value[0]) if value else None
    return str(value)


def _first_entry(value: Any) -> str | None:
    """The first category or tag, whether given as a list or a string."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")] if "," in value else [value.strip()]
        return parts[0] or None
    return _as_text(value)


def _author_name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    if isinstance(value, list) and value:
        return _author_name(value[0])
    return _as_text(value)


def _first_blockquote(body: str) -> str | None:
    """The first blockquote of a Markdown body, as plain text."""
    lines: list[str] = []
    for line in body.splitlines():
        match = _BLOCKQUOTE.match(line)
        if match:
            lines.append(match[1])
        elif lines:
            break
    text = " ".join(" ".join(lines).split())
    return _MARKDOWN_INLINE.sub(lambda m: m[1] or "", text).strip() or None


def _choose_slug(post: Post, fields: Mapping[str, Any], title: str) -> str:
    for key in ("slug", "permalink", "url"):
        value = fields.get(key)
        if isinstance(value, str) and value.strip("/ "):
            return make_slug(value.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0])
    file_part, _, record = post.source.partition("#")
    path = Path(file_part)
    if not record and path.stem.lower() not in ("index", "_index", "readme"):
        return make_slug(_JEKYLL_DATE.sub("", path.stem))
    return make_slug(title)
