"""The WeChat public account (服务号) channel: the protocol layer only.

`server.py` is the server URL the platform calls (signature, safe-mode decryption, the
5-second answer, duplicates dropped); `messages.py` turns the platform's XML into one
`WeChatMessage`; `client.py` is the customer-service message API (text, menu messages,
media download) with its access token; `texts.py` holds what workers read here and
nowhere else. What to do with a message (journal, rate limit, Rasa, the lawyer's hold)
is the shared channel pipeline's business, handed in as the `on_message` callback.
See docs/wechat.md.
"""
