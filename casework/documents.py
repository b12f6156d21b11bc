"""Documents drafted from a case: the facts the worker gave and the figures computed from them.

Three kinds, each a `Document` (title, who it goes to, sections of paragraphs, the claims with
their amounts and articles, the lines to sign, and notes for the worker that are not part of
the document itself):

- "arbitration" — 劳动仲裁申请书: parties, claims with amounts and their legal basis, facts and
  reasons, evidence, to the arbitration commission of the worker's city (or a blank);
- "complaint" — 劳动保障监察投诉书: unpaid wages and a missing written contract;
- "resignation" — 被迫解除劳动合同通知书: the worker ends the contract because wages are not
  paid or social insurance is not paid (《劳动合同法》第三十八条), with a warning of what
  leaving gives up and gains (经济补偿, 第四十六条).

Pure: nothing is read from the clock or the disk (`today` is passed in, and only the figures
use it). Every amount is a calculator's (`casework.figures`), with that calculator's articles;
nothing the worker did not say is made up: what they must fill in is a blank marked
「【请填写：身份证号】」, what they must check is marked 「【请核对：…】」.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from casework import figures, texts
from casework.figures import amount_text  # as the chat showed it (figures.headline)
from casework.present import WORDS_KEY
from knowledge.laws import cite

TITLES = {"arbitration": "劳动仲裁申请书", "complaint": "劳动保障监察投诉书", "resignation": "被迫解除劳动合同通知书"}
KINDS = tuple(TITLES)
MARK = re.compile(r"【请(填写|核对)：([^】]+)】")

CONTRACT_LAW = "劳动合同法"
INSPECTION = "劳动保障监察条例"
ARBITRATION_LAW = "劳动争议调解仲裁法"

# A figure's claim, as the arbitration application words it (the amount and articles follow).
CLAIM_WORDS = {
    "unpaid_wages": "支付拖欠的工资",
    "double_wages": "支付未签订书面劳动合同的二倍工资差额",
    "unlawful_termination": "支付违法解除劳动合同的赔偿金",
    "severance": "支付解除劳动合同的经济补偿",
    "notice_pay": "支付代通知金（额外一个月工资）",
    "overtime_pay": "支付加班费",
    "probation_pay": "支付试用期工资差额",
    "annual_leave_pay": "支付未休年休假工资",
}
# Shown as an alternative to the 2N claim: they apply only when the dismissal was lawful.
IF_LAWFUL = ("severance", "notice_pay")


def blank(label: str) -> str:
    """Something only the worker knows: they fill it in."""
    return f"【请填写：{label}】"


def check(label: str) -> str:
    """Something we read from the chat that the worker must check before handing it in."""
    return f"【请核对：{label}】"


@dataclass(frozen=True)
class Claim:
    """One request: the words, the amount the calculator found, and the articles it rests on."""

    text: str
    amount: float | None = None
    citations: tuple[str, ...] = ()
    key: str = ""            # the figure it comes from ("" for a claim without one)
    in_total: bool = True    # a monthly amount is not added to the total


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    addressee: str
    salutation: bool                 # True: "单位：" heads the letter; False: "此致 … 委员会" ends it
    sections: tuple[Section, ...]
    claims: tuple[Claim, ...]
    signature: tuple[str, ...]
    notes: tuple[str, ...] = ()      # for the worker, not part of the document (a separate page)
    warning: str = ""                # what the worker must weigh before using it (the resignation)
    topic: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def body(self) -> list[str]:
        """The document as lines of plain text, in reading order (the renderers' order too)."""
        lines = [self.title]
        if self.salutation:
            lines.append(f"{self.addressee}：")
        for section in self.sections:
            if section.heading:
                lines.append(section.heading)
            lines.extend(section.paragraphs)
        if not self.salutation:
            lines += ["此致", self.addressee]
        return lines + list(self.signature)

    def text(self) -> str:
        return "\n".join(self.body)

    @property
    def blanks(self) -> list[str]:
        """Every label the worker must fill in or check, once each, in order."""
        seen: dict[str, None] = {}
        for line in self.body:
            for _, label in MARK.findall(line):
                seen[label] = None
        return list(seen)

    @property
    def total(self) -> float:
        return round(sum(c.amount for c in self.claims if c.amount and c.in_total), 2)

    @property
    def filename(self) -> str:
        return self.title


# --- reading the facts ------------------------------------------------------------------

def _date_text(value) -> str | None:
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return f"{day.year}年{day.month}月{day.day}日"


def _number(facts: dict, key: str) -> float | None:
    value = facts.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    return float(value)


def _months_text(months: float) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{int(years)}年{rest:g}个月"
    return f"{int(years)}年" if years else f"{months:g}个月"


def _text(facts: dict, key: str) -> str:
    value = facts.get(key)
    return value.strip() if isinstance(value, str) else ""


def place(facts: dict) -> str:
    """The worker's city as an administrative name (杭州 → 杭州市), or ""."""
    city = _text(facts, "city")
    if not city:
        return ""
    return city if re.search(r"([市区县盟旗]|自治州)$", city) else city + "市"


def employer(facts: dict) -> str:
    name = _text(facts, "employer")
    return f"{name}{check('单位全称，以营业执照为准')}" if name else blank("单位全称")


def _money(facts: dict, key: str) -> str:
    value = _number(facts, key)
    return f"{amount_text(value)}元" if value else ""


def basis(citations: tuple[str, ...] | list[str]) -> str:
    """Citations as legal writing groups them: 《劳动合同法》第十条、第八十二条，《劳动法》第五十条."""
    laws: dict[str, list[str]] = {}
    for citation in citations:
        law, _, article = citation.partition("》")
        laws.setdefault(law + "》", []).append(article)
    return "，".join(law + "、".join(articles) for law, articles in laws.items())


def _citations(result: dict) -> tuple[str, ...]:
    return tuple(cite(law, int(article)) for law, article in result.get("citations") or [])


def _by_key(calculations: list[dict]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for result in calculations or []:
        if isinstance(result, dict) and result.get("key") and result["key"] not in found:
            found[result["key"]] = result
    return found


def _positive(result: dict | None) -> float | None:
    amount = (result or {}).get("amount")
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount <= 0:
        return None
    return float(amount)


# --- the parts the documents share --------------------------------------------------------

def _worker(role: str, facts: dict) -> Section:
    phone = _text(facts, "contact_phone") or blank("联系电话")
    return Section(f"{role}：", (
        f"姓名：{blank('姓名')}　性别：{blank('性别')}　出生日期：{blank('出生日期')}",
        f"身份证号：{blank('身份证号')}",
        f"住址：{blank('住址')}",
        f"联系电话：{phone}",
    ))


def _employer_party(role: str, facts: dict) -> Section:
    return Section(f"{role}：", (
        f"单位名称：{employer(facts)}",
        f"住所：{blank('单位地址')}",
        f"法定代表人（主要负责人）：{blank('姓名、职务')}",
    ))


def _story(facts: dict, who: str, other: str) -> list[str]:
    """What happened, from the facts alone: a fact not given is a blank or left out."""
    start = _date_text(facts.get("start_date")) or blank("入职日期")
    months = _number(facts, "months_worked")
    served = f"（至今约{_months_text(months)}）" if months and not facts.get("start_date") else ""
    wage = _money(facts, "monthly_wage") or blank("月工资") + "元"
    lines = [f"{who}于{start}{served}入职{other}，从事{blank('岗位')}工作，月工资{wage}。"]
    if facts.get("written_contract") is False:
        lines.append(f"{other}一直未与{who}签订书面劳动合同。")
    elif facts.get("written_contract") is True:
        lines.append("双方签订了书面劳动合同。")
    owed, unpaid = _money(facts, "amount_owed"), _number(facts, "months_unpaid")
    if owed or unpaid:
        what = f"工资{owed}" if owed else f"{_months_text(unpaid)}的工资"
        paid = _money(facts, "amount_paid")
        lines.append(f"{other}拖欠{who}{what}" + (f"，其中已支付{paid}" if paid else "") + "，至今未付清。")
    hours = []
    if _number(facts, "overtime_hours_per_day"):
        hours.append(f"工作日每天加班约{facts['overtime_hours_per_day']:g}小时")
    if _number(facts, "overtime_hours_per_month"):
        hours.append(f"工作日每月加班约{facts['overtime_hours_per_month']:g}小时")
    if _number(facts, "rest_day_hours_per_week"):
        hours.append(f"休息日每周加班约{facts['rest_day_hours_per_week']:g}小时")
    if _number(facts, "holiday_hours"):
        hours.append(f"法定节假日加班共约{facts['holiday_hours']:g}小时")
    if hours:
        lines.append(f"{who}" + "，".join(hours) + f"，{other}未足额支付加班费。")
    left = _date_text(facts.get("left_date"))
    if facts.get("dismissed") is True:
        notice = "，且未提前三十日书面通知" if facts.get("notice_given") is False else ""
        lines.append(f"{left or blank('被辞退日期')}，{other}解除了与{who}的劳动合同{notice}。")
    elif facts.get("still_employed") is False or left:
        lines.append(f"{who}已于{left or blank('离职日期')}离职。")
    elif facts.get("still_employed") is True:
        lines.append(f"{who}目前仍在{other}处工作。")
    return lines


def _evidence(facts: dict, who: str) -> Section:
    items = [str(e) for e in facts.get("evidence") or [] if str(e).strip()]
    lines = [f"{n}. {item}（证据来源：{who}持有）" for n, item in enumerate(items, start=1)]
    lines.append(f"{len(items) + 1}. {blank('其他证据及来源，如劳动合同、工资条、银行流水、考勤记录、工作群聊天记录')}")
    return Section("证据和证据来源：", tuple(lines))


def _signature(who: str) -> tuple[str, ...]:
    return (f"{who}（签名）：{blank('签名')}", f"日期：{blank('日期')}")


# --- 劳动仲裁申请书 --------------------------------------------------------------------------

def _arbitration_claims(calculations: list[dict]) -> list[Claim]:
    found = _by_key(calculations)
    claims = []
    unlawful = _positive(found.get("unlawful_termination"))
    for key, words in CLAIM_WORDS.items():
        result = found.get(key)
        amount = _positive(result)
        if amount is None or (unlawful and key in IF_LAWFUL):
            continue
        citations = _citations(result)
        text = f"{words}{amount_text(amount)}元"
        monthly = key == "overtime_pay" and str(result.get("title", "")).startswith("每月")
        if monthly:
            text = f"{words}（按每月{amount_text(amount)}元计，共{blank('加班月数')}个月）"
        if key == "unlawful_termination":
            lawful = [(k, _positive(found.get(k))) for k in IF_LAWFUL]
            alternative = "、".join(f"{CLAIM_WORDS[k].removeprefix('支付')}{amount_text(a)}元" for k, a in lawful if a)
            if alternative:
                text += f"（如认定被申请人解除合法，则请求支付{alternative}）"
                for k, a in lawful:
                    if a:
                        citations += tuple(c for c in _citations(found[k]) if c not in citations)
        claims.append(Claim(text, amount, citations, key, in_total=not monthly))
    return claims


def _arbitration(topic: str, facts: dict, calculations: list[dict]) -> Document:
    claims = _arbitration_claims(calculations)
    lines = [f"{n}. 请求裁决被申请人{c.text}；依据：{basis(c.citations)}。" for n, c in enumerate(claims, start=1)]
    if not claims:
        lines = [f"1. 请求裁决被申请人{blank('请求事项和金额')}。"]
    total = sum(c.amount for c in claims if c.in_total and c.amount)
    if len([c for c in claims if c.in_total]) > 1:
        lines.append(f"以上金额合计{amount_text(round(total, 2))}元。")
    reasons = _story(facts, "申请人", "被申请人")
    for claim in claims:
        reasons.append(f"根据{basis(claim.citations)}的规定，被申请人应当向申请人{claim.text.split('（')[0]}。")
    reasons.append("为维护申请人的合法权益，特向贵委申请仲裁，请依法裁决。")
    city = place(facts)
    addressee = f"{city or blank('单位所在地或干活所在地的市或区')}劳动人事争议仲裁委员会"
    notes = [
        "文中【请填写：…】的地方请您自己填上，【请核对：…】的地方请核对；金额是按您在对话里说的算的，提交前请再核对。",
        f"仲裁申请书按对方单位的数量多准备副本（{cite(ARBITRATION_LAW, 28)}），带上身份证和证据复印件，"
        f"交到干活所在地或者单位所在地的劳动人事争议仲裁委员会（{cite(ARBITRATION_LAW, 21)}）。"
        f"劳动争议仲裁不收费（{cite(ARBITRATION_LAW, 53)}）。",
    ]
    deadline = _by_key(calculations).get("arbitration_deadline")
    if deadline:
        notes.append(figures.headline(deadline) + f"（{cite(ARBITRATION_LAW, 27)}）")
    notes.append("拿不准的地方，可以在对话里说「找律师」，或拨打12351。")
    return Document("arbitration", TITLES["arbitration"], addressee, False, (
        _worker("申请人", facts), _employer_party("被申请人", facts),
        Section("仲裁请求：", tuple(lines)), Section("事实和理由：", tuple(reasons)), _evidence(facts, "申请人"),
    ), tuple(claims), _signature("申请人"), tuple(notes), topic=topic)


# --- 劳动保障监察投诉书 ------------------------------------------------------------------------

def _unpaid(facts: dict, calculations: list[dict]) -> tuple[bool, float | None, tuple[str, ...]]:
    result = _by_key(calculations).get("unpaid_wages")
    amount = _positive(result)
    said = bool(amount or _number(facts, "amount_owed") or _number(facts, "months_unpaid"))
    return said, amount, _citations(result) if result else ()


def _complaint(topic: str, facts: dict, calculations: list[dict]) -> Document:
    claims = []
    unpaid, amount, _ = _unpaid(facts, calculations)
    if unpaid or topic == "wage_arrears":
        sum_text = f"{amount_text(amount)}元" if amount else blank("拖欠金额") + "元"
        claims.append(Claim(f"被投诉单位拖欠投诉人工资{sum_text}，请依法责令其限期支付", amount,
                            (cite(CONTRACT_LAW, 30), cite(INSPECTION, 26)), "unpaid_wages"))
    if facts.get("written_contract") is False or (topic == "no_written_contract" and facts.get("written_contract") is None):
        claims.append(Claim("被投诉单位未与投诉人订立书面劳动合同，请依法责令其改正", None,
                            (cite(CONTRACT_LAW, 10), cite(INSPECTION, 24)), "written_contract"))
    lines = [f"{n}. {c.text}；依据：{basis(c.citations)}。" for n, c in enumerate(claims, start=1)]
    if not claims:
        lines = [f"1. {blank('投诉事项，如拖欠工资、未签书面劳动合同')}"]
    reasons = [*_story(facts, "投诉人", "被投诉单位"),
               f"根据{cite(INSPECTION, 9)}，劳动者认为用人单位侵犯其劳动保障合法权益的，有权向劳动保障行政部门投诉。"
               "特此投诉，请依法查处。"]
    city = place(facts)
    addressee = f"{city or blank('单位所在地的市或区')}人力资源和社会保障局（劳动保障监察机构）"
    notes = [
        "文中【请填写：…】的地方请您自己填上，【请核对：…】的地方请核对；金额是按您在对话里说的算的。",
        "投诉书交到单位所在地的人社局劳动保障监察机构，也可以先打12333电话投诉。带上身份证和证据复印件。",
        "二倍工资、加班费、经济补偿这些钱，还可以另外申请劳动仲裁（劳动仲裁申请书我也可以帮您写）。",
        "拿不准的地方，可以在对话里说「找律师」，或拨打12351。",
    ]
    return Document("complaint", TITLES["complaint"], addressee, False, (
        _worker("投诉人", facts), _employer_party("被投诉单位", facts),
        Section("投诉事项：", tuple(lines)), Section("事实和理由：", tuple(reasons)), _evidence(facts, "投诉人"),
    ), tuple(claims), _signature("投诉人"), tuple(notes), topic=topic)


# --- 被迫解除劳动合同通知书 -------------------------------------------------------------------

GROUNDS = {  # 《劳动合同法》第三十八条第一款 items
    "wages": ("（二）", "未及时足额支付劳动报酬"),
    "insurance": ("（三）", "未依法为本人缴纳社会保险费"),
}


def _grounds(topic: str, facts: dict, calculations: list[dict]) -> list[str]:
    found = []
    if topic == "wage_arrears" or _unpaid(facts, calculations)[0]:
        found.append("wages")
    if topic == "social_insurance":
        found.append("insurance")
    return found


def severance(facts: dict, today: dt.date) -> dict | None:
    """The 经济补偿 a worker who leaves under 第三十八条 can ask for (第四十六条第一项), if computable."""
    plain = {k: v for k, v in facts.items() if k != WORDS_KEY}
    return next((r for r in figures.figures(plain, "dismissal_severance", today) if r["key"] == "severance"), None)


def _resignation(topic: str, facts: dict, calculations: list[dict], today: dt.date) -> Document:
    grounds = _grounds(topic, facts, calculations)
    article = cite(CONTRACT_LAW, 38)
    _, owed, _ = _unpaid(facts, calculations)
    owed_text = f"（截至目前拖欠本人工资{amount_text(owed)}元）" if owed else ""
    start = _date_text(facts.get("start_date")) or blank("入职日期")
    lines = [f"本人{blank('姓名')}（身份证号：{blank('身份证号')}）于{start}入职贵单位，从事{blank('岗位')}工作。"]
    if grounds:
        what = "，".join(GROUNDS[g][1] + (owed_text if g == "wages" else "") for g in grounds)
        items = "、".join(f"第{GROUNDS[g][0]}项" for g in grounds)
        lines.append(f"因贵单位{what}，根据{article}第一款{items}的规定，"
                     f"本人自{blank('解除日期')}起解除与贵单位的劳动合同。")
    else:
        lines.append(f"因贵单位存在下列情形（请在符合的情形前打√）：□{GROUNDS['wages'][1]}；□{GROUNDS['insurance'][1]}。"
                     f"根据{article}第一款的规定，本人自{blank('解除日期')}起解除与贵单位的劳动合同。")
    pay = severance(facts, today)
    pay_text = f"（按本人工作年限和月工资计算约{amount_text(pay['amount'])}元）" if _positive(pay) else ""
    settle = "结清拖欠本人的工资，" if "wages" in grounds else ""
    lines.append(f"请贵单位{settle}依照{cite(CONTRACT_LAW, 46)}、{cite(CONTRACT_LAW, 47)}的规定"
                 f"支付经济补偿{pay_text}，并依照{cite(CONTRACT_LAW, 50)}的规定出具解除劳动合同的证明，"
                 "在十五日内为本人办理档案和社会保险关系转移手续。")
    lines.append("特此通知。")
    warning = texts.resignation_warning(cite(CONTRACT_LAW, 46), cite(ARBITRATION_LAW, 27),
                                        amount_text(pay["amount"]) if _positive(pay) else "")
    notes = (
        warning,
        "通知要让单位收到，并留下证明：当面交的请对方签收，邮寄的用EMS并保留单号和回执。自己留一份复印件。",
        "文中【请填写：…】的地方请您自己填上，【请核对：…】的地方请核对。",
    )
    return Document("resignation", TITLES["resignation"], employer(facts), True,
                    (Section("", tuple(lines)),), (), ("通知人（签名）：" + blank("签名"), f"日期：{blank('日期')}"),
                    notes, warning, topic=topic, extra={"grounds": grounds, "severance": pay})


def build(kind: str, topic: str, facts: dict, calculations: list[dict], today: dt.date) -> Document:
    """The document of `kind` for this case. Raises ValueError for an unknown kind."""
    facts = {k: v for k, v in (facts or {}).items() if k != WORDS_KEY and v is not None}
    calculations = [c for c in calculations or [] if isinstance(c, dict)]
    if kind == "arbitration":
        return _arbitration(topic, facts, calculations)
    if kind == "complaint":
        return _complaint(topic, facts, calculations)
    if kind == "resignation":
        return _resignation(topic, facts, calculations, today)
    raise ValueError(f"unknown document kind {kind!r}; known: {', '.join(KINDS)}")
