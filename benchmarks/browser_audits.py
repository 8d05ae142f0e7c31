"""What does an axe audit of a page cost Chromium, with a page opened for each audit and with
one tab kept per visitor setting? Measure it.

    .venv/bin/python benchmarks/browser_audits.py [--revision HEAD] [--rounds 2] [--also BINARY]

tests/browser/test_every_page.py audits every public page type with axe in English and
Arabic, with and without JavaScript, and the Content-Security-Policy test opens each of
them again: ~160 page loads, most of the browser tests' CPU. This script measures the two
ways of going through them, on the demo served by ``runserver`` (development settings):

* **a page each**: a new browser context and page for every audit (the tests until
  session 14);
* **one tab**: one context and page per visitor setting, sent from address to address
  (``Tabs`` in test_every_page.py).

Each round launches Chromium (/usr/bin/chromium, or $CHROMIUM), goes through every page
type of the demo in English (page load, axe injected and run with the tests' options), and
closes it; the rounds of the two ways take turns, so load from elsewhere falls on both. The
CPU counted is that of Chromium's whole process tree (browser, renderers, GPU and utility
processes) and Playwright's driver, read from /proc every 0.1 s; the server's is left out.
It prints the CPU seconds per audit of each way, the wall seconds, and the ratio (page each
/ one tab).

``--also /usr/bin/chromium-headless-shell`` measures the one-tab way with a second binary too
(Debian's ``chromium-headless-shell`` package: the same engine and version, without the
desktop browser around it), in the same rounds, and prints the ratio of the two binaries.

The demo is loaded once per revision into a SQLite file under
``$TMPDIR/townhall-page-cpu/<commit>`` (benchmarks/page_cpu.py's folder, kept for the next
run: a few minutes the first time).
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from page_cpu import environment, prepared, run_in
from pages import free_port, get

BENCHMARKS = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TICKS = os.sysconf("SC_CLK_TCK")

ADDRESSES = r"""
import json, sys
code, benchmarks = sys.argv[1:]
sys.path[:0] = [code]
sys.path.append(benchmarks)
import django
django.setup()
from pages import page_addresses
addresses, _missing = page_addresses(strict=False)
print("FIGURES" + json.dumps(addresses))
"""


def addresses(folder):
    return run_in(folder, ADDRESSES, BENCHMARKS, what="Reading the demo's addresses")


def serve(folder):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=folder,
        env=environment(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            get(port, "/en/")
            return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("The demo's server did not start") from None
            time.sleep(0.25)


class TreeCPU:
    """The CPU seconds of this process's descendants (Playwright's driver, Chromium's
    browser, renderers, GPU and utility processes), read from /proc every 0.1 s while it
    runs: a process that ends between two readings loses at most its last 0.1 s."""

    def __init__(self, leave_out):
        self.leave_out = leave_out  # the server's pid: its CPU is not Chromium's
        self.seen = {}  # (pid, start time) -> the most CPU seconds read
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        while self.running:
            self.read()
            time.sleep(0.1)

    def read(self):
        parents, cpu = {}, {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            cpu[(pid, fields[19])] = (int(fields[11]) + int(fields[12])) / TICKS
        mine = os.getpid()
        for (pid, started), seconds in cpu.items():
            ancestor = parents.get(pid)
            if pid == self.leave_out:
                continue
            while ancestor not in (None, 0, 1, mine, self.leave_out):
                ancestor = parents.get(ancestor)
            if ancestor == mine:
                key = (pid, started)
                self.seen[key] = max(seconds, self.seen.get(key, 0.0))

    def total(self):
        self.read()
        return sum(self.seen.values())

    def stop(self):
        self.running = False
        self.thread.join()


def audit(page, axe_script):
    page.evaluate(axe_script)
    experimental = page.evaluate("axe.getRules(['experimental']).map(rule => rule.ruleId)")
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": True} for rule in experimental},
    }
    return page.evaluate("options => axe.run(options)", options)


def one_round(playwright, way, base_url, paths, axe_script, tree, binary=CHROMIUM):
    before = tree.total()
    started = time.monotonic()
    browser = playwright.chromium.launch(executable_path=binary, args=["--no-sandbox"])
    if way == "page each":
        for path in paths:
            context = browser.new_context(base_url=base_url, locale="en")
            page = context.new_page()
            page.goto(path)
            audit(page, axe_script)
            context.close()
    else:
        context = browser.new_context(base_url=base_url, locale="en")
        page = context.new_page()
        for path in paths:
            page.goto(path)
            audit(page, axe_script)
        context.close()
    wall = time.monotonic() - started
    cpu = tree.total() - before
    browser.close()
    return cpu / len(paths), wall / len(paths)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--revision", default="HEAD")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--also", metavar="BINARY", help="a second Chromium binary, measured with one tab"
    )
    options = parser.parse_args()

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    for binary in filter(None, (CHROMIUM, options.also)):
        if not Path(binary).exists():
            raise SystemExit(f"{binary} is missing: `CHROMIUM={binary} make browser` installs it.")
    commit, folder = prepared(options.revision)
    paths = sorted(set(addresses(folder).values()))
    server, port = serve(folder)
    base_url = f"http://127.0.0.1:{port}"
    axe_script = Axe().axe_script
    # (way, binary): what each round measured.
    figures = {("page each", CHROMIUM): [], ("one tab", CHROMIUM): []}
    if options.also:
        figures[("one tab", options.also)] = []
    tree = TreeCPU(leave_out=server.pid)
    try:
        with sync_playwright() as playwright:
            one_round(playwright, "one tab", base_url, paths, axe_script, tree)  # warm-up
            for number in range(options.rounds):
                for (way, binary), rows in figures.items():
                    cpu, wall = one_round(
                        playwright, way, base_url, paths, axe_script, tree, binary
                    )
                    rows.append((cpu, wall))
                    print(
                        f"round {number + 1}: {way:9s} {Path(binary).name}: {cpu:.2f} s of"
                        f" Chromium's CPU and {wall:.2f} s a page ({len(paths)} pages)"
                    )
    finally:
        tree.stop()
        server.terminate()
        server.wait(timeout=30)
    print(f"\n{commit[:10]}, every public page type of the demo in English, axe with JavaScript")
    medians = {}
    for (way, binary), rows in figures.items():
        medians[way, binary] = statistics.median(cpu for cpu, _wall in rows)
        wall = statistics.median(wall for _cpu, wall in rows)
        print(
            f"  {way:9s} {Path(binary).name}: {medians[way, binary]:.2f} s of CPU a page,"
            f" {wall:.2f} s of wall time"
        )
    one_tab = medians["one tab", CHROMIUM]
    print(f"  ratio (page each / one tab): {medians['page each', CHROMIUM] / one_tab:.2f}")
    if options.also:
        ratio = medians["one tab", options.also] / one_tab
        print(f"  ratio ({Path(options.also).name} / {Path(CHROMIUM).name}, one tab): {ratio:.2f}")


if __name__ == "__main__":
    main()
