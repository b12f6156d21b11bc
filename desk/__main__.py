"""Run the lawyers' desk: `python -m desk` (started by `hotline up`)."""

from __future__ import annotations

import uvicorn

from desk.web import create_app
from hotline.config import settings
from hotline.privacy import setup_logging


def main() -> None:
    setup_logging()
    config = settings()
    uvicorn.run(create_app(config), host=config.host, port=config.desk_port, log_level="warning")


if __name__ == "__main__":
    main()
