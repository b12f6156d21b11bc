"""What a message signals, whatever the conversation is doing: danger, a wish for a person,
consent, a way to be contacted, stop, skip, a new question. Pure predicates over the text,
tested with tables of worker wordings (tests/test_signals.py)."""

from __future__ import annotations

import re

_PUNCT = " \t\n。.！!，,~～、…?？；;：:"

SELF_HARM = re.compile(r"活不下去|不想活|不活了|活着.{0,3}没(意思|意义|劲)|活够了|不如死|自杀|轻生|跳楼|跳河|跳下去|寻死|了结自己|"
                       r"死了算了|一死了之|一了百了|想死|去死|跳塔吊|喝农药|吃药死|割腕|撑不下去|结束(自己|生命)|不想再活")
VIOLENCE = re.compile(r"打人|打我|打了我|打我们|找人打|动手打|要打死|弄死我|杀了我|砍我|恐吓|扣押.{0,4}(人|我)|不让.{0,3}走|"
                      r"威胁.{0,8}(打|弄死|杀|砍|人身|家人)")

# One list of the words for "I want a person". The first part is a plain request, which
# brings a lawyer even from a first message (escalation's "asks_person" rule); the whole list,
# asked in a conversation, starts the hand-over (policy.py), unless it is a question about
# lawyers (ABOUT_LAWYERS).
ASKS_PERSON = r"转人工|人工服务|真人|(我要|我想|想要|我需要)(找)?律师|(请|让)律师(来|跟|联系|打电话)"
WANTS_PERSON = re.compile(
    ASKS_PERSON + r"|找律师|要律师|请律师|律师帮|律师联系|让律师|需要律师|有没有律师|人工客服|找人工|要人工|"
    r"找人帮|找个人|有没有人管|有人管吗|谁能管|谁来管|帮帮我吧|找工会的人|想跟律师|跟律师说|律师打电话|找个懂法|"
    r"律师(能|可以|能不能|可不可以|会不会|愿意)帮"
)
_CONSENT_WORDS = (r"好的?|好吧|好滴|好嘞|同意|可以的?|行的?|行吧|嗯+|恩+|是的?|对的?|要的?|需要|麻烦了?|麻烦你了|谢谢|ok|OK|"
                  r"没问题|愿意|中|得嘞|请律师联系我|让律师联系我|律师联系我吧?|联系我吧?|转吧|转给律师吧?|那就转吧?|拜托了?")
CONSENT = re.compile(rf"(?:{_CONSENT_WORDS}|我|请|的|啊|呀|吧|，|,| )+")
REFUSAL = re.compile(r"^(不用了?|不要了?|不需要|先不用|暂时不用|不了|算了|不同意|不愿意|no|NO)")
CONTACT_CHAT = re.compile(r"这里|这儿|在这|就这|微信|网上|线上|发消息|发信息|留言|打字|文字|聊天|不用打电话|别打电话|不方便接电话")
CONTACT_PHONE = re.compile(r"打电话|电话联系|电话吧|打给我|来电|手机联系|电话")
STOP = re.compile(r"^(算了|不想说了?|不想回答了?|不用了?|别问了|不问了|先不说了?|停|退出|取消|问这么多干嘛|不想答了?)")
SKIP = re.compile(r"跳过|不知道|不清楚|不记得|记不清|记不得|不确定|不好说|没数|忘了")
ASKS_AMOUNT = re.compile(r"多少钱|能拿多少|能赔多少|赔多少|补多少|能要多少|能得多少|给多少|算一下|算算|怎么算|多少补偿|多少赔偿")
QUESTION = re.compile(r"吗|么|怎么|如何|能不能|可不可以|是不是|多少|多久|什么|咋|啥|哪|[？?]")


def _clean(text: str) -> str:
    return text.strip(_PUNCT)


