"""A batch killed with SIGKILL and run again stores every report exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from warmonitor.store.schema import ReportRow, ReportVersionRow

TOWNS = ["Homs", "Hama", "Masyaf", "Salamiyah", "Talkalakh", "Qusayr", "Jableh", "Baniyas"]
N_JSONL = 600
N_FILES = 20


def write_batch(folder: Path) -> int:
    folder.mkdir()
    with (folder / "batch.jsonl").open("w") as f:
        for i in range(N_JSONL):
            town = TOWNS[i % len(TOWNS)]
            body = (
                f"Report {i}: {i % 17 + 2} people were killed in {town} on day {i}, "
                f"a monitor said. Item {i * 7919 % 10007} of the batch, unique words "
                f"w{i}a w{i}b w{i}c w{i}d w{i}e w{i}f."
            )
            f.write(json.dumps({"id": f"r{i}", "text": body, "outlet": f"Outlet {i % 5}"}) + "\n")
    for i in range(N_FILES):
        (folder / f"file{i:02}.txt").write_text(
            f"Headline {i}\nShelling hit {TOWNS[i % 8]} on night {i}; words v{i}a v{i}b v{i}c."
        )
    return N_JSONL + N_FILES


def count_reports(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not conn.dialect.has_table(conn, "reports"):
                return 0
            return int(conn.scalar(select(func.count()).select_from(ReportRow)) or 0)
    except Exception:  # the schema may be half-created while we poll
        return 0
    finally:
        engine.dispose()


def run_ingest(folder: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "warmonitor.cli",
            "ingest",
            str(folder),
            "--db",
            url,
            "--no-extract",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "WARMONITOR_DB": ""},
    )


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_stores_each_report_once(db_url: str, tmp_path: Path) -> None:
    total = write_batch(tmp_path / "batch")
    proc = run_ingest(tmp_path / "batch", db_url)
    deadline = time.monotonic() + 120
    while count_reports(db_url) < 100:
        assert proc.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline, "the batch stored nothing in two minutes"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.stderr is not None
    proc.stderr.close()
    stored_at_kill = count_reports(db_url)
    assert 100 <= stored_at_kill < total

    rerun = run_ingest(tmp_path / "batch", db_url)
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr.decode()

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            reports = conn.scalar(select(func.count()).select_from(ReportRow))
            versions = conn.scalar(select(func.count()).select_from(ReportVersionRow))
            hashes = conn.scalar(select(func.count(func.distinct(ReportRow.content_hash))))
            ids = conn.execute(
                text("SELECT external_id FROM reports WHERE external_id IS NOT NULL")
            )
            external = [row[0] for row in ids]
    finally:
        engine.dispose()
    assert reports == versions == hashes == total
    assert sorted(external) == sorted(f"r{i}" for i in range(N_JSONL))

    third = run_ingest(tmp_path / "batch", db_url)
    third.communicate(timeout=300)
    assert third.returncode == 0 and count_reports(db_url) == total
