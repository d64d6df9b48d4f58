"""The Unicode Bidirectional Algorithm (UAX #9): embedding levels and visual order.

Levels come from python-bidi, which wraps the Rust ``unicode-bidi`` crate
(brackets, isolates and all). Its Python API only returns the reordered
string, but with ``debug=True`` it returns the resolved ``BidiInfo``, whose
levels we read. Text is shaped in logical order, one directional run at a
time; :func:`order_visually` then places the runs of a line (rule L2).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bidi import get_display

from ..errors import SharecardsError

_LEVELS_SECTION = re.compile(r"levels: \[(.*?)\]", re.DOTALL)
_PARAGRAPH_LEVEL = re.compile(r"ParagraphInfo \{.*?level: Level\(\s*(\d+)", re.DOTALL)
_LEVEL = re.compile(r"Level\(\s*(\d+)")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's direction and the embedding level of each of its characters."""

    rtl: bool
    levels: tuple[int, ...]


@lru_cache(maxsize=1024)
def resolve_levels(text: str, rtl: bool | None = None) -> Paragraph:
    """Resolve the embedding level of each character of one paragraph.

    ``rtl`` forces the paragraph direction; ``None`` takes it from the first
    strong letter (rules P2, P3). Odd levels are right to left.
    """
    if rtl is None and not _has_rtl_candidate(text) or not text:
        return Paragraph(bool(rtl), (1 if rtl else 0,) * len(text))  # no RTL letter: skip the work
    base = None if rtl is None else ("R" if rtl else "L")
    info = str(get_display(text, base_dir=base, debug=True))
    section = _LEVELS_SECTION.search(info)
    paragraph = _PARAGRAPH_LEVEL.search(info)
    if section is None or paragraph is None:
        raise SharecardsError("bidi: python-bidi returned no levels (unsupported version?)")
    byte_levels = [int(level) for level in _LEVEL.findall(section.group(1))]
    # The crate counts in UTF-8 bytes; keep the level of each character's first byte.
    levels: list[int] = []
    offset = 0
    for char in text:
        levels.append(byte_levels[offset])
        offset += len(char.encode("utf-8"))
    return Paragraph(int(paragraph.group(1)) % 2 == 1, tuple(levels))


def find_dominant_rtl(text: str) -> bool | None:
    """Whether most strong letters of ``text`` are right-to-left (``None``: no letters).

    sharecards sets a box's paragraph direction by this, not by the first
    strong letter (UAX #9 P2): a Hebrew quote that opens with "LDN" is still
    a Hebrew paragraph, right-aligned, as its reader expects.
    """
    rtl = ltr = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            ltr += 1
        elif kind in ("R", "AL"):
            rtl += 1
    return None if rtl == ltr == 0 else rtl > ltr


def order_visually(levels: Sequence[int]) -> list[int]:
    """Return the indices of runs (or characters) in left-to-right display order.

    Rule L2: from the highest level down to the lowest odd one, reverse every
    maximal sequence at that level or higher.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min(level for level in levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return order


def _has_rtl_candidate(text: str) -> bool:
    # Every character that can make a level odd lives at or above U+0590
    # (Hebrew) or is an explicit control; the controls were stripped from fields.
    return any(ord(char) >= 0x0590 for char in text)