def crisis(text: str) -> str | None:
    """"self_harm" or "violence" when the worker may be in danger; None otherwise."""
    if SELF_HARM.search(text):
        return "self_harm"
    if VIOLENCE.search(text):
        return "violence"
    return None


_FILLER = set("啊嗯恩哦噢呃额唉哎哈呵嘿喂呀吧嘛哇哼唔")


def says_nothing(text: str) -> bool:
    """"同意", "啊啊啊嗯嗯", "喂喂": no words to look anything up with (fewer than four
    Chinese characters, fewer than three different ones, or only interjections)."""
    chinese = re.findall(r"[\u4e00-\u9fff]", text)
    return len(chinese) < 4 or len(set(chinese)) < 3 or set(chinese) <= _FILLER


# Thanks, greetings and goodbyes said and nothing else: small talk whatever the NLU's confidence
# (a retrained model put "谢谢" at 0.52, below the policy's bar, and it was looked up as a question).
SMALL_TALK_WORDS = {
    "thanks": re.compile(r"(好的?|嗯+|哦+|ok|OK)?(谢谢|多谢|谢了|谢啦|感谢|谢谢你|谢谢您|谢谢律师|太感谢了|非常感谢|thx|thanks)+"
                         r"(你|您|啦|了|哈|呀)?"),
    "greet": re.compile(r"(你好|您好|在吗|在不在|有人吗|hello|hi|哈喽)+(啊|呀)?"),
    "goodbye": re.compile(r"(再见|拜拜|bye|先这样)+(了|吧)?"),
}


def small_talk(text: str) -> str | None:
    """"谢谢", "您好", "拜拜": the kind of small talk, when the message is nothing more."""
    clean = re.sub(r"[\s，。！？,.!?~～]+", "", text)
    return next((kind for kind, pattern in SMALL_TALK_WORDS.items() if pattern.fullmatch(clean)), None)


def wants_person(text: str) -> bool:
    return bool(WANTS_PERSON.search(text))


# "不想请律师", "请不起律师", "找律师要多少钱": lawyers are what the question is about, not a request.
ABOUT_LAWYERS = re.compile(r"(不想|不用|不需要|不打算|请不起|没钱请|没钱找|不敢)(请|找)?律师|律师费|"
                           r"律师.{0,8}(多少钱|收费|费用|贵|靠谱)|(请|找)律师.{0,10}(多少钱|要钱|收费|花多少)")
PLAIN_REQUEST_CHARS = 30  # a longer message describes a case: answer it, then offer the lawyer


def asks_for_person_only(text: str) -> bool:
    """A request for a person and nothing to answer first ("转人工", "我要找律师帮我要工资"):
    not a question about lawyers, not a long account of the case."""
    chinese = len(re.findall(r"[\u4e00-\u9fff]", text))
    return wants_person(text) and not ABOUT_LAWYERS.search(text) and chinese <= PLAIN_REQUEST_CHARS


def consents(text: str) -> bool:
    """"好", "可以", "嗯嗯", "好的，我同意，请律师联系我": yes, and nothing else said."""
    clean = _clean(text)
    return bool(clean) and not REFUSAL.match(clean) and bool(CONSENT.fullmatch(clean))


def refuses(text: str) -> bool:
    return bool(REFUSAL.match(_clean(text)))


def contact_in_chat(text: str) -> bool:
    return bool(CONTACT_CHAT.search(text))


def contact_by_phone(text: str) -> bool:
    return bool(CONTACT_PHONE.search(text)) and not contact_in_chat(text)


def stops(text: str) -> bool:
    return bool(STOP.match(_clean(text)))


def skips(text: str) -> bool:
    return bool(SKIP.search(text))


def asks_amount(text: str) -> bool:
    return bool(ASKS_AMOUNT.search(text))


def looks_like_question(text: str) -> bool:
    """A real question of its own (an interruption), not a short answer to ours."""
    return len(re.findall(r"[\u4e00-\u9fff]", text)) >= 6 and bool(QUESTION.search(text))


