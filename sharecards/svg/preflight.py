"""Preflight: the filled template is checked before CairoSVG sees it.

Templates are semi-trusted (a site owner's, or downloaded). CairoSVG already
runs with ``unsafe=False`` and a fetcher that loads only ``data:`` images,
but some SVG costs seconds or gigabytes before any of that matters. This
check refuses, with one clear message and in a few milliseconds:

- a DTD or entity declarations (expansion bombs, external entities);
- documents deeper or larger than fixed caps (CairoSVG recurses per level);
- ``<use>`` cycles, and ``<use>`` chains that would expand to too many elements;
- references other than ``#fragments`` and ``data:`` PNG/JPEG/WebP images;
- CSS ``@import`` and ``url()`` pointing anywhere but a fragment;
- a root ``width``/``height``/``viewBox`` beyond the size cap.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from ..errors import TemplateError
from ..sizes import MAX_SIDE_PX

MAX_DEPTH = 64
MAX_ELEMENTS = 20_000
MAX_USE_EXPANSION = 20_000
MAX_ROOT_UNITS = MAX_SIDE_PX * 4  # user units may differ from px, but not by this much
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_DTD = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|webp)[;,]", re.IGNORECASE)


def check_svg(svg: str, template: str = "template") -> None:
    """Raise :class:`TemplateError` if ``svg`` is anything CairoSVG should not be given."""
    if _DTD.search(svg):
        raise TemplateError(f"{template}: SVG with a DTD or entities is refused")
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as error:
        raise TemplateError(f"{template}: the SVG it made does not parse ({error})") from None
    _check_root_size(root, template)
    ids = _check_tree(root, template)
    _check_use_expansion(root, ids, template)


def _check_tree(root: ElementTree.Element, template: str) -> dict[str, ElementTree.Element]:
    ids: dict[str, ElementTree.Element] = {}
    count = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise TemplateError(f"{template}: SVG nested deeper than {MAX_DEPTH} levels")
        if count > MAX_ELEMENTS:
            raise TemplateError(f"{template}: SVG has more than {MAX_ELEMENTS:,} elements")
        _check_references(element, template)
        if (element_id := element.get("id")) is not None:
            ids[element_id] = element
        stack.extend((child, depth + 1) for child in element)
    return ids


def _check_references(element: ElementTree.Element, template: str) -> None:
    for name in ("href", _XLINK_HREF):
        target = element.get(name)
        if target is not None and not _is_allowed_reference(target.strip()):
            raise TemplateError(f"{template}: reference {target[:60]!r} refused (only #fragments and data: images)")
    css = [value for key, value in element.attrib.items() if key != "href" and key != _XLINK_HREF]
    if _local_name(element.tag) == "style":
        css.append(element.text or "")
    for text in css:
        if _CSS_IMPORT.search(text):
            raise TemplateError(f"{template}: CSS @import refused")
        for target in _CSS_URL.findall(text):
            if not target.startswith("#"):
                raise TemplateError(f"{template}: CSS url({target[:60]!r}) refused (only #fragments)")


def _is_allowed_reference(target: str) -> bool:
    return target.startswith("#") or bool(_DATA_IMAGE.match(target))


def _check_root_size(root: ElementTree.Element, template: str) -> None:
    numbers = [root.get("width", ""), root.get("height", ""), *root.get("viewBox", "").replace(",", " ").split()]
    for value in numbers:
        match = re.match(r"\s*(-?[\d.]+(?:e-?\d+)?)", value)
        if match and abs(float(match[1])) > MAX_ROOT_UNITS:
            raise TemplateError(f"{template}: root size {value!r} is beyond the cap ({MAX_ROOT_UNITS:,})")


def _check_use_expansion(root: ElementTree.Element, ids: dict[str, ElementTree.Element], template: str) -> None:
    """Count what every ``<use>`` instantiates, following chains; refuse cycles and bombs."""
    sizes: dict[str, int] = {}

    def expanded_size(element: ElementTree.Element, visiting: frozenset[str]) -> int:
        total = 1
        for child in element:
            total += expanded_size(child, visiting)
        if _local_name(element.tag) == "use":
            target = (element.get("href") or element.get(_XLINK_HREF) or "").strip()
            if target.startswith("#") and target[1:] in ids:
                name = target[1:]
                if name in visiting:
                    raise TemplateError(f"{template}: <use> cycle through #{name}")
                if name not in sizes:
                    sizes[name] = expanded_size(ids[name], visiting | {name})
                total += sizes[name]
        if total > MAX_USE_EXPANSION:
            raise TemplateError(f"{template}: <use> expands to more than {MAX_USE_EXPANSION:,} elements")
        return total

    expanded_size(root, frozenset())


def _local_name(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]
