"""How soon the indicator page's interactive chart is drawn on a first visit.

Debian's Chromium, driven by Playwright, visits the featured indicator's page (M01) on a
production-like gunicorn (DEBUG off, whitenoise, the demo at 1×), each time in a fresh
browser context, so the cache starts empty. The time is from navigation start until the
Plotly graph div holds Plotly's SVG (``.plotly-chart .main-svg``), noted in page time
by a MutationObserver; beside it, when the graph div first showed any chart (the
server-drawn SVG that stands in until Plotly has drawn), and when plotly.js was
requested, received and had run.

    uv run python bench/chart_time.py [--repeat 7] [--keep]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from bench import harness
from bench.page_weight import CHROMIUM, CHROMIUM_FLAGS, warm_up

DATABASE = "salo_bench_chart"
MAX_DRAWN_MS = 1000  # goal: the chart drawn within a second

WATCH = """
(() => {
  const check = () => {
    if (window.__shownAt === undefined && document.querySelector(".plotly-chart svg")) {
      window.__shownAt = performance.now();
    }
    if (window.__svgAt === undefined && document.querySelector(".plotly-chart .main-svg")) {
      window.__svgAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
  document.addEventListener("load", (event) => {
    if ((event.target.src || "").includes("plotly") && window.__plotlyRunAt === undefined) {
      window.__plotlyRunAt = performance.now();
    }
  }, true);
})();
"""

FACTS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const plotly = performance.getEntriesByType("resource").find((e) => e.name.includes("plotly"));
  return {
    svg: window.__svgAt ?? null,
    shown: window.__shownAt ?? null,
    responseEnd: nav.responseEnd,
    domContentLoaded: nav.domContentLoadedEventEnd,
    plotlyRequested: plotly?.startTime ?? null,
    plotlyReceived: plotly?.responseEnd ?? null,
    plotlyRun: window.__plotlyRunAt ?? null,
  };
}
"""

COLUMNS = [
    ("shown", "a chart shown"),
    ("svg", "Plotly's chart drawn"),
    ("responseEnd", "HTML received"),
    ("domContentLoaded", "DOMContentLoaded"),
    ("plotlyRequested", "plotly.js requested"),
    ("plotlyReceived", "plotly.js received"),
    ("plotlyRun", "plotly.js run"),
]


def first_visit(browser, url: str) -> dict:
    context = browser.new_context(locale="fi-FI", timezone_id="Europe/Helsinki")
    try:
        context.add_init_script(WATCH)
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_function("window.__svgAt !== undefined", timeout=60_000)
        return page.evaluate(FACTS)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="first visits (default 7)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    if not 1 <= args.repeat <= 50:
        parser.error("repeats run from 1 to 50")
    visits = []
    try:
        harness.load_demo(DATABASE, 1)
        with harness.StaticRoot() as static_root:
            env = harness.production_env(DATABASE, static_root)
            harness.collect_static(env)
            urls = harness.probe(env, "urls")
            url = urls["indicator page (M01)"]
            with harness.Gunicorn(env) as server, sync_playwright() as playwright:
                warm_up(server, urls)
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
                )
                try:
                    first_visit(browser, server.base_url + url)  # Chromium's own start-up
                    visits = [
                        first_visit(browser, server.base_url + url) for _ in range(args.repeat)
                    ]
                finally:
                    browser.close()
    finally:
        if not args.keep:
            harness.drop_database(DATABASE)
            harness.log(f"dropped {DATABASE}")

    print(f"Indicator page (M01), {len(visits)} first visits, ms since navigation start:")
    print(f"{'':22}{'median':>8}{'min':>8}{'max':>8}")
    for key, label in COLUMNS:
        times = [v[key] for v in visits if v[key] is not None]
        if times:
            median = statistics.median(times)
            print(f"{label:22}{median:8.0f}{min(times):8.0f}{max(times):8.0f}")
    for key, label in (("shown", "a chart shown"), ("svg", "Plotly's chart drawn")):
        drawn = statistics.median(v[key] for v in visits)
        verdict = "meets" if drawn <= MAX_DRAWN_MS else "MISSES"
        print(f"Goal, {label} within {MAX_DRAWN_MS} ms: {verdict} ({drawn:.0f} ms)")


if __name__ == "__main__":
    main()
