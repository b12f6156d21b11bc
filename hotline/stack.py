"""Start, watch and stop the assistant's processes.

The processes: the Rasa server (NLU and dialogue, REST channel and HTTP API), the
action server (knowledge base, calculators, escalation) and the Telegram bot. Each
writes its log to var/log/<name>.log; each is started in its own process group so
that stopping the stack stops everything it started.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from hotline.config import ROOT, Settings
from hotline.nlu_build import ensure_model, rasa_env


class StackError(RuntimeError):
    """A process could not start; the message says which and where its log is."""


@dataclass
class Service:
    name: str
    command: list[str]
    port: int | None
    health_url: str | None
    cwd: Path
    env: dict[str, str]
    ready: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200
    process: subprocess.Popen | None = field(default=None, repr=False)


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def rasa_is_up(settings: Settings) -> bool:
    """A Rasa server with a loaded model answers on the configured port."""
    try:
        response = httpx.get(f"{settings.rasa_url}/status", timeout=2)
        return response.status_code == 200 and bool(response.json().get("model_file"))
    except (httpx.HTTPError, ValueError):
        return False


def write_rasa_runtime_files(settings: Settings) -> Path:
    """endpoints.yml (where the action server is) and credentials.yml (REST channel),
    kept with the runtime data because they depend on the ports of this stack."""
    folder = settings.data_dir / "rasa-runtime"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "endpoints.yml").write_text(f"action_endpoint:\n  url: \"{settings.actions_url}/webhook\"\n")
    (folder / "credentials.yml").write_text("rest:\n")
    return folder


def services(settings: Settings, model: Path, runtime: Path, with_bot: bool) -> list[Service]:
    python = str(ROOT / ".venv" / "bin" / "python")
    env = dict(os.environ, PYTHONUNBUFFERED="1", HOTLINE_VAR_DIR=str(settings.var_dir),
               HOTLINE_DATA_DIR=str(settings.data_dir),
               HOTLINE_RASA_PORT=str(settings.rasa_port), HOTLINE_ACTIONS_PORT=str(settings.actions_port),
               HOTLINE_DESK_PORT=str(settings.desk_port))
    result = [
        Service("actions", [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port)],
                settings.actions_port, f"{settings.actions_url}/health", ROOT, env),
        Service("rasa", [str(settings.rasa_bin), "run", "--model", str(model), "--enable-api", "--interface",
                         settings.host, "--port", str(settings.rasa_port), "--endpoints", str(runtime / "endpoints.yml"),
                         "--credentials", str(runtime / "credentials.yml"), "--quiet"],
                settings.rasa_port, f"{settings.rasa_url}/status", settings.rasa_project, {**rasa_env(), **env},
                ready=lambda r: r.status_code == 200 and bool(r.json().get("model_file"))),
    ]
    result.append(Service("desk", [python, "-m", "desk"], settings.desk_port,
                          f"http://{settings.host}:{settings.desk_port}/healthz", ROOT, env))
    if with_bot:
        result.append(Service("bot", [python, "-m", "bot"], None, None, ROOT, env))
    return result


class Stack:
    """The running processes; use as a context manager so they always stop."""

    def __init__(self, settings: Settings, with_bot: bool = True, log: Callable[[str], None] = print,
                 only: set[str] | None = None):
        self.settings = settings
        self.with_bot = with_bot and bool(settings.telegram_token)
        self.log = log
        self.only = only  # start just these services (tests start pieces separately)
        self.services: list[Service] = []

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 180.0) -> None:
        model = ensure_model(self.settings, log=self.log)
        runtime = write_rasa_runtime_files(self.settings)
        self.settings.log_dir.mkdir(parents=True, exist_ok=True)
        self.services = [s for s in services(self.settings, model, runtime, self.with_bot)
                         if self.only is None or s.name in self.only]
        for service in self.services:
            if service.port and port_in_use(self.settings.host, service.port):
                self.stop()
                raise StackError(
                    f"port {service.port} ({service.name}) is already in use: is the assistant already running? "
                    f"Stop it, or choose another port with HOTLINE_{service.name.upper()}_PORT."
                )
        try:
            for service in self.services:
                self._spawn(service)
            for service in self.services:
                self._wait(service, timeout)
        except BaseException:
            self.stop()
            raise

    def _spawn(self, service: Service) -> None:
        logfile = open(self.settings.log_dir / f"{service.name}.log", "ab")  # noqa: SIM115 (owned by the child)
        service.process = subprocess.Popen(
            service.command, cwd=service.cwd, env=service.env, stdout=logfile, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        logfile.close()

    def _wait(self, service: Service, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        log_path = self.settings.log_dir / f"{service.name}.log"
        while time.monotonic() < deadline:
            if service.process.poll() is not None:
                raise StackError(f"{service.name} exited with code {service.process.returncode}; see {log_path}")
            if service.health_url is None:
                time.sleep(1.0)  # the bot has no port: alive after a second is healthy
                return
            try:
                if service.ready(httpx.get(service.health_url, timeout=2)):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        raise StackError(f"{service.name} did not become healthy within {timeout:.0f}s; see {log_path}")

    def describe(self) -> list[str]:
        lines = []
        for service in self.services:
            where = f"http://{self.settings.host}:{service.port}" if service.port else "Telegram (long polling)"
            if service.name == "bot" and self.settings.webhook_url:
                where = f"webhook {self.settings.webhook_url} (listening on {self.settings.host}:{self.settings.webhook_port})"
            lines.append(f"  {service.name:8} {where:45} log: {self.settings.log_dir / (service.name + '.log')}")
        return lines

    def stop(self) -> None:
        for service in reversed(self.services):
            _terminate(service.process)
        self.services = []

    def kill(self, name: str) -> None:
        """Stop one process abruptly (SIGKILL), as a crash would."""
        service = self._service(name)
        if service.process and service.process.poll() is None:
            os.killpg(service.process.pid, signal.SIGKILL)
            service.process.wait()

    def restart(self, name: str, timeout: float = 180.0) -> None:
        """Start one stopped process again and wait until it is healthy."""
        service = self._service(name)
        self._spawn(service)
        self._wait(service, timeout)

    def _service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)



def _terminate(process: subprocess.Popen | None, grace: float = 10.0) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def stop_on_sigterm() -> None:
    """Turn SIGTERM (systemd, `kill`) into a normal exit, so every `with Stack(...)`
    stops its processes instead of leaving them orphaned."""

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def wait_forever(stack: Stack) -> None:
    """Block until Ctrl-C or until a process dies (then say which)."""
    try:
        while True:
            time.sleep(1.0)
            dead = [s.name for s in stack.services if s.process and s.process.poll() is not None]
            if dead:
                print(f"stopped unexpectedly: {', '.join(dead)} (see {stack.settings.log_dir})", file=sys.stderr)
                return
    except KeyboardInterrupt:
        print("\nstopping …")
