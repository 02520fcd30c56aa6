"""What a browser downloads, and how soon the charts are drawn, on two dashboard pages.

Debian's Chromium, driven by Playwright, visits a production-like gunicorn (DEBUG off,
whitenoise serving the collected, hashed and compressed static files) with the demo at
1×. Each cold visit uses a fresh browser context, so the cache starts empty:

- the overview (its charts are SVG drawn on the server, so "drawn" is the load event);
- the featured indicator's page (M01), whose charts the server draws as SVG and plotly.js
  then draws again, interactive, in the browser (both times are noted);
- the indicator page again in the same context, with a warm cache.

Bytes come from the Chrome DevTools Protocol (``Network.loadingFinished``'s
``encodedDataLength``: what crossed the wire, headers included) and from Resource Timing
(``encodedBodySize``: the body as sent, compressed when it was).

    uv run python bench/page_weight.py [--repeat 3] [--keep]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import BrowserContext, Page, sync_playwright

from bench import harness

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DATABASE = "salo_bench_weight"
MAX_JS_KB = 500  # goal: JavaScript on a first visit to the overview, compressed
MAX_DRAWN_MS = 1000  # goal: every chart drawn within a second

# Notes, in page time (ms since navigation start), when every Plotly chart has been drawn
# (charts.js sets data-drawn="true" on each once Plotly.newPlot has resolved), and when
# every chart first showed a drawing: the server's SVG that stands in until Plotly has
# drawn, or Plotly's own.
WATCH_CHARTS = """
(() => {
  const check = () => {
    const charts = Array.from(document.querySelectorAll(".plotly-chart"));
    if (window.__chartsShownAt === undefined && charts.length
        && charts.every((chart) => chart.querySelector("svg"))) {
      window.__chartsShownAt = performance.now();
    }
    if (window.__chartsDrawnAt === undefined && charts.length
        && charts.every((chart) => chart.dataset.drawn === "true")) {
      window.__chartsDrawnAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-drawn"],
  });
  // A script's load event fires once it has run: plotly.js fetched, parsed and evaluated.
  document.addEventListener("load", (event) => {
    const src = event.target.src || "";
    if (src.includes("plotly") && window.__plotlyRunAt === undefined) {
      window.__plotlyRunAt = performance.now();
    }
  }, true);
})();
"""

PAGE_FACTS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const entries = [nav, ...performance.getEntriesByType("resource")];
  return {
    responseStart: nav.responseStart,
    domContentLoaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    chartsDrawn: window.__chartsDrawnAt ?? null,
    chartsShown: window.__chartsShownAt ?? null,
    plotlyRequested: entries.find((e) => e.name.includes("plotly"))?.startTime ?? null,
    plotlyReceived: entries.find((e) => e.name.includes("plotly"))?.responseEnd ?? null,
    plotlyRun: window.__plotlyRunAt ?? null,
    plotlyCharts: document.querySelectorAll(".plotly-chart").length,
    svgCharts: document.querySelectorAll("svg.chart-svg, svg.sparkline").length,
    bodies: Object.fromEntries(entries.map((e) => [e.name, {
      transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize,
    }])),
  };
}
"""

KINDS = {"Document": "HTML", "Stylesheet": "CSS", "Script": "JS"}


@dataclass
class Transfer:
    url: str
    kind: str
    status: int = 0
    encoding: str = ""
    cache_control: str = ""
    from_cache: bool = False
    wire: int = 0  # bytes on the wire, headers included (CDP)
    body: int = 0  # body as sent (Resource Timing encodedBodySize)
    decoded: int = 0  # body after decompression


@dataclass
class Visit:
    label: str
    transfers: list[Transfer]
    facts: dict
    accept_encoding: str = ""

    @property
    def drawn_ms(self) -> float:
        """When every chart was drawn: Plotly's if the page has any, else the load event."""
        return self.facts["chartsDrawn"] if self.facts["plotlyCharts"] else self.facts["load"]

    @property
    def shown_ms(self) -> float:
        """When every chart first showed a drawing: the server's, standing in for
        Plotly's, or Plotly's; the load event on a page of server-drawn charts only."""
        return self.facts["chartsShown"] if self.facts["plotlyCharts"] else self.facts["load"]

    def total(self, attribute: str, kind: str | None = None) -> int:
        return sum(getattr(t, attribute) for t in self.transfers if kind in (None, t.kind))


