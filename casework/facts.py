"""Facts of a worker's case, pulled from what they write, and the calculations they allow.

Pure functions: `extract` reads one message, `merge` keeps what was said before,
`calculations` runs the calculators that the known facts and topic make possible.
"""

from __future__ import annotations

import re
from dataclasses import asdict

from casework import calculators, parsers
from knowledge.laws import cite

_OWED = re.compile(r"欠|拖|没发|没给|未发|克扣|少发")
_WAGE = re.compile(r"月薪|工资|底薪|一个月|每月|每个月|月收入|薪水")
_WORKED = re.compile(r"干了|做了|工作了|上班了|入职|待了|在.{0,8}(干|做)")
_LEFT = re.compile(r"已经离职|离职了|辞职了|被辞退|被开除|不干了|走了|被裁|解除了")
_EMPLOYED = re.compile(r"还在(上班|干|做)|没离职|在职")
_NO_CONTRACT = re.compile(r"没签|没有签|未签|不签|没有合同|没合同")


def extract(text: str) -> dict:
    """Facts stated in one message. Keys appear only when the message states them."""
    facts: dict = {}
    money = parsers.parse_money(text)
    months = parsers.parse_duration_months(text)
    owed_context = bool(_OWED.search(text))
    if money is not None:
        if owed_context and not _WAGE.search(text.split("欠")[0][-6:] if "欠" in text else ""):
            facts["amount_owed"] = money
        if _WAGE.search(text) and not (owed_context and "共" in text):
            facts["monthly_wage"] = money
        facts.setdefault("amount", money)
    if months is not None:
        if owed_context and not _WORKED.search(text):
            facts["months_unpaid"] = months
        else:
            facts["months_worked"] = months
    headcount = parsers.parse_headcount(text)
    if headcount:
        facts["headcount"] = headcount
    province = parsers.parse_province(text)
    if province:
        facts["province"] = province
    employer = parsers.parse_employer(text)
    if employer:
        facts["employer"] = employer
    if _LEFT.search(text):
        facts["still_employed"] = False
    elif _EMPLOYED.search(text):
        facts["still_employed"] = True
    if _NO_CONTRACT.search(text):
        facts["written_contract"] = False
    if "amount_owed" not in facts and facts.get("monthly_wage") and facts.get("months_unpaid"):
        facts["amount_owed"] = round(facts["monthly_wage"] * facts["months_unpaid"], 2)
    return facts


def merge(old: dict, new: dict) -> dict:
    """Newer statements win; nothing said earlier is forgotten."""
    return {**(old or {}), **new}


def calculations(facts: dict, topic: str) -> list[dict]:
    """Run the calculators that this topic and these facts allow."""
    wage, months = facts.get("monthly_wage"), facts.get("months_worked")
    results = []
    try:
        if topic == "no_written_contract" and wage and months:
            results.append(calculators.double_wages(wage, months))
        if topic == "dismissal_severance" and wage and months:
            results.append(calculators.severance(wage, months / 12))
            results.append(calculators.unlawful_termination(wage, months / 12))
            if facts.get("notice_given") is False:
                results.append(calculators.notice_pay(wage))
        if topic == "overtime" and wage and facts.get("overtime_hours"):
            results.append(calculators.overtime_pay(wage, weekday_hours=facts["overtime_hours"]))
    except ValueError:
        return []
    return [asdict(r) for r in results]


def explain(result: dict) -> str:
    """A calculation, step by step, with the articles it rests on."""
    lines = [result["title"]]
    lines += [f"{n}. {step}" for n, step in enumerate(result["steps"], start=1)]
    if result.get("citations"):
        lines.append("依据：" + "、".join(cite(law, int(article)) for law, article in result["citations"]))
    lines += result.get("caveats") or []
    return "\n".join(lines)


