"""What a PostgreSQL restart costs the service under a mixed load.

The benchmark runs a PostgreSQL cluster of its own (``initdb`` into a temporary
directory, trust authentication, a free port on the loopback interface, its socket in
that directory), never the shared server on 5432, and removes it at the end, also after
a failure. It loads the demo into it, starts a production-like gunicorn (2 sync
workers) and drives a mixed load for ``--seconds``: readers request the dashboard's
page types anonymously, and two logged-in writers (the demo's contact person
``editor`` and coordinator ``admin``, each on actions of their own) send status
updates through the update form, as the staff do. A write that gets no answer or a 503
is sent again with the same ``submission_key`` until it is acknowledged (the redirect
that follows "saved"). Halfway through, ``pg_ctl restart -m fast`` restarts the
database.

    uv run python bench/pg_restart.py [--seconds 40] [--readers 3] [--restart-at 20]

It prints the requests by status during the outage window (first failed request to the
last) and outside it, the outage and recovery times, and the acknowledged writes
against the new rows in ``programmes_actionstatusupdate``. Goals: no 500 at all, a 503
with ``Retry-After`` for every failed request, no acknowledged write lost and none
stored twice.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "salo_bench_restart"
DEMO_PASSWORD = "salo-demo"
NO_ANSWER = "no answer"  # the connection failed or was closed without a response
FIRST_500: list[str] = []  # the first 500 page's request and body, to show what failed


# The PostgreSQL cluster of the benchmark's own


class Cluster:
    """A throw-away PostgreSQL cluster on a free loopback port, for a ``with`` block."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="salo-bench-pg-"))
        self.data = self.directory / "data"
        self.port = harness.free_port()
        self.started = False

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{harness.HOST}:{self.port}"

    def _run(self, *args: str, timeout: float = 120) -> str:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def pg_ctl(self, action: str, *options: str) -> None:
        server_options = f"-p {self.port} -k {self.directory} -c listen_addresses={harness.HOST}"
        self._run(
            "pg_ctl",
            action,
            "-D",
            str(self.data),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.directory / "server.log"),
            "-o",
            server_options,
            *options,
        )

    def __enter__(self) -> Cluster:
        try:
            if os.geteuid() == 0:
                shutil.chown(self.directory, "postgres", "postgres")
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            )
            self.pg_ctl("start")
            self.started = True
        except BaseException:
            self.__exit__()
            raise
        harness.log(f"own PostgreSQL cluster at {self.url} (data in {self.data})")
        return self

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast")

    def __exit__(self, *exc) -> None:
        if self.started:
            try:
                self.pg_ctl("stop", "-m", "immediate")
            except RuntimeError as error:
                harness.log(f"stopping the cluster: {error}")
        shutil.rmtree(self.directory, ignore_errors=True)
        harness.log(f"removed the cluster in {self.directory}")


# An HTTP client that keeps cookies, as a browser does


