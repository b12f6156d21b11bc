"""The decision to bring in a lawyer: explicit rules, each with the reason a worker is told.

Pure functions over the message text and the facts gathered, so every rule is tested
with a table of cases. Thresholds that are policy, not law (what counts as a large sum
or many workers), come in as `Thresholds`: the adapter builds them from the settings
(HOTLINE_LARGE_SUM, HOTLINE_MANY_WORKERS); the domain never reads the environment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from casework.signals import ASKS_PERSON, SELF_HARM
from foundation.vocabulary import HIGH, NORMAL, URGENCY_RANK, URGENT

LIMITATION_WARNING_MONTHS = 10  # of the 12 the law gives: time to prepare an application
# The lawyer model's probability (knowledge/ngram_model.py, trained on the corpus labels) above
# which a message no rule explains still brings a lawyer. Chosen on corpus writers held out of
# training: rules or model then catch 0.93 of the cases the writers sent to a lawyer
# (docs/evaluation.md). The model never supplies a reason of its own beyond "a lawyer should look".
LEARNED_THRESHOLD = 0.15
LEARNED_REASON = "您说的情况可能需要律师具体判断"


LARGE_SUM = 50000.0  # yuan owed
MANY_WORKERS = 10  # workers in one case


@dataclass(frozen=True)
class Thresholds:
    """Where a sum becomes large and a group many: policy, set by the adapter (Settings)."""

    large_sum: float = LARGE_SUM
    many_workers: int = MANY_WORKERS


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
_HEIGHT = r"(楼|层|架子|脚手架|梯子|高处|塔吊|屋顶|房顶|平台|吊篮|钢架|桥|井)"
RULES: tuple[Rule, ...] = (
    Rule("self_harm", URGENT, "您提到了轻生的念头", SELF_HARM),
    _rule("threat", URGENT, "有人威胁或动手打人", r"威胁", r"恐吓", r"打人", r"打我(?!.{0,4}电话)", r"打了我(?!.{0,4}电话)", r"打我们",
          r"找人打", r"动手打", r"要打死", r"弄死我", r"砍我", r"扣押.{0,4}(人|我)", r"被.{0,8}(打了|打伤|揍|推倒)",
          r"打断.{0,3}腿", r"(推|赶)出门外", r"堵在.{0,6}(办公室|屋里|门口)", r"找人收拾", r"收拾(你|我|俺|他)",
          r"让(你|我|俺)好看", r"知道(你|我|俺)家(住|在)", r"(去|到)(你|我|俺)(老家|家里)找", r"让(你|我|俺).{0,8}混不下去"),
    _rule("protest", URGENT, "工友们准备采取激烈行动", r"跳塔吊", r"上访", r"拉横幅", r"堵路", r"堵门", r"围堵", r"集体.{0,4}(闹|堵|讨)"),
    _rule("death", URGENT, "有人死亡", r"死亡", r"身亡", r"没了命", r"工亡", r"猝死", r"丧葬补助", r"(砸|压|摔|电|烧|淹|闷)死",
          _WORK + r".{0,20}(去世|过世|人没了)", r"(去世|过世|人没了).{0,20}(赔|抚恤|工伤)", r"丧葬费",
          r"(车祸|事故|出事|意外).{0,6}(去世|过世|死了|没了)"),
    _rule("critical_injury", URGENT, "伤情危重（昏迷、脑出血等）", r"昏迷", r"脑出血", r"脑溢血", r"脑梗", r"植物人", r"ICU",
          r"重症监护", r"抢救", r"病危", r"心梗", r"颅内"),
    _rule("amputation", HIGH, "肢体离断或截肢", r"截肢", r"断指", r"断掌", _BODY + r".{0,6}(轧|切|压|锯|绞|卷|剁|砸)(断|掉|没)",
          r"(轧|切|压|锯|绞|卷|剁)(断|掉)了?.{0,3}" + _BODY),
    _rule("senses", HIGH, "视力或听力受损", r"失明", r"眼睛.{0,6}(伤|瞎|炸|溅|看不见|看不清)", r"耳聋", r"聋了", r"耳朵.{0,6}(听不见|听不清|聋|嗡)",
          r"听力.{0,4}(下降|损失|受损|不行)", r"噪声聋"),
    _rule("fall", HIGH, "从高处摔下", r"(从|在).{0,6}" + _HEIGHT + r".{0,10}(摔|掉|跌|坠|滑)(下|了)", r"高空坠落", r"坠落", r"[二三四五六七八九十两2-9]楼.{0,4}(摔|掉|跌)"),
    # A fracture or a stay in hospital alone is a question the FAQ answers (认定, 停工留薪期);
    # a crushed limb, paralysis or a severe burn is a case for a lawyer.
    _rule("serious_injury", HIGH, "受伤很严重", r"(压|砸|轧|碾)断", r"瘫", r"重伤", r"大面积烧伤", r"烧伤.{0,6}(严重|大面积)",
          r"烫伤.{0,6}(严重|大面积)", r"多处骨折", r"粉碎性骨折"),
    _rule("disability", HIGH, "伤残等级较高（一至六级）", r"[一二三四五六1-6]级伤残", r"伤残[一二三四五六1-6]级", r"[一二三四五六1-6]级工伤",
          r"(评|定|鉴定)(了|为|成)?[一二三四五六1-6]级"),
    _rule("occupational_disease", HIGH, "可能是职业病", r"职业病", r"尘肺", r"矽肺", r"硅肺", r"中毒", r"白血病", r"苯中毒", r"接触苯",
          r"粉尘.{0,10}(咳|肺|喘)"),
    _rule("injury_denied", HIGH, "受伤后单位想私了或不认您是员工", r"(伤|工伤).{0,20}(私了|不是.{0,6}员工)", r"(私了|不是.{0,6}员工).{0,20}(伤|工伤)"),
    _rule("minor", HIGH, "涉及未满18周岁的人", r"童工", r"未成年", r"未满(18|十八)", r"不满(16|十六|18|十八)",
          r"(?<![\d一二三四五六七八九十])(1[3-7]|十[三四五六七])岁", r"初中(生|毕业|没毕业)"),
    _rule("injured_dismissed", HIGH, "受伤后被辞退", r"(伤|工伤).{0,20}(开除|辞退|解雇|炒了|不让.{0,2}干|让我走|解除)",
          r"(开除|辞退|解雇|炒了|解除).{0,20}(受伤|工伤|伤还没好)"),
    _rule("pregnancy", HIGH, "怀孕、产期或哺乳期被辞退", r"(怀孕|孕期|产假|产期|哺乳|生孩子|生娃).{0,20}(开除|辞退|解雇|劝退|炒|裁|不要我|让我走|解除)",
          r"(开除|辞退|解雇|劝退|炒|裁).{0,20}(怀孕|孕期|产假|哺乳)"),
    _rule("hearing_soon", URGENT, "开庭或期限就在眼前", r"(明天|后天|今天|下周|这周|马上|过几天|快要?)(就)?(要)?(开庭|庭审)",
          r"开庭.{0,6}(明天|后天|今天)", r"(时效|期限).{0,6}(快|要|马上)(到|过|截止)"),
    _rule("time_limit", HIGH, "可能已过或接近一年的仲裁时效", r"(过了|超过了?|超了)(一年|1年)(的)?(仲裁)?(时效|期限)", r"时效.{0,4}(过|超)",
          r"(离职|辞职|走了|走的|不干了|回老家|被辞退|开除|不让.{0,2}干).{0,40}(快一年|快满一年|快满1年|一年多|一年半|1年多|"
          r"快两年|两年|三年|快三年|好几年|2年|3年|超过一年|一年以上)(了|啦|前)",
          r"(一年多|一年半|两年|三年|好几年)(以)?前.{0,8}(离职|辞职|不干|被辞退|开除)"),
    _rule("award_unpaid", HIGH, "已有裁决或判决，对方不履行", r"强制执行", r"申请执行", r"执行(局|庭|法官|不了|不到)",
          r"(判决|裁决|判了|裁了|调解书|仲裁书|判决书).{0,20}(不给|不履行|不执行|不付|没给|还不给|拒不|赖着|没钱)",
          r"(赢了|胜诉).{0,12}(不给|没给|拿不到|要不到)", r"老赖", r"失信",
          r"(裁决书?|判决书?|调解书).{0,12}(没到账|没给|不给|没付|没执行)", r"找谁执行|怎么执行"),
    _rule("court_under_way", HIGH, "单位已经起诉或上诉", r"(法院|仲裁委).{0,8}传票", r"(公司|单位|老板|厂里|对方).{0,6}(起诉|告)(了)?我",
          r"对方请了律师", r"公司请了律师", r"(已经|提起|公司|老板|对方|他们)上诉(了)?(?!吗)", r"当被告", r"是被告", r"被告了", r"把我告了", r"被(公司|老板|单位)告"),
    _rule("absconded", HIGH, "老板或包工头跑了、联系不上",
          r"(老板|包工头|工头|老板娘|负责人|公司|厂长|班组长|带班|老乡|老赵|老王|老李|老张).{0,6}(跑路|跑了|逃了|失联|联系不上|找不到人|人不见了|电话不接|拉黑|电话打不通|人间蒸发)",
          r"跑路", r"卷款", r"卷钱", r"(他|她|人)(也|都)?联系不上", r"失联", r"拉黑了?我", r"电话(也|都)?(不接|打不通|关机|停机)",
          r"人(也|都)?找不到", r"没影了", r"门(也|都)?锁了"),
    _rule("closed", HIGH, "单位倒闭、破产或注销", r"倒闭", r"破产", r"(公司|厂|店|单位|企业|执照|商户).{0,6}注销", r"注销了?(公司|营业执照|登记)",
          r"吊销", r"解散", r"清算", r"(厂|公司|店|工地|老板)(子)?.{0,4}(关门|关了|黄了|没了|不开了)"),
    _rule("collective", HIGH, "涉及很多工友的集体情况", r"全厂", r"全店", r"全体(员工|工人|职工)", r"整个(工地|车间|厂|公司|班组)",
          r"集体(讨薪|维权|上访|辞退|裁员|被欠)", r"([二三四五六七八九十]十|[一二三四五六七八九]百)(几|多)?(号|个)?(人|工友|工人|员工)",
          r"\d{2,}(多)?(号|个)?(人|工友|工人|员工)"),
    _rule("claim_against_worker", HIGH, "单位向您索赔的金额较大", r"(赔|违约金|索赔|赔偿).{0,8}([五六七八九]万|[一二三四五六七八九]?十(几)?万|\d{5,}|[5-9]\d?[wW万])"),
    _rule("denies_employment", HIGH, "单位不承认劳动关系", r"不承认.{0,8}(劳动关系|是(他|他们|公司|我们)的|员工|雇|这回事)",
          r"(说|称)(我|她|他|我们)?(不是|不算).{0,8}(员工|职工|他们的人|公司的人|店里的人|雇的)", r"否认.{0,6}(劳动关系|雇)",
          r"又不是我(的|们)?(员工|的人)"),
    _rule("hardship", HIGH, "您现在的处境非常困难", r"走投无路", r"绝望", r"撑不住了", r"崩溃了", r"没钱吃饭", r"揭不开锅", r"吃不上饭", r"饭都吃不起", r"孩子.{0,6}(学费|看病).{0,6}没钱"),
    # The wish for a person in a conversation is handled by the turn policy (signals.WANTS_PERSON);
    # here only a plain request in a first message, not a question about lawyers.
    _rule("asks_person", NORMAL, "您希望律师来跟进", ASKS_PERSON),
    _rule("complex", NORMAL, "情况比较复杂", r"情况(很|比较|特别|非常)复杂", r"好几件事"),
)
# Rules that say an injury is serious: two of them or one with another serious problem is
# "several serious problems"; a plain injury question ("工伤怎么认定") matches none.
SERIOUS = frozenset({"death", "critical_injury", "amputation", "senses", "fall", "serious_injury", "disability",
                     "occupational_disease", "minor", "absconded", "closed", "award_unpaid", "denies_employment",
                     "threat"})
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


def assess(text: str, facts: dict | None = None, unhelpful_turns: int = 0, today: dt.date | None = None,
           learned: float = 0.0, *, thresholds: Thresholds = Thresholds()) -> Decision:
    """Apply every rule; the most urgent one sets the urgency. With `today`, the worker's
    own leaving date is checked against the one-year limit (劳动争议调解仲裁法 27).
    `learned` is the lawyer model's probability for the message: when no rule fires and it
    reaches LEARNED_THRESHOLD, a lawyer is offered with the model's plain reason."""
    facts = facts or {}
    hits = [(r.code, r.urgency, r.reason) for r in RULES if r.pattern.search(text)]
    amount = facts.get("amount_owed")  # the sum owed; never a sum paid or offered
    if amount and float(amount) >= thresholds.large_sum:
        hits.append(("large_sum", HIGH, f"涉及金额较大（约{float(amount):,.0f}元）"))
    headcount = facts.get("headcount")
    if headcount and int(headcount) >= thresholds.many_workers:
        hits.append(("many_workers", HIGH, f"涉及{int(headcount)}人左右的集体情况"))
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
    if not hits and learned >= LEARNED_THRESHOLD:
        hits.append(("learned", NORMAL, LEARNED_REASON))
    if not hits:
        return Decision(False)
    urgency = min((u for _, u, _ in hits), key=URGENCY_RANK.__getitem__)
    return Decision(True, urgency, tuple(dict.fromkeys(r for _, _, r in hits)), tuple(c for c, _, _ in hits))



def combine(earlier: Decision, later: Decision) -> Decision:
    """The reasons of a whole conversation: every reason given so far, the most urgent one
    setting the urgency (a threat in the first message still counts at the hand-over)."""
    if not earlier.escalate or not later.escalate:
        return later if later.escalate else earlier
    urgency = min(earlier.urgency, later.urgency, key=URGENCY_RANK.__getitem__)
    return Decision(True, urgency, tuple(dict.fromkeys(earlier.reasons + later.reasons)),
                    tuple(dict.fromkeys(earlier.codes + later.codes)))
