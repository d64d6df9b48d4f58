"""HTML snippets per post: Open Graph and Twitter meta tags, and a "Pin it for later" block.

Every value is HTML-escaped, and every URL inside a URL (the Pinterest Save
link) is percent-encoded, so a title with ``&``, quotes or ``<`` cannot break
the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import quote, urlencode, urljoin

from ..card import Card

PIN_DESCRIPTION_LIMIT = 500
PINTEREST_SAVE = "https://www.pinterest.com/pin/create/button/"
_OG_ORDER = ("og", "twitter", "square", "pinterest")
_TWITTER_ORDER = ("twitter", "og", "square", "pinterest")


def join_url(base_url: str, path: str) -> str:
    """``path`` (relative to the site) as an absolute URL, its characters encoded."""
    return urljoin(base_url if base_url.endswith("/") else base_url + "/", quote(path.lstrip("/"), safe="/:@!$&'()*+,;=-._~%"))


def make_pin_description(card: Card) -> str:
    text = card.title if not card.quote else f"{card.title} \u2014 {card.quote}"
    return text if len(text) <= PIN_DESCRIPTION_LIMIT else text[: PIN_DESCRIPTION_LIMIT - 1].rstrip() + "\u2026"


def _pick(entries: Sequence[Mapping[str, Any]], order: Sequence[str]) -> Mapping[str, Any] | None:
    by_size = {entry["size"]: entry for entry in entries if entry["format"] != "svg"}
    for size in order:
        if size in by_size:
            return by_size[size]
    return next(iter(by_size.values()), None)


def make_share_data(card: Card, entries: Sequence[Mapping[str, Any]], base_url: str, images_url: str) -> dict[str, Any]:
    """The data of a post's snippet (also stored in the manifest)."""
    page_url = join_url(base_url, card.url) if card.url else None
    data: dict[str, Any] = {"page_url": page_url}
    for role, order in (("og", _OG_ORDER), ("twitter", _TWITTER_ORDER), ("pin", ("pinterest", "portrait", "story"))):
        entry = _pick(entries, order)
        if entry is not None:
            data[role] = {
                "url": join_url(images_url, entry["path"]),
                "width": entry["width"],
                "height": entry["height"],
                "alt": entry["alt"],
            }
    if "pin" in data:
        description = make_pin_description(card)
        data["pin"]["description"] = description
        query = {"url": page_url or base_url, "media": data["pin"]["url"], "description": description}
        data["pin"]["save_url"] = PINTEREST_SAVE + "?" + urlencode(query, quote_via=quote)
    return data


def format_snippet(data: Mapping[str, Any]) -> str:
    """The HTML for a post's ``<head>`` (meta tags) and body (the pin block)."""
    lines: list[str] = []
    og = data.get("og")
    if og:
        lines += [
            _meta("property", "og:image", og["url"]),
            _meta("property", "og:image:width", str(og["width"])),
            _meta("property", "og:image:height", str(og["height"])),
            _meta("property", "og:image:alt", og["alt"]),
        ]
    twitter = data.get("twitter")
    if twitter:
        lines += [
            _meta("name", "twitter:card", "summary_large_image"),
            _meta("name", "twitter:image", twitter["url"]),
            _meta("name", "twitter:image:alt", twitter["alt"]),
        ]
    pin = data.get("pin")
    if pin:
        lines += [
            '<div class="sharecards-pin">',
            "  <p>Pin it for later:</p>",
            f'  <img src="{escape(pin["url"])}" width="{pin["width"]}" height="{pin["height"]}" '
            f'alt="{escape(pin["alt"])}" data-pin-description="{escape(pin["description"])}" loading="lazy">',
            f'  <a href="{escape(pin["save_url"])}" data-pin-do="buttonPin" data-pin-custom="true" '
            'target="_blank" rel="noopener">Save to Pinterest</a>',
            "</div>",
        ]
    return "\n".join(lines) + "\n"


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{name}" content="{escape(content)}">'
