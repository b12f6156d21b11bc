"""The decision to bring in a lawyer: explicit rules, each with the reason a worker is told.

Pure functions over the message text and the facts gathered, so every rule is tested
with a table of cases. Thresholds that are policy, not law (what counts as a large sum
or many workers), are configurable through the environment.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from casework.signals import SELF_HARM, issues

URGENT, HIGH, NORMAL = "urgent", "high", "normal"
_URGENCY_ORDER = {URGENT: 0, HIGH: 1, NORMAL: 2}


def large_sum_threshold() -> float:
    return float(os.environ.get("HOTLINE_LARGE_SUM", "50000"))


def many_workers_threshold() -> int:
    return int(os.environ.get("HOTLINE_MANY_WORKERS", "10"))


@dataclass(frozen=True)
class Rule:
    code: str
    urgency: str
    reason: str
    pattern: re.Pattern[str]


def _rule(code: str, urgency: str, reason: str, *words: str) -> Rule:
    return Rule(code, urgency, reason, re.compile("|".join(words)))


RULES: tuple[Rule, ...] = (
    Rule("self_harm", URGENT, "您提到了轻生的念头", SELF_HARM),
    _rule("threat", URGENT, "有威胁或暴力", r"威胁", r"恐吓", r"打人", r"打我", r"打我们", r"找人打", r"动手", r"扣押.{0,4}(人|我)",
          r"不让.{0,3}走", r"堵门", r"围堵", r"跳塔吊", r"上访", r"拉横幅"),
    _rule("serious_injury", HIGH, "受伤比较严重", r"(摔|压|砸|轧|夹|切|锯|碾|卷)断",
          r"(腿|手|胳膊|脚|手指|指头|骨头|腰|肋骨|脊椎)(被)?.{0,4}断", r"骨折", r"截肢", r"残疾", r"伤残", r"瘫", r"昏迷",
          r"重伤", r"住院", r"手术", r"死亡", r"去世", r"身亡", r"没了命", r"烧伤", r"失明", r"职业病", r"尘肺"),
    _rule("injury_denied", HIGH, "受伤后单位不认或想私了", r"(伤|工伤).{0,20}(私了|不管|不认|不承认|不是.{0,6}员工|没买保险|没有保险|没交)",
          r"(私了|不是.{0,6}员工|没买保险).{0,20}(伤|工伤)"),
    _rule("pregnancy", HIGH, "怀孕、产期或哺乳期被辞退", r"(怀孕|孕期|产假|产期|哺乳|生孩子|生娃).{0,20}(开除|辞退|解雇|劝退|炒|裁|不要我|让我走|解除)",
          r"(开除|辞退|解雇|劝退|炒|裁).{0,20}(怀孕|孕期|产假|哺乳)"),
    _rule("hearing_soon", URGENT, "开庭或期限就在眼前", r"(明天|后天|今天|下周|这周|马上|过几天|快要?)(就)?(要)?(开庭|仲裁|庭审|到期|过期|截止)",
          r"开庭.{0,6}(明天|后天|今天)", r"时效.{0,6}(快|要)(到|过)"),
    _rule("court_under_way", HIGH, "已经在仲裁、诉讼或执行中", r"已经(起诉|立案|仲裁|申请仲裁)", r"(法院|仲裁委).{0,8}(传票|判决|裁决|开庭|立案)",
          r"强制执行", r"申请执行", r"对方请了律师", r"公司请了律师", r"上诉", r"被告"),
    _rule("absconded", HIGH, "老板或包工头跑了、联系不上", r"(老板|包工头|工头|老板娘|负责人|公司|厂长).{0,6}(跑路|跑了|逃了|失联|联系不上|找不到人|人不见了|电话不接)",
          r"跑路", r"卷款"),
    _rule("asks_person", NORMAL, "您希望律师来跟进", r"找律师", r"要律师", r"转人工", r"人工服务", r"真人", r"律师帮", r"请律师", r"需要律师",
          r"找人帮", r"有没有人管", r"让律师"),
    _rule("complex", NORMAL, "情况比较复杂", r"情况(很|比较|特别|非常)?复杂", r"说不清楚", r"好几件事"),
)


@dataclass(frozen=True)
class Decision:
    """Whether a lawyer should take the case, how urgently, and why (in plain Chinese)."""

    escalate: bool
    urgency: str = NORMAL
    reasons: tuple[str, ...] = ()
    codes: tuple[str, ...] = field(default=())


def assess(text: str, facts: dict | None = None, unhelpful_turns: int = 0) -> Decision:
    """Apply every rule; the most urgent one sets the urgency."""
    facts = facts or {}
    hits = [(r.code, r.urgency, r.reason) for r in RULES if r.pattern.search(text)]
    amount = facts.get("amount_owed")  # the sum owed; never a sum paid or offered
    if amount and float(amount) >= large_sum_threshold():
        hits.append(("large_sum", HIGH, f"涉及金额较大（约{float(amount):,.0f}元）"))
    headcount = facts.get("headcount")
    if headcount and int(headcount) >= many_workers_threshold():
        hits.append(("many_workers", HIGH, f"涉及{int(headcount)}人左右的集体情况"))
    if len(issues(text)) >= 3:
        hits.append(("several_problems", NORMAL, "几件事交织在一起，情况比较复杂"))
    if unhelpful_turns >= 2:
        hits.append(("not_helped", NORMAL, "前面的回答没能解决您的问题"))
    if not hits:
        return Decision(False)
    urgency = min((u for _, u, _ in hits), key=_URGENCY_ORDER.__getitem__)
    return Decision(True, urgency, tuple(dict.fromkeys(r for _, _, r in hits)), tuple(c for c, _, _ in hits))



def combine(earlier: Decision, later: Decision) -> Decision:
    """The reasons of a whole conversation: every reason given so far, the most urgent one
    setting the urgency (a threat in the first message still counts at the hand-over)."""
    if not earlier.escalate or not later.escalate:
        return later if later.escalate else earlier
    urgency = min(earlier.urgency, later.urgency, key=_URGENCY_ORDER.__getitem__)
    return Decision(True, urgency, tuple(dict.fromkeys(earlier.reasons + later.reasons)),
                    tuple(dict.fromkeys(earlier.codes + later.codes)))
