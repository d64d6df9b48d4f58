"""Breaking, balancing and fitting, driven by a fake measurer (1 char = 0.5 em)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sharecards.text.fit import BoxRules, find_largest_size, fit_pieces
from sharecards.text.wrap import Piece, count_greedy_lines, measure_line_width, split_wide_pieces, wrap_pieces

CHAR_EM = 0.5


@dataclass(frozen=True)
class FakeMetrics:
    width: float
    trailing: float
    ink_left: float = 0.0
    ink_right: float = 0.0
    ink_top: float = 0.7
    ink_bottom: float = 0.2


def fake_measure(text: str, start: int = 0) -> FakeMetrics:
    content = text.rstrip(" ")
    width = len(content) * CHAR_EM
    return FakeMetrics(width, (len(text) - len(content)) * CHAR_EM, 0.0, width)


def pieces_of(text: str) -> list[Piece]:
    words = text.split(" ")
    return [Piece(w + (" " if i < len(words) - 1 else ""), fake_measure(w + " ")) for i, w in enumerate(words)]


def no_hyphens(word: str) -> list[int]:
    return []


def every_third(word: str) -> list[int]:
    return list(range(3, len(word.rstrip()) - 1, 3))


def chars(text: str) -> list[str]:
    return list(text)


def line_texts(lines: list[list[Piece]]) -> list[str]:
    return ["".join(p.text for p in line).rstrip() for line in lines]


def test_greedy_gives_the_fewest_lines() -> None:
    pieces = pieces_of("aaaa bbbb cccc dddd")
    assert count_greedy_lines(pieces, max_width=5.0) == [0, 2]  # "aaaa bbbb" is 4.5 em


def test_balance_avoids_a_lone_word_on_the_last_line() -> None:
    pieces = pieces_of("aaaa bbbb cccc dddd e")
    greedy = wrap_pieces(pieces, max_width=7.0, balance=False)
    balanced = wrap_pieces(pieces, max_width=7.0, balance=True)
    assert line_texts(greedy) == ["aaaa bbbb cccc", "dddd e"]
    assert len(balanced) == len(greedy)
    assert line_texts(balanced) == ["aaaa bbbb", "cccc dddd e"]


def test_balance_never_exceeds_the_width() -> None:
    pieces = pieces_of("one two three four five six seven eight nine ten eleven twelve")
    for width in (4.0, 5.5, 7.0, 9.5, 12.0):
        for line in wrap_pieces(pieces, width):
            assert measure_line_width(line) <= width


def test_a_word_too_wide_is_hyphenated_not_overflowing() -> None:
    pieces = pieces_of("Donaudampfschifffahrt")
    split = split_wide_pieces(pieces, 4.0, fake_measure, every_third, chars)
    assert split is not None
    assert [p.text for p in split] == ["Donaud-", "ampfsc-", "hifffa-", "hrt"]
    assert all(p.break_after for p in split[:-1])
    assert all(measure_line_width([p]) <= 4.0 for p in split)


def test_without_hyphenation_a_wide_word_fails_the_attempt() -> None:
    assert split_wide_pieces(pieces_of("Donaudampfschifffahrt"), 4.0, fake_measure, None, chars) is None


def test_no_hyphenation_point_falls_back_to_characters() -> None:
    split = split_wide_pieces(pieces_of("xxxxxxxxxx"), 2.0, fake_measure, no_hyphens, chars)
    assert split is not None and [p.text for p in split] == ["xxxx", "xxxx", "xx"]


def test_search_is_logarithmic_and_finds_the_largest_size() -> None:
    tried: list[int] = []

    def attempt(size: int) -> int | None:
        tried.append(size)
        return size if size <= 77 else None

    assert find_largest_size(10, 1000, attempt) == (77, 77)
    assert len(tried) <= 2 + 10  # log2(990) < 10


def rules(**overrides: object) -> BoxRules:
    base = dict(width_px=200, height_px=200, min_size_px=10, max_size_px=100, line_height=1.0, max_lines=None)
    base.update(overrides)
    return BoxRules(**base)  # type: ignore[arg-type]


def test_fit_takes_the_largest_size_that_fits() -> None:
    fit = fit_pieces(pieces_of("abcd"), rules(), fake_measure, every_third, chars)
    assert fit.font_size_px == 100  # 4 chars × 0.5 em × 100 px = 200 px exactly
    assert not fit.truncated


def test_fit_shrinks_before_it_hyphenates() -> None:
    fit = fit_pieces(pieces_of("abcdefghij"), rules(max_lines=1), fake_measure, every_third, chars)
    assert fit.font_size_px == 40 and not fit.hyphenated and not fit.truncated


def test_fit_shrinks_before_it_cuts_and_cuts_at_a_word_with_an_ellipsis() -> None:
    text = "word " * 30
    fit = fit_pieces(pieces_of(text.strip()), rules(max_lines=2, min_size_px=20), fake_measure, every_third, chars)
    assert fit.truncated and fit.font_size_px == 20
    texts = line_texts(fit.lines)
    assert len(texts) == 2 and texts[-1].endswith("word\u2026")


@pytest.mark.parametrize("height", [5, 1])
def test_a_box_too_short_for_one_line_draws_nothing(height: int) -> None:
    fit = fit_pieces(pieces_of("hello"), rules(height_px=height, min_size_px=20), fake_measure, every_third, chars)
    assert fit.lines == [] and fit.truncated
