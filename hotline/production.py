"""The production profile on one machine (`hotline up --profile production`).

What changes from the embedded default, and why:
- conversations live in PostgreSQL (Rasa's SQL tracker store), so any Rasa worker can take a
  conversation's next message and a restart loses nothing;
- Redis holds Rasa's conversation locks (Redis lock store), so two workers never process the
  same conversation at once;
- nginx gives one address to several Rasa workers (on rasa_port), to several stateless
  action servers (on actions_port) and, on the public port, to the bot's webhook, the web
  chat (/chat/) and the desk;
- the desk owns the tickets: action servers hand cases over through its API.

PostgreSQL, Redis and nginx are Debian's packages, run as the project's own processes on
loopback with their data under var/ (never as system services). docs/deploy.md shows the
same pieces on several machines.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from foundation.settings import Settings, local_secret

DATABASE = "hotline"
DB_USER = "hotline"


class ProductionSetupError(RuntimeError):
    """A server the profile needs is missing or would not start; the message says how to fix it."""


# --- configuration files (pure: settings in, text out) --------------------------------------

def endpoints_yml(config: Settings) -> str:
    """Rasa's endpoints: actions through the proxy, conversations in PostgreSQL, locks in Redis.
    The password stays in the environment (Rasa expands ${...} in this file)."""
    return f"""action_endpoint:
  url: "http://{config.host}:{config.actions_port}/webhook"
tracker_store:
  type: SQL
  dialect: "postgresql"
  url: "{config.host}"
  port: {config.postgres_port}
  db: "{DATABASE}"
  username: "{DB_USER}"
  password: ${{HOTLINE_POSTGRES_PASSWORD}}  # expanded by Rasa (unquoted)
lock_store:
  type: "redis"
  url: "{config.host}"
  port: {config.redis_port}
  db: 1
  key_prefix: "{DATABASE}"
"""


def nginx_conf(config: Settings, prefix: Path, run_as_root: bool) -> str:
    """One nginx in front of everything. Rasa workers and action servers are balanced round
    robin; a worker that refuses connections is skipped (the request goes to the next one),
    but a request already sent is never replayed (it may have changed the conversation):
    the bot's journal retries those."""

    def upstream(name: str, ports: list[int]) -> str:
        servers = "\n".join(f"    server {config.host}:{port} max_fails=1 fail_timeout=3s;" for port in ports)
        return f"  upstream {name} {{\n{servers}\n    keepalive 32;\n  }}"

    def balanced(listen: int, name: str) -> str:
        return f"""  server {{
    listen {config.host}:{listen};
    location / {{
      proxy_pass http://{name};
      proxy_next_upstream error timeout http_502 http_503;
    }}
  }}"""

    temp = prefix / "tmp"
    return f"""{"user root root;" if run_as_root else ""}
worker_processes 2;
daemon off;
pid {prefix / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
  log_format upstream '$time_iso8601 $server_port $request_method $uri $status $upstream_addr $request_time';
  access_log {config.log_dir / "nginx-access.log"} upstream buffer=4k flush=1s;
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  client_max_body_size 25m;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_read_timeout 60s;
{upstream("rasa_workers", config.rasa_worker_ports)}
{upstream("action_servers", config.action_worker_ports)}
{balanced(config.rasa_port, "rasa_workers")}
{balanced(config.actions_port, "action_servers")}
  server {{
    listen {config.host}:{config.public_port};
    location = /nginx-health {{ return 200 "ok\\n"; }}
    location /telegram {{
      proxy_pass http://{config.host}:{config.webhook_port};
    }}
    location = /wechat {{
      proxy_pass http://{config.host}:{config.wechat_port};
    }}
    location /chat/ {{
      proxy_pass http://{config.host}:{config.webchat_port};
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
    location / {{
      proxy_pass http://{config.host}:{config.desk_port};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


# --- secrets and binaries ----------------------------------------------------------------------

def postgres_password(config: Settings) -> str:
    """HOTLINE_POSTGRES_PASSWORD, or one generated beside the cluster on first start."""
    return local_secret(config.postgres_password, config.postgres_dir.with_name(config.postgres_dir.name + ".password"))


def postgres_bin() -> Path:
    """The newest Debian PostgreSQL server (/usr/lib/postgresql/<version>/bin)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    if versions:
        return versions[-1].parent
    found = shutil.which("postgres")
    if found:
        return Path(found).parent
    raise ProductionSetupError("PostgreSQL is not installed: `apt-get install postgresql` (scripts/setup.sh does it)")


