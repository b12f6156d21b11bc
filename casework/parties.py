"""Who the worker's case is against, read from their own words, with a key that is the same
however they write it: the employer (华强建筑 / 华强建筑公司 / 华强公司 → 华强), the site
(万科城工地 / 万科城项目), the 包工头 or the boss by name. Several workers naming the same key
within a few weeks are one collective case (stores/tickets.py links their tickets).

Careful rather than eager: a generic word (公司, 工地, 厂里, 我们老板) names nobody and gives
no key, and a surname alone (包工头姓王) is only a key together with the city the worker is in —
"王" on its own would join strangers. Pure: text in, `Party` out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from casework import parsers

EMPLOYER, SITE, FOREMAN, BOSS = "employer", "site", "foreman", "boss"
KIND_ZH = {EMPLOYER: "单位", SITE: "工地", FOREMAN: "包工头", BOSS: "老板"}

# Common single-character surnames (the great majority of workers' bosses), and a few double ones.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜"
    "倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝") | {"欧阳", "司马", "诸葛", "上官", "东方", "慕容", "令狐", "皇甫"}
# Characters that end a given name: the sentence goes on ("老板叫张三欠我们工资").
_NAME_STOP = set("欠不没给说是的了把让在和跟就也都又还拖要找打骂跑带他她我们这那个啊呢吧吗，。、！？,.!? ")
_NOT_NAMES = {"马上", "万一", "高兴", "黄了", "白干", "白说", "白白", "周末", "周一", "周日", "成天", "林子", "江湖",
              "方便", "毛钱", "安全", "全部", "全都", "常常", "温度", "于是", "向我", "关门", "关了", "连续", "连着",
              "应该", "应当", "包吃", "包住", "单位", "齐了", "时候", "车间", "路上", "明天", "明年", "党员", "管理"}

# The trade words, suffixes and legal forms that differ between ways of writing one employer.
_LEGAL_FORM = re.compile(r"(?:(?:集团)?(?:股份)?(?:有限责任公司|有限公司|总公司|分公司|公司)|集团|工厂|厂|工作室|事务所"
                         r"|项目部|项目|工地)$")
_TRADE = re.compile(r"(?:建筑|建设|建工|工程|劳务|劳务派遣|装饰|装修|电子|服装|制衣|机械|科技|物流|实业|贸易|制造|加工|食品"
                    r"|家具|鞋业|印刷|塑料|塑胶|五金|纺织|房地产|地产|置业|保安|物业|餐饮|快递|商贸|电器|汽车|汽配|材料|模具"
                    r"|发展|投资|控股|国际|中国|\(中国\)|（中国）)$")
GENERIC = frozenset({
    "公司", "工地", "厂里", "厂", "工厂", "单位", "老板", "项目", "项目部", "我们", "他们", "这个", "那个", "这家", "那家",
    "一个", "一家", "本地", "当地", "黑心", "原来", "以前", "之前", "现在", "外包", "劳务", "派遣", "私人", "个体", "小区",
    "建筑", "施工", "装修", "那边", "这边", "这里", "那里", "上家", "这边的", "那边的", "新", "老", "大", "小",
})

_SITE = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,14}?)(?:的)?(?P<suffix>工地|项目部|项目)")
_SITE_BOUNDARIES = ("我们", "我", "他们", "在", "去", "到", "是", "跟", "给", "帮", "替", "干", "做", "的", "了", "这个", "那个",
                    "这", "那", "一个", "个")
# A name with a trade word and no legal form ("在华强建筑干活", "华强建筑欠薪"): only at the start or after
# 在/给/跟, and before work or arrears words.
_TRADE_NAME = re.compile(r"(?:^|在|给|跟|帮|替|是)(?P<name>[\u4e00-\u9fff]{2,8}?(?:建筑|建设|建工|劳务|装饰|装修|物流|电子|服装"
                         r"|制衣|机械|科技|实业|物业|保安|餐饮|快递))(?=干|做|上班|打工|工作|的|欠|拖|不|没|，|。|,|$)")
_TRADE_BOUNDARIES = ("在", "给", "跟", "帮", "替", "是", "我们", "我", "他们", "的")
_FOREMAN = r"(?:包工头|包工的|(?<!包)工头|带班的|班组长)"
_BOSS = r"(?:老板|老板娘|老总|经理|厂长)"


@dataclass(frozen=True)
class Party:
    """Who the case is against: kind (employer/site/foreman/boss), the name as the worker wrote
    it, and the key that groups workers (None when the name alone is too weak to group on)."""

    kind: str
    name: str
    key: str | None

    @property
    def label(self) -> str:
        """As the lawyer reads it: 单位「华强建筑公司」."""
        return f"{KIND_ZH[self.kind]}「{self.name}」"


def _strip_place(name: str) -> str:
    place = parsers.parse_place(name)
    if place and place.start == 0 and len(name) - place.end >= 2:
        return name[place.end:].removeprefix("市").removeprefix("省")
    return name


def employer_core(name: str) -> str | None:
    """华强建筑有限公司, 深圳华强建筑公司, 华强公司 → 华强; None when only generic words are left."""
    core = re.sub(r"\s+", "", name)
    for _ in range(4):  # 华强建筑工程有限公司: form, then trades one by one
        stripped = _TRADE.sub("", _LEGAL_FORM.sub("", core))
        if stripped == core:
            break
        core = stripped
    core = _strip_place(core)
    if len(core) < 2 or core in GENERIC or any(core.startswith(word) for word in ("这", "那", "一个", "一家", "我们")):
        return None
    return core


def _person(text: str, start: int) -> str | None:
    """A name starting at text[start]: a known surname and at most two more characters."""
    for surname in sorted((s for s in SURNAMES if text.startswith(s, start)), key=len, reverse=True):
        given = ""
        for char in text[start + len(surname):start + len(surname) + 2]:
            if char in _NAME_STOP or not "\u4e00" <= char <= "\u9fff":
                break
            given += char
        name = surname + given
        if name[:2] in _NOT_NAMES or any(word in name for word in _NOT_NAMES):
            return None
        return name
    return None


def _people(text: str, role: str) -> Iterable[tuple[str, bool]]:
    """(name, full) for each person in `role` the text names: 包工头叫王建国 (full), 包工头姓王 / 王包工头
    / 包工头老王 / 包工头王老板 (surname only)."""
    for match in re.finditer(rf"{role}(?:是|叫|名叫|名字叫)", text):
        name = _person(text, match.end())
        if name and len(name) >= 2:
            yield name, True
    for match in re.finditer(rf"{role}(?:姓|是姓|他姓)([\u4e00-\u9fff]{{1,2}})", text):
        surname = match.group(1) if match.group(1) in SURNAMES else match.group(1)[:1]
        if surname in SURNAMES:
            yield surname, False
    for match in re.finditer(rf"姓([\u4e00-\u9fff]{{1,2}})的{role}", text):
        surname = match.group(1) if match.group(1) in SURNAMES else match.group(1)[-1:]
        if surname in SURNAMES:
            yield surname, False
    for match in re.finditer(rf"{role}(?:老|小)([\u4e00-\u9fff])|{role}([\u4e00-\u9fff])(?:老板|总|哥|姐)"
                             rf"|(?:^|[^\u4e00-\u9fff]|[在给跟找和是被让]|那个|这个)(?:老|小)?([\u4e00-\u9fff]){role}", text):
        surname = next(group for group in match.groups() if group)
        if surname in SURNAMES:
            yield surname, False


def _site(text: str) -> str | None:
    for match in _SITE.finditer(text):
        name = match.group("name")
        cut = max((name.rfind(word) + len(word) for word in _SITE_BOUNDARIES if word in name), default=0)
        name = name[cut:]
        if len(name) >= 2 and name not in GENERIC and not re.search(r"[一二三四五六七八九十几两\d][个天月年号]|什么|哪", name):
            return name + match.group("suffix")
    return None


def _read(text: str, city: str | None) -> list[Party]:
    """Every party the text names, strongest first."""
    found: list[Party] = []
    employer = parsers.parse_employer(text)
    core = employer_core(employer) if employer else None
    if employer and core:
        found.append(Party(EMPLOYER, employer, f"{EMPLOYER}:{core}"))
    if not found:
        for match in _TRADE_NAME.finditer(text):
            name = match.group("name")
            name = name[max((name.rfind(word) + len(word) for word in _TRADE_BOUNDARIES if word in name), default=0):]
            core = employer_core(name)
            if core:
                found.append(Party(EMPLOYER, name, f"{EMPLOYER}:{core}"))
                break
    site = _site(text)
    site_core = employer_core(site) if site else None
    if site and site_core:
        found.append(Party(SITE, site, f"{EMPLOYER}:{site_core}"))  # 华强工地 and 华强公司 are one employer
    for kind, role in ((FOREMAN, _FOREMAN), (BOSS, _BOSS)):
        for name, full in _people(text, role):
            where = city or ""
            key = f"{kind}:{name}" if full else (f"{kind}:{name}@{where}" if where else None)
            found.append(Party(kind, name if full else f"{name}某", key))
    return found


def party_of(worker_lines: Iterable[str], facts: Mapping | None = None) -> Party | None:
    """The party the worker's case is against: the strongest one named in their messages (or
    the employer fact they confirmed); one with a key rather than one without."""
    facts = facts or {}
    found: list[Party] = []
    if isinstance(facts.get("employer"), str):
        core = employer_core(facts["employer"])
        if core:
            found.append(Party(EMPLOYER, facts["employer"], f"{EMPLOYER}:{core}"))
    lines = list(worker_lines)
    city = facts.get("city") if isinstance(facts.get("city"), str) else None
    city = city or next((found_city for line in lines if (found_city := parsers.parse_city(line))), None)
    for line in lines:
        found.extend(_read(line, city))
    return next((party for party in found if party.key), found[0] if found else None)


def collective_reason(workers: int, party_label: str) -> str:
    """Why a grouped ticket was raised, as the lawyer reads it among the ticket's reasons."""
    return f"集体案件：{workers}名职工反映同一{party_label}"
