"""Run the web chat: `python -m webchat` (started by `hotline up`)."""

from __future__ import annotations

import uvicorn

from foundation.privacy import setup_logging
from foundation.settings import settings
from webchat.router import create_app


def main() -> None:
    setup_logging()
    config = settings()
    uvicorn.run(create_app(config), host=config.host, port=config.webchat_port, log_level="warning",
                proxy_headers=True, timeout_graceful_shutdown=15)


if __name__ == "__main__":
    main()
