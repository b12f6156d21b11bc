"""The web chat: a page any phone browser opens, a thin adapter on the channel pipeline
(channels/). The page (static/), the router (router.py), the outlet (outlet.py); docs/webchat.md."""
