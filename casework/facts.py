"""Facts of a worker's case, read from what they write.

Workers put several facts in one line ("月薪6000，欠了我三个月，一共一万八，老板只给了5000"),
so every quantity of a message is found with its position, and the cue words around it
(in the same clause, not beyond the neighbouring quantity) decide which fact it is.
Yes/no facts (contract, still employed, dismissed…) come from phrase tables, with the
negations and hypotheticals ("不签合同的话…", "怕被辞退") that do not state a fact.

Pure functions, no I/O. Keys are those of `casework.fact_keys` only, and a key appears
only when the message states it: nothing is assumed, vague amounts are lower bounds.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field

from casework import parsers
from casework.fact_keys import KINDS, LABELS
from foundation.phones import LANDLINE, MOBILE, PHONE

# ---------------------------------------------------------------------------
# Cue tables. A cue maps to the fact key it announces; "" means "a quantity
# that is no fact we keep" (a daily wage, a contract term, a notice period).
# Nearest cue wins; at equal distance the longer one.
# ---------------------------------------------------------------------------

_TOTAL = "_total"  # "一共/总共": the sum owed, when the message is about arrears

MONEY_BEFORE: dict[str, str] = {
    **dict.fromkeys(("月薪", "月工资", "每月", "每个月", "一个月", "一月", "月收入", "月入", "底薪", "基本工资",
                     "转正", "合同工资", "约定工资", "约定", "说好", "谈好", "定好", "合同上", "工资是", "工资都是",
                     "工资每月", "到手", "包吃住", "合同签的是", "合同上写的", "合同写的", "合同写", "合同上写", "合同签",
                     "合同约定"), "monthly_wage"),
    **dict.fromkeys(("欠", "欠了", "欠我", "欠了我", "拖欠", "拖了", "还欠", "没发的", "没给的", "没结的",
                     "未付", "未发", "克扣", "扣了", "扣我", "少发了", "少给了", "欠薪", "拖着"), "amount_owed"),
    **dict.fromkeys(("给了", "已经给了", "只给了", "先给了", "发了", "只发了", "只发", "实发", "实际发", "实际只发",
                     "付了", "已付", "已发", "打了", "转了", "结了", "还了", "赔了", "补了", "预支", "借支"),
                    "amount_paid"),
    **dict.fromkeys(("说给", "只肯给", "肯给", "愿意给", "愿意赔", "答应给", "要我签", "让我签", "赔我", "补偿",
                     "私了", "说赔", "只赔", "赔偿", "想给", "打算给", "同意给", "开价", "只愿意"), "amount_offered"),
    **dict.fromkeys(("试用期", "试用期工资", "实习期", "试用期给了", "试用期发", "试用期只给", "试用期只发",
                     "试用期一个月", "试用期每月", "试用期给", "试用期一个月只给", "试用期每月只给", "试用期一个月给",
                     "试用期每月给", "试用期一个月只发", "试用期每月只发", "试用期一个月才"), "probation_wage"),
    **dict.fromkeys(("一共", "总共", "合计", "加起来", "总计", "一共是", "每人", "每个人", "人均", "每人都"), _TOTAL),
    **dict.fromkeys(("一天", "每天", "日薪", "一小时", "每小时", "时薪", "一个小时", "加班费", "押金", "社保",
                     "公积金", "房租", "罚款", "罚了", "医药费", "奖金", "提成", "年终奖", "生活费", "车费",
                     "报销", "电话", "手机", "号码", "要求", "要求赔偿", "索赔", "想要", "要赔偿", "想要赔偿",
                     "申请", "我要"), ""),
}
# Bare "工资/薪水/拿" is weak: after an arrears cue in the same clause it is the sum owed
# ("拖欠工资4500"), otherwise the monthly wage ("工资4500").
MONEY_WEAK: dict[str, str] = {"工资": "monthly_wage", "薪水": "monthly_wage", "薪资": "monthly_wage",
                              "收入": "monthly_wage", "拿": "monthly_wage"}
MONEY_AFTER: dict[str, str] = {
    **dict.fromkeys(("一个月", "每月", "一月", "每个月", "/月", "月薪", "底薪", "的底薪", "的月薪", "工资每月"),
                    "monthly_wage"),
    **dict.fromkeys(("没给", "没发", "没结", "还没给", "还没发", "没到手", "没拿到", "拿不到", "要不回", "没付",
                     "未付", "未发", "没有给", "没有发", "欠着"), "amount_owed"),
    **dict.fromkeys(("私了", "打发我", "让我走", "就算了"), "amount_offered"),
    **dict.fromkeys(("一天", "每天", "/天", "一小时", "每小时"), ""),
}
_OWED_WORDS = re.compile(r"欠|拖|没发|没给|没结|未发|未付|克扣")

DURATION_BEFORE: dict[str, str] = {
    **dict.fromkeys(("干了", "做了", "工作了", "上班", "上了", "入职", "进厂", "来了", "待了", "呆了", "干", "做",
                     "在这", "在厂里", "在公司", "干活", "进公司", "已经干", "一共干了", "总共干了",
                     "上班了", "打工"), "months_worked"),
    **dict.fromkeys(("欠了", "欠", "欠我", "欠了我", "拖欠", "拖了", "拖", "没发", "没给", "压了", "压着", "扣了",
                     "押了", "欠薪", "拖欠了", "一直拖"), "months_unpaid"),
    **dict.fromkeys(("试用期", "实习期", "试用", "试了", "试用了"), "probation_months"),
    **dict.fromkeys(("参加工作", "总共工作", "工龄", "累计工作", "一共工作", "社会工龄", "出来工作", "出来打工",
                     "缴社保", "交社保"), "career_years"),
    **dict.fromkeys(("提前", "合同期", "签了", "合同", "签", "还有", "到期", "休", "产假", "病假", "年假", "每",
                     "请假", "最多", "不超过", "超过", "要", "需要", "多久", "不满", "没满", "未满", "不到", "没到",
                     "还差", "差", "没干满", "没做满", "快", "将近", "差不多快", "补偿", "赔偿", "补偿金", "给了我",
                     "赔了", "给我"), ""),
}
DURATION_WEAK: dict[str, str] = {"已经": "months_worked"}
DURATION_AFTER: dict[str, str] = {
    **dict.fromkeys(("没发", "没给", "没拿", "没结", "的工资没", "工资没", "工资都没", "没有发", "没开", "都没发",
                     "工资拖", "工资没发", "的工资没发", "工资都没发", "的工资都没发", "工资还没发"), "months_unpaid"),
    **dict.fromkeys(("试用期", "的试用期", "试用"), "probation_months"),
    **dict.fromkeys(("工龄",), "career_years"),
    **dict.fromkeys(("的合同", "合同", "内", "之内", "以内", "后", "以后", "之后", "前", "以前", "之前", "的产假",
                     "产假", "病假", "年假"), ""),
}
DURATION_WEAK_AFTER: dict[str, str] = {"了": "months_worked"}

DATE_BEFORE: dict[str, str] = {
    **dict.fromkeys(("入职", "进厂", "进公司", "入职时间是", "入职是"), "start_date"),
    **dict.fromkeys(("离职", "辞职", "辞退", "开除", "干到", "做到", "到", "直到", "解除"), "left_date"),
    **dict.fromkeys(("发工资", "工资", "欠", "受伤", "摔伤", "仲裁", "申请", "鉴定"), ""),
}
DATE_AFTER: dict[str, str] = {
    **dict.fromkeys(("入职", "进厂", "进的厂", "进的", "开始上班", "开始干", "开始做", "进公司", "进的公司", "来的",
                     "来这", "上班的", "过来", "招进", "应聘", "到这", "去的", "签的", "到的"), "start_date"),
    **dict.fromkeys(("离职", "辞职", "被辞退", "辞退", "被开除", "开除", "走的", "不干了", "不做了", "解雇", "被裁",
                     "裁员", "离开", "停职", "不让干", "不让我干", "让我走", "被炒", "合同到期", "解除"), "left_date"),
    **dict.fromkeys(("受伤", "摔伤", "发工资", "申请", "鉴定", "仲裁", "开始欠", "开始拖", "到现在", "以来", "至今",
                     "开始没", "没发", "就没", "起没", "工资", "的工资", "开始不"), ""),
}
# "从去年3月开始…": a start only if nothing after says otherwise ("从上个月开始没发工资").
DATE_WEAK: dict[str, str] = {"从": "start_date", "自": "start_date", "开始": "start_date"}

HOLIDAY_WORDS = re.compile(r"国庆|春节|过年|五一|劳动节|元旦|清明|端午|中秋|法定节假日|法定假|节假日|节日|大年")
REST_DAY_WORDS = re.compile(r"周末|周六|周日|周天|星期六|星期天|星期日|礼拜六|礼拜天|礼拜日|休息日|双休|单休")
MONTH_RATE_WORDS = re.compile(r"每个?月|一个?月|月加班|个月")
OVERTIME_WORDS = re.compile(r"加班|加点")
DAY_WORDS = re.compile(r"每天|一天|天天|每日|每晚")
WORK_WORDS = re.compile(r"上班|工作|干活|干|做|在岗")
LEAVE_WORDS = re.compile(r"年假|年休假|带薪假|年休")
LEAVE_UNUSED = re.compile(r"没休|未休|没有休|不让休|没让休|没给休|休不了|没法休|没能休|还有|剩|没请|不给休|没批")
INJURY_WORDS = re.compile(r"伤残|工伤|残疾|鉴定|评残|评了|评的|评为|定了|定的|等级|受伤|骨折|截肢|压伤|砸伤|摔伤|伤")

# A clause with one of these states no fact: "不签合同的话…", "如果被辞退…".
HYPOTHETICAL = re.compile(r"如果|假如|假设|要是|万一|的话|是否|签不签|要不要签|是不是必须|必须签吗|会不会|一般签")
# Immediately before a statement, these turn it into a wish, fear, question or denial.
BLOCK_POSITIVE = ("没", "没有", "未", "不", "不想", "不会", "不要", "不能", "不敢", "想", "要", "准备", "打算", "怕",
                  "担心", "逼", "逼我", "会", "可以", "能", "该", "应该", "必须", "如果", "要是", "是否", "万一",
                  "不让我", "不让", "不准", "不给", "陪", "老婆", "媳妇", "爱人", "妻子", "女朋友", "有没有", "会被",
                  "要被", "想把我", "要把我", "说要", "签", "签自愿", "写", "写自愿")
BLOCK_NEGATIVE = ("有", "如果", "要是", "万一", "是否", "怕", "担心", "是不是")


@dataclass(frozen=True)
class Statement:
    """A yes/no fact: a phrase pattern and the value it states."""

    key: str
    value: bool
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None  # only counts when the message also says this


def _s(key: str, value: bool, pattern: str, needs: str | None = None) -> Statement:
    return Statement(key, value, re.compile(pattern), re.compile(needs) if needs else None)


_LEFT_CONTEXT = r"叫我走|不续签|辞退|开除|解雇|裁|不让.{0,2}干|走人|停职|离职|辞职|炒|劝退|不干了|不要我|解除|不用(再)?来|让我们?(自己)?走"

# Negative statements come first in each key: "没有劳动合同" must not read as "有劳动合同".
STATEMENTS: tuple[Statement, ...] = (
    _s("written_contract", False,
       r"没有?(跟我|和我|与我|给我)?签(订)?(过)?(书面|劳动|正式|用工)?(劳动)?合同|没有?(书面|劳动|正式)?(劳动)?合同"
       r"|合同(也|都|一直|从来)?没有?签|一直没签|从来没签|从没签|未签|不给(我)?签|不(跟|和|与)(我|我们)签"
       r"|没(跟|和|与)(我|我们)签|没签过(?!字)|口头(约定|协议|说的|答应)|(老板|公司|厂里?|单位|他们|老板娘)(一直|就是|死活|从来)?不签"),
    _s("written_contract", True,
       r"签了(\d+|[一两二三四五]|几)?年?的?(书面|劳动|正式)?(劳动)?合同|签过(劳动)?合同|签订了|合同(也|都)?签了"
       r"|有(书面|劳动|正式)?(劳动)?合同(?!吗|么|了吗)|合同到期|有签(劳动)?合同|签的(劳动)?合同"),
    _s("still_employed", True,
       r"还在(上班|干|做|厂里|公司|单位|这|那|职)|(目前|现在)(还)?在(职|上班|干|做)|在职|没有?离职|还没(走|离职|辞职)"
       r"|没辞职|还上着班|继续(上班|干)|还在(?=[，。！？,.!?\s]|$)"),
    _s("still_employed", False,
       r"离职|辞职|辞工|辞退|开除|不干了|不做了|被裁|裁员|裁了|解雇|解除(了)?(劳动)?(合同|关系)|不让(我)?(干|上班|做|来)"
       r"|走人|被炒|炒了我|炒鱿鱼|劝退|离开(了)?(公司|厂|单位)|已经走了|(让|叫)我(们)?(自己)?走|不要我了|辞掉|把我辞了"
       r"|赶走|撵走|不用(再)?来(上班)?了"
       r"|回家了|回老家了"),
    _s("dismissed", True,
       r"辞退|开除|解雇|裁员|被裁|裁了|被炒|炒了我|炒鱿鱼|让我走|叫我走|不让(我)?(干|上班|做|来)|不要我了|劝退"
       r"|(公司|老板|单位|厂里?)[^，。,]{0,4}解除|把我们?解除|(公司|单位|老板|厂里?)[^，。,]{0,4}不(再)?(续签|续约|跟我续)|辞掉我|把我辞了|赶走|撵走|(让|叫)我们(自己)?走|不用(再)?来(上班)?了"),
    _s("dismissed", False, r"自愿离职|我辞职|辞职了|主动离职|自己走的|自己辞职|我自己不干|主动辞职|自己提(出)?的?离职"),
    _s("notice_given", False,
       r"没有?提前[^，。,]{0,8}(通知|说|告诉)|没有?(书面)?通知|不通知|没打招呼|招呼(都|也)?不打|说走就走|第二天就?不用来|当天(就)?(通知|说|让)"
       r"|突然|直接(让我|叫我|把我|就|说)|今天说明天|口头通知", needs=_LEFT_CONTEXT),
    _s("notice_given", True, r"提前[^，。,]{0,8}(书面)?通知|书面通知(了)?我|提前[^，。,]{0,6}(说|告诉)"),
    _s("injured", True,
       r"受伤|受了伤|摔伤|砸伤|压伤|烫伤|烧伤|割伤|扭伤|碰伤|撞伤|夹伤|轧伤|划伤|工伤(?!保险)|骨折|伤到|伤了|截肢"
       r"|伤残|摔断|砸断|压断|被机器|卷进|(手|脚|腿|胳膊|手指|手臂|腰|头)(被)?[^，。,]{0,4}(断了|伤了|压了|砸了|夹了)"),
    _s("injury_recognised", False,
       r"不予认定|没有?认定|还没认定|不给认定|不(给|让)?认定|认定不了|没去认定|不算工伤|不承认是?工伤|认定没(下来|通过)"),
    _s("injury_recognised", True,
       r"认定(为|了|成)?工伤|工伤认定(书)?(已经)?(下来了|出来了|批了|通过了|做了|有了)|认定下来|已经认定|被认定|工伤认定书"),
    _s("pregnant", True,
       r"怀孕|怀了(孕|孩子|宝宝|二胎|小孩)?|孕期|(?<!陪)产假|产期|哺乳期|坐月子|刚生(了)?(孩子|小孩|宝宝)|孕妇|怀着"
       r"|有身孕|快生了|预产期"),
)

# parse_employer takes the words before 公司/厂; these show they are no name ("产假期间公司", "一个电子厂").
NOT_A_NAME = re.compile(r"\d[年月日号]|[进回在去到]厂$|一个|一家|这个|那个|这家|那家|某|期间|时候|之后|以后|以前|现在|老板|单方面|我们|他们|怎么|什么|哪")

# (pattern, normalised kind, counts only where the worker talks about proof: "手里有合同")
EVIDENCE: tuple[tuple[str, str, bool], ...] = (
    (r"微信(聊天)?(记录|截图)|聊天(记录|截图)|短信记录", "微信聊天记录", False),
    (r"考勤|打卡(记录)?", "考勤记录", False),
    (r"工资条|工资单", "工资条", False),
    (r"银行(卡)?流水|流水(?!线)|转账记录|银行(卡)?记录|发工资的记录", "银行流水", False),
    (r"劳动合同|合同", "劳动合同", True),
    (r"欠条|白条|借条|欠款条", "欠条", False),
    (r"工作证|工牌|厂牌|工作卡", "工作证", False),
    (r"录音|录了音", "录音", False),
    (r"照片|拍照|拍了照|相片", "照片", False),
    (r"证人|作证|证明人", "证人", False),
    (r"微信", "微信聊天记录", True),
)
EVIDENCE_CUES = re.compile(r"证据|手里|手上|保留|留着|留了|存着|拍了|截了|截图|复印|原件|能证明|可以证明|都有|还有")
EVIDENCE_NEGATED = re.compile(r"(没有|没|无|缺)[^，。,]{0,3}$")

# Says it is no answer ("不知道", "算了", "不想说"): no short answer is read from it. Wider than
# signals.SKIP, which decides that a question is not asked again: with these words it would also
# skip a question on "我算了一下…" (160 corpus messages), so the two lists stay apart.
SKIP = re.compile(r"跳过|不知道|不晓得|不清楚|记不清|不记得|忘了|忘记了|不确定|说不清|说不准|不好说|没数|算了|不想说"
                  r"|pass|skip", re.I)
CORRECTION = re.compile(r"(?<!对)不对|说错|搞错|写错|打错|记错|弄错|错了|更正|纠正|改一下|改成|^\s*(应该是|不是，|不是,|是说)")

YES_START = re.compile(r"^(有的?|是的?|对的?|嗯+|签了|签过|在的?|还在|已经认定|认定了|没错|对啊|是啊|有啊)")
NO_START = re.compile(r"^(没有|没|无|不是|不在|否|还没|木有|从没|从来没)")

# Same-length replacements only: positions must survive, the worker's words are slices of the text.
TYPOS = {"木有": "没有", "和同": "合同", "合铜": "合同", "公资": "工资", "工姿": "工资", "俺": "我", "辞推": "辞退",
         "欠薪水": "欠工资", "莫有": "没有", "米有": "没有"}
_TRANSLATE = str.maketrans("０１２３４５６７８９．ｋＫｗＷ", "0123456789.kKwW")

_CLAUSE_BREAK = re.compile(r"[，。！？；;!?\n]|(?<!\d)[,.]|[,.](?!\d)|\s{2,}")
_NUM = r"[0-9.零〇一二两三四五六七八九十百]{1,8}"
_HOURS = re.compile(rf"(?<![0-9.零〇一二两三四五六七八九十百])(?P<n>{_NUM})(?P<vague>多|来|几)?个?(?P<half>半)?(?:多)?"
                    r"(?:小时|钟头|个钟|h(?![a-z])|H(?![a-z]))")
_DAYS = re.compile(rf"(?<![0-9.零〇一二两三四五六七八九十百])(?P<n>{_NUM})(?:多|来|几)?个?(?:多)?(?:天|日(?![薪期子]))"
                   r"(?!以?前)")
_GRADE = re.compile(r"(?<![0-9零〇一二两三四五六七八九十])(?P<n>10|[1-9]|十|[一二三四五六七八九])级")
_HEADS_WE = re.compile(rf"(?:我们|咱们|大家|工友们?|同事们?)(?:一共|总共|共|有|都)?(?P<n>{_NUM})(?:多|来|几)?个"
                       r"(?![月小钟星礼半多])")
_HEADS_RANGE = re.compile(r"(?P<n>[一二两三四五六七八九])[二三四五六七八九](?P<unit>十|百)?(?:多|来|几)?(?:个|名)?"
                          r"(?:人|工人|工友|员工|同事|农民工)")
_ALONE = re.compile(r"就我一个|只有我一个|就我自己|只有我自己|就我一人|只有我一人")
_BARE_NUMBER = re.compile(rf"^\s*(?:大概|大约|差不多|约|估计|应该)?\s*(?P<n>{_NUM})\s*(?:多|左右|来|几)?"
                          r"\s*(?:个|天|小时|级|人|个人|个月)?\s*[。.!！~]*\s*$")

MONTHS_KEYS = ("months_worked", "months_unpaid", "probation_months", "career_years")
MONEY_KEYS = ("monthly_wage", "amount_owed", "amount_paid", "amount_offered", "probation_wage")
HOURS_KEYS = ("overtime_hours_per_day", "overtime_hours_per_month", "rest_day_hours_per_week",
              "rest_day_hours_per_month", "holiday_hours")
BOOL_KEYS = ("written_contract", "still_employed", "dismissed", "notice_given", "injured", "injury_recognised",
             "pregnant")
_HOURS_PER_DAY = 8
_DAYS_PER_MONTH = 30
_MAX_MONEY = 1e9


# ---------------------------------------------------------------------------
# The message as quantities in clauses
# ---------------------------------------------------------------------------


@dataclass
class _Quantity:
    kind: str  # money, duration, days, hours, date, heads, grade
    start: int
    end: int
    value: object
    precision: str = ""


@dataclass
class _Message:
    """One message prepared for reading: normalised text, clauses, quantities, found facts."""

    original: str
    text: str
    today: datetime.date
    clauses: list[tuple[int, int]]
    quantities: list[_Quantity] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    words: dict = field(default_factory=dict)

    def put(self, key: str, value, start: int, end: int) -> None:
        """Record a fact once (the first statement in a message wins) with the worker's words."""
        if key and key in KINDS and key not in self.facts and value is not None:
            self.facts[key] = value
            self.words[key] = self.original[start:end].strip() or self.original.strip()

    def clause(self, pos: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= pos < end:
                return start, end
        return pos, pos

    def clause_text(self, pos: int) -> str:
        start, end = self.clause(pos)
        return self.text[start:end]

    def hypothetical(self, pos: int) -> bool:
        return bool(HYPOTHETICAL.search(self.clause_text(pos)))

    def window(self, q: _Quantity) -> tuple[int, int]:
        """Where cues for q may stand: its clause, up to the neighbouring quantities."""
        lo, hi = self.clause(q.start)
        for other in self.quantities:
            if other is q:
                continue
            if other.end <= q.start:
                lo = max(lo, other.end)
            elif other.start >= q.end:
                hi = min(hi, other.start)
        return lo, hi


def _normalise(text: str) -> str:
    """Full-width digits to ASCII and common typos fixed, keeping every position (words are slices)."""
    text = text.translate(_TRANSLATE)
    for typo, fixed in TYPOS.items():
        if len(typo) == len(fixed):
            text = text.replace(typo, fixed)
    return text


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _number(raw: str) -> float | None:
    value = parsers.chinese_number(raw)
    return value if value is not None and math.isfinite(value) else None


def _mask(text: str, spans) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "#" * (end - start)
    return "".join(chars)


def _hours_value(match: re.Match[str]) -> float | None:
    value = _number(match.group("n"))
    return value + (0.5 if match.group("half") else 0) if value is not None and 0 < value <= 1000 else None


def _grade_value(match: re.Match[str]) -> int | None:
    value = _number(match.group("n"))
    return int(value) if value is not None and 1 <= value <= 10 else None


def _count_value(match: re.Match[str]) -> float | None:
    value = _number(match.group("n"))
    return value if value is not None and 0 < value <= 10000 else None


def _range_value(match: re.Match[str]) -> float | None:
    """"七八个人" → 7, "二三十个工人" → 20: the lower bound of a spoken range."""
    return (_number(match.group("n")) or 0) * {"十": 10, "百": 100}.get(match.group("unit") or "", 1) or None


# Quantities the regexes here find (parsers find dates, durations, headcounts and money),
# in priority order: an earlier reading of the same characters wins.
QUANTITY_RULES: tuple[tuple[str, re.Pattern[str], object], ...] = (
    ("hours", _HOURS, _hours_value),
    ("grade", _GRADE, _grade_value),
    ("days", _DAYS, _count_value),
)
HEAD_RULES: tuple[tuple[str, re.Pattern[str], object], ...] = (
    ("heads", _HEADS_WE, _count_value),
    ("heads", _HEADS_RANGE, _range_value),
    ("heads", _ALONE, lambda match: 1),
)


def _find_quantities(msg: _Message) -> None:
    """Every quantity of the message, overlaps resolved: dates, hours/days/grades, lengths, people, money last."""
    text = _mask(msg.text, [m.span() for m in PHONE.finditer(msg.text)])
    found: list[_Quantity] = []

    def add(q: _Quantity) -> None:
        if all(q.end <= f.start or q.start >= f.end for f in found):
            found.append(q)

    def add_rules(rules) -> None:
        for kind, pattern, convert in rules:
            for match in pattern.finditer(text):
                value = convert(match)
                if value is not None:
                    start = match.start("n") if "n" in pattern.groupindex else match.start()
                    add(_Quantity(kind, start, match.end(), value))

    for d in parsers.date_spans(text, msg.today):
        add(_Quantity("date", d.start, d.end, d.value, d.precision))
    add_rules(QUANTITY_RULES)
    for span in parsers.duration_spans(text):
        if 0 < span.value <= 600:
            add(_Quantity("duration", span.start, span.end, span.value))
    for span in parsers.headcount_spans(text):
        add(_Quantity("heads", span.start, span.end, span.value))
    add_rules(HEAD_RULES)
    masked = _mask(text, [(q.start, q.end) for q in found] + [m.span() for m in _RATE_AFTER_NUMBER.finditer(text)])
    for span in parsers.money_spans(masked):
        if _plausible_money(masked, span):
            add(_Quantity("money", span.start, span.end, span.value))
    msg.quantities = sorted(found, key=lambda q: q.start)
    _drop_rates(msg)


# "4500一个月": the rate word would otherwise run into the numeral ("4500一").
_RATE_AFTER_NUMBER = re.compile(r"(?<=[0-9千万百kKwW])(?:一个?月|一天|一个?小时)")


def _plausible_money(text: str, span: parsers.Span) -> bool:
    """Not "N+1" (a severance formula) and not a lone digit without 元/块 ("说给我1")."""
    if not 0 < span.value <= _MAX_MONEY or text[span.start - 1:span.start] in ("+", "N", "n", "＋"):
        return False
    return span.value >= 10 or bool(re.search(r"[元块]", text[span.start:span.end]))


_RATE_TEXT = re.compile(r"^(一|1|每)个?(月|天|小时|钟头)$")


# "试用期一个月只给2800": a pay verb after the unit makes it a rate even after "试用期".
_PAY_VERB = re.compile(r"(只|才|就)?(给|发|开|拿)了?")


def _drop_rates(msg: _Message) -> None:
    """"一个月4500", "4500一个月", "一小时20": the unit is a rate cue for the sum, not a length of time."""
    money = [q for q in msg.quantities if q.kind in ("money", "hours")]
    kept = []
    for q in msg.quantities:
        raw = msg.text[q.start:q.end]
        is_rate = q.kind in ("duration", "days", "hours") and _RATE_TEXT.match(raw) and (
            not _strong_cue_adjacent(msg, q) or _PAY_VERB.match(msg.text[q.end:]))
        near_money = any(m is not q and (0 <= m.start - q.end <= 6 or 0 <= q.start - m.end <= 1) for m in money)
        if not (is_rate and near_money):
            kept.append(q)
    msg.quantities = kept


def _strong_cue_adjacent(msg: _Message, q: _Quantity) -> bool:
    before = msg.text[max(0, q.start - 3):q.start]
    return before.endswith(("干了", "做了", "欠了", "欠", "拖了", "试用期", "提前", "上了", "入职", "工作了", "加班"))


# ---------------------------------------------------------------------------
# Cue reading
# ---------------------------------------------------------------------------


def _cue_before(text: str, lo: int, hi: int, cues: dict[str, str], reach: int = 12) -> tuple[str, int] | None:
    """The cue ending nearest to hi in text[lo:hi]: (key, where the cue starts)."""
    lo = max(lo, hi - reach)
    window = text[lo:hi]
    best = None
    for cue, key in cues.items():
        index = window.rfind(cue)
        if index >= 0:
            rank = (index + len(cue), len(cue))
            if best is None or rank > best[0]:
                best = (rank, key, lo + index)
    return (best[1], best[2]) if best else None


def _cue_after(text: str, lo: int, hi: int, cues: dict[str, str], reach: int = 4) -> tuple[str, int] | None:
    """The cue starting nearest to lo (within reach) in text[lo:hi]: (key, where the cue ends)."""
    window = text[lo:hi]
    best = None
    for cue, key in cues.items():
        index = window.find(cue)
        if 0 <= index <= (reach if key else min(reach, 1)):  # "三年合同", "三个月内": only right after
            rank = (index, -len(cue))
            if best is None or rank < best[0]:
                best = (rank, key, lo + index + len(cue))
    return (best[1], best[2]) if best else None


def _read_cues(msg: _Message, q: _Quantity, before: dict, after: dict, weak_before: dict | None = None,
               weak_after: dict | None = None) -> tuple[str | None, int, int]:
    """The key a quantity's cues announce, and the span of the words: strong cues first, before then after."""
    lo, hi = msg.window(q)
    found_before = _cue_before(msg.text, lo, q.start, before)
    if found_before:
        return found_before[0], found_before[1], q.end
    found_after = _cue_after(msg.text, q.end, hi, after)
    if found_after:
        return found_after[0], q.start, found_after[1]
    weak = _cue_before(msg.text, lo, q.start, weak_before or {})
    if weak:
        return weak[0], weak[1], q.end
    weak = _cue_after(msg.text, q.end, hi, weak_after or {}, reach=0)
    if weak:
        return weak[0], q.start, weak[1]
    return None, q.start, q.end


# ---------------------------------------------------------------------------
# One reader per kind of quantity
# ---------------------------------------------------------------------------


def _read_money(msg: _Message, q: _Quantity, asking: str | None) -> None:
    """Wage, sum owed, paid or offered, by the cue words; "一共" is the sum owed when arrears are the topic."""
    key, start, end = _read_cues(msg, q, MONEY_BEFORE, MONEY_AFTER)
    if key == "amount_owed" and end > q.end and re.match(r"[^，。,]{0,4}(加班费|补偿|赔偿)", msg.text[end:]):
        # "工资5220 一直没给加班费": what is unpaid is the overtime, the sum is the wage
        before = _cue_before(msg.text, msg.window(q)[0], q.start, MONEY_WEAK)
        key, start, end = ("monthly_wage", before[1], q.end) if before else (None, q.start, q.end)
    lo, _ = msg.clause(q.start)
    if key is None:
        weak = _cue_before(msg.text, msg.window(q)[0], q.start, MONEY_WEAK)
        if weak:
            owed_first = _OWED_WORDS.search(msg.text[lo:weak[1]])
            key, start = ("amount_owed" if owed_first else weak[0]), weak[1]
    if key == _TOTAL:
        key = "amount_owed" if _OWED_WORDS.search(msg.text) else None
    if key is None and asking in MONEY_KEYS:
        key = asking
    msg.put(key or "", _whole(q.value), start, end)


def _read_duration(msg: _Message, q: _Quantity, asking: str | None) -> None:
    """Length of service, of arrears, of probation or of a whole career, by the cue words."""
    key, start, end = _read_cues(msg, q, DURATION_BEFORE, DURATION_AFTER, DURATION_WEAK, DURATION_WEAK_AFTER)
    wages = re.match(r"的?工资", msg.text[q.end:])
    if key is None and wages and _OWED_WORDS.search(msg.text):  # "三个月的工资都…欠着"
        key, end = "months_unpaid", q.end + wages.end()
    cue = msg.text[start:q.start]
    if key == "months_worked" and not cue and _OWED_WORDS.search(msg.text):
        key = None  # "…没发工资，到现在9个多月了": the trailing 了 may count the arrears
    if key == "months_worked" and not cue and re.search(f"({_LEFT_CONTEXT})了?$", msg.text[msg.window(q)[0]:q.start]):
        key = None  # "被辞退三个月了": the time since leaving, not the length of service
    if key == "months_worked" and cue.startswith("工作") and LEAVE_WORDS.search(msg.text):
        key = "career_years"  # "工作了十五年了，年假只有5天": the whole career counts for leave
    if key is None and asking in MONTHS_KEYS:
        key = asking
    msg.put(key or "", _whole(round(q.value, 1)), start, end)


def _read_days(msg: _Message, q: _Quantity, asking: str | None) -> None:
    """Days are annual leave, holiday or rest-day work (8 hours each), or a short length of service."""
    clause = msg.clause_text(q.start)
    tail = msg.text[q.end:q.end + 2]
    if re.match(r"(没|未|没有)休(?!息)", msg.text[q.end:q.end + 3]):  # "还剩7天没休": only leave is "休" by days
        msg.put("unused_leave_days", _whole(q.value), q.start, min(len(msg.text), q.end + 2))
        return
    if LEAVE_WORDS.search(clause) or asking == "unused_leave_days":
        if (LEAVE_UNUSED.search(msg.text) or asking == "unused_leave_days") and not tail.startswith(("都", "也")):
            msg.put("unused_leave_days", _whole(q.value), *_clause_words(msg, q, LEAVE_WORDS))
        return
    hours_key = _hours_key(msg, q, asking)
    if hours_key in ("holiday_hours", "rest_day_hours_per_week", "rest_day_hours_per_month"):
        msg.put(hours_key, _whole(q.value * _HOURS_PER_DAY), *_clause_words(msg, q, HOLIDAY_WORDS, REST_DAY_WORDS))
        return
    key, start, end = _read_cues(msg, q, DURATION_BEFORE, DURATION_AFTER)
    if key is None and asking in MONTHS_KEYS:
        key = asking
    if key in MONTHS_KEYS:
        msg.put(key, _whole(round(q.value / _DAYS_PER_MONTH, 1)), start, end)


def _hours_key(msg: _Message, q: _Quantity, asking: str | None) -> str | None:
    """Which overtime figure: holidays, rest days (per week or month), weekdays (per day or month)."""
    clause = msg.clause_text(q.start)
    working = OVERTIME_WORDS.search(clause) or WORK_WORDS.search(clause) or OVERTIME_WORDS.search(msg.text)
    if HOLIDAY_WORDS.search(clause) and working:
        return "holiday_hours"
    if REST_DAY_WORDS.search(clause) and working:
        return "rest_day_hours_per_month" if MONTH_RATE_WORDS.search(clause) else "rest_day_hours_per_week"
    if q.kind == "days":
        return None
    if OVERTIME_WORDS.search(clause) or (OVERTIME_WORDS.search(msg.text) and not WORK_WORDS.search(clause)):
        return "overtime_hours_per_month" if MONTH_RATE_WORDS.search(clause) else "overtime_hours_per_day"
    if asking in HOURS_KEYS:
        return asking
    if DAY_WORDS.search(clause) and (WORK_WORDS.search(clause) or q.value > _HOURS_PER_DAY):
        return "_workday"
    return None


def _read_hours(msg: _Message, q: _Quantity, asking: str | None) -> None:
    """Overtime hours; a whole working day ("一天干12个小时") counts beyond the legal 8."""
    key = _hours_key(msg, q, asking)
    value = q.value
    if key == "_workday":  # "一天干12个小时": the hours beyond the legal 8
        key, value = ("overtime_hours_per_day", value - _HOURS_PER_DAY) if 8 < value <= 24 else (None, value)
    if key:
        msg.put(key, _whole(value), *_clause_words(msg, q, OVERTIME_WORDS, REST_DAY_WORDS, HOLIDAY_WORDS, DAY_WORDS))


def _read_date(msg: _Message, q: _Quantity, asking: str | None) -> None:
    """Start or end of the job, by the cue words; other dates (pay day, injury day) are left alone."""
    if q.precision == "year":
        return  # "今年春节后", "2024年": no month, no start date to count from
    key, start, end = _read_cues(msg, q, DATE_BEFORE, DATE_AFTER, DATE_WEAK)
    if key is None and asking in ("start_date", "left_date"):
        key = asking
    if key and key not in msg.facts:
        msg.put(key, q.value.isoformat(), start, end)


def _read_heads(msg: _Message, q: _Quantity, asking: str | None) -> None:
    msg.put("headcount", int(q.value), q.start, q.end)


def _read_grade(msg: _Message, q: _Quantity, asking: str | None) -> None:
    """"十级" is a disability grade only next to injury words (not "一级建造师") or when asked."""
    clause = msg.clause_text(q.start)
    if INJURY_WORDS.search(clause) or asking == "disability_grade":
        msg.put("disability_grade", q.value, *_clause_words(msg, q, INJURY_WORDS))


READERS = {"money": _read_money, "duration": _read_duration, "days": _read_days, "hours": _read_hours,
           "date": _read_date, "heads": _read_heads, "grade": _read_grade}


def _clause_words(msg: _Message, q: _Quantity, *cues: re.Pattern[str]) -> tuple[int, int]:
    """Words for a fact whose cue may stand anywhere in the clause: from the first cue to the quantity's end."""
    lo, hi = msg.clause(q.start)
    start, end = q.start, q.end
    for cue in cues:
        match = cue.search(msg.text, lo, hi)
        if match:
            start, end = min(start, match.start()), max(end, match.end())
    return start, end


def _whole(value):
    """4500.0 → 4500: the figures read better and compare equal."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# ---------------------------------------------------------------------------
# Statements without numbers
# ---------------------------------------------------------------------------


def _blocked(text: str, start: int, blockers: tuple[str, ...]) -> bool:
    """Whether the words just before a statement deny or question it ("没被辞退", "怕被开除")."""
    before = text[max(0, start - 5):start]
    return before.endswith(blockers) or before.removesuffix("被").endswith(blockers)


def _read_statements(msg: _Message) -> None:
    """Yes/no facts: the first unblocked statement per key, negative phrases shadowing positive ones."""
    taken: dict[str, list[tuple[int, int]]] = {}
    for st in STATEMENTS:
        if st.key in msg.facts or (st.needs and not st.needs.search(msg.text)):
            continue
        blockers = BLOCK_POSITIVE if st.value or st.key in ("still_employed", "dismissed") else BLOCK_NEGATIVE
        for match in st.pattern.finditer(msg.text):
            overlaps = any(s < match.end() and match.start() < e for s, e in taken.get(st.key, []))
            if overlaps or msg.hypothetical(match.start()) or _blocked(msg.text, match.start(), blockers):
                continue
            if re.match(r"\s*[吗么嘛]", msg.text[match.end():match.end() + 2]):
                continue
            msg.put(st.key, st.value, *match.span())
            break
        taken.setdefault(st.key, []).extend(m.span() for m in st.pattern.finditer(msg.text))
    if msg.facts.get("dismissed") and "still_employed" not in msg.facts:
        msg.put("still_employed", False, *_span_of(msg, "dismissed"))


def _span_of(msg: _Message, key: str) -> tuple[int, int]:
    index = msg.original.find(msg.words[key])
    return index, index + len(msg.words[key])


def _read_rest_days_named(msg: _Message) -> None:
    """"周六周日都上班" (16 h/week), "单休" or "每周六都上班" (8 h/week), with no number given."""
    if "rest_day_hours_per_week" in msg.facts or "rest_day_hours_per_month" in msg.facts:
        return
    for lo, hi in msg.clauses:
        clause = msg.text[lo:hi]
        if any(lo <= q.start < hi for q in msg.quantities) or HYPOTHETICAL.search(clause):
            continue
        if not re.search(r"上班|加班|干活|开工|不休|没休息?|单休", clause) or re.search(r"不(用|要|需要)(上班|加班)|休息(?!日)", clause):
            continue
        saturday = re.search(r"周六|星期六|礼拜六", clause)
        sunday = re.search(r"周日|周天|星期天|星期日|礼拜天|礼拜日", clause)
        days = 2 if (saturday and sunday) or re.search(r"双休日?都|周末两天|周末都", clause) else 0
        days = days or (1 if saturday or sunday or "单休" in clause else 0)
        if days:
            msg.put("rest_day_hours_per_week", days * _HOURS_PER_DAY, lo, hi)
            return


def _read_evidence(msg: _Message) -> None:
    """The kinds of proof the worker says they have, normalised, in the order named."""
    named: list[tuple[int, int, str]] = []
    for pattern, kind, needs_context in EVIDENCE:
        for match in re.finditer(pattern, msg.text):
            if any(s < match.end() and match.start() < e for s, e, _ in named) or _evidence_denied(msg, match):
                continue
            if needs_context and not _evidence_context(msg.clause_text(match.start()), kind):
                continue
            named.append((match.start(), match.end(), kind))
    if named:
        named.sort()
        msg.put("evidence", list(dict.fromkeys(kind for _, _, kind in named)), named[0][0], max(e for _, e, _ in named))


def _evidence_denied(msg: _Message, match: re.Match[str]) -> bool:
    """"没有工资条", "工资条也没有", "如果有录音…": no proof stated."""
    lo, _ = msg.clause(match.start())
    before, after = msg.text[lo:match.start()], msg.text[match.end():match.end() + 3]
    return bool(EVIDENCE_NEGATED.search(before) or re.match(r"(也|都)?没", after) or msg.hypothetical(match.start()))


def _evidence_context(clause: str, kind: str) -> bool:
    """合同/微信 count as proof only among other proof or with words like 证据, 保留, 手里."""
    others = any(other != kind and not weak and re.search(pattern, clause) for pattern, other, weak in EVIDENCE)
    return bool(EVIDENCE_CUES.search(clause) or others)


def _read_place_and_employer(msg: _Message) -> None:
    place = parsers.parse_place(msg.text)
    if place:
        msg.put("province", place.province, place.start, place.end)
        if place.city:
            msg.put("city", place.city, place.start, place.end)
    employer = parsers.parse_employer(msg.text)
    if employer and not NOT_A_NAME.search(employer):
        index = msg.text.find(employer)
        msg.put("employer", msg.original[index:index + len(employer)] if index >= 0 else employer,
                max(index, 0), max(index, 0) + len(employer))


# ---------------------------------------------------------------------------
# Bare answers to the question just asked
# ---------------------------------------------------------------------------


def _read_answer(msg: _Message, asking: str | None) -> None:
    """A short answer read for the key just asked: "有", "没有", "还在", "8", "就我一个"."""
    if not asking or asking in msg.facts:
        return
    text = msg.text.strip()
    if SKIP.search(text):
        return  # "不知道" is no "no"
    if asking in BOOL_KEYS:
        if NO_START.match(text):
            still_there = asking == "still_employed" and text.startswith("还没")  # "还没走"
            msg.put(asking, still_there, 0, len(text))
        elif YES_START.match(text):
            msg.put(asking, True, 0, len(text))
        return
    bare = _BARE_NUMBER.match(text)
    value = _number(bare.group("n")) if bare else None
    if value is None or value <= 0:
        if asking == "employer" and 2 <= len(text) <= 20 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9（）()·]+", text):
            msg.put("employer", msg.original.strip(), 0, len(msg.original))
        return
    kind = KINDS.get(asking)
    if kind in ("int", "hours", "days", "months") and value <= 1000:
        if asking == "disability_grade" and not 1 <= value <= 10:
            return
        msg.put(asking, _whole(value) if kind != "int" else int(value), 0, len(msg.original))


# ---------------------------------------------------------------------------
# Derived figures
# ---------------------------------------------------------------------------


def months_between(start: datetime.date, end: datetime.date) -> float | None:
    """Calendar months from start to end, to 0.1 (a month's days count as 30)."""
    if end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + (end.day - start.day) / 30
    return _whole(round(months, 1))


def _derive(msg: _Message) -> None:
    """Figures the worker implied: months of service from dates, arrears from wage × months."""
    facts = msg.facts
    if "start_date" in facts and "months_worked" not in facts:
        start = datetime.date.fromisoformat(facts["start_date"])
        end = datetime.date.fromisoformat(facts["left_date"]) if "left_date" in facts else msg.today
        months = months_between(start, end)
        if months is not None:
            msg.put("months_worked", months, *_span_of(msg, "start_date"))
            if "left_date" in facts:
                msg.words["months_worked"] = _joined_words(msg, "start_date", "left_date")
    if "left_date" in facts and "still_employed" not in facts:
        msg.put("still_employed", False, *_span_of(msg, "left_date"))
    if "amount_owed" not in facts and facts.get("monthly_wage") and facts.get("months_unpaid"):
        msg.put("amount_owed", _whole(round(facts["monthly_wage"] * facts["months_unpaid"], 2)),
                *_span_of(msg, "months_unpaid"))
        msg.words["amount_owed"] = _joined_words(msg, "monthly_wage", "months_unpaid")


def _joined_words(msg: _Message, first: str, second: str) -> str:
    """The stretch of text from one fact's words to another's, when it is short; else the second's words."""
    a, b = _span_of(msg, first), _span_of(msg, second)
    start, end = min(a[0], b[0]), max(a[1], b[1])
    return msg.original[start:end] if end - start <= 30 else msg.words[second]


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def extract_with_words(text: str, today: datetime.date, asking: str | None = None) -> tuple[dict, dict[str, str]]:
    """Facts stated in one message, and for each the worker's own words that state it.

    The words let the lawyer (and the worker, when asked to confirm) see what was
    understood from what: "工资每月4500" → monthly_wage 4500.
    """
    text = str(text or "")
    normalised = _normalise(text)
    msg = _Message(text, normalised, today, _clauses(normalised))
    _find_quantities(msg)
    for q in msg.quantities:
        if not msg.hypothetical(q.start):
            READERS[q.kind](msg, q, asking)
    _read_statements(msg)
    _read_rest_days_named(msg)
    _read_evidence(msg)
    _read_place_and_employer(msg)
    _read_answer(msg, asking)
    _derive(msg)
    return msg.facts, msg.words


def extract(text: str, today: datetime.date, asking: str | None = None) -> dict:
    """Facts stated in one message, keys only when stated; `asking` reads a bare answer for that key."""
    return extract_with_words(text, today, asking)[0]


def merge(old: dict, new: dict) -> dict:
    """Newer statements win; nothing said earlier is forgotten; evidence lists add up.

    When the dates of the job become both known, the length of service follows them
    unless the same message states it.
    """
    merged = {**(old or {}), **{k: v for k, v in (new or {}).items() if v is not None}}
    old_evidence, new_evidence = (old or {}).get("evidence") or [], (new or {}).get("evidence") or []
    if old_evidence or new_evidence:
        merged["evidence"] = list(dict.fromkeys([*old_evidence, *new_evidence]))
    dates_new = {"start_date", "left_date"} & set(new or {})
    if dates_new and "months_worked" not in (new or {}) and {"start_date", "left_date"} <= set(merged):
        try:
            months = months_between(datetime.date.fromisoformat(merged["start_date"]),
                                    datetime.date.fromisoformat(merged["left_date"]))
        except (TypeError, ValueError):
            months = None
        if months is not None:
            merged["months_worked"] = months
    return merged


def _money(value) -> str:
    return f"{value:,.0f}元" if float(value).is_integer() else f"{value:,.2f}元"


def _months(value) -> str:
    if value >= 12 and value % 12 == 0:
        return f"{value // 12:g}年"
    return f"{value:g}个月"


def _date(value: str) -> str:
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{day.year}年{day.month}月{day.day}日"


BOOL_PHRASES: dict[str, tuple[str, str]] = {
    "still_employed": ("还在职", "已经离开单位"),
    "dismissed": ("是被单位辞退的", "不是被单位辞退的"),
    "notice_given": ("单位提前书面通知了", "单位没有提前通知"),
    "written_contract": ("签了书面合同", "没签书面合同"),
    "injured": ("工作中受了伤", "没有受伤"),
    "injury_recognised": ("已认定工伤", "还没认定工伤"),
    "pregnant": ("在孕期/产期/哺乳期", "不在孕期"),
}
PHRASES = {
    "monthly_wage": lambda v: f"月工资约{_money(v)}",
    "amount_owed": lambda v: f"被欠约{_money(v)}",
    "amount_paid": lambda v: f"已经给了{_money(v)}",
    "amount_offered": lambda v: f"对方提出给{_money(v)}",
    "months_unpaid": lambda v: f"被拖欠约{_months(v)}工资",
    "months_worked": lambda v: f"工作了约{_months(v)}",
    "start_date": lambda v: f"{_date(v)}入职",
    "left_date": lambda v: f"{_date(v)}离开",
    "headcount": lambda v: f"涉及约{v}人",
    "employer": lambda v: f"单位是{v}",
    "overtime_hours_per_day": lambda v: f"工作日每天加班约{v:g}小时",
    "overtime_hours_per_month": lambda v: f"工作日每月加班约{v:g}小时",
    "rest_day_hours_per_week": lambda v: f"休息日每周加班约{v:g}小时",
    "rest_day_hours_per_month": lambda v: f"休息日每月加班约{v:g}小时",
    "holiday_hours": lambda v: f"法定节假日加班约{v:g}小时",
    "probation_wage": lambda v: f"试用期工资{_money(v)}",
    "probation_months": lambda v: f"试用期{_months(v)}",
    "unused_leave_days": lambda v: f"有{v:g}天年假没休",
    "career_years": lambda v: f"累计工作约{_months(v)}",
    "disability_grade": lambda v: f"伤残{v}级",
    "evidence": lambda v: "有证据：" + "、".join(v),
}


def _place(facts: dict) -> str:
    """"在浙江杭州"; a municipality once ("在上海")."""
    province, city = facts.get("province") or "", facts.get("city") or ""
    return "在" + province + (city if city != province else "")


def describe(facts: dict) -> str:
    """The facts in one plain-Chinese line, for the worker to confirm and the lawyer to skim."""
    parts = []
    for key in KINDS:
        value = (facts or {}).get(key)
        if value is None or value == []:
            continue
        if key in ("province", "city"):
            if key == "province" or not facts.get("province"):
                parts.append(_place(facts))
        elif key in BOOL_PHRASES:
            parts.append(BOOL_PHRASES[key][0 if value else 1])
        elif key in PHRASES:
            try:
                parts.append(PHRASES[key](value))
            except (TypeError, ValueError):
                parts.append(f"{LABELS[key]}：{value}")
    return "，".join(parts) or "您说的情况"


def parse_phone(text: str) -> str | None:
    """A mainland mobile (11 digits from 13–19) or a landline with its area code
    (foundation/phones.py), a mobile before a landline.

    Spaces and dashes inside a mobile number ("139 1234 5678", "139-1234-5678") are how
    people read numbers out, so the number is kept without them.
    """
    text = str(text or "").translate(_TRANSLATE)
    compact = re.sub(r"[\s\u3000()（）]", "", text)
    if match := MOBILE.search(compact):
        return match.group().replace("-", "")
    if match := LANDLINE.search(compact):
        return f"{match.group(1)}-{match.group(2)}"
    return None


def is_correction(text: str) -> bool:
    """The worker corrects something said before ("不对，是去年12月"), so the new figure replaces the old."""
    return bool(CORRECTION.search(str(text or "")))
