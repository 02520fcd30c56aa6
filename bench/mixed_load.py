"""The day everyone updates: many readers and some editors at once, against gunicorn.

For each scale: a fresh PostgreSQL database with the demo at that scale (as ``pages.py``
builds it), a production-like gunicorn (DEBUG off, whitenoise, 2 sync workers, the
dashboard cache on), and ``--clients`` visitor threads for ``--seconds``, twice:

- read-only: every client requests the dashboard's page types in turn, anonymously,
  each from its own place in the list;
- mixed: the same, but each step is, with probability ``--write-share`` (10 %), a status
  update instead: the client's logged-in editor opens an action's update form and sends
  it, with its CSRF token, ``version`` and a fresh ``submission_key``, as the staff do.
  Half the clients log in as the demo's contact person ``editor`` and update the
  actions they answer for, half as the coordinator ``admin`` on other actions of the
  list; clients that share a login share out its actions, so no two send the same one.

The trivial view ``/bench/ok`` is timed at rest (100 requests before the runs), and by a
probe thread ten times a second throughout, for its 95th percentile under the same load.
It prints, per run: the requests, throughput, median, 95th and 99th percentiles (by
kind), errors (5xx, no answer, an unexpected status), and the updates acknowledged (the
redirect after "saved") against the new rows of ``programmes_actionstatusupdate``,
matched by ``submission_key``. Goals: mixed throughput at least half the read-only
run's, p95 at most 10× the trivial view's at rest (under a load that keeps both workers
busy, the trivial view queues like any page), no errors, every acknowledged update
stored once.

    uv run python bench/mixed_load.py [--scales 1 10] [--seconds 60] [--clients 20]
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import re
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from bench.pg_restart import NO_ANSWER, Browser, Request, inputs_of

# The demo's logins that update actions: a contact person, and the coordinator, who may
# update any action (the demo's other staff cannot log in with a password).
EDITORS = ("editor", "admin")
MIN_THROUGHPUT_SHARE = 0.5  # goal: mixed throughput ≥ half the read-only run's
MAX_P95_RATIO = 10  # goal: p95 ≤ 10× the trivial view's p95
EXPECTED = {"read": {200}, "form": {200}, "write": {302}}


@dataclass
class Client:
    reader: Browser
    writer: Browser | None = None
    actions: list[int] = field(default_factory=list)


@dataclass
class Updates:
    acknowledged: set[str] = field(default_factory=set)
    refused: dict[int | str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Run:
    name: str
    seconds: float
    log: list[Request]
    trivial: list[Request]
    updates: Updates
    new_rows: int = 0
    stored_keys: set[str] = field(default_factory=set)

    def times(self, kinds: set[str] | None = None) -> list[float]:
        return sorted(
            (r.ended - r.started) * 1000 for r in self.log if kinds is None or r.kind in kinds
        )

    @property
    def throughput(self) -> float:
        return len(self.log) / self.seconds

    @property
    def errors(self) -> int:
        return sum(1 for r in self.log if r.status not in EXPECTED[r.kind])

    @property
    def trivial_p95(self) -> float:
        return percentile(sorted((r.ended - r.started) * 1000 for r in self.trivial), 95)


def percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def update(client: Client, number: int, updates: Updates) -> None:
    """Open the next action's update form and send it once."""
    action = client.actions[number % len(client.actions)]
    form_path = f"/actions/{action}/update/"
    opened = client.writer.request("form", "GET", form_path)
    if opened.status != 200:
        return
    fields = inputs_of(opened.body)
    key = str(uuid.uuid4())
    payload = {
        "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
        "status": "in_progress",
        "completion_percent": str(10 + number % 80),
        "done": f"Benchmark update {key[:8]}.",
        "bottleneck_category": "",
        "bottleneck": "",
        "next_steps": "",
        "internal_note": "",
        "version": fields.get("version", ""),
        "submission_key": key,
    }
    answer = client.writer.request("write", "POST", form_path, payload)
    with updates.lock:
        if answer.status == 302:
            updates.acknowledged.add(key)
        else:
            updates.refused[answer.status] = updates.refused.get(answer.status, 0) + 1


