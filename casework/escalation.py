"""The decision to bring in a lawyer: explicit rules, each with the reason a worker is told.

Pure functions over the message text and the facts gathered, so every rule is tested
with a table of cases. Thresholds that are policy, not law (what counts as a large sum
or many workers), are configurable through the environment.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from casework.signals import SELF_HARM, issues

URGENT, HIGH, NORMAL = "urgent", "high", "normal"
_URGENCY_ORDER = {URGENT: 0, HIGH: 1, NORMAL: 2}
LIMITATION_WARNING_MONTHS = 10  # of the 12 the law gives: time to prepare an application


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


# Each rule's reason is what the worker is told; it must be true of any message the rule
# matches, so a rule is narrow rather than clever ("砸" is an injury, not violence).
_BODY = r"(腿|手|胳膊|脚|手指|指头|手掌|骨头|腰|肋骨|脊椎|颈椎|脖子)"
_WORK = r"(工地|厂里|车间|上班|干活|做工|工作|加班|单位|公司)"
_HURT = r"(伤|摔|砸|压|轧|夹|骨折|烫|烧)"
_HEIGHT = r"(楼|层|架子|脚手架|梯子|高处|塔吊|屋顶|房顶|平台|吊篮|钢架|桥|井)"
RULES: tuple[Rule, ...] = (
    Rule("self_harm", URGENT, "您提到了轻生的念头", SELF_HARM),
    _rule("threat", URGENT, "有人威胁或动手打人", r"威胁", r"恐吓", r"打人", r"打我(?!电话|的电话)", r"打了我", r"打我们",
          r"找人打", r"动手打", r"要打死", r"弄死我", r"砍我", r"扣押.{0,4}(人|我)", r"不让.{0,3}走(?!人)"),
    _rule("protest", URGENT, "工友们准备采取激烈行动", r"跳塔吊", r"上访", r"拉横幅", r"堵路", r"堵门", r"围堵", r"集体.{0,4}(闹|堵|讨)"),
    _rule("death", URGENT, "有人死亡", r"死亡", r"身亡", r"没了命", r"工亡", r"猝死", r"丧葬补助", r"(砸|压|摔|电|烧|淹|闷)死",
          _WORK + r".{0,20}(去世|过世|人没了|走了)", r"(去世|过世|人没了).{0,20}(赔|抚恤|工伤)"),
    _rule("critical_injury", URGENT, "伤情危重（昏迷、脑出血等）", r"昏迷", r"脑出血", r"脑溢血", r"脑梗", r"植物人", r"ICU",
          r"重症监护", r"抢救", r"病危", r"心梗", r"颅内"),
    _rule("amputation", HIGH, "肢体离断或截肢", r"截肢", r"断指", r"断掌", _BODY + r".{0,6}(轧|切|压|锯|绞|卷|剁|砸)(断|掉|没)",
          r"(轧|切|压|锯|绞|卷|剁)(断|掉)了?.{0,3}" + _BODY),
    _rule("senses", HIGH, "视力或听力受损", r"失明", r"眼睛.{0,6}(伤|瞎|炸|溅|看不见|看不清)", r"耳聋", r"聋了", r"耳朵.{0,6}(听不见|听不清|聋|嗡)",
          r"听力.{0,4}(下降|损失|受损|不行)", r"噪声聋"),
    _rule("fall", HIGH, "从高处摔下", r"(从|在).{0,6}" + _HEIGHT + r".{0,10}(摔|掉|跌|坠|滑)(下|了)", r"高空坠落", r"坠落", r"[二三四五六七八九十两2-9]楼.{0,4}(摔|掉|跌)"),
    _rule("serious_injury", HIGH, "受伤比较严重（骨折、住院或手术）", r"(摔|压|砸|轧|夹|碾)断", _BODY + r"(被)?.{0,4}断",
          r"骨折", r"瘫", r"重伤", _HURT + r".{0,12}(住院|手术|开刀)", r"(住院|手术|开刀).{0,12}(工伤|受伤)", r"烧伤", r"烫伤.{0,6}(严重|大面积)"),
    _rule("disability", HIGH, "已评或要评伤残等级", r"伤残", r"残疾", r"劳动能力鉴定", r"[一二三四五六七八九十\d]+级伤残"),
    _rule("occupational_disease", HIGH, "可能是职业病", r"职业病", r"尘肺", r"矽肺", r"硅肺", r"中毒", r"白血病", r"苯中毒", r"接触苯",
          r"粉尘.{0,10}(咳|肺|喘)"),
    _rule("injury_denied", HIGH, "受伤后单位不认或想私了", r"(伤|工伤).{0,20}(私了|不管|不认|不承认|不是.{0,6}员工|没买保险|没有保险|没交)",
          r"(私了|不是.{0,6}员工|没买保险).{0,20}(伤|工伤)"),
    _rule("minor", HIGH, "涉及未满18周岁的人", r"童工", r"未成年", r"未满(18|十八)", r"不满(16|十六|18|十八)",
          r"(?<![\d一二三四五六七八九十])(1[3-7]|十[三四五六七])岁", r"初中(生|毕业|没毕业)"),
    _rule("pregnancy", HIGH, "怀孕、产期或哺乳期被辞退", r"(怀孕|孕期|产假|产期|哺乳|生孩子|生娃).{0,20}(开除|辞退|解雇|劝退|炒|裁|不要我|让我走|解除)",
          r"(开除|辞退|解雇|劝退|炒|裁).{0,20}(怀孕|孕期|产假|哺乳)"),
    _rule("hearing_soon", URGENT, "开庭或期限就在眼前", r"(明天|后天|今天|下周|这周|马上|过几天|快要?)(就)?(要)?(开庭|仲裁|庭审|到期|过期|截止)",
          r"开庭.{0,6}(明天|后天|今天)", r"时效.{0,6}(快|要)(到|过)"),
    _rule("time_limit", HIGH, "可能已过或接近一年的仲裁时效", r"(过|超过|超了)了?.{0,3}(一年|1年|时效)", r"时效.{0,4}(过|超)",
          r"(离职|辞职|走了|不干了|被辞退|开除).{0,8}(一年多|两年|三年|好几年|1年多|2年|3年)"),
    _rule("award_unpaid", HIGH, "已有裁决或判决，对方不履行", r"强制执行", r"申请执行", r"执行(局|庭|法官|不了|不到)",
          r"(判决|裁决|判了|裁了|调解书|仲裁书|判决书).{0,20}(不给|不履行|不执行|不付|没给|还不给|拒不|赖着|没钱)",
          r"(赢了|胜诉).{0,12}(不给|没给|拿不到|要不到)", r"老赖", r"失信"),
    _rule("court_under_way", HIGH, "已经在仲裁或诉讼中", r"已经(起诉|立案|仲裁|申请仲裁|申请了仲裁)", r"(法院|仲裁委).{0,8}(传票|开庭|立案)",
          r"对方请了律师", r"公司请了律师", r"上诉", r"当被告", r"是被告", r"被告了", r"把我告了", r"被(公司|老板|单位)告"),
    _rule("absconded", HIGH, "老板或包工头跑了、联系不上",
          r"(老板|包工头|工头|老板娘|负责人|公司|厂长|班组长|带班|老乡|老赵|老王|老李|老张).{0,6}(跑路|跑了|逃了|失联|联系不上|找不到人|人不见了|电话不接|拉黑|电话打不通|人间蒸发)",
          r"跑路", r"卷款", r"卷钱", r"联系不上", r"失联", r"拉黑了?我"),
    _rule("closed", HIGH, "单位倒闭、破产或注销", r"倒闭", r"破产", r"注销", r"吊销", r"解散", r"清算", r"关门了", r"(厂|公司|店)(子)?.{0,4}(关了|黄了|没了|不开了|停业)"),
    _rule("denies_employment", HIGH, "单位不承认劳动关系", r"不承认.{0,8}(劳动关系|是(他|他们|公司|我们)的|员工|雇)",
          r"(说|称)我不是.{0,6}(员工|职工|他们的人|公司的人)", r"否认.{0,6}(劳动关系|雇)"),
    _rule("hardship", HIGH, "生活已经非常困难", r"走投无路", r"没钱吃饭", r"揭不开锅", r"吃不上饭", r"饭都吃不起", r"孩子.{0,6}(学费|看病).{0,6}没钱"),
    _rule("asks_person", NORMAL, "您希望律师来跟进", r"找律师", r"要律师", r"转人工", r"人工服务", r"真人", r"律师帮", r"请律师", r"需要律师",
          r"找人帮", r"有没有人管", r"让律师"),
    _rule("complex", NORMAL, "情况比较复杂", r"情况(很|比较|特别|非常)?复杂", r"说不清楚", r"好几件事"),
)
# Rules that say an injury is serious: two of them or one with another serious problem is
# "several serious problems"; a plain injury question ("工伤怎么认定") matches none.
SERIOUS = frozenset({"death", "critical_injury", "amputation", "senses", "fall", "serious_injury", "disability",
                     "occupational_disease", "minor", "absconded", "closed", "award_unpaid", "denies_employment"})
# Several descriptions of one injury ("从架子上摔下来腿断了") are one problem, not several.
INJURY_ONLY = frozenset({"death", "critical_injury", "amputation", "senses", "fall", "serious_injury", "disability",
                         "occupational_disease"})


@dataclass(frozen=True)
class Decision:
    """Whether a lawyer should take the case, how urgently, and why (in plain Chinese)."""

    escalate: bool
    urgency: str = NORMAL
    reasons: tuple[str, ...] = ()
    codes: tuple[str, ...] = field(default=())


def assess(text: str, facts: dict | None = None, unhelpful_turns: int = 0, today: dt.date | None = None) -> Decision:
    """Apply every rule; the most urgent one sets the urgency. With `today`, the worker's
    own leaving date is checked against the one-year limit (劳动争议调解仲裁法 27)."""
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
    left = facts.get("left_date")
    if today and isinstance(left, str | dt.date) and "time_limit" not in {code for code, _, _ in hits}:
        months = (today - dt.date.fromisoformat(str(left))).days / 30.44  # facts hold ISO dates only
        if months >= LIMITATION_WARNING_MONTHS:
            hits.append(("time_limit", HIGH, "按您说的离职时间，一年的仲裁时效已过或快到了"))
    serious = {code for code, _, _ in hits} & SERIOUS
    if len(serious) >= 2 and not serious <= INJURY_ONLY:
        hits.append(("several_serious", HIGH, "几个严重的问题同时存在"))
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
