"""Chinese article numerals (第八十二条) to integers and back, for citations."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}


def zh_to_int(text: str) -> int:
    """Convert a Chinese numeral below 10,000 such as 八十二 or 一百零七 to an int.

    Raises ValueError on anything else, so a malformed article heading is caught
    when the law texts are parsed rather than cited wrongly later.
    """
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        elif char in UNITS:
            total += (current or 1) * UNITS[char]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


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