def server_binary(name: str) -> str:
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if not found:
        package = {"redis-server": "redis-server", "nginx": "nginx-light"}[name]
        raise ProductionSetupError(f"{name} is not installed: `apt-get install {package}` (scripts/setup.sh does it)")
    return found


def service_user() -> dict[str, str]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user."""
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


# --- PostgreSQL ----------------------------------------------------------------------------------

def init_postgres(config: Settings) -> None:
    """Create the cluster once (initdb), with the hotline role and a password."""
    folder = config.postgres_dir
    if (folder / "PG_VERSION").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    handle, name = tempfile.mkstemp(prefix="hotline-initdb-")  # initdb wants an empty folder
    os.close(handle)
    password_file = Path(name)
    password_file.write_text(postgres_password(config))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(password_file, "postgres", "postgres")
    try:
        result = subprocess.run(
            [str(postgres_bin() / "initdb"), "-D", str(folder), "-U", DB_USER, f"--pwfile={password_file}",
             "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-locale"],
            capture_output=True, text=True, **service_user(),
        )
    finally:
        password_file.unlink(missing_ok=True)
    if result.returncode != 0:
        hint = (" — every folder above it must be reachable by the `postgres` user; or set HOTLINE_POSTGRES_DIR "
                "to a folder it can reach" if "Permission denied" in result.stderr else "")
        raise ProductionSetupError(f"initdb failed in {folder}: {result.stderr.strip()[-500:]}{hint}")


def postgres_command(config: Settings) -> list[str]:
    return [str(postgres_bin() / "postgres"), "-D", str(config.postgres_dir), "-p", str(config.postgres_port),
            "-c", f"listen_addresses={config.host}", "-c", f"unix_socket_directories={config.postgres_dir}",
            "-c", "max_connections=200"]


def postgres_ready(config: Settings) -> bool:
    result = subprocess.run([str(postgres_bin() / "pg_isready"), "-q", "-h", config.host, "-p", str(config.postgres_port)],
                            capture_output=True)
    return result.returncode == 0


def sql(config: Settings, query: str, database: str = DATABASE) -> subprocess.CompletedProcess:
    """Run one query with psql as the hotline role, over TCP with its password."""
    return subprocess.run([str(postgres_bin() / "psql"), "-h", config.host, "-p", str(config.postgres_port),
                           "-U", DB_USER, "-d", database, "-tAc", query],
                          capture_output=True, text=True, env=dict(os.environ, PGPASSWORD=postgres_password(config)))


def create_database(config: Settings) -> None:
    """The conversations' database, made once (Rasa then creates its tables)."""
    exists = sql(config, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'", database="postgres")
    if exists.returncode != 0:
        raise ProductionSetupError(f"cannot reach PostgreSQL on port {config.postgres_port}: {exists.stderr.strip()}")
    if exists.stdout.strip() != "1":
        sql(config, f"CREATE DATABASE {DATABASE}", database="postgres").check_returncode()


def tracker_store_ready(config: Settings) -> bool:
    """Rasa made its events table. Rasa only logs a failed connection to its tracker store
    and carries on in memory, which would silently lose every conversation on restart:
    a Rasa worker is not healthy until this holds."""
    return sql(config, "SELECT to_regclass('public.events')").stdout.strip() == "events"


def purge_conversations(config: Settings, older_than_days: int) -> int:
    """Delete whole conversations (Rasa's events) whose last message is older than the
    cutoff: they hold what workers wrote. A conversation still going on is never cut."""
    cutoff = time.time() - older_than_days * 86400
    done = sql(config, "WITH gone AS (DELETE FROM events WHERE sender_id IN (SELECT sender_id FROM events "
                       f"GROUP BY sender_id HAVING max(timestamp) < {cutoff:.3f}) RETURNING 1) SELECT count(*) FROM gone")
    if done.returncode != 0:
        raise ProductionSetupError(f"PostgreSQL on port {config.postgres_port} is not reachable: "
                                   "start the production profile first")
    return int(done.stdout.strip() or 0)


# --- Redis and nginx -------------------------------------------------------------------------------

def redis_command(config: Settings) -> list[str]:
    """Locks only: nothing to persist (a lock outlives no restart)."""
    folder = config.data_dir / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    return [server_binary("redis-server"), "--bind", config.host, "--port", str(config.redis_port),
            "--save", "", "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes"]


def redis_ready(config: Settings) -> bool:
    try:
        with socket.create_connection((config.host, config.redis_port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def nginx_command(config: Settings) -> list[str]:
    prefix = config.data_dir / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(config, prefix, run_as_root=os.geteuid() == 0))
    return [server_binary("nginx"), "-p", str(prefix), "-c", str(conf), "-e", "stderr"]
