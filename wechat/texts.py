"""Every sentence a worker reads from the WeChat adapter itself (the assistant's answers
come from Rasa and casework/texts.py as on every channel)."""

from __future__ import annotations

from channels.texts import WELCOME as WELCOME  # following the account: the notice every channel shows first

# A voice message WeChat could not transcribe (its Recognition field came empty).
VOICE_UNCLEAR = "抱歉，这条语音我没听清。请再说一遍，说慢一点；也可以直接用文字写下您的问题。"
# Video, location, link, file …: nothing the assistant can read.
NOT_SUPPORTED = "我现在能看懂文字、语音和图片。请用文字把您的问题写下来，比如「老板拖欠我两个月工资怎么办」。"
# A photo the worker sent, kept with the case as evidence.
IMAGE_KEPT = "图片收到了，已经保存，律师处理您的问题时能看到。请再用文字说说这张图片是什么、和您的问题有什么关系。"
# Under options sent as numbered text (where the account cannot send menu messages).
PICK_A_NUMBER = "回复数字就可以选择。"
# A drafted document: a public account's customer-service messages cannot carry a file (wechat/outlet.py).
DOCUMENT_HERE = ("《{title}》已经按您说的情况起草好了。微信公众号发不了文件，这里没法直接发给您。"
                 "需要这份文书，请回复「找律师」：律师在您的工单里能生成同一份文书，会和您商量怎么交给您。"
                 "着急可以拨打12351。")
# A photo sent while no lawyer has the worker's case: nothing to keep it with.
IMAGE_NO_TICKET = ("图片我看不懂。请用文字或语音说说您遇到了什么问题。"
                   "需要律师看材料，请先回复「找律师」，转给律师以后再发的图片会作为证据交给律师。")
# The head of the options sent after a long answer (a menu message's head holds 1024 bytes).
OPTIONS_HEAD = "您可以选："
