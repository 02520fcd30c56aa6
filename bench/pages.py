"""Server time and SQL queries of the dashboard pages, at several sizes of the demo.

For each scale: a fresh PostgreSQL database with the demo at that scale, a production-like
gunicorn (DEBUG off, whitenoise, 2 workers), then every page requested in turn, round
after round, so that all pages share the machine's noise. Times are the wall-clock time
of each request from an HTTP client on the same machine, and are compared with the
trivial view ``/bench/ok`` measured in the same run.

    uv run python bench/pages.py [--scales 1 10] [--requests 200] [--cache-seconds 0] [--keep]
"""

from __future__ import annotations

import argparse
import http.client
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

TRIVIAL = "trivial view"
MAX_RATIO = 10  # goal: each page at most 10× the trivial view at the smallest scale
MAX_GROWTH = 2  # goal: each page less than 2× slower at the largest scale than the smallest
MIN_REQUESTS = 20  # timed requests of every page, whatever the time budget
MAX_NOT_MODIFIED = 1.5  # goal: a repeat visit's 304 at most 1.5× the trivial view
NOT_MODIFIED_REQUESTS = 100  # timed 304s of every page


@dataclass
class PageResult:
    name: str
    path: str
    queries: int = 0
    repeats: int = 0
    repeated: str = ""
    size: int = 0
    times: list[float] = field(default_factory=list)
    not_modified: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000


@dataclass
class ScaleResult:
    scale: int
    pages: dict[str, PageResult]
    connection_header: str = ""

    def ratio(self, name: str) -> float:
        return self.pages[name].median / self.pages[TRIVIAL].median


