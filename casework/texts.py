"""The sentences workers read, in one place: plain simplified Chinese, short, as a patient
union lawyer would speak. Functions where a sentence carries a value."""

from __future__ import annotations

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


def ticket_opened(ticket_id: str, by_phone: bool) -> str:
    how = "律师会打电话给您" if by_phone else "律师会在这个对话里回复您"
    return (f"好的，已经转给工会律师，登记编号 {ticket_id}。{how}（免费）。"
            "您可以接着补充：在哪个城市、哪家单位、干了多久、每月工资多少、现在的情况。着急可以直接拨打12351。")


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
