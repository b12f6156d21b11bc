"""Start, watch and stop the assistant's processes.

The processes: the Rasa server (NLU and dialogue, REST channel and HTTP API), the
action server (knowledge base, calculators, escalation), the lawyers' desk, the
workers' web chat, the Telegram bot and, when WECHAT_APP_ID is set, the WeChat channel. The production profile (hotline/production.py) adds PostgreSQL, Redis and
nginx and runs several Rasa workers and action servers. Each process writes its log to
var/log/<name>.log and is started in its own process group, so that stopping the stack
stops everything it started. Services start in stages: the databases before the servers
that use them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

from foundation.rasa_client import model_loaded
from foundation.settings import ROOT, Settings, local_secret
from hotline import production
from hotline.nlu_build import ensure_model, rasa_env
from stores.schema import migrate

PYTHON = str(ROOT / ".venv" / "bin" / "python")  # our processes (Rasa has its own environment)


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
    check: Callable[[], bool] | None = None  # readiness of a server with no HTTP (PostgreSQL, Redis)
    after_ready: Callable[[], None] | None = None  # one-off set-up once it answers (create a database)
    stage: int = 1  # 0: databases, 1: servers, 2: the proxy and the bot
    run_as: dict[str, str] = field(default_factory=dict)  # Popen user/group (PostgreSQL is never root)
    process: subprocess.Popen | None = field(default=None, repr=False)


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def rasa_is_up(settings: Settings) -> bool:
    """A Rasa server with a loaded model answers on the configured port."""
    try:
        return model_loaded(httpx.get(f"{settings.rasa_url}/status", timeout=2))
    except (httpx.HTTPError, ValueError):
        return False


def write_rasa_runtime_files(settings: Settings) -> Path:
    """endpoints.yml (action server; in production also the tracker and lock stores) and
    credentials.yml (REST channel), kept with the runtime data because they depend on the
    ports of this stack."""
    folder = settings.data_dir / "rasa-runtime"
    folder.mkdir(parents=True, exist_ok=True)
    if settings.profile == "production":
        endpoints = production.endpoints_yml(settings)
    else:
        endpoints = f"action_endpoint:\n  url: \"{settings.actions_url}/webhook\"\n"
    (folder / "endpoints.yml").write_text(endpoints)
    (folder / "credentials.yml").write_text("rest:\n")
    return folder


def services(settings: Settings, model: Path, runtime: Path, with_bot: bool) -> list[Service]:
    """The processes of the configured profile (HOTLINE_PROFILE: embedded or production)."""
    if settings.profile == "production":
        return production_services(settings, model, runtime, with_bot)
    if settings.profile != "embedded":
        raise StackError(f"unknown profile {settings.profile!r}: use embedded or production")
    env = base_env(settings)
    result = [
        action_server("actions", settings.actions_port, settings, env),
        rasa_server("rasa", settings.rasa_port, settings, model, runtime, env),
        desk_service(settings, env),
        webchat_service(settings, env),
    ]
    if with_bot:
        result.append(Service("bot", [PYTHON, "-m", "bot"], None, None, ROOT, env))
    if settings.wechat_app_id:
        result.append(wechat_service(settings, env))
    return result


def production_services(settings: Settings, model: Path, runtime: Path, with_bot: bool) -> list[Service]:
    """PostgreSQL and Redis, then several action servers and Rasa workers and the desk, then
    nginx in front and the bot in webhook mode behind it."""
    production.init_postgres(settings)
    env = base_env(settings, HOTLINE_TICKETS_URL=f"http://{settings.host}:{settings.desk_port}")
    rasa_env_ = {**env, "HOTLINE_POSTGRES_PASSWORD": production.postgres_password(settings)}  # Rasa's alone
    result = [
        Service("postgres", production.postgres_command(settings), settings.postgres_port, None, ROOT, env,
                check=lambda: production.postgres_ready(settings), after_ready=lambda: production.create_database(settings),
                stage=0, run_as=production.service_user()),
        Service("redis", production.redis_command(settings), settings.redis_port, None, ROOT, env,
                check=lambda: production.redis_ready(settings), stage=0),
    ]
    result += [action_server(f"actions-{i + 1}", port, settings, env) for i, port in enumerate(settings.action_worker_ports)]
    result += [with_tracker_store_check(rasa_server(f"rasa-{i + 1}", port, settings, model, runtime, rasa_env_), settings)
               for i, port in enumerate(settings.rasa_worker_ports)]
    result.append(desk_service(settings, env))
    result.append(webchat_service(settings, env))
    result.append(Service("nginx", production.nginx_command(settings), settings.public_port,
                          f"http://{settings.host}:{settings.public_port}/nginx-health", ROOT, env, stage=2))
    if with_bot:
        public = settings.webhook_url or f"http://{settings.host}:{settings.public_port}"
        secret = local_secret(settings.webhook_secret, settings.data_dir / "webhook-secret")
        bot_env = {**env, "HOTLINE_WEBHOOK_URL": public, "HOTLINE_WEBHOOK_SECRET": secret}
        result.append(Service("bot", [PYTHON, "-m", "bot"], None, None, ROOT, bot_env, stage=2))
    if settings.wechat_app_id:
        result.append(wechat_service(settings, env, stage=2))
    return result


def with_tracker_store_check(worker: Service, settings: Settings) -> Service:
    """A production Rasa worker is healthy once it answers and its tables exist in PostgreSQL."""
    answers = replace(worker)
    worker.check = lambda: Stack._healthy(answers) and production.tracker_store_ready(settings)
    return worker


def base_env(settings: Settings, **extra: str) -> dict[str, str]:
    return dict(os.environ, PYTHONUNBUFFERED="1", HOTLINE_VAR_DIR=str(settings.var_dir),
                HOTLINE_DATA_DIR=str(settings.data_dir), HOTLINE_RASA_PORT=str(settings.rasa_port),
                HOTLINE_ACTIONS_PORT=str(settings.actions_port), HOTLINE_DESK_PORT=str(settings.desk_port), **extra)


def action_server(name: str, port: int, settings: Settings, env: dict[str, str]) -> Service:
    return Service(name, [PYTHON, "-m", "actions.server", "--port", str(port)],
                   port, f"http://{settings.host}:{port}/health", ROOT, env)


def rasa_server(name: str, port: int, settings: Settings, model: Path, runtime: Path, env: dict[str, str]) -> Service:
    return Service(name, [*rasa_command(settings), "run", "--model", str(model), "--enable-api", "--interface",
                          settings.host, "--port", str(port), "--endpoints", str(runtime / "endpoints.yml"),
                          "--credentials", str(runtime / "credentials.yml"), "--quiet"],
                   port, f"http://{settings.host}:{port}/status", settings.rasa_project, {**rasa_env(), **env},
                   ready=model_loaded)


def rasa_command(settings: Settings) -> list[str]:
    """`rasa`, through nlu/run_rasa.py (Rasa with its action-reply validation built once)."""
    return [str(settings.rasa_bin.with_name("python")), str(ROOT / "nlu" / "run_rasa.py")]


def desk_service(settings: Settings, env: dict[str, str]) -> Service:
    return Service("desk", [PYTHON, "-m", "desk"], settings.desk_port,
                   f"http://{settings.host}:{settings.desk_port}/healthz", ROOT, env)


def wechat_service(settings: Settings, env: dict[str, str], stage: int = 1) -> Service:
    """The WeChat public account's channel (`python -m wechat`): its own process with its own
    pipeline (one outlet per pipeline), beside the cases database like the bot."""
    return Service("wechat", [PYTHON, "-m", "wechat"], settings.wechat_port,
                   f"http://{settings.host}:{settings.wechat_port}/healthz", ROOT,
                   {**env, "HOTLINE_WECHAT_PORT": str(settings.wechat_port)}, stage=stage)


def webchat_service(settings: Settings, env: dict[str, str]) -> Service:
    """The workers' web chat (`python -m webchat`): its own process with its own pipeline and jobs."""
    return Service("webchat", [PYTHON, "-m", "webchat"], settings.webchat_port,
                   f"http://{settings.host}:{settings.webchat_port}/healthz", ROOT,
                   {**env, "HOTLINE_WEBCHAT_PORT": str(settings.webchat_port)})


