"""How much CPU does building a public page cost, now and before issue 12? In-process.

    .venv/bin/python benchmarks/page_cpu.py [--baseline REV] [--current REV] [--rounds 3]
        [--seconds 2] [--only "home,process"] [--cold]

benchmarks/pages.py measures requests per second through gunicorn, where the server, the
network stack and the bare view's cost are shared by every figure; this script isolates
what the issue's "uncached public page" target is about: the CPU Django spends building an
anonymous page that the page cache does not serve (``PAGE_CACHE=0``). For each page type
it prints the median CPU milliseconds per request (``time.process_time``) of two
revisions, their ratio (the target is at least 3), and each page's queries.

Both revisions (``--current``, default HEAD, and ``--baseline``, default 6371f32^, the code
before issue 12) are exported with ``git archive`` into a folder of their own under
``$TMPDIR/townhall-page-cpu/<commit>``, with the demo loaded into a SQLite file there and
its media beside it (kept for the next run: a few minutes the first time). Each round runs
one subprocess per revision with the development settings, DEBUG off, and the local-memory
cache; the rounds interleave the two revisions so load from elsewhere falls on both.

* warm (default): the same page asked again, so what the site keeps until the next purge
  (the frame, kept cards and charts) comes from the cache: a second visitor;
* ``--cold``: the cache is cleared before every request: the first visitor after a purge
  (a new comment or a publish purges every page).

Uncommitted changes are not measured: commit, or pass another revision.
"""

import argparse
import fcntl
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from pages import LANGUAGE, ROOT, export, git

DEFAULT_BASELINE = "6371f32^"
TARGET = 3.0
BENCHMARKS = Path(__file__).resolve().parent

# Run in a subprocess inside an exported revision: prints one JSON line of figures.
CHILD = r"""
import json, os, statistics, sys, time
code, seconds, only, cold, benchmarks = sys.argv[1:]
seconds, cold = float(seconds), cold == "1"
os.chdir(code)
# The code first: benchmarks/ has modules named like apps (proposals.py, surveys.py).
sys.path[:0] = [code]
sys.path.append(benchmarks)
import django
django.setup()
from django.conf import settings
settings.DEBUG = False
from django.core.cache import cache
from django.db import connection
from django.test import Client
from pages import HEADERS, page_addresses
addresses, missing = page_addresses(strict=False)
wanted = only.split(",") if only else list(addresses) + list(missing)
headers = {"HTTP_" + key.upper().replace("-", "_"): value for key, value in HEADERS.items()}
client = Client(HTTP_HOST="localhost", **headers)
out = {}
for name in wanted:
    if name not in addresses:
        out[name] = {"missing": missing.get(name, "not a page type")}
        continue
    url = addresses[name]
    for _ in range(3):
        response = client.get(url)
    if response.status_code != 200:
        out[name] = {"missing": f"{url} answered {response.status_code}"}
        continue
    counted = []
    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)
    if cold:
        cache.clear()
    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end or len(times) < 5:
        if cold:
            cache.clear()
        started = time.process_time()
        client.get(url)
        times.append(time.process_time() - started)
    out[name] = {"ms": 1000 * statistics.median(times), "queries": len(counted)}
print("FIGURES" + json.dumps(out))
"""


def environment(folder):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT"}
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "townhall.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "PAGE_CACHE": "0",
    }


def prepared(revision):
    """The folder of `revision`'s code with its demo loaded (made once, then kept)."""
    commit = git("rev-parse", "--verify", f"{revision}^{{commit}}")
    folder = Path(tempfile.gettempdir()) / "townhall-page-cpu" / commit
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Two runs at once (two worktrees measuring against the same baseline) would remove and
    # rebuild each other's folder: the first one builds it under a lock, the other waits.
    with open(folder.parent / f"{commit}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "ready").exists():
            build(revision, commit, folder)
    return commit, folder


def build(revision, commit, folder):
    """Export `commit` into `folder` and load its demo there (under prepared()'s lock)."""
    if folder.exists():
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    print(f"Exporting {revision} ({commit[:10]}) and loading its demo (a few minutes)…")
    export(commit, folder)
    import polib

    for catalogue in folder.glob("locale/*/LC_MESSAGES/*.po"):
        compiled = catalogue.with_suffix(".mo")
        if not compiled.exists():
            polib.pofile(str(catalogue)).save_as_mofile(str(compiled))
    for command in (["migrate", "--no-input"], ["load_demo", "--no-admin"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=folder,
            env=environment(folder),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    (folder / "ready").write_text(commit)


def measure(folder, seconds, only, cold):
    return run_in(
        folder, CHILD, seconds, only, "1" if cold else "0", BENCHMARKS, what=f"Measuring {folder}"
    )


def run_in(folder, script, *args, what):
    """Run `script` with `args` in `folder`'s code (its demo database and media) and return
    the JSON it printed on a line starting with FIGURES."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), *map(str, args)],
        cwd=folder,
        env=environment(folder),
        capture_output=True,
        text=True,
    )
    for line in done.stdout.splitlines():
        if line.startswith("FIGURES"):
            return json.loads(line.removeprefix("FIGURES"))
    raise SystemExit(f"{what} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="the older revision")
    parser.add_argument("--current", default="HEAD", help="the revision measured against it")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per page and round")
    parser.add_argument("--only", default="", help="page types, comma-separated")
    parser.add_argument("--cold", action="store_true", help="clear the cache before each request")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    revisions = {"current": prepared(options.current), "baseline": prepared(options.baseline)}
    rounds = {name: [] for name in revisions}
    for number in range(options.rounds):
        print(f"Round {number + 1} of {options.rounds}…", flush=True)
        for name, (_commit, folder) in revisions.items():
            rounds[name].append(measure(folder, options.seconds, options.only, options.cold))

    state = "cold: the cache cleared before each request" if options.cold else "warm"
    print(
        f"\nCPU ms per uncached anonymous request ({state}; in-process, SQLite, {LANGUAGE}), "
        f"current {revisions['current'][0][:10]} against baseline "
        f"{revisions['baseline'][0][:10]}; median of {options.rounds} rounds\n"
    )
    print(
        f"{'page type':20} {'baseline':>9} {'current':>9} {'× faster':>9} {'target':>7} "
        f"{'queries':>9}"
    )
    for name, figures in rounds["current"][0].items():
        if "missing" in figures:
            print(f"{name:20} current: {figures['missing']}")
            continue
        current = [each[name]["ms"] for each in rounds["current"]]
        baseline_figures = rounds["baseline"][0].get(name, {"missing": "not measured"})
        if "missing" in baseline_figures:
            print(
                f"{name:20} {'—':>9} {statistics.median(current):9.1f}  (baseline: "
                f"{baseline_figures['missing']})"
            )
            continue
        baseline = [each[name]["ms"] for each in rounds["baseline"]]
        ratio = statistics.median(old / new for old, new in zip(baseline, current, strict=True))
        queries = f"{baseline_figures['queries']}→{figures['queries']}"
        print(
            f"{name:20} {statistics.median(baseline):9.1f} {statistics.median(current):9.1f} "
            f"{ratio:8.2f}× {'yes' if ratio >= TARGET else 'NO':>7} {queries:>9}"
        )


if __name__ == "__main__":
    main()