def measure(server: harness.Gunicorn, pages: dict[str, PageResult], args) -> str:
    """Request every page once per round; keep the times after ``args.warmup`` rounds.

    A page leaves the rounds when it has ``args.requests`` times, or at least
    ``MIN_REQUESTS`` and its share of ``args.budget`` seconds is spent, so that slow pages
    at large scales end in bounded time. Returns the server's Connection header.
    """
    connection = http.client.HTTPConnection(harness.HOST, server.port, timeout=60)
    headers = {"Host": harness.HOST, "Accept-Encoding": "gzip"}
    share = args.budget / len(pages)
    connection_header = ""
    started = time.perf_counter()
    try:
        for round_ in range(args.warmup + args.requests):
            timed = round_ >= args.warmup
            active = [
                page
                for page in pages.values()
                if not timed or len(page.times) < MIN_REQUESTS or sum(page.times) < share
            ]
            if not active:
                break
            for page in active:
                before = time.perf_counter()
                connection.request("GET", page.path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - before
                if response.status != 200:
                    raise RuntimeError(f"{page.path} answered {response.status}")
                connection_header = response.getheader("Connection", "keep-alive")
                if timed:
                    page.times.append(elapsed)
                    page.size = len(body)
    finally:
        connection.close()
    harness.log(f"measured {len(pages)} pages in {time.perf_counter() - started:.0f} s")
    return connection_header


def measure_not_modified(server: harness.Gunicorn, pages: dict[str, PageResult], args) -> None:
    """A repeat visit's 304: each page with the ETag and the CSRF cookie of a first visit.

    Rounds as in ``measure``, the trivial view among the pages; the times go to
    ``page.not_modified`` (the trivial view's: its ordinary 200).
    """
    connection = http.client.HTTPConnection(harness.HOST, server.port, timeout=60)
    try:
        conditional = {}
        for page in pages.values():
            headers = {"Host": harness.HOST, "Accept-Encoding": "gzip"}
            connection.request("GET", page.path, headers=headers)
            response = connection.getresponse()
            response.read()
            etag = response.getheader("ETag")
            if page.name != TRIVIAL and etag is None:
                continue  # a page without an ETag has no 304 to time
            cookie = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie.load(header)
            if "csrftoken" in cookie:
                headers["Cookie"] = f"csrftoken={cookie['csrftoken'].value}"
            if etag:
                headers["If-None-Match"] = etag
            conditional[page.name] = headers
        rounds = min(args.requests, NOT_MODIFIED_REQUESTS)
        for round_ in range(args.warmup + rounds):
            for name, headers in conditional.items():
                page = pages[name]
                before = time.perf_counter()
                connection.request("GET", page.path, headers=headers)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - before
                expected = 200 if name == TRIVIAL else 304
                if response.status != expected:
                    raise RuntimeError(f"{page.path} answered {response.status} to its ETag")
                if round_ >= args.warmup:
                    page.not_modified.append(elapsed)
    finally:
        connection.close()


def bench_scale(scale: int, static_root: Path, args) -> ScaleResult:
    database = f"salo_bench_{scale}x"
    harness.load_demo(database, scale)
    env = harness.production_env(database, static_root)
    env["DASHBOARD_CACHE_SECONDS"] = str(args.cache_seconds)
    urls = harness.probe(env, "urls")
    counts = harness.probe(env, "queries", *urls.values())
    pages = {}
    for name, path in urls.items():
        count = counts[path]
        if count["status"] != 200:
            raise RuntimeError(f"{path} answered {count['status']} to the test client")
        pages[name] = PageResult(
            name, path, count["queries"], count["repeats"], count["repeated"], count["bytes"]
        )
    with harness.Gunicorn(env, workers=args.workers) as server:
        connection_header = measure(server, pages, args)
        measure_not_modified(server, pages, args)
    result = ScaleResult(scale, pages, connection_header)
    if args.profile is not None:
        for name, page in pages.items():
            if any(wanted in name for wanted in args.profile or [""]):
                print(harness.run(["bench/probe.py", "profile", page.path, "20"], env))
    return result


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = [
        "  ".join(
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [headers, ["-" * w for w in widths], *rows]
    ]
    return "\n".join(lines)


def print_scale(result: ScaleResult) -> None:
    print(
        f"\n== Scale {result.scale}×: wall-clock time per request from a client on the same "
        f"machine (server's Connection header: {result.connection_header}) =="
    )
    rows = [
        [
            page.name,
            page.path,
            page.queries,
            len(page.times),
            f"{page.size / 1024:.1f}",
            f"{page.median:.1f}",
            f"{page.p95:.1f}",
            f"{result.ratio(name):.1f}",
        ]
        for name, page in result.pages.items()
    ]
    print(table(["page", "path", "queries", "requests", "KB", "median ms", "p95 ms", "× ok"], rows))
    trivial = result.pages[TRIVIAL].not_modified
    if trivial:
        rows = [
            [
                page.name,
                len(page.not_modified),
                f"{statistics.median(page.not_modified) * 1000:.1f}",
                f"{statistics.median(page.not_modified) / statistics.median(trivial):.1f}",
            ]
            for page in result.pages.values()
            if page.not_modified and page.name != TRIVIAL
        ]
        print(
            f"\n304 Not Modified (If-None-Match with the page's ETag; goal ≤ {MAX_NOT_MODIFIED}× "
            f"the trivial view, {statistics.median(trivial) * 1000:.1f} ms in these rounds):"
        )
        print(table(["page", "requests", "304 median ms", "× ok"], rows))
    repeated = [p for p in result.pages.values() if p.repeats > 1]
    for page in repeated:
        print(f"  {page.name}: one query shape runs {page.repeats}×: {page.repeated[:160]}…")


def print_comparison(small: ScaleResult, large: ScaleResult) -> None:
    lo, hi = small.scale, large.scale
    print(f"\n== Growth from {lo}× to {hi}× ==")
    rows = []
    for name, page in small.pages.items():
        other = large.pages[name]
        rows.append(
            [
                name,
                f"{page.queries} → {other.queries}",
                f"{page.median:.1f}",
                f"{other.median:.1f}",
                f"{other.median / page.median:.2f}",
                f"{small.ratio(name):.1f}",
                f"{large.ratio(name):.1f}",
                f"{large.ratio(name) / small.ratio(name):.2f}",
            ]
        )
    headers = [
        "page",
        "queries",
        f"median {lo}×",
        f"median {hi}×",
        "growth",
        f"× ok {lo}×",
        f"× ok {hi}×",
        "growth of × ok",
    ]
    print(table(headers, rows))
    print(
        "(growth = median at the larger scale ÷ median at the smaller; 'growth of × ok' divides "
        "each by the trivial view of its own run, cancelling drift in the machine's speed)"
    )


def print_goals(small: ScaleResult, large: ScaleResult | None) -> None:
    print(f"\n== Goals: each page ≤ {MAX_RATIO}× the trivial view at {small.scale}×", end="")
    if large:
        print(f"; growth < {MAX_GROWTH}× from {small.scale}× to {large.scale}× ==")
    else:
        print(" ==")
    rows = []
    for name, page in small.pages.items():
        if name == TRIVIAL:
            continue
        ratio = small.ratio(name)
        verdicts = [f"{'meets' if ratio <= MAX_RATIO else 'MISSES'} ({ratio:.1f}× ok)"]
        if large:
            growth = large.pages[name].median / page.median
            verdicts.append(f"{'meets' if growth < MAX_GROWTH else 'MISSES'} ({growth:.2f}×)")
        rows.append([name, *verdicts])
    headers = ["page", f"≤ {MAX_RATIO}× ok", f"growth < {MAX_GROWTH}×"]
    print(table(headers[: 2 + bool(large)], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed rounds first")
    parser.add_argument(
        "--budget",
        type=float,
        default=240,
        help="seconds of timed requests per scale; slow pages stop early, after at least "
        f"{MIN_REQUESTS} requests (default 240)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--cache-seconds",
        type=int,
        default=300,
        help="DASHBOARD_CACHE_SECONDS of the server: 0 renders every page afresh (default 300)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    parser.add_argument(
        "--profile",
        nargs="*",
        metavar="PAGE",
        help="print a cProfile of the pages whose names contain these words (all without one)",
    )
    args = parser.parse_args()
    if not all(1 <= scale <= 50 for scale in args.scales) or not 1 <= args.requests <= 10_000:
        parser.error("scales run from 1 to 50, requests from 1 to 10000")
    scales = sorted(set(args.scales))
    print(
        f"DASHBOARD_CACHE_SECONDS={args.cache_seconds}: "
        + (
            "cached dashboard content is served while the data is unchanged"
            if args.cache_seconds
            else "every page is rendered afresh"
        )
    )

    results: list[ScaleResult] = []
    databases = [f"salo_bench_{scale}x" for scale in scales]
    try:
        with harness.StaticRoot() as static_root:
            harness.collect_static(harness.production_env(databases[0], static_root))
            for scale in scales:
                result = bench_scale(scale, static_root, args)
                results.append(result)
                print_scale(result)
                sys.stdout.flush()
    finally:
        if not args.keep:
            for database in databases:
                harness.drop_database(database)
            harness.log(f"dropped {', '.join(databases)}")

    large = results[-1] if len(results) > 1 else None
    if large:
        print_comparison(results[0], large)
    print_goals(results[0], large)


if __name__ == "__main__":
    main()