@dataclass
class NetworkLog:
    """The page's network events, through a CDP session of its own."""

    transfers: dict[str, Transfer] = field(default_factory=dict)
    accept_encoding: str = ""

    def attach(self, context: BrowserContext, page: Page) -> None:
        session = context.new_cdp_session(page)
        session.on("Network.responseReceived", self._response)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.requestServedFromCache", self._from_cache)
        session.on("Network.requestWillBeSentExtraInfo", self._request_headers)
        session.send("Network.enable")

    def _response(self, event: dict) -> None:
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        self.transfers[event["requestId"]] = Transfer(
            url=response["url"],
            kind=KINDS.get(event.get("type", ""), "other"),
            status=response.get("status", 0),
            encoding=headers.get("content-encoding", "identity"),
            cache_control=headers.get("cache-control", ""),
            from_cache=bool(response.get("fromDiskCache") or response.get("fromPrefetchCache")),
        )

    def _finished(self, event: dict) -> None:
        transfer = self.transfers.get(event["requestId"])
        if transfer is not None:
            transfer.wire = int(event.get("encodedDataLength", 0))

    def _from_cache(self, event: dict) -> None:
        transfer = self.transfers.get(event["requestId"])
        if transfer is not None:
            transfer.from_cache = True

    def _request_headers(self, event: dict) -> None:
        headers = {k.lower(): v for k, v in event.get("headers", {}).items()}
        if "accept-encoding" in headers and not self.accept_encoding:
            self.accept_encoding = headers["accept-encoding"]


def visit(context: BrowserContext, page: Page, url: str, label: str) -> Visit:
    network = NetworkLog()
    network.attach(context, page)
    page.goto(url, wait_until="load")
    if page.locator(".plotly-chart").count():
        page.wait_for_function("window.__chartsDrawnAt !== undefined", timeout=60_000)
    page.wait_for_load_state("networkidle")
    facts = page.evaluate(PAGE_FACTS)
    transfers = list(network.transfers.values())
    for transfer in transfers:
        body = facts["bodies"].get(transfer.url)
        if body:
            # Resource Timing gives a cached file its size too; only what was sent counts.
            transfer.body = 0 if transfer.from_cache else body["encoded"]
            transfer.decoded = body["decoded"]
    return Visit(label, transfers, facts, network.accept_encoding)