def visit(client: Client, paths: list[str], share: float, seed: int, updates, stop) -> None:
    rng = random.Random(seed)
    writes = itertools.count()
    for path in itertools.cycle(paths):
        if stop.is_set():
            return
        if client.writer is not None and rng.random() < share:
            update(client, next(writes), updates)
        else:
            client.reader.request("read", "GET", path)


def probe_trivial(port: int, log: list[Request], stop: threading.Event) -> None:
    browser = Browser(port, log)
    while not stop.is_set():
        browser.request("trivial", "GET", "/bench/ok")
        time.sleep(0.1)


def status_rows(database: str) -> set[str]:
    with psycopg.connect(harness.database_url(database)) as connection:
        rows = connection.execute(
            "SELECT submission_key FROM programmes_actionstatusupdate"
        ).fetchall()
    return {str(key) for (key,) in rows if key is not None}


def run(name, server, clients, paths, share, seconds, database) -> Run:
    log: list[Request] = []
    trivial: list[Request] = []
    for client in clients:
        client.reader.log = log
        if client.writer is not None:
            client.writer.log = log
    updates = Updates()
    before = status_rows(database)
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=visit,
            args=(
                client,
                paths[i % len(paths) :] + paths[: i % len(paths)],
                share,
                i,
                updates,
                stop,
            ),
        )
        for i, client in enumerate(clients)
    ]
    threads.append(threading.Thread(target=probe_trivial, args=(server.port, trivial, stop)))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - started
    after = status_rows(database)
    harness.log(f"{name}: {len(log)} requests in {elapsed:.1f} s")
    result = Run(name, elapsed, log, trivial, updates)
    result.stored_keys = after - before
    result.new_rows = len(after) - len(before)
    return result


def my_actions(browser: Browser) -> list[int]:
    answer = browser.request("setup", "GET", "/my/")
    return sorted({int(pk) for pk in re.findall(r"/actions/(\d+)/update/", answer.body)})


def listed_actions(browser: Browser) -> list[int]:
    """The actions on the first pages of the action list."""
    found = set()
    for page in (1, 2, 3):
        answer = browser.request("setup", "GET", f"/actions/?page={page}")
        found |= {int(pk) for pk in re.findall(r'href="/actions/(\d+)/"', answer.body)}
    return sorted(found)


def make_clients(port: int, count: int) -> list[Client]:
    """``count`` clients, each with an anonymous reader and a logged-in editor."""
    setup: list[Request] = []
    actions = {}
    for username in EDITORS:
        probe = Browser(port, setup)
        probe.log_in(username)
        found = my_actions(probe) if username == "editor" else listed_actions(probe)
        taken = {pk for other in actions.values() for pk in other}
        found = [pk for pk in found if pk not in taken]
        if found:
            actions[username] = found
    if not actions:
        raise RuntimeError("no demo editor is a contact person for any action")
    editors = list(actions)
    assigned = [editors[i % len(editors)] for i in range(count)]
    clients = []
    for i, username in enumerate(assigned):
        sharing = [j for j, name in enumerate(assigned) if name == username]
        writer = Browser(port, setup)
        writer.log_in(username)
        own = actions[username][sharing.index(i) :: len(sharing)]
        clients.append(Client(Browser(port, setup), writer if own else None, own))
    return clients


