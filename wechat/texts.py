"""Every sentence a worker reads from the WeChat adapter itself (the assistant's answers
come from Rasa and casework/texts.py as on every channel)."""

from __future__ import annotations

# Sent when a worker follows the account: the same welcome and privacy notice as Telegram's /start
# (tests/test_wechat.py keeps the two equal).
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
# A voice message WeChat could not transcribe (its Recognition field came empty).
VOICE_UNCLEAR = "抱歉，这条语音我没听清。请再说一遍，说慢一点；也可以直接用文字写下您的问题。"
# Video, location, link, file …: nothing the assistant can read.
NOT_SUPPORTED = "我现在能看懂文字、语音和图片。请用文字把您的问题写下来，比如「老板拖欠我两个月工资怎么办」。"
# A photo the worker sent, kept with the case as evidence.
IMAGE_KEPT = "图片收到了，已经保存，律师处理您的问题时能看到。请再用文字说说这张图片是什么、和您的问题有什么关系。"
# Under options sent as numbered text (where the account cannot send menu messages).
PICK_A_NUMBER = "回复数字就可以选择。"
