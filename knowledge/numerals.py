"""Chinese numerals, read one way everywhere: the article numbers of the law texts
(第八十二条, knowledge/laws.py) and the sums, lengths and head-counts workers write
(三千五, 一万二, 1.2万, casework/parsers.py). One reader, in the lowest layer that needs
it: two readers would disagree on some numeral, and a citation or a figure would be wrong.
"""

from __future__ import annotations

import math
import re

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

_DIGITS: dict[str, int] = {
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_ZEROS = frozenset("零〇")
_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}

_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|.", re.S)

# A token is (kind, value, single_digit).  ``single_digit`` marks one-digit
# numbers, the only ones that may take an implied unit ("三千五" = 3500).
_Token = tuple[str, float, bool]


def ascii_digits(text: str) -> str:
    """Map full-width digits to ASCII so one regex handles both keyboards."""
    return text.translate(_FULLWIDTH)


def _tokenize(s: str) -> list[_Token] | None:
    """Split a numeral string into digits/units; None if any char is foreign."""
    tokens: list[_Token] = []
    for piece in _TOKEN_RE.findall(s):
        if piece[0] in "0123456789":
            tokens.append(("num", float(piece), len(piece) == 1))
        elif piece in _DIGITS:
            tokens.append(("num", float(_DIGITS[piece]), True))
        elif piece in _ZEROS:
            tokens.append(("zero", 0.0, True))
        elif piece in _SMALL_UNITS:
            tokens.append(("small", float(_SMALL_UNITS[piece]), False))
        elif piece in _BIG_UNITS:
            tokens.append(("big", float(_BIG_UNITS[piece]), False))
        else:
            return None
    return tokens


def _digit_string(s: str) -> float | None:
    """Read "二〇二五" digit by digit, the way years are written in Chinese.

    Two-character runs such as "三五" are colloquial ranges (three to five),
    not 35, so at least three characters are required.
    """
    if len(s) < 3 or not all(ch in _DIGITS or ch in _ZEROS for ch in s):
        return None
    value = float("".join(str(_DIGITS.get(ch, 0)) for ch in s))
    return value if math.isfinite(value) else None


class _NumberState:
    """Accumulator for the positional reading of a numeral token stream."""

    def __init__(self) -> None:
        self.total = 0.0  # value of completed 万/亿 sections
        self.section = 0.0  # value below the current 万 boundary
        self.pending: float | None = None
        self.pending_single = False
        self.last_small: float | None = None
        self.last_big: float | None = None
        self.zero_gap = False  # a 零 blocks the implied unit ("一百零五")

    def feed(self, kind: str, value: float, single: bool) -> bool:
        """Consume one token; False means the numeral is malformed."""
        if kind == "num":
            if self.pending is not None:
                return False  # "三五": two digits without a unit between
            self.pending, self.pending_single = value, single
            return True
        if kind == "zero":
            if self.pending is not None:
                return False
            self.zero_gap = True
            return True
        if kind == "small":
            return self._small(value)
        return self._big(value)

    def _small(self, unit: float) -> bool:
        if self.pending is None:
            # A bare leading 十 means 一十 ("十二"); elsewhere it is malformed.
            if self.section and not self.zero_gap:
                return False
            self.pending = 1.0
        if self.last_small is not None and unit >= self.last_small:
            return False  # "三百五百"
        self.section += self.pending * unit
        self.pending, self.last_small, self.zero_gap = None, unit, False
        return True

    def _big(self, unit: float) -> bool:
        if self.pending is None and not self.section and not self.total:
            return False  # a numeral cannot start with 万/亿
        section = self.section + (self.pending or 0.0)
        if self.last_big is not None and unit >= self.last_big:
            self.total = (self.total + section) * unit  # "一万亿"
        else:
            self.total += section * unit
        self.section, self.pending, self.last_small = 0.0, None, None
        self.last_big, self.zero_gap = unit, False
        return True

    def result(self) -> float:
        """Close the numeral, applying the colloquial implied unit."""
        if self.pending is not None:
            value = self.pending
            if self.pending_single and not self.zero_gap and value >= 1:
                # "三千五" = 3500 and "一万二" = 12000: a trailing single digit
                # counts in the unit just below the previous one.  Not for 十:
                # "二十五" is 25.
                if self.last_small is not None and self.last_small >= 100:
                    value *= self.last_small / 10
                elif self.last_small is None and self.last_big is not None:
                    value *= self.last_big / 10
            self.section += value
        return self.total + self.section


def chinese_number(s: str) -> float | None:
    """Convert a Chinese, Arabic or mixed numeral to a float.

    Handles "二十" (20), "十二" (12), "三千五" (3500), "一万二" (12000),
    "1万2" (12000), "1.2万" (12000), "一百零五" (105), "二〇二五" (2025)
    and financial forms (壹贰叁…).  Returns None for anything that is not a
    single well-formed numeral, such as "三五" or "万", so callers can skip
    the candidate rather than invent a value.
    """
    cleaned = re.sub(r"[\s,]", "", ascii_digits(s))
    if not cleaned:
        return None
    as_digits = _digit_string(cleaned)
    if as_digits is not None:
        return as_digits
    tokens = _tokenize(cleaned)
    if not tokens:
        return None
    if all(kind == "zero" for kind, _, _ in tokens):
        return 0.0
    state = _NumberState()
    for kind, value, single in tokens:
        if not state.feed(kind, value, single):
            return None
    result = state.result()
    return result if math.isfinite(result) else None  # "9" * 400 overflows


def zh_to_int(text: str) -> int:
    """An article number such as 八十二 or 一百零七 as an int.

    Raises ValueError on anything else, so a malformed article heading is caught
    when the law texts are parsed rather than cited wrongly later.
    """
    value = chinese_number(text) if text else None
    if value is None or value != int(value):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return int(value)


def int_to_zh(number: int) -> str:
    """Write 82 as 八十二 and 107 as 一百零七, the way Chinese statutes number articles."""
    if not 0 < number < 10000:
        raise ValueError(f"article number out of range: {number}")
    names = "零一二三四五六七八九"
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit_name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        if not (unit_value == 10 and digit == 1 and not parts):
            parts.append(names[digit])
        parts.append(unit_name)
    return "".join(parts)
