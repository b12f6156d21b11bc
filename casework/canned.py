"""Canned replies: texts lawyers send often, with variables filled from the ticket. Pure.

A variable is written in braces, e.g. `您好{工人称呼}，您的工单 {工单号} …`. Saving a text
with a variable that does not exist, or a brace that is not closed, is refused with a
sentence that says what to fix. Filling never invents: a value this ticket does not have is
left as a visible blank, 【被欠金额】, for the lawyer to fill before sending — and a reply
that still holds one is not sent (`blanks`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from casework.present import value_text


def _address(ticket: dict) -> str | None:
    """The tickets keep no name for the worker: always left for the lawyer."""
    return None


def _owed(ticket: dict) -> str | None:
    owed = (ticket.get("facts") or {}).get("amount_owed")
    return value_text("amount_owed", owed) if owed else None


def _commission(ticket: dict) -> str | None:
    """The commission of the worker's city, as a description (the competent one, city or
    district, the lawyer confirms); unknown without a city."""
    city = (ticket.get("facts") or {}).get("city")
    return f"{city}的劳动人事争议仲裁委员会" if city else None


VARIABLES: dict[str, Callable[[dict], str | None]] = {
    "工人称呼": _address,
    "工单号": lambda ticket: ticket.get("id") or None,
    "被欠金额": _owed,
    "仲裁委": _commission,
}
_BRACED = re.compile(r"\{([^{}]*)\}")


class CannedError(ValueError):
    """A canned reply that cannot be saved, with the reason in Chinese."""


def blank(name: str) -> str:
    return f"【{name}】"


def problems(title: str, body: str) -> list[str]:
    """Why a canned reply cannot be saved (empty list: it can)."""
    found = []
    if not title.strip():
        found.append("请填写标题")
    if not body.strip():
        found.append("请填写回复内容")
    unknown = [name for name in _BRACED.findall(body) if name not in VARIABLES]
    if unknown:
        found.append("未知的变量 " + "、".join("{" + name + "}" for name in dict.fromkeys(unknown))
                     + "；可用的变量：" + " ".join("{" + name + "}" for name in VARIABLES))
    if "{" in _BRACED.sub("", body) or "}" in _BRACED.sub("", body):
        found.append("花括号没有配对：变量要写成 {工单号} 这样")
    return found


def check(title: str, body: str) -> None:
    """Raise CannedError when the reply cannot be saved."""
    found = problems(title, body)
    if found:
        raise CannedError("；".join(found))


def fill(body: str, ticket: dict) -> str:
    """The text with every variable replaced by the ticket's value, or left as 【名称】."""
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in VARIABLES:
            return match.group(0)
        return VARIABLES[name](ticket) or blank(name)

    return _BRACED.sub(value, body)


def blanks(text: str) -> list[str]:
    """The blanks of known variables still in a reply (what the lawyer has yet to fill)."""
    return [blank(name) for name in VARIABLES if blank(name) in text]
