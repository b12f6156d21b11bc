"""The sentences workers read, in one place: plain simplified Chinese, short, as a patient
union lawyer would speak. Functions where a sentence carries a value."""

from __future__ import annotations

import datetime

GREET = ("您好，这里是12351职工服务热线的智能助手。您可以直接说遇到的问题，比如「老板拖欠我两个月工资怎么办」。"
         "我会根据法律条文给您解答，需要时为您转接工会律师。")
GOODBYE = "好的，祝您一切顺利。有问题随时再来问，也可以拨打12351找工会律师。"
THANKS = "不客气。保留好证据，有需要随时再问我，或拨打12351。"
BOT_CHALLENGE = ("我是12351热线的智能助手，不是真人律师。我根据法律条文回答常见问题；"
                 "复杂的情况，我会帮您转给值班的工会律师。")
ANYTHING_ELSE = "好的。还有别的问题吗？直接告诉我就行。"

SELF_HARM = (
    "听到您这么说，我很担心您。您的安全最重要：如果有危险，请马上拨打110或120，或者告诉身边信任的人陪着您。"
    "心里难受可以拨打12356心理援助热线，随时有人接听。"
    "工作上的事一定有办法解决，我已经把您的情况标为紧急，工会律师会尽快联系您，您也可以现在就拨打12351。"
)
VIOLENCE = (
    "您的人身安全最重要：如果有人威胁、动手或者不让您离开，请马上拨打110报警，受伤了拨打120。"
    "我已经把您的情况标为紧急，工会律师会尽快联系您，您也可以现在就拨打12351。"
)

CONSENT_QUESTION = (
    "我可以把您的情况整理好转给工会值班律师（免费）。律师会看到您在这里说的情况和我算的结果，"
    "您的信息只用于这次法律帮助。同意转给律师吗？"
)
CONSENT_BUTTONS = [
    {"title": "同意，律师在这里回复我", "payload": '/handoff{"contact": "chat"}'},
    {"title": "同意，请律师打电话给我", "payload": '/handoff{"contact": "phone"}'},
    {"title": "先不用", "payload": "/deny"},
]
CONTACT_QUESTION = "好的。律师怎么联系您？可以「就在这里回复」，也可以留个电话（比如 139 1234 5678）。"
CONTACT_BUTTONS = CONSENT_BUTTONS[:2]
PHONE_QUESTION = "请留下律师可以打给您的电话号码（只给处理您案子的律师看）。不想留电话，说「算了」，律师会在这里回复您。"
PHONE_AGAIN = "这个号码好像不对，请再发一次，比如 138 0000 0000 或 0571-88888888。"
HANDOFF_DECLINED = "好的，先不转。您可以接着问，想找律师时随时说「找律师」。"
CASE_NOT_SAVED = "抱歉，转给律师这一步暂时没有成功，您的情况还在。请过一会儿再说「找律师」，着急可以直接拨打12351。"
ALREADY_WITH_LAWYER = "您的情况已经转给工会律师了（登记编号 {ticket_id}），律师会在这个对话里回复您。您说的新情况我也会一起转给律师。"

STOPPED = "好的，不问了。您可以随时接着说您的情况，或者回复「找律师」。"
PARKED = "（刚才问您的问题先放一放，想接着算，随时告诉我。）"
SKIPPED = "没关系，我们先看别的。"
NOT_READ = "抱歉，这句我没读出{label}。"
NEXT_STEP = "下一步：保存好证据，先找单位协商或找工会；不行就打12333投诉或申请劳动仲裁（免费）。"
TICKET_STATUS = "您的问题如果已经转给律师，律师会在这个对话里直接回复您。着急的话可以拨打12351。"
TICKET_STATUS_OPEN = "您的情况已经转给工会律师，登记编号 {ticket_id}。律师会在这个对话里直接回复您；着急可以拨打12351。"
NO_DETAILS = "这个问题没有更多说明了。回复「原文」可以看法条原文，或者回复「找律师」。"
ASK_FIRST = "请先告诉我您遇到了什么问题，我再详细说明。"
ARTICLE_HELP = "请告诉我法律名称和条号，例如「劳动合同法第八十二条」。"


