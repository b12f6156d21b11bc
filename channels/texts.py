"""What the pipeline itself says to workers, on every channel (the assistant's answers come
from Rasa and the knowledge base; a channel's own help is its adapter's)."""

from casework.texts import cn_date

# The greeting and privacy notice every channel shows first: Telegram's /start, the web chat's first screen.
WELCOME = (
    "您好！这里是12351职工服务热线的智能助手。\n\n"
    "我可以帮您：\n"
    "• 解答拖欠工资、劳动合同、辞退补偿、加班、社保、工伤等问题，并告诉您依据的法律条文；\n"
    "• 根据您的情况算一算可以要回多少钱；\n"
    "• 告诉您下一步去哪里、带什么证据；\n"
    "• 复杂或紧急的情况，帮您转给工会的值班律师（免费）。\n\n"
    "请注意：我是智能助手，回答只供参考，不能代替律师的意见。\n"
    "个人信息：您的聊天内容只用于解答您的问题；转给律师时，您的情况和联系方式只给处理您案子的律师看。"
    "请不要发送身份证号、银行卡号等信息，除非律师需要。\n\n"
    "现在，直接说说您遇到了什么问题吧。"
)

BUSY = "系统现在有点忙，您的消息已经保存，恢复后我会马上回复您，不用重发。着急的话可以直接拨打12351。"
NOT_TEXT = "我现在只能看懂文字消息。请用文字把您的问题写下来，比如「老板拖欠我两个月工资怎么办」。"
EMPTY = "您好像发了一条空消息。请用文字写下您的问题。"
TOO_LONG = "您的消息很长，我先看了前面的部分来回答；重要的细节可以分几条发给我。"
MAX_CHARS = 2000
TO_LAWYER = "已转给正在处理您案子的律师（编号 {ticket}），律师会在这里回复您。想问助手别的问题，请发「/ask 您的问题」。"
NO_TICKETS = "您目前没有转给律师的问题。需要律师时，回复「找律师」。"
ASK_USAGE = "请在 /ask 后面写上您的问题，比如：/ask 加班费怎么算"
SLOW_DOWN = "您发得太快了。请稍等一分钟，再把最重要的情况发一遍；这期间的消息已经记录下来了。"
TOO_BIG = "文件太大了（超过 {mb} MB），请拍照或截图后再发。"
ATTACHED = "收到，已经作为证据放进您的工单 {ticket}，律师能看到。"
ATTACHMENT_FAILED = "文件没有收到，请再发一次。"
NOT_HANDLED = "抱歉，刚才没有处理好您的消息，请稍后再发一次。着急可以直接拨打12351。"
BUTTON_EXPIRED = "这个按钮已经过期了，请直接用文字回复。"
DOCUMENT_CAPTION = "{title}（助手按您说的情况起草）。【请填写：…】的地方请自己补上，交之前请核对金额和日期。"
DOCUMENT_FAILED = "抱歉，文书这次没有发成功。请过一会儿再说一次「帮我写」，着急可以拨打12351。"
CANCEL_REMINDER = "取消提醒"
REMINDER_CANCELLED = "好的，这个提醒已经取消了。"
REMINDER_GONE = "这个提醒已经取消或者过期了。"
DEGRADED_NOTICE = "（系统正在恢复，下面是自动检索到的答案，可能不够准确；恢复后可以再问我一次。）"
DEGRADED_NOT_FOUND = "系统正在恢复，暂时答不了这个问题。您的消息已经保存；着急可以拨打12351，或者回复「找律师」。"




def tickets_list(lines: list[str]) -> str:
    """The worker's tickets under /status, one line each."""
    return "您的工单：\n" + "\n".join(lines)


def reminders_list(reminders: list[dict]) -> str:
    """The worker's deadline reminders under /status (stores/reminders.py `upcoming`)."""
    lines = [f"• {r['what']}截止日约为 {cn_date(r['deadline'])}，下次提醒：{cn_date(r['next'])}" for r in reminders]
    return "您设置的截止日提醒：\n" + "\n".join(lines) + "\n不需要了，点下面的「取消提醒」。"