# Topics a worker can raise in one message, most serious first: the first is answered,
# the others are offered ("在工地受伤了，老板还把我开除了，工资也没结").
ISSUES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("work_injury", "受伤", re.compile(r"受伤|工伤|摔伤|砸伤|骨折|压伤|烫伤|伤残|摔断|砸断|弄伤|伤到|被(切|砸|夹|轧|卷|烫|撞)(?![了着]?[^，。,]{0,4}(工资|钱|块|元|\d))|被[^，。,\d]{0,4}压(伤|断|住|到|坏)|被[^，。,\d]{0,4}(卷|绞)(进|断|伤|到)|手指")),
    ("dismissal_severance", "被辞退", re.compile(r"开除|辞退|解雇|被裁|裁员|炒了我|被炒|让我走人|不让我干|劝退")),
    ("wage_arrears", "工资没发", re.compile(r"欠.{0,6}(工资|钱|薪)|工资.{0,6}(没|未|不)(发|结|给|拿)|没(发|结|给).{0,4}工资|拖欠|欠薪|工钱")),
    ("no_written_contract", "没签合同", re.compile(r"(没|未|不)签.{0,4}合同|没有.{0,4}合同")),
    ("social_insurance", "社保", re.compile(r"社保|五险|养老保险|医保|没交保险|没买保险")),
    ("overtime", "加班", re.compile(r"加班")),
)


def issues(text: str) -> list[tuple[str, str]]:
    """(topic, label) for every distinct problem the message names, most serious first."""
    return [(topic, label) for topic, label, pattern in ISSUES if pattern.search(text)]


# "要准备什么证据", "需要哪些证据", "证据清单": the evidence checklist (casework/evidence.py).
ASKS_EVIDENCE = re.compile(r"(准备|收集|要|需要|带|留|提供|找)(些|点)?(哪些|什么|啥|哪样)(样的)?证据|证据.{0,4}(清单|有哪些|准备什么|要哪些)|"
                           r"(什么|哪些|啥)(能|可以)?(当|算|作为)证据")
CANCEL_REMINDER = re.compile(r"^(取消|不要|不用|关掉|关闭|别)(再)?(提醒|通知)了?")


def asks_evidence(text: str) -> bool:
    return bool(ASKS_EVIDENCE.search(text))


def cancels_reminders(text: str) -> bool:
    """"取消提醒", "不用提醒了": stop the deadline reminders (checked before `stops`)."""
    return bool(CANCEL_REMINDER.match(_clean(text)))


# "帮我写仲裁申请书", "能帮我写个投诉书吗", "帮我写被迫解除通知": a document drafted from the case
# (casework/documents.py). A request to write it for them, then the document: "仲裁申请书怎么写",
# "上个月写了个解除通知", "被申请人那栏写谁" are questions about it, answered from the knowledge base.
DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("resignation", r"被迫解除|解除(劳动)?合同(的)?通知"),
    ("arbitration", r"仲裁申请|仲裁书|仲裁的?(材料|文书)"),
    ("complaint", r"投诉(书|信|材料)|举报(书|信)"),
)
DRAFT = (r"(?:(帮|替|给|为)(我|俺|咱|忙|我们|俺们)?.{0,4}(写|起草|拟|弄|做|出|生成)|代写|起草|生成|(?<!不)(能|可以|会)写|"
         r"(给|发)(我|俺)?(一份|一个|个|份))")


def wants_document(text: str) -> str | None:
    """The kind of document the worker asks us to write ("arbitration", "complaint",
    "resignation"), or None. A long message tells a case and asks several things: it is
    answered first (the application is offered under the figure)."""
    if len(re.findall(r"[\u4e00-\u9fff]", text)) > PLAIN_REQUEST_CHARS:
        return None
    return next((kind for kind, words in DOCUMENTS if re.search(rf"{DRAFT}.{{0,10}}(?:{words})", text)), None)