def article_not_found(law: str, number: int) -> str:
    return f"没有找到《{law}》第{number}条。请核对法律名称和条号，例如「劳动合同法第八十二条」。"


def escalation_offer(reasons: list[str] | tuple[str, ...]) -> str:
    """The offer is the consent question itself: one "好" from the worker moves on to contact."""
    return (f"因为{'，'.join(reasons)}，建议由工会律师来跟进您的情况（免费）。律师会看到您在这里说的情况和我算的结果，"
            "您的信息只用于这次法律帮助。同意转给律师吗？（回复「找律师」或点下面的按钮）")


def ticket_opened(ticket_id: str, by_phone: bool, after_hours: str = "") -> str:
    """`after_hours`: when the desk is closed, the sentence saying when lawyers are back (after_hours)."""
    how = "律师会打电话给您" if by_phone else "律师会在这个对话里回复您"
    return (f"好的，已经转给工会律师，登记编号 {ticket_id}。{how}（免费）。{after_hours}"
            "您可以接着补充：在哪个城市、哪家单位、干了多久、每月工资多少、现在的情况。着急可以直接拨打12351。")


WEEKDAYS_ZH = "一二三四五六日"


def clock_time(moment: datetime.datetime) -> str:
    """上午9点, 下午1点半, 中午12点10分: the time as said aloud."""
    hour, minute = moment.hour, moment.minute
    part = "上午" if hour < 12 else "中午" if hour < 13 else "下午" if hour < 18 else "晚上"
    spoken = hour if hour <= 12 else hour - 12
    return f"{part}{spoken}点" + ("" if minute == 0 else "半" if minute == 30 else f"{minute}分")


def after_hours(now: datetime.datetime, reopens: datetime.datetime, holiday: str | None) -> str:
    """The desk is closed: when lawyers answer again, from the calendar (casework/hours.py)."""
    if reopens.date() == now.date():
        why = "现在是午休时间" if now.hour >= 12 else "现在还没到上班时间"
        when = f"今天{clock_time(reopens)}"
    else:
        why = f"现在是{holiday}假期" if holiday else "现在是下班时间"
        when = f"{reopens.month}月{reopens.day}日（周{WEEKDAYS_ZH[reopens.weekday()]}）{clock_time(reopens)}"
    return f"{why}，律师会在{when}后回复您。"


def urgent_ticket(ticket_id: str) -> str:
    return f"登记编号：{ticket_id}"


def question(text: str, example: str, again: bool) -> str:
    """One question about one fact; the second time with an example answer."""
    if again:
        return f"{text}（{example}；不清楚可以说「跳过」）"
    return f"{text}（不清楚可以说「跳过」，不想答了说「算了」）"


def noted(summary: str) -> str:
    return f"记下了：{summary}。"


def also_covered(labels: list[str]) -> str:
    return f"您还提到{'、'.join(labels)}，这些也都能管：点下面的按钮，或者直接接着问。"


# --- some days after a lawyer resolved the case: how did it end? (casework/followup.py) ------
FOLLOWUP_QUESTION = "您好，这里是12351热线。您的问题（编号 {ticket_id}）律师前些天已经处理完了。想跟您确认一下：问题解决了吗？"
FOLLOWUP_AMOUNT = "谢谢您告诉我们。您实际拿到了多少钱？请直接回复金额，比如「3000」。没拿到钱，请点下面的按钮。"
FOLLOWUP_SATISFACTION = "最后一个问题，点一下就行（不想答可以不点）：您对这次律师的帮助满意吗？"
FOLLOWUP_THANKS = "谢谢您的反馈！以后遇到问题，随时在这里问，或者拨打12351。"
FOLLOWUP_STILL_OPEN = "问题还没解决的话，直接回复「找律师」，我们再帮您看看。"
FOLLOWUP_ALREADY = "这个问题您已经回答过了，谢谢。"
FOLLOWUP_REOPENED = "您的问题律师还在处理，有新情况直接在这里说就行。"


