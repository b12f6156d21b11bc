"""Run the worker bot: long polling by default, webhook mode when HOTLINE_WEBHOOK_URL is set."""

from __future__ import annotations

import logging
import sys

from telegram import Update

from bot.app import build_application
from foundation.privacy import setup_logging
from foundation.settings import settings


def main() -> int:
    setup_logging()
    config = settings()
    if not config.telegram_token:
        logging.error("TELEGRAM_BOT_TOKEN is not set; the Telegram bot is not started")
        return 2
    application = build_application(config)
    if config.webhook_url:
        application.run_webhook(
            listen=config.host, port=config.webhook_port, url_path="telegram",
            webhook_url=config.webhook_url.rstrip("/") + "/telegram",
            secret_token=config.webhook_secret or None, allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES,
                                timeout=config.poll_timeout, poll_interval=0.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
