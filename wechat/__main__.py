"""Run the WeChat channel: `python -m wechat` (started by `hotline up` when WECHAT_APP_ID is set).

It serves the account's server URL (服务器地址) at /wechat on HOTLINE_WECHAT_PORT; a reverse
proxy with HTTPS on port 443 (or 80) forwards the platform's calls to it (docs/wechat.md)."""

from __future__ import annotations

import logging
import sys

import uvicorn

from foundation.privacy import setup_logging
from foundation.settings import settings
from wechat.channel import create_app
from wechat.config import WeChatConfig


def main() -> int:
    setup_logging()
    config = settings()
    if not WeChatConfig.from_settings(config).enabled:
        logging.error("WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TOKEN must all be set; the WeChat channel is not started")
        return 2
    uvicorn.run(create_app(config), host=config.host, port=config.wechat_port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
