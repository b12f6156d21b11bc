"""`hotline chat`: a terminal chat against the running stack, for newcomers and staff."""

from __future__ import annotations

import uuid

from channels.replies import to_replies
from foundation.rasa_client import RasaClient, RasaUnavailable
from foundation.settings import Settings

BANNER = "12351 职工服务热线助手（终端对话）。输入问题后回车；按钮用数字选择；输入 /quit 退出。"


async def chat_loop(settings: Settings) -> None:
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout)
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    buttons: list[tuple[str, str]] = []
    print(BANNER)
    try:
        while True:
            try:
                text = input("\n您：").strip()
            except EOFError:
                break
            if text in ("/quit", "/exit"):
                break
            if not text:
                continue
            if text.isdigit() and 0 < int(text) <= len(buttons):
                text = buttons[int(text) - 1][1]
            try:
                replies = to_replies(await rasa.send(sender, text))
            except RasaUnavailable:
                print("助手：系统现在有点忙，请稍后再试。")
                continue
            buttons = []
            for reply in replies:
                print(f"助手：{reply.text}")
                for title, payload in reply.buttons:
                    buttons.append((title, payload))
                    print(f"  {len(buttons)}) {title}")
    finally:
        await rasa.close()