# --- evidence checklist (casework/evidence.py) and deadline reminders (casework/reminders.py)

EVIDENCE_BUTTON = {"title": "要准备哪些证据", "payload": "/evidence_list"}
EVIDENCE_NO_TOPIC = "请先说说您遇到了什么问题（比如欠薪、没签合同、工伤），我再告诉您要准备哪些证据。"


def evidence_checklist(items: list[dict]) -> str:
    """The checklist: what is missing with how to get it, what the worker has in one line."""
    lines = ["要维权，证据最要紧。按重要程度，您需要准备："]
    lines += [f"【{r['rank']}】{r['name']}：{r['how']}" for r in items if not r["have"]]
    have = [r["name"] for r in items if r["have"]]
    if have:
        lines.append("✅ 已经有了：" + "、".join(have))
    lines.append("手上已经有的，点下面的按钮打勾（再点一下取消），转给律师时律师能看到。")
    return "\n".join(lines)


def evidence_ticked(name: str, have: bool, key_missing: list[str]) -> str:
    said = f"记下了：您有{name}。" if have else f"好的，{name}记为还没有。"
    if key_missing:
        return said + "关键证据还缺：" + "、".join(key_missing) + "。"
    return said + "关键证据都有了，原件收好，别给单位。"


REMIND_BUTTON_TITLE = "提醒我"
REMINDER_TOO_LATE = "离截止日已经不到7天，来不及提前提醒了。请尽快申请劳动仲裁；需要帮忙回复「找律师」或拨打12351。"
REMINDERS_CANCELLED = "好的，截止日提醒已经取消了。想再设置，等我算出截止日时点「提醒我」。"
NO_REMINDERS = "您现在没有设置截止日提醒。"


def cn_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def reminder_set(what: str, deadline: str, offsets: list[int] | tuple[int, ...]) -> str:
    when = "和".join(f"{o}天" for o in offsets)
    return (f"好的，{what}截止日约为 {cn_date(deadline)}，我会在截止日前{when}各提醒您一次。"
            "发 /status 可以查看，回复「取消提醒」可以取消。")


def deadline_reminder(what: str, deadline: str, days_left: int) -> str:
    return (f"⏰ 提醒：您的{what}截止日约为 {cn_date(deadline)}，还有 {days_left} 天。"
            "请抓紧准备证据，尽快申请劳动仲裁（免费），不要拖到最后几天。"
            "需要帮忙回复「找律师」或拨打12351；发 /status 可以查看或取消提醒。")


# --- documents drafted from the case (casework/documents.py) -------------------------------
DOCUMENT_OFFER = "需要的话，我可以按这些情况帮您起草劳动仲裁申请书，点下面的按钮就行。"
DOCUMENT_BUTTON = {"title": "帮我写仲裁申请书", "payload": "帮我写仲裁申请书"}
DOCUMENT_NO_AMOUNTS = "您还没告诉我单位欠您多少钱，文书里的金额先空着；告诉我以后，再说一次「帮我写」，我重新写一份。"


def document_drafted(title: str) -> str:
    return (f"好的，我按您说的情况起草了一份《{title}》，马上发给您（PDF和Word各一份）。"
            "文中【请填写：…】的地方要您自己补上；金额和法条是按您说的算的，交之前请再核对。拿不准可以说「找律师」。")


def resignation_warning(compensation_article: str, deadline_article: str, amount: str = "") -> str:
    """What leaving under 第三十八条 gives up and gains, before the worker sends the notice."""
    gain = f"，按您说的约{amount}元" if amount else ""
    return ("提醒您：通知一送到，劳动合同就解除了，以后就没有这份工作和工资了。"
            f"能得到的：因为单位欠薪或不交社保而解除，可以要经济补偿（{compensation_article}第（一）项）{gain}。"
            "要注意：单位可能不承认，发出前先保存好证据（工资条、银行流水、社保缴费记录、聊天记录）；"
            f"离职后要在一年内申请劳动仲裁（{deadline_article}）。拿不准的，先说「找律师」问问。")