def describe(facts: dict) -> str:
    parts = []
    if facts.get("monthly_wage"):
        parts.append(f"月工资约{facts['monthly_wage']:,.0f}元")
    if facts.get("months_worked"):
        parts.append(f"工作了约{facts['months_worked']:g}个月")
    if facts.get("months_unpaid"):
        parts.append(f"被拖欠约{facts['months_unpaid']:g}个月")
    if facts.get("amount_owed"):
        parts.append(f"被欠约{facts['amount_owed']:,.0f}元")
    if facts.get("headcount"):
        parts.append(f"涉及约{facts['headcount']}人")
    if facts.get("province"):
        parts.append(f"在{facts['province']}")
    if "still_employed" in facts:
        parts.append("还在职" if facts["still_employed"] else "已经离开单位")
    return "，".join(parts) or "您说的情况"


def next_question(facts: dict, topic: str) -> str:
    """The one question whose answer would let us calculate or advise next."""
    if not facts.get("monthly_wage"):
        return "请问您每个月工资大概多少？"
    if not facts.get("months_worked"):
        return "请问您在这个单位干了多长时间？"
    if "still_employed" not in facts:
        return "您现在还在这个单位上班吗？"
    return "还有什么情况想补充的吗？"


SKIP = re.compile(r"跳过|不知道|不清楚|不记得|记不清|不确定|不好说|没数")
_YES = re.compile(r"^(是|是的|对|嗯|在|还在|签了|有|有的|签过)|还在(上班|干|做)|签了|在职")
_NO = re.compile(r"没|不在|离职|走了|辞职|不干了|被辞|被开除|没有|未签|否")
_REASON_NOTICE = re.compile(r"(提前|书面).{0,6}通知")


def answer_facts(slot: str, text: str, today=None) -> dict | None:
    """Facts from the worker's answer to one intake question; None if not understood.

    "跳过" (or "不知道") is an answer too: {} — the question is not asked again."""
    import datetime as dt

    text = text.strip()
    if SKIP.search(text):
        return {}
    if slot == "arrears":
        facts = {k: v for k, v in extract(text).items() if k in ("amount_owed", "months_unpaid")}
        months = parsers.parse_duration_months(text)
        if months is not None:
            facts["months_unpaid"] = months
        money = parsers.parse_money(text)
        if money is not None:
            facts["amount_owed"] = money
        return facts or None
    if slot in ("still_employed", "written_contract"):
        if _YES.search(text) and not _NO.search(text.replace("没问题", "")):
            return {slot: True}
        if _NO.search(text):
            return {slot: False}
        return None
    if slot == "headcount":
        if re.search(r"就我|只有我|我一个|一个人", text):
            return {"headcount": 1}
        count = parsers.parse_headcount(text) or (int(parsers.chinese_number(text) or 0) or None)
        return {"headcount": count} if count else None
    if slot == "start_date":
        start = parsers.parse_date(text, today or dt.date.today())
        if start:
            months = ((today or dt.date.today()) - start).days / 30.44
            return {"start_date": start.isoformat(), "months_worked": round(months, 1)}
        months = parsers.parse_duration_months(text)
        return {"months_worked": months} if months else None
    if slot == "monthly_wage":
        money = parsers.parse_money(text)
        return {"monthly_wage": money} if money else None
    if slot == "service_length":
        months = parsers.parse_duration_months(text)
        return {"months_worked": months} if months else None
    if slot == "dismissal_reason":
        return {"dismissal_reason": text[:200], "notice_given": bool(_REASON_NOTICE.search(text))
                and not re.search(r"没有?.{0,4}(提前|书面).{0,4}通知", text)}
    if slot == "overtime_hours":
        hours = re.search(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)\s*(个)?(小时|钟头|h)", text)
        if not hours:
            return None
        value = float(hours.group(1)) if hours.group(1)[0].isdigit() else parsers.chinese_number(hours.group(1))
        return {"overtime_hours": value} if value else None
    return None


_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{7,8})(?!\d)")


def parse_phone(text: str) -> str | None:
    """A mainland mobile (11 digits from 13–19) or a landline with its area code."""
    compact = re.sub(r"[\s\u3000()（）]", "", text)
    if match := _MOBILE.search(compact):
        return match.group(1)
    if match := _LANDLINE.search(compact):
        return f"{match.group(1)}-{match.group(2)}"
    return None
