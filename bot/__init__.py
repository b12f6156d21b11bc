"""The Telegram adapter: python-telegram-bot handlers that feed the channel pipeline (channels/)."""
