"""Find law-article references in a worker's message: 劳动合同法第八十二条, 82条原文."""

from __future__ import annotations

import re

from knowledge.numerals import zh_to_int

_NUMBER = r"([0-9]+|[一二三四五六七八九十百零两]+)"
_REF = re.compile(r"(?:《?([\u4e00-\u9fa5（）()]{2,40}?(?:法|条例|规定|办法|解释|通知|（一）))》?)?\s*第?\s*" + _NUMBER + r"\s*条")


def find_refs(text: str, known_laws: list[str], default_law: str | None = None) -> list[tuple[str, int]]:
    """(law, article) pairs mentioned in `text`; a bare number uses `default_law`."""
    refs = []
    for match in _REF.finditer(text):
        law = _match_law(match.group(1) or "", known_laws) or default_law
        try:
            number = zh_to_int(match.group(2))
        except ValueError:
            continue
        if law and number:
            refs.append((law, number))
    return refs


def _match_law(name: str, known_laws: list[str]) -> str | None:
    name = name.strip("《》 ").removeprefix("中华人民共和国")
    if not name:
        return None
    if name in known_laws:
        return name
    # "劳动合同法" must not match "劳动合同法实施条例": prefer the shortest law name that the mention ends with
    matches = sorted((law for law in known_laws if name.endswith(law) or law.endswith(name)), key=len)
    return matches[0] if matches else None
