"""Run the lawyers' desk: `python -m desk` (started by `hotline up`)."""

from __future__ import annotations

import uvicorn

from desk.web import create_app
from foundation.privacy import setup_logging
from foundation.settings import settings


def main() -> None:
    setup_logging()
    config = settings()
    uvicorn.run(create_app(config), host=config.host, port=config.desk_port, log_level="warning")


if __name__ == "__main__":
    main()
