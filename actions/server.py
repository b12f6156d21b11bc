"""Run the action server as one process: `python -m actions.server --port 5055`.

rasa-sdk's own command (`python -m rasa_sdk`) starts Sanic's process manager, which keeps
a manager process with every action imported beside the worker that serves (about 130 MB
more per action server, measured in docs/benchmarks.md). This serves the same rasa-sdk
application (same routes, /health and /webhook) in a single process, bound to the
configured interface rather than to every interface. Scale out with more processes
behind the proxy (the production profile), not with Sanic workers.
"""

from __future__ import annotations

import argparse
import logging

from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor
from threadpoolctl import threadpool_limits

from foundation.privacy import setup_logging
from foundation.settings import settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=settings().actions_port)
    args = parser.parse_args(argv)
    setup_logging()
    logging.getLogger("sanic.access").setLevel(logging.WARNING)
    executor = ActionExecutor()
    executor.register_package("actions")
    # numpy (loaded by the actions) would spread each small product over every core: on a busy
    # machine waking the threads costs more than the product (8 ms instead of 0.4 ms per search).
    threadpool_limits(1)
    app = create_app_for_serve(executor, cors_origins=None)
    app.run(host=settings().host, port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
