"""What the Telegram bot itself says: its greeting, help and the notice on an edited message
(what every channel says is channels/texts.py; answers come from Rasa and the knowledge base)."""

from channels.texts import WELCOME

START = WELCOME  # shared with every channel (channels/texts.py)
HELP = ("直接用文字描述您的问题就行，例如「老板拖欠我两个月工资怎么办」。\n"
        "· 找律师：回复「找律师」；/status 查看转给律师的问题进展和提醒。\n"
        "· 证据：问「要准备什么证据」，看证据清单，有的打勾。\n"
        "· 提醒：算出仲裁截止日时点「提醒我」，截止日前30天和7天提醒您；回复「取消提醒」取消。\n"
        "· 文书：说「帮我写仲裁申请书」「帮我写投诉书」或「帮我写被迫解除通知」，我按您说的情况起草，发PDF和Word给您。\n"
        "紧急情况请拨打12351。")
EDITED = "（您修改了消息，我按修改后的内容再看一遍。）"
