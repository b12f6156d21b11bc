"""The WeChat public account (服务号) channel: a thin adapter on the channel pipeline.

`server.py` is the server URL the platform calls (signature, safe-mode decryption, the
5-second answer, duplicates dropped); `messages.py` turns the platform's XML into one
`WeChatMessage`; `client.py` is the customer-service message API (text, menu messages,
media download) with its access token; `texts.py` holds what workers read here and
nowhere else; `channel.py` hands each message to the shared pipeline (journal, rate
limit, Rasa, the lawyer's hold) as the server's `on_message` callback, and `outlet.py`
sends what the pipeline says through the customer-service API. `python -m wechat` runs it.
See docs/wechat.md.
"""