class Inputs(HTMLParser):
    """The named inputs of a page, as ``{name: value}``."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.values[attributes["name"]] = attributes.get("value") or ""


def inputs_of(html: str) -> dict[str, str]:
    parser = Inputs()
    parser.feed(html)
    return parser.values


@dataclass
class Request:
    started: float
    ended: float
    kind: str  # "read", "form" or "write"
    status: int | str
    retry_after: str | None = None


@dataclass
class Answer:
    status: int | str
    body: str = ""
    location: str = ""


class Browser:
    """One visitor: a cookie jar, and every request recorded in ``log``."""

    def __init__(self, port: int, log: list[Request]):
        self.port = port
        self.log = log
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, form: dict | None = None) -> Answer:
        headers = {"Host": harness.HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection(harness.HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            self.log.append(Request(started, time.monotonic(), kind, NO_ANSWER))
            return Answer(NO_ANSWER)
        finally:
            connection.close()
        self.log.append(
            Request(
                started, time.monotonic(), kind, response.status, response.getheader("Retry-After")
            )
        )
        if response.status == 500 and not FIRST_500:
            FIRST_500.append(f"{method} {path}\n{text[:3000]}")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, text, response.getheader("Location") or "")

    def log_in(self, username: str) -> None:
        form = inputs_of(self.request("setup", "GET", "/accounts/login/").body)
        form.update(username=username, password=DEMO_PASSWORD)
        answer = self.request("setup", "POST", "/accounts/login/", form)
        if answer.status != 302:
            raise RuntimeError(f"logging in as {username} answered {answer.status}")


# The load


@dataclass
class Writes:
    acknowledged: set[str] = field(default_factory=set)
    unacknowledged: set[str] = field(default_factory=set)  # given up on at the end
    refused: Counter = field(default_factory=Counter)  # 409, 422…: the form said not saved
    lock: threading.Lock = field(default_factory=threading.Lock)


def read_load(browser: Browser, paths: list[str], stop: threading.Event) -> None:
    for path in itertools.cycle(paths):
        if stop.is_set():
            return
        answer = browser.request("read", "GET", path)
        if answer.status != 200:
            time.sleep(0.05)  # as a reader would wait a moment before reloading


def write_load(browser: Browser, actions: list[int], writes: Writes, stop: threading.Event):
    """Open an action's update form, send it, and send it again until it is acknowledged."""
    for number, action in enumerate(itertools.cycle(actions)):
        if stop.is_set():
            return
        form_path = f"/actions/{action}/update/"
        opened = browser.request("form", "GET", form_path)
        if opened.status != 200:
            time.sleep(0.1)
            continue
        fields = inputs_of(opened.body)
        key = str(uuid.uuid4())
        payload = {
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
            "status": "in_progress",
            "completion_percent": str(10 + number % 80),
            "done": f"Benchmark write {key[:8]}.",
            "bottleneck_category": "",
            "bottleneck": "",
            "next_steps": "",
            "internal_note": "",
            "version": fields.get("version", ""),
            "submission_key": key,
        }
        deadline = time.monotonic() + 60
        while True:
            answer = browser.request("write", "POST", form_path, payload)
            if answer.status == 302:
                with writes.lock:
                    writes.acknowledged.add(key)
                break
            if answer.status not in (503, NO_ANSWER):
                with writes.lock:
                    writes.refused[answer.status] += 1
                break
            if time.monotonic() > deadline:
                with writes.lock:
                    writes.unacknowledged.add(key)
                break
            time.sleep(0.1)  # the same form, sent again: the same submission_key


def action_ids(browser: Browser, path: str) -> list[int]:
    answer = browser.request("setup", "GET", path)
    return sorted({int(pk) for pk in re.findall(r"/actions/(\d+)/update/", answer.body)})


def status_rows(cluster: Cluster) -> tuple[int, set[str]]:
    with psycopg.connect(f"{cluster.url}/{DATABASE}") as connection:
        rows = connection.execute(
            "SELECT submission_key FROM programmes_actionstatusupdate"
        ).fetchall()
    return len(rows), {str(key) for (key,) in rows if key is not None}


# Figures