class Stack:
    """The running processes; use as a context manager so they always stop."""

    def __init__(self, settings: Settings, with_bot: bool = True, log: Callable[[str], None] = print,
                 only: set[str] | None = None, custom: list[Service] | None = None):
        self.settings = settings
        self.with_bot = with_bot and bool(settings.telegram_token)
        self.log = log
        self.only = only  # start just these services (tests start pieces separately)
        self.custom = custom  # other processes entirely (the benchmarks' plain-Rasa baseline)
        self.services: list[Service] = []

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 180.0) -> None:
        self.settings.log_dir.mkdir(parents=True, exist_ok=True)
        if self.custom is not None:
            self.services = list(self.custom)
        else:
            model = ensure_model(self.settings, log=self.log)
            runtime = write_rasa_runtime_files(self.settings)
            migrate(self.settings.cases_db)  # once, before any process opens the cases database
            self.services = [s for s in services(self.settings, model, runtime, self.with_bot)
                             if self.only is None or s.name in self.only]
        proxy_ports = [s for s in self.services if s.name == "nginx"]
        for service in self.services + [replace(s, port=p) for s in proxy_ports
                                        for p in (self.settings.rasa_port, self.settings.actions_port)]:
            if service.port and port_in_use(self.settings.host, service.port):
                self.stop()
                raise StackError(
                    f"port {service.port} ({service.name}) is already in use: is the assistant already running? "
                    f"Stop it, or choose another port with HOTLINE_{service.name.upper()}_PORT."
                )
        try:
            for stage in sorted({s.stage for s in self.services}):
                group = [s for s in self.services if s.stage == stage]
                for service in group:
                    self._spawn(service)
                for service in group:
                    self._wait(service, timeout)
        except BaseException:
            self.stop()
            raise

    def _spawn(self, service: Service) -> None:
        logfile = open(self.settings.log_dir / f"{service.name}.log", "ab")  # noqa: SIM115 (owned by the child)
        service.process = subprocess.Popen(
            service.command, cwd=service.cwd, env=service.env, stdout=logfile, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, **service.run_as,
        )
        logfile.close()

    def _wait(self, service: Service, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        log_path = self.settings.log_dir / f"{service.name}.log"
        while time.monotonic() < deadline:
            if service.process.poll() is not None:
                raise StackError(f"{service.name} exited with code {service.process.returncode}; see {log_path}")
            if self._healthy(service):
                if service.after_ready:
                    service.after_ready()
                return
            time.sleep(0.3)
        raise StackError(f"{service.name} did not become healthy within {timeout:.0f}s; see {log_path}")

    @staticmethod
    def _healthy(service: Service) -> bool:
        if service.check:
            return service.check()
        if service.health_url is None:
            time.sleep(1.0)  # the bot has no port: alive after a second is healthy
            return True
        try:
            return service.ready(httpx.get(service.health_url, timeout=2))
        except (httpx.HTTPError, ValueError):
            return False

    def describe(self) -> list[str]:
        lines = []
        for service in self.services:
            where = f"http://{self.settings.host}:{service.port}" if service.port else "Telegram (long polling)"
            if service.name in ("postgres", "redis"):
                where = f"{self.settings.host}:{service.port}"
            elif service.name == "nginx":
                where = (f"rasa :{self.settings.rasa_port}, actions :{self.settings.actions_port}, "
                         f"webhook+desk+chat :{self.settings.public_port}")
            if service.name == "webchat":
                where = f"http://{self.settings.host}:{service.port}/chat/"
            if service.name == "wechat":
                where = f"http://{self.settings.host}:{service.port}/wechat (the 服务号's server URL, behind HTTPS)"
            webhook = service.env.get("HOTLINE_WEBHOOK_URL")
            if service.name == "bot" and webhook:
                where = f"webhook {webhook} (listening on {self.settings.host}:{self.settings.webhook_port})"
            lines.append(f"  {service.name:9} {where:45} log: {self.settings.log_dir / (service.name + '.log')}")
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
