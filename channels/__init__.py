"""The channel layer: one pipeline for every way workers reach the hotline.

Telegram (bot/), the web chat and WeChat (wechat/) are thin adapters: each turns what its
platform sends into pipeline inputs (channels/intake.py) and implements an `Outlet`
(channels/outlet.py) that delivers a `Reply`. Journal, rate limit, ordering per
conversation, the lawyer's hold, degraded mode, documents, evidence and the outbox of
lawyers' replies are here, once. See docs/architecture.md, "The channel layer".
"""
