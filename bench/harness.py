"""What the benchmarks share: bench databases, the demo, static files, a production-like server.

Everything runs on the loopback interface. Django runs in subprocesses with the
environment they are given, so the benchmark process itself never configures Django.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"

# Every setting the project reads from the environment; a run starts without any of them.
PROJECT_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CACHE_URL",
    "CONN_MAX_AGE",
    "VAR_DIR",
    "PUBLIC_DASHBOARD",
    "KEY_ACTION_WEIGHT",
    "SITE_URL",
    "EMAIL_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "LOG_LEVEL",
    "DJANGO_SETTINGS_MODULE",
    "BENCH_STATIC_ROOT",
)

# One key for the whole run: the server and the probes must agree on it.
_SECRET_KEY = secrets.token_urlsafe(64)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def database_url(name: str) -> str:
    return f"{PG_SERVER}/{name}"


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)


def drop_database(name: str) -> None:
    with _admin_connection() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def create_database(name: str) -> None:
    """A new, empty database ``name``; one left by an earlier run is dropped first."""
    drop_database(name)
    with _admin_connection() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def base_env(**variables: str) -> dict[str, str]:
    """This process's environment without the project's settings, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if k not in PROJECT_VARIABLES}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(variables)
    return env


def production_env(database: str, static_root: Path) -> dict[str, str]:
    """A production configuration, minus HTTPS (the benchmarks speak plain HTTP on loopback)."""
    return base_env(
        DEBUG="false",
        SECRET_KEY=_SECRET_KEY,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        PUBLIC_DASHBOARD="true",
        LOG_LEVEL="WARNING",
        DATABASE_URL=database_url(database),
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_STATIC_ROOT=str(static_root),
    )


def run(args: list[str], env: dict[str, str], *, timeout: float = 900) -> str:
    """Run a Python command of the project's virtualenv; its output, or an error with it."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def load_demo(database: str, scale: int) -> float:
    """A fresh ``database`` holding the demo at ``scale``; the seconds it took."""
    started = time.perf_counter()
    create_database(database)
    # The demo command runs only with DEBUG on (it creates well-known logins).
    env = base_env(DATABASE_URL=database_url(database))
    output = run(["manage.py", "demo", "--no-serve", f"--scale={scale}"], env)
    # Statistics for the planner, as a database in use has them; without them the first
    # minutes measure autovacuum's analysis and the planner's guesses, not the pages.
    with psycopg.connect(database_url(database), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    first_line = output.strip().splitlines()[0] if output.strip() else ""
    log(f"{database}: {first_line} ({seconds:.1f} s)")
    return seconds


def collect_static(env: dict[str, str]) -> float:
    """collectstatic with the production storage (hashed names, gzip); the seconds it took."""
    started = time.perf_counter()
    run(["manage.py", "collectstatic", "--noinput", "--verbosity=0"], env)
    seconds = time.perf_counter() - started
    log(f"collectstatic into {env['BENCH_STATIC_ROOT']} ({seconds:.1f} s)")
    return seconds


def probe(env: dict[str, str], *args: str) -> dict:
    """Run ``bench/probe.py`` (Django in a subprocess) and return the JSON it prints."""
    return json.loads(run(["bench/probe.py", *args], env))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class StaticRoot:
    """A temporary STATIC_ROOT, removed at the end unless kept."""

    def __init__(self, keep: bool = False):
        self.path = Path(tempfile.mkdtemp(prefix="salo-bench-static-"))
        self.keep = keep

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc) -> None:
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)


class Gunicorn:
    """gunicorn serving the project with ``env`` on a free loopback port, for a ``with`` block."""

    def __init__(self, env: dict[str, str], *, workers: int = 2, worker_class: str = "sync"):
        self.env = env
        self.workers = workers
        self.worker_class = worker_class
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in __exit__)
            prefix="salo-bench-gunicorn-", suffix=".log", delete=False
        )

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> Gunicorn:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "salo_climate.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            f"--worker-class={self.worker_class}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__()
            raise
        log(f"gunicorn ({self.workers} {self.worker_class} workers) at {self.base_url}")
        return self

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start-up:\n{self.read_log()}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/bench/ok", headers={"Host": HOST})
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.read_log()}")

    def read_log(self) -> str:
        self.log_file.flush()
        return Path(self.log_file.name).read_text(errors="replace")[-4000:]

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log_file.close()
        Path(self.log_file.name).unlink(missing_ok=True)
