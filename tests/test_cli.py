"""The command line: help texts, exit codes, summaries, JSON output, --db and URLs."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from warmonitor.cli import app

runner = CliRunner()

REPORT = "Gunmen killed three farmers near Masyaf on Tuesday, residents said.\nMore text here."


def invoke(*args: str) -> tuple[int, str]:
    """Exit code and everything printed (stdout then stderr)."""
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def invoke_json(*args: str) -> tuple[int, Any, str]:
    """Exit code, the JSON on stdout, and stderr."""
    result = runner.invoke(app, list(args))
    return result.exit_code, json.loads(result.stdout), result.stderr


def is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")


def all_commands() -> Iterator[tuple[str, Any]]:
    """Every command and group, by its full name (typer's own click types, duck-typed)."""

    def walk(prefix: str, command: Any) -> Iterator[tuple[str, Any]]:
        yield prefix, command
        if is_group(command):
            ctx = command.context_class(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                yield from walk(f"{prefix} {name}".strip(), sub)

    yield from walk("", get_command(app))


def test_every_command_has_help_text() -> None:
    commands = dict(all_commands())
    assert {"ingest", "reports", "report", "db", "db upgrade"} <= set(commands)
    for name, command in commands.items():
        assert (command.help or "").strip(), f"`warmonitor {name}` has no help text"
        code, output = invoke(*name.split(), "--help")
        assert code == 0 and "Usage" in output
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert (param.help or "").strip(), f"{name} {param.opts} has no help"


# `extract` and `evaluate` read files and print; they neither read nor write a database.
NO_DATABASE = {"extract", "evaluate", "train"}


def test_every_command_takes_db(tmp_path: Path) -> None:
    for name, command in all_commands():
        if name and not is_group(command) and name not in NO_DATABASE:
            assert any("--db" in p.opts for p in command.params), name


def test_ingest_summary_and_exit_code(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(REPORT)
    (inputs / "b.txt").write_text(REPORT)
    (inputs / "empty.txt").write_text("")
    (inputs / "lines.jsonl").write_text('{"text": "Two killed."}\n{oops\n')
    db = tmp_path / "w.db"
    code, rows, errors = invoke_json("ingest", str(inputs), "--db", str(db), "--json")
    assert code == 1
    statuses = [r["status"] for r in rows]
    assert statuses.count("ingested") == 2 and statuses.count("duplicate") == 1
    rejected = {r["input"]: r["reason"] for r in rows if r["status"] == "rejected"}
    assert rejected[str(inputs / "empty.txt")] == "empty input"
    assert "malformed JSON" in rejected[f"{inputs / 'lines.jsonl'} line 2"]
    assert "empty.txt: empty input" in errors and "lines.jsonl line 2: malformed" in errors

    code, output = invoke("ingest", str(inputs / "a.txt"), "--db", str(db))
    assert code == 0 and "duplicate" in output


def test_reports_json_lists_fields(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "b.txt").write_text("Five killed in Homs.\nSecond line.")
    assert (
        invoke(
            "ingest",
            str(tmp_path / "a.txt"),
            "--db",
            db,
            "--outlet",
            "Valley Radio",
            "--published",
            "2026-06-10",
        )[0]
        == 0
    )
    assert invoke("ingest", str(tmp_path / "b.txt"), "--db", db)[0] == 0
    code, output = invoke("reports", "--db", db, "--json")
    assert code == 0
    reports = json.loads(output)
    assert len(reports) == 2
    first = reports[0]
    for key in (
        "id",
        "title",
        "url",
        "outlet",
        "language",
        "published_at",
        "retrieved_at",
        "content_hash",
        "version",
        "duplicate_of",
        "text",
    ):
        assert key in first
    assert first["outlet"] == "Valley Radio"
    assert first["published_at"].startswith("2026-06-10T00:00:00")
    assert reports[1]["published_at"] is None
    code, output = invoke("reports", "--db", db, "--json", "--outlet", "valley radio")
    assert len(json.loads(output)) == 1
    code, output = invoke("reports", "--db", db, "--json", "--since", "2026-06-11")
    assert json.loads(output) == []
    code, output = invoke("reports", "--db", db, "--limit", "1")
    assert code == 0 and "1 report(s)" in output


def test_report_detail(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    (tmp_path / "a.txt").write_text(REPORT)
    invoke("ingest", str(tmp_path / "a.txt"), "--db", db)
    code, output = invoke("report", "1", "--db", db, "--json")
    assert code == 0
    detail = json.loads(output)
    assert detail["text"] == REPORT and detail["versions"][0]["raw_bytes"] == len(REPORT)
    code, output = invoke("report", "1", "--db", db)
    assert code == 0 and "Masyaf" in output
    code, output = invoke("report", "42", "--db", db)
    assert code == 2 and "no report has id 42" in output


def test_db_from_environment_and_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("WARMONITOR_DB", str(db))
    code, output = invoke("db", "upgrade")
    assert code == 0 and "up to date" in output and db.exists()
    (tmp_path / "a.txt").write_text(REPORT)
    assert invoke("ingest", str(tmp_path / "a.txt"))[0] == 0
    code, output = invoke("reports", "--json")
    assert len(json.loads(output)) == 1


def test_default_database_is_warmonitor_db_in_working_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WARMONITOR_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(REPORT)
    assert invoke("ingest", "a.txt")[0] == 0
    assert (tmp_path / "warmonitor.db").exists()


def test_unusable_database_is_a_clean_error(tmp_path: Path) -> None:
    code, output = invoke("reports", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2 and "cannot open database" in output and "Traceback" not in output
    code, output = invoke("reports", "--db", str(tmp_path / "missing" / "dir" / "x.db"))
    assert code == 2 and "cannot open database" in output


def test_bad_published_option(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    code, output = invoke("ingest", str(tmp_path / "a.txt"), "--published", "last week")
    assert code == 2 and "ISO 8601" in output


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[str]:
    """A local HTTP server (loopback only) serving the example reports."""
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(EXAMPLES), **kw
    )
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_ingest_urls_keeps_headers_and_rejects_unreachable(tmp_path: Path, web_server: str) -> None:
    db = str(tmp_path / "w.db")
    html = sorted(p.name for p in EXAMPLES.glob("*.html"))[0]
    feed = sorted(p.name for p in EXAMPLES.glob("*.xml"))[0]
    dead = f"http://127.0.0.1:{closed_port()}/gone.html"
    code, rows, _ = invoke_json(
        "ingest",
        f"{web_server}/{html}",
        f"{web_server}/{feed}",
        f"{web_server}/missing.html",
        dead,
        "--db",
        db,
        "--json",
    )
    assert code == 1
    ingested = [r for r in rows if r["status"] == "ingested"]
    assert len(ingested) >= 2
    reasons = {r["input"]: r["reason"] for r in rows if r["status"] == "rejected"}
    assert "HTTP 404" in reasons[f"{web_server}/missing.html"]
    assert "unreachable" in reasons[dead]
    code, output = invoke("report", str(ingested[0]["report_id"]), "--db", db, "--json")
    version = json.loads(output)["versions"][0]
    assert version["source_uri"] == f"{web_server}/{html}"
    assert version["media_type"].startswith("text/html")
    assert "content-type" in {k.lower() for k in version["headers"]}