def table(headers: list[str], rows: list[list]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    return "\n".join(
        "  ".join(
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [headers, ["-" * w for w in widths], *rows]
    )


def failed(request: Request) -> bool:
    return request.status == NO_ANSWER or request.status >= 500


def report(log: list[Request], restart: tuple[float, float], writes: Writes, rows, t0) -> bool:
    restart_began, restart_done = restart
    failures = [r for r in log if failed(r)]
    if failures:
        window = (min(r.started for r in failures), max(r.ended for r in failures))
    else:
        window = (restart_began, restart_began)

    def during(r: Request) -> bool:
        return window[0] <= r.started <= window[1]

    print(f"\n== {len(log)} requests in {max(r.ended for r in log) - t0:.1f} s ==")
    print(
        f"restart (pg_ctl restart -m fast) began at {restart_began - t0:.2f} s, "
        f"done at {restart_done - t0:.2f} s ({restart_done - restart_began:.2f} s)"
    )
    statuses = sorted({str(r.status) for r in log})
    rows_ = []
    for kind in ("read", "form", "write"):
        for label, selected in (("outage", True), ("outside", False)):
            counts = Counter(str(r.status) for r in log if r.kind == kind and during(r) == selected)
            rows_.append([f"{kind}, {label}", sum(counts.values())] + [counts[s] for s in statuses])
    print(table(["requests", "total", *statuses], rows_))

    served_503 = [r for r in log if r.status == 503]
    without_retry_after = sum(1 for r in served_503 if not r.retry_after)
    errors_500 = sum(1 for r in log if r.status == 500)
    no_answer = sum(1 for r in log if r.status == NO_ANSWER)
    outage = window[1] - window[0] if failures else 0.0
    after = [r.ended for r in log if not failed(r) and r.started >= restart_began]
    after = [t for t in after if t >= restart_done]
    recovery = (min(after) - restart_done) if after else float("nan")
    print(
        f"\noutage (first failed request began → last failed request ended): {outage:.2f} s, "
        f"from {window[0] - t0:.2f} s to {window[1] - t0:.2f} s; {len(failures)} failed requests"
    )
    print(f"recovery (restart done → first successful request): {recovery:.3f} s")
    print(
        f"503 without Retry-After: {without_retry_after}; 500: {errors_500}; no answer: {no_answer}"
    )

    before_count, before_keys, after_count, after_keys = rows
    new_rows = after_count - before_count
    new_keys = after_keys - before_keys
    lost = writes.acknowledged - after_keys
    duplicated = new_rows - len(new_keys)
    stored_unacknowledged = new_keys - writes.acknowledged
    print(
        f"\nwrites acknowledged (saved): {len(writes.acknowledged)}; new rows in "
        f"programmes_actionstatusupdate: {new_rows}; lost: {len(lost)}; duplicated: {duplicated}; "
        f"stored but not acknowledged: {len(stored_unacknowledged)}; "
        f"given up: {len(writes.unacknowledged)}; refused by the form: {dict(writes.refused)}"
    )
    goals = {
        "no 500": errors_500 == 0,
        "every failed request a 503 with Retry-After": no_answer == 0 and without_retry_after == 0,
        "no acknowledged write lost": not lost,
        "no write stored twice": duplicated == 0 and new_rows == len(writes.acknowledged),
    }
    print("\n== Goals ==")
    for goal, met in goals.items():
        print(f"{'meets ' if met else 'MISSES'}  {goal}")
    return all(goals.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=40, help="length of the load")
    parser.add_argument("--restart-at", type=float, help="seconds into the load (default: half)")
    parser.add_argument("--readers", type=int, default=3, help="anonymous reader threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    args = parser.parse_args()
    restart_at = args.seconds / 2 if args.restart_at is None else args.restart_at
    if not 0 < restart_at < args.seconds:
        parser.error("--restart-at must fall within the load")

    with Cluster() as cluster, harness.StaticRoot() as static_root:
        harness.PG_SERVER = cluster.url  # the harness's databases live in this cluster
        harness.load_demo(DATABASE, 1)
        env = harness.production_env(DATABASE, static_root)
        harness.collect_static(env)
        paths = [p for p in harness.probe(env, "urls").values() if p != "/bench/ok"]
        with harness.Gunicorn(env, workers=args.workers) as server:
            log: list[Request] = []
            editor, admin = Browser(server.port, log), Browser(server.port, log)
            editor.log_in("editor")
            admin.log_in("admin")
            editors_actions = action_ids(editor, "/my/")
            others = sorted(
                {
                    int(pk)
                    for pk in re.findall(
                        r"/actions/(\d+)/", admin.request("setup", "GET", "/actions/").body
                    )
                }
                - set(editors_actions)
            )
            harness.log(f"editor writes to {len(editors_actions)} actions, admin to {len(others)}")
            before = status_rows(cluster)
            log.clear()
            writes = Writes()
            stop = threading.Event()
            threads = [
                threading.Thread(
                    target=read_load, args=(Browser(server.port, log), paths[i:] + paths[:i], stop)
                )
                for i in range(args.readers)
            ] + [
                threading.Thread(target=write_load, args=(editor, editors_actions, writes, stop)),
                threading.Thread(target=write_load, args=(admin, others, writes, stop)),
            ]
            t0 = time.monotonic()
            for thread in threads:
                thread.start()
            time.sleep(restart_at)
            restart_began = time.monotonic()
            harness.log("restarting PostgreSQL (pg_ctl restart -m fast)")
            cluster.restart()
            restart_done = time.monotonic()
            harness.log(f"PostgreSQL is back after {restart_done - restart_began:.2f} s")
            time.sleep(max(0.0, t0 + args.seconds - time.monotonic()))
            stop.set()
            for thread in threads:
                thread.join(timeout=90)
            after = status_rows(cluster)
            server_log = server.read_log()
            if os.environ.get("BENCH_SERVER_LOG"):
                server.log_file.flush()
                shutil.copy(server.log_file.name, os.environ["BENCH_SERVER_LOG"])
        ok = report(log, (restart_began, restart_done), writes, (*before, *after), t0)
        if FIRST_500 or "Traceback" in server_log:
            print("\nThe first 500:", *FIRST_500, "\ngunicorn's log:", server_log, sep="\n")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
