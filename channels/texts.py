"""What the pipeline itself says to workers, on every channel (the assistant's answers come
from Rasa and the knowledge base; a channel's own greeting and help are its adapter's)."""

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


def _day(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def tickets_list(lines: list[str]) -> str:
    """The worker's tickets under /status, one line each."""
    return "您的工单：\n" + "\n".join(lines)


def reminders_list(reminders: list[dict]) -> str:
    """The worker's deadline reminders under /status (stores/reminders.py `upcoming`)."""
    lines = [f"• {r['what']}截止日约为 {_day(r['deadline'])}，下次提醒：{_day(r['next'])}" for r in reminders]
    return "您设置的截止日提醒：\n" + "\n".join(lines) + "\n不需要了，点下面的「取消提醒」。"