def cold_visit(browser, url: str, label: str) -> tuple[Visit, BrowserContext, Page]:
    context = browser.new_context(locale="fi-FI", timezone_id="Europe/Helsinki")
    context.add_init_script(WATCH_CHARTS)
    page = context.new_page()
    return visit(context, page, url, label), context, page


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def short(url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    return "/" + path if len(path) < 60 else "/…" + path[-58:]


def print_visit(visit: Visit, times: list[float]) -> None:
    print(f"\n== {visit.label} ==")
    print(f"request Accept-Encoding: {visit.accept_encoding or '(not seen)'}")
    header = f"{'kind':5}  {'status':>6}  {'encoding':8}  {'cache':5}  {'wire KB':>8}  "
    header += f"{'body KB':>8}  {'decoded KB':>10}  url"
    print(header)
    print("-" * len(header))
    for t in sorted(visit.transfers, key=lambda t: (t.kind, t.url)):
        print(
            f"{t.kind:5}  {t.status:>6}  {t.encoding:8}  {'yes' if t.from_cache else 'no':5}  "
            f"{kb(t.wire):>8}  {kb(t.body):>8}  {kb(t.decoded):>10}  {short(t.url)}"
        )
    for kind in ("HTML", "CSS", "JS", "other"):
        print(
            f"  {kind:5} wire {kb(visit.total('wire', kind)):>8} KB   body "
            f"{kb(visit.total('body', kind)):>8} KB   decoded "
            f"{kb(visit.total('decoded', kind)):>8} KB"
        )
    print(
        f"  total wire {kb(visit.total('wire'))} KB, body {kb(visit.total('body'))} KB, "
        f"decoded {kb(visit.total('decoded'))} KB, {len(visit.transfers)} responses"
    )
    facts = visit.facts
    print(
        f"  this visit: first byte {facts['responseStart']:.0f} ms, "
        f"DOMContentLoaded {facts['domContentLoaded']:.0f} ms, load {facts['load']:.0f} ms, "
        f"server-drawn SVG charts {facts['svgCharts']}, Plotly charts {facts['plotlyCharts']}"
    )
    if facts["plotlyCharts"]:
        print(
            f"  plotly.js requested at {facts['plotlyRequested']:.0f} ms, received "
            f"{facts['plotlyReceived']:.0f} ms, run {facts['plotlyRun']:.0f} ms; "
            f"charts drawn {facts['chartsDrawn']:.0f} ms; every chart shown (the server's "
            f"drawing first) {facts['chartsShown']:.0f} ms"
        )
    shown = ", ".join(f"{t:.0f}" for t in times)
    print(f"  all charts drawn (ms), each visit: {shown}; median {statistics.median(times):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="size of the demo (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="cold visits of each page")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    if not 1 <= args.scale <= 50 or not 1 <= args.repeat <= 20:
        parser.error("the scale runs from 1 to 50, repeats from 1 to 20")

    try:
        harness.load_demo(DATABASE, args.scale)
        with harness.StaticRoot() as static_root:
            env = harness.production_env(DATABASE, static_root)
            harness.collect_static(env)
            urls = harness.probe(env, "urls")
            with harness.Gunicorn(env) as server, sync_playwright() as playwright:
                warm_up(server, urls)
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
                )
                try:
                    results = measure(browser, server.base_url, urls, args.repeat)
                finally:
                    browser.close()
    finally:
        if not args.keep:
            harness.drop_database(DATABASE)
            harness.log(f"dropped {DATABASE}")
    report(*results)


def warm_up(server: harness.Gunicorn, urls: dict[str, str], rounds: int = 5) -> None:
    """Request every page a few times, so that every worker has its caches and connection."""
    connection = http.client.HTTPConnection(harness.HOST, server.port, timeout=60)
    try:
        for _ in range(rounds):
            for path in urls.values():
                connection.request("GET", path, headers={"Host": harness.HOST})
                connection.getresponse().read()
    finally:
        connection.close()


def measure(browser, base_url: str, urls: dict[str, str], repeat: int):
    overview_url = base_url + urls["overview"]
    indicator_url = base_url + urls["indicator page (M01)"]
    overview_visits, indicator_visits = [], []
    for _ in range(repeat):
        result, context, _page = cold_visit(browser, overview_url, "Overview, first visit")
        overview_visits.append(result)
        context.close()
    for i in range(repeat):
        result, context, page = cold_visit(
            browser, indicator_url, "Indicator page (M01), first visit"
        )
        indicator_visits.append(result)
        if i < repeat - 1:
            context.close()
    # The same reader comes back later: another page in between, then the indicator again.
    page.goto("about:blank")
    warm = visit(context, page, indicator_url, "Indicator page (M01), second visit (warm cache)")
    context.close()
    return overview_visits, indicator_visits, warm


def report(overview_visits: list[Visit], indicator_visits: list[Visit], warm: Visit) -> None:
    overview_times = [v.drawn_ms for v in overview_visits]
    indicator_times = [v.drawn_ms for v in indicator_visits]
    print_visit(overview_visits[0], overview_times)
    print_visit(indicator_visits[0], indicator_times)
    print_visit(warm, [warm.drawn_ms])
    plotly = [t for t in indicator_visits[0].transfers if "plotly" in t.url]
    for t in plotly:
        print(f"\nplotly.js: {short(t.url)}")
        print(f"  content-encoding: {t.encoding}; cache-control: {t.cache_control}")
        print(f"  {kb(t.body)} KB as sent, {kb(t.decoded)} KB decompressed")

    js_kb = overview_visits[0].total("body", "JS") / 1024
    overview_ms = statistics.median(overview_times)
    indicator_ms = statistics.median(indicator_times)
    print("\n== Goals ==")
    verdict = "meets" if js_kb <= MAX_JS_KB else "MISSES"
    print(
        f"JavaScript on a first visit to the overview ≤ {MAX_JS_KB} KB: {verdict} "
        f"({js_kb:.1f} KB as sent)"
    )
    shown_ms = statistics.median(v.shown_ms for v in indicator_visits)
    for label, ms in (
        ("overview", overview_ms),
        ("indicator page (M01), every chart shown", shown_ms),
        ("indicator page (M01), Plotly's charts drawn", indicator_ms),
    ):
        verdict = "meets" if ms <= MAX_DRAWN_MS else "MISSES"
        print(f"charts within {MAX_DRAWN_MS} ms, {label}: {verdict} ({ms:.0f} ms median)")
    warm_js = warm.total("wire", "JS") / 1024
    print(
        f"(warm visit to the indicator page: {kb(warm.total('wire'))} KB over the wire, "
        f"of which JavaScript {warm_js:.1f} KB)"
    )


if __name__ == "__main__":
    main()