def table(headers: list[str], rows: list[list]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    return "\n".join(
        "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in [headers, ["-" * w for w in widths], *rows]
    )


def trivial_at_rest(port: int, count: int = 100) -> float:
    """The trivial view's p95 with nothing else running, in ms."""
    log: list[Request] = []
    browser = Browser(port, log)
    for _ in range(count):
        browser.request("trivial", "GET", "/bench/ok")
    return percentile(sorted((r.ended - r.started) * 1000 for r in log), 95)


def print_scale(scale: int, runs: list[Run], clients: int, at_rest: float) -> None:
    print(f"\n== Scale {scale}×: {clients} clients, 2 gunicorn sync workers ==")
    rows = []
    for result in runs:
        for label, kinds in (("all", None), ("reads", {"read"}), ("updates", {"form", "write"})):
            times = result.times(kinds)
            if not times:
                continue
            rows.append(
                [
                    f"{result.name}, {label}",
                    len(times),
                    f"{len(times) / result.seconds:.1f}",
                    f"{statistics.median(times):.1f}",
                    f"{percentile(times, 95):.1f}",
                    f"{percentile(times, 99):.1f}",
                ]
            )
    print(table(["run", "requests", "req/s", "median ms", "p95 ms", "p99 ms"], rows))
    for result in runs:
        no_answer = sum(1 for r in result.log if r.status == NO_ANSWER)
        statuses = {}
        for r in result.log:
            if r.status not in EXPECTED[r.kind]:
                statuses[f"{r.kind} {r.status}"] = statuses.get(f"{r.kind} {r.status}", 0) + 1
        acknowledged = result.updates.acknowledged
        print(
            f"{result.name}: errors {result.errors} {statuses or ''} (no answer: {no_answer}); "
            f"trivial view p95 {result.trivial_p95:.1f} ms "
            f"(median {statistics.median((r.ended - r.started) * 1000 for r in result.trivial):.1f}"
            f" ms, {len(result.trivial)} requests); updates acknowledged {len(acknowledged)}, "
            f"new rows {result.new_rows}, acknowledged without a row "
            f"{len(acknowledged - result.stored_keys)}, refused {result.updates.refused or 0}"
        )
    read_only, mixed = runs
    share = mixed.throughput / read_only.throughput
    ratio = percentile(mixed.times(), 95) / at_rest
    under_load = percentile(mixed.times(), 95) / mixed.trivial_p95
    stored = len(mixed.updates.acknowledged) == mixed.new_rows and not (
        mixed.updates.acknowledged - mixed.stored_keys
    )
    print(f"Goals at {scale}×:")
    print(
        f"  throughput ≥ {MIN_THROUGHPUT_SHARE:.0%} of read-only: "
        f"{'meets' if share >= MIN_THROUGHPUT_SHARE else 'MISSES'} ({share:.0%})"
    )
    print(
        f"  p95 ≤ {MAX_P95_RATIO}× the trivial view's at rest ({at_rest:.1f} ms): "
        f"{'meets' if ratio <= MAX_P95_RATIO else 'MISSES'} ({ratio:.0f}×; "
        f"{under_load:.1f}× the trivial view's p95 in the same run, which queues behind the load)"
    )
    print(f"  0 errors: {'meets' if mixed.errors + read_only.errors == 0 else 'MISSES'}")
    print(f"  acknowledged updates = new rows: {'meets' if stored else 'MISSES'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--seconds", type=float, default=60, help="length of each run")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--write-share", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    args = parser.parse_args()
    if not all(1 <= s <= 50 for s in args.scales) or not 0 <= args.write_share <= 1:
        parser.error("scales run from 1 to 50, the write share from 0 to 1")
    print(
        f"{args.clients} clients, {args.seconds:.0f} s a run, "
        f"{args.write_share:.0%} status updates in the mixed run"
    )
    databases = [f"salo_bench_{scale}x" for scale in sorted(set(args.scales))]
    try:
        with harness.StaticRoot() as static_root:
            harness.collect_static(harness.production_env(databases[0], static_root))
            for scale, database in zip(sorted(set(args.scales)), databases, strict=True):
                harness.load_demo(database, scale)
                env = harness.production_env(database, static_root)
                paths = [p for p in harness.probe(env, "urls").values() if p != "/bench/ok"]
                with harness.Gunicorn(env, workers=args.workers) as server:
                    clients = make_clients(server.port, args.clients)
                    writers = sum(1 for c in clients if c.writer is not None)
                    harness.log(f"{len(clients)} clients, {writers} of them with actions to update")
                    for _ in range(3):  # warm every worker's caches and connections
                        for path in paths:
                            clients[0].reader.request("setup", "GET", path)
                    at_rest = trivial_at_rest(server.port)
                    runs = [
                        run("read-only", server, clients, paths, 0.0, args.seconds, database),
                        run(
                            "mixed",
                            server,
                            clients,
                            paths,
                            args.write_share,
                            args.seconds,
                            database,
                        ),
                    ]
                print_scale(scale, runs, args.clients, at_rest)
                sys.stdout.flush()
    finally:
        if not args.keep:
            for database in databases:
                harness.drop_database(database)
            harness.log(f"dropped {', '.join(databases)}")


if __name__ == "__main__":
    main()
