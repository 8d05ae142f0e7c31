"""The delivery engine under faults: real db_worker processes, PostgreSQL, a real SMTP server.

These tests do not use the suite's database: they run on their own PostgreSQL database
(127.0.0.1:5432, always there here and in CI), in the SQLite pass and in the PostgreSQL
pass alike. The workers are `manage.py db_worker` processes with the engine's timings
shrunk (tests/delivery/worker_settings.py: 2 s lease, 1 s re-queue, 0.5 s first retry); the
SMTP server is aiosmtpd in this process, counting what it receives.

The bound: a message is recorded as sent right after its own SMTP transaction, so a
crash leaves in doubt at most the message in flight on each open connection. Every worker
holds one connection, so killing `n` workers may duplicate at most `n` messages; nobody is
ever left out, and nobody presses anything.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"
# The SMTP server stays away 30 s, as the issue asks (DELIVERY_FAULT_OUTAGE_SECONDS changes it);
# the retries come due every 0.5 to 2 s meanwhile.
OUTAGE_SECONDS = float(os.environ.get("DELIVERY_FAULT_OUTAGE_SECONDS", "30"))
WAIT_LIMIT = 120  # seconds before a scenario is declared stuck (a failure, not a measure)
# The workers' upload folder: made here and removed by the module fixture below, because a
# worker killed with kill -9 cannot remove a folder of its own (townhall/settings/test.py).
WORKER_MEDIA = {}


class Recorder:
    """aiosmtpd handler: records each accepted recipient; a short pause per message keeps a
    send in progress long enough to be interrupted."""

    def __init__(self, pause=0.01):
        self.received = Counter()
        self.lock = threading.Lock()
        self.pause = pause

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        await asyncio.sleep(self.pause)
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[address.lower()] += 1
        return "250 Message accepted for delivery"

    def total(self):
        with self.lock:
            return sum(self.received.values())


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module", autouse=True)
def worker_media():
    """The uploads and export folders of the workers these tests start, removed here: a
    worker killed with kill -9 never reaches the exit that would remove its own."""
    folder = Path(tempfile.mkdtemp(prefix="townhall-fault-files-"))
    WORKER_MEDIA["root"] = str(folder / "media")
    WORKER_MEDIA["exports"] = str(folder / "exports")
    for path in WORKER_MEDIA.values():
        Path(path).mkdir()
    yield WORKER_MEDIA["root"]
    WORKER_MEDIA.clear()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def fault_database():
    """A PostgreSQL database of these tests' own, its tables made straight from the models."""
    name = f"th_mail_faults_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG}/{name}"
    try:
        run_django(url, 0, "manage.py", "migrate", "--run-syncdb", "-v0")
        yield url
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_env(url, smtp_port):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.delivery.worker_settings",
        "EMAIL_PORT": str(smtp_port),
        "PYTHONPATH": str(ROOT),
        "TOWNHALL_TEST_MEDIA_ROOT": WORKER_MEDIA["root"],
        "TOWNHALL_TEST_EXPORT_DIR": WORKER_MEDIA["exports"],
    }


def run_django(url, smtp_port, *args):
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=django_env(url, smtp_port),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


class Workers:
    """`manage.py db_worker` processes, each in its own process group (kill -9 hits it all)."""

    def __init__(self, url, smtp_port):
        self.url = url
        self.smtp_port = smtp_port
        self.processes = []

    def start(self, count=2):
        for _ in range(count):
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "manage.py",
                        "db_worker",
                        "--interval",
                        "0.2",
                        "--no-startup-delay",
                        "--no-reload",
                    ],
                    cwd=ROOT,
                    env=django_env(self.url, self.smtp_port),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )

    def kill(self):
        """kill -9, no goodbye: whatever they held stays claimed in the database."""
        for process in self.processes:
            os.killpg(process.pid, signal.SIGKILL)
        for process in self.processes:
            process.wait()
        killed = len(self.processes)
        self.processes = []
        return killed

    def stop(self):
        """Test workers hold nothing worth a graceful stop."""
        if self.processes:
            self.kill()


def wait_for(condition, what):
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.1)


def statuses(url, send_id):
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM newsletters_delivery WHERE send_id = %s GROUP BY status",
            [send_id],
        ).fetchall()
        finished = connection.execute(
            "SELECT finished_at IS NOT NULL FROM newsletters_newslettersend WHERE id = %s",
            [send_id],
        ).fetchone()[0]
    return dict(rows), finished


@pytest.fixture
def smtp():
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    server = {"controller": controller, "recorder": recorder, "port": port}
    yield server
    server["controller"].stop()


@pytest.fixture
def workers(fault_database, smtp):
    pool = Workers(fault_database, smtp["port"])
    yield pool
    pool.stop()


def start_send(url, smtp_port, label, count):
    output = run_django(url, smtp_port, "-m", "tests.delivery.scenario", "start", label, count)
    return int(output.splitlines()[-1])


def assert_everyone_once(recorder, label, count, bound):
    expected = {f"{label}-{number}@example.org" for number in range(count)}
    mine = {address: n for address, n in recorder.received.items() if address in expected}
    assert set(mine) == expected, f"{len(expected - set(mine))} recipients got nothing"
    duplicates = sum(n - 1 for n in mine.values())
    assert duplicates <= bound, f"{duplicates} duplicates, more than the {bound} in flight"


def test_workers_killed_mid_send_finish_it_when_workers_run_again(fault_database, smtp, workers):
    count = 200
    send_id = start_send(fault_database, smtp["port"], "killed", str(count))
    recorder = smtp["recorder"]
    workers.start(2)
    wait_for(lambda: recorder.total() >= count // 3, "the send to get going")
    killed = workers.kill()
    sent_before_restart, _finished = statuses(fault_database, send_id)
    assert sent_before_restart.get("sent", 0) < count  # the kill interrupted the send

    # New workers, nothing else: no Resume, no retry by an official.
    workers.start(2)
    wait_for(lambda: statuses(fault_database, send_id)[1], "the send to finish")
    rows, _finished = statuses(fault_database, send_id)
    assert rows == {"sent": count}
    assert_everyone_once(recorder, "killed", count, bound=killed)


def test_an_smtp_outage_mid_send_delays_it_and_everyone_gets_it_once(fault_database, smtp, workers):
    count = 150
    send_id = start_send(fault_database, smtp["port"], "outage", str(count))
    recorder = smtp["recorder"]
    workers.start(2)
    wait_for(lambda: recorder.total() >= count // 4, "the send to get going")
    smtp["controller"].stop()
    # While the server is away the rows wait for their retry: none is given up on.
    time.sleep(OUTAGE_SECONDS)  # the fault itself, not an assertion
    rows, finished = statuses(fault_database, send_id)
    assert not finished and rows.get("failed", 0) == 0

    controller = Controller(recorder, hostname="127.0.0.1", port=smtp["port"])
    controller.start()
    smtp["controller"] = controller
    wait_for(lambda: statuses(fault_database, send_id)[1], "the send to finish")
    rows, _finished = statuses(fault_database, send_id)
    assert rows == {"sent": count}
    # The connections the outage dropped held at most one message each in flight.
    assert_everyone_once(recorder, "outage", count, bound=2)
