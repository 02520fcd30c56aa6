"""Django in a subprocess for the benchmarks: page addresses, query counts, profiles.

Run with DJANGO_SETTINGS_MODULE and DATABASE_URL set (``bench/harness.py`` does):

    python bench/probe.py urls                  # JSON: page name -> path
    python bench/probe.py queries PATH...       # JSON: path -> status, queries, repeats
    python bench/probe.py profile PATH [N]      # cProfile of N requests, as text
    python bench/probe.py sql PATH              # each query of one request, with its time
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from indicators.models import Indicator  # noqa: E402
from programmes.models import Action, GoalNode, Programme  # noqa: E402

HOST = "127.0.0.1"


def page_urls() -> dict[str, str]:
    """The pages the benchmarks measure, with ids looked up in the database."""
    programme = Programme.objects.in_force().get()
    path = GoalNode.objects.get(programme=programme, identifier="2", level__depth=2)
    action = Action.objects.filter(programme=programme, is_key_action=True).order_by("pk").first()
    featured = Indicator.objects.get(identifier="M01")
    estimated = Action.objects.get(programme=programme, identifier="2.2.4")
    return {
        "trivial view": "/bench/ok",
        "overview": "/",
        "ladder": "/ladder/",
        "goal page (path 2)": f"/goals/{path.pk}/",
        "action list": "/actions/",
        "action list, late": "/actions/?flag=late",
        "action page": f"/actions/{action.pk}/",
        "indicator list": "/indicators/",
        "indicator page (M01)": f"/indicators/{featured.pk}/",
        "emissions gap": "/emissions/",
        "emissions gap, what if": f"/emissions/?off={estimated.pk}&late_off=1",
    }


def shape(sql: str) -> str:
    """A query with its literals and IN lists folded, so repeats of one query match."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"IN \((\?, )*\?\)", "IN (…)", sql)


def count_queries(paths: list[str]) -> dict[str, dict]:
    client = Client(HTTP_HOST=HOST)
    counts = {}
    for path in paths:
        client.get(path)  # warm per-process caches (content types, translations, templates)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        shapes = Counter(shape(q["sql"]) for q in queries.captured_queries)
        top, repeats = shapes.most_common(1)[0] if shapes else ("", 0)
        counts[path] = {
            "status": response.status_code,
            "queries": len(queries),
            "repeats": repeats,
            "repeated": top[:300],
            "bytes": len(response.content),
        }
    return counts


def profile(path: str, requests: int) -> str:
    client = Client(HTTP_HOST=HOST)
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        response = client.get(path)
    profiler.disable()
    assert response.status_code == 200, response.status_code
    out = io.StringIO()
    out.write(f"== {path}: {requests} requests; the project's own code by cumulative time ==\n")
    project = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    project.print_stats(rf"^{re.escape(str(ROOT))}/(?!\.venv|bench)", 30)
    out.write(f"== {path}: everything, by own time ==\n")
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(25)
    return out.getvalue().replace(f"{ROOT}/", "")


def list_queries(path: str) -> str:
    client = Client(HTTP_HOST=HOST)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    lines = [f"== {path}: {response.status_code}, {elapsed * 1000:.0f} ms in all =="]
    for query in queries.captured_queries:
        lines.append(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:220]}")
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    lines.append(f"{sql_ms:7.1f} ms in {len(queries)} queries")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    command, *rest = argv
    if command == "urls":
        print(json.dumps(page_urls()))
    elif command == "queries":
        print(json.dumps(count_queries(rest)))
    elif command == "profile":
        print(profile(rest[0], int(rest[1]) if len(rest) > 1 else 20))
    elif command == "sql":
        print(list_queries(rest[0]))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
