"""Ingest throughput: generated reports into SQLite and PostgreSQL with ``--no-extract``.

Usage::

    python bench/ingest.py [--n 10000] [--runs 3] [--pg URL] [--folder] [--write BENCHMARKS.md]

The reports are generated here, from a seeded random generator composing
sentences out of a small vocabulary of our own (invented towns, actors, outlets,
numbers and dates); nothing is copied from a data set.  About 2% of the items are
exact duplicates of an earlier item (half re-sent with the same URL, half with no
URL) and about 3% are republications of an earlier report by another outlet with
a few words changed, so that both duplicate paths of the store are exercised.

The items are written to one JSON Lines file (the main measurement) and, with
``--folder``, also as a folder of ``.txt`` files (title line, then text; SQLite only).
Each run calls the real CLI (``warmonitor ingest FILE --db URL --no-extract``) in a
child process on a freshly migrated, empty database (the migration is not timed),
and times it by the wall clock, interpreter start included; the child's CPU time
and peak resident memory come from ``wait4``.  The counts the CLI prints are
checked against what was planted.  The runs of the baseline and of each store are
interleaved, so that a noisy neighbour slows them alike; medians are quoted.
The JSON Lines file is over the default input limit (5 MiB), so the children run
with ``WARMONITOR_MAX_BYTES`` raised.

The baseline, run in the same invocation, is a child process that reads and
parses the same input and detects each report's language (everything ingest does
before storing) but stores nothing: ``vs baseline`` is the store's throughput as
a fraction of that.

PostgreSQL: ``--pg URL`` (a server URL whose user may create databases), else
``WARMONITOR_BENCH_PG`` or ``WARMONITOR_TEST_PG``; without one PostgreSQL is
skipped.  Each run creates and drops its own database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20240601
# A single JSON Lines file of 10,000 reports is about 17 MB, over the default
# input limit (5 MiB); the benchmark raises the limit for its child processes.
MAX_BYTES = str(256 * 1024 * 1024)

# --- the generator ---------------------------------------------------------------------------


def _words(block: str) -> list[str]:
    """Comma-separated entries of a block of text."""
    return [w.strip() for w in block.split(",") if w.strip()]


TOWNS = _words("""
    Velmora, Ostravin, Krasnodol, Belyi Yar, Dunavka, Zorivka, Pelagia, Marinsk, Stavrove,
    Tolkovo, Hirnyk, Novolisk, Kamenar, Sviatohir, Lesnaya, Orlivka, Pryvillia, Zarichne,
    Tarasivka, Bilohorivka, Ivanets, Korenets, Dovhe, Mykolaivka Druha, Rozdolne, Sokilnyky,
    Vysoke, Yasnohirka, Berestove, Kalynove, Luhove, Pishchane, Ridkodub, Serebrianka, Terny,
    Ukrainka Nova, Vilkhivka, Zelenyi Hai, Andriivka Persha, Bohdanivka
""")
REGIONS = _words("""
    the northern district, the eastern province, the river valley, the coastal region,
    the border area, the southern steppe, the mining belt, the lake district,
    the highland oblast, the central plain
""")
ACTORS = _words("""
    government forces, the regional militia, the Northern Brigade, rebel units,
    the 14th Mechanised Brigade, separatist fighters, the national guard, the Liberation Front,
    border troops, the 3rd Assault Battalion, volunteer battalions, the Eastern Army Group,
    marine infantry, special police units
""")
OFFICIALS = _words("""
    the regional governor, a military spokesman, the mayor, the interior ministry,
    the defence ministry, a local council member, the head of the district administration,
    the emergency services, a police spokeswoman, the prosecutor's office, a hospital director,
    the health ministry, an army press officer
""")
ORGS = _words("""
    the UN monitoring mission, the Red Cross, a local human rights group, the OSCE observers,
    Doctors Without Borders, an independent investigative team, the national ombudsman,
    a humanitarian coalition
""")
WEAPONS = _words("""
    artillery shells, rockets, drones, a guided bomb, mortar rounds, cluster munitions,
    a ballistic missile, cruise missiles, tank fire, multiple rocket launchers, glide bombs,
    loitering munitions
""")
BUILDINGS = _words("""
    a school, a hospital, an apartment block, a market, a railway station, a power plant,
    a water pumping station, a kindergarten, a grain warehouse, a church, the town hall,
    a bus depot, a bridge, a fuel depot, a shopping centre
""")
TIMES = _words("""
    early on Monday, late on Tuesday, on Wednesday morning, overnight into Thursday,
    on Friday afternoon, at dawn on Saturday, on Sunday evening, shortly after midnight,
    during the night, around noon
""")
CASUALTY = _words("""
    civilians, people, residents, soldiers, police officers, children, aid workers, rescuers,
    fighters, pensioners
""")
OUTCOME = _words("killed, wounded, injured, missing, detained, evacuated")
SAY = _words("said, told reporters, wrote on social media, reported, confirmed, claimed")
VERB = _words("shelled, struck, attacked, bombarded, hit, targeted, pounded, raided")
TREND = _words("rose, fell, remained unchanged, doubled, climbed, dropped sharply")
OUTLETS = _words("""
    Velmora Ledger, Steppe Wire, Eastern Herald, Frontline Daily, Valley Courier, Border Post,
    Coastal Telegraph, Northern Observer, Continental News Agency, Plains Gazette,
    Independent Monitor, River Chronicle, Morning Dispatch, Highland Times, Capital Bulletin
""")
TEMPLATES = [
    "{official} {say} that {n} {casualty} were {outcome} when {actor} {verb} {town} {time}.",
    "At least {n} {casualty} were {outcome} in {town}, according to {official}.",
    "{actor} {verb} {building} in {town} with {weapon} {time}, {official} {say}.",
    "{org} said it had recorded {n} {casualty} {outcome} in {region} since {date}.",
    "Residents of {town} described {weapon} landing near {building} {time}.",
    "The attack on {building} in {town} left {n} {casualty} {outcome} and {n2} more {outcome2}.",
    "{official} {say} that {actor} had lost {n} {casualty} near {town} over {days} days.",
    "Fighting continued along the road between {town} and {town2} {time}.",
    "{actor} claimed to have taken {town}, but {actor2} denied the claim.",
    "Neither claim could be independently verified by {outlet}.",
    "{org} called for a ceasefire around {town} so that {casualty} could be evacuated.",
    "Since {date}, the number of {casualty} {outcome} in {region} has {trend}.",
    "{n} {casualty} were {outcome} and {n2} {casualty2} {outcome2} in {town} on {date}.",
    "In {town2}, {official} {say} {weapon} damaged {building} and {building2}.",
    "{actor} fired {weapon} at {town} for {days} days in a row, {org} said.",
    "According to {org}, {n} {casualty} remain {outcome} after the strike on {town}.",
    "Power was cut to {n}000 homes in {region} after {weapon} hit {building}.",
    "{official} in {town} {say} that rescue work at {building} would continue {time}.",
    "The shelling of {town} {time} was the heaviest in {days} days, {official} {say}.",
    "Aid convoys reached {town} on {date}, {org} {say}.",
    "{actor2} said its forces repelled {n} assaults near {town} and {town2}.",
    "Local media in {region} reported explosions near {building} {time}.",
    "{org} documented {n} attacks on {building} in {region} between {date} and {date2}.",
    "Of the {n} {casualty} {outcome}, {n2} were in {town}, {official} {say}.",
    "A curfew was imposed in {town} from {date}, {official} announced.",
    "{n} families were evacuated from {town} to {town2}, {official} {say}.",
    "Satellite images reviewed by {outlet} showed damage to {building} in {town}.",
    "{actor} accused {actor2} of using {weapon} against {casualty} in {town}.",
    "The death toll from the strike on {town} {trend} to {n}, {official} {say}.",
    "Talks on a prisoner exchange, {official} {say}, could resume after {date}.",
]


def _date(rng: random.Random) -> datetime:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return start + timedelta(minutes=rng.randrange(0, 60 * 24 * 540))


def _fill(rng: random.Random, template: str, outlet: str) -> str:
    def pick(name: str) -> str:
        base = name.rstrip("2")
        if base == "n":
            return str(rng.choice([rng.randint(1, 12), rng.randint(2, 60), rng.randint(10, 400)]))
        if base == "days":
            return str(rng.randint(2, 30))
        if base in ("date",):
            return _date(rng).strftime("%-d %B")
        if base == "outlet":
            return outlet
        return rng.choice(_SLOTS[base])

    text = re.sub(r"\{(\w+)\}", lambda m: pick(m.group(1)), template)
    return text[0].upper() + text[1:]


_SLOTS: dict[str, list[str]] = {
    "town": TOWNS,
    "region": REGIONS,
    "actor": ACTORS,
    "official": OFFICIALS,
    "org": ORGS,
    "weapon": WEAPONS,
    "building": BUILDINGS,
    "time": TIMES,
    "casualty": CASUALTY,
    "outcome": OUTCOME,
    "say": SAY,
    "verb": VERB,
    "trend": TREND,
}


def _compose(rng: random.Random, outlet: str) -> tuple[str, str]:
    """A title and a report text of 80 to 400 words, in paragraphs."""
    target = rng.randint(80, 400)
    sentences: list[str] = []
    words = 0
    while words < target:
        sentence = _fill(rng, rng.choice(TEMPLATES), outlet)
        sentences.append(sentence)
        words += len(sentence.split())
    if words > 400:
        sentences.pop()
    paragraphs = []
    i = 0
    while i < len(sentences):
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    town = rng.choice(TOWNS)
    title = f"{rng.choice(WEAPONS).capitalize()} {rng.choice(VERB)} {town}"
    return title, "\n\n".join(paragraphs)


def _republish(rng: random.Random, text: str, outlet: str) -> str:
    """Another outlet's copy: a dateline, about one word in sixty changed, a credit line."""
    paragraphs = text.split("\n\n")
    words = [p.split(" ") for p in paragraphs]
    total = sum(len(w) for w in words)
    for _ in range(max(1, total // 60)):
        para = rng.randrange(len(words))
        pos = rng.randrange(len(words[para]))
        words[para][pos] = rng.choice(["reportedly", "some", "several", "local", "about"])
    body = "\n\n".join(" ".join(w) for w in words)
    town = rng.choice(TOWNS).upper()
    return f"{town} ({outlet}) - {body}\n\nReporting by {outlet} staff."


@dataclass(frozen=True)
class Planted:
    reports: int
    duplicates: int
    near_duplicates: int

    @property
    def new(self) -> int:
        return self.reports - self.duplicates - self.near_duplicates


def generate(n: int, *, seed: int = SEED) -> tuple[list[dict[str, Any]], Planted]:
    """``n`` JSON Lines records: new reports, exact duplicates and republications."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    originals: list[dict[str, Any]] = []
    duplicates = near = 0
    for i in range(n):
        roll = rng.random()
        if originals and roll < 0.02:
            source = rng.choice(originals)
            if rng.random() < 0.5:
                record = dict(source)  # fetched again: same URL, same text
            else:
                record = {k: v for k, v in source.items() if k not in ("url", "id")}
                record["id"] = f"agg-{i}"  # an aggregator's copy without a URL
            duplicates += 1
        elif originals and roll < 0.05:
            source = rng.choice(originals)
            outlet = rng.choice([o for o in OUTLETS if o != source["outlet"]])
            record = {
                "id": f"rep-{i}",
                "url": f"https://news.example.org/{outlet.lower().replace(' ', '-')}/{i}",
                "outlet": outlet,
                "title": source["title"],
                "published": source["published"],
                "text": _republish(rng, source["text"], outlet),
            }
            near += 1
        else:
            outlet = rng.choice(OUTLETS)
            title, text = _compose(rng, outlet)
            when = _date(rng)
            record = {
                "id": f"rep-{i}",
                "url": f"https://news.example.org/{outlet.lower().replace(' ', '-')}/{i}",
                "outlet": outlet,
                "title": title,
                "published": when.strftime("%Y-%m-%dT%H:%M:%SZ")
                if rng.random() < 0.8
                else when.strftime("%Y-%m-%d"),
                "text": text,
            }
            originals.append(record)
        records.append(record)
    return records, Planted(n, duplicates, near)


def write_inputs(records: Sequence[dict[str, Any]], folder: Path) -> tuple[Path, Path]:
    """The records as one JSON Lines file and as a folder of ``.txt`` files (title, text)."""
    jsonl = folder / "reports.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    texts = folder / "texts"
    texts.mkdir()
    for i, record in enumerate(records):
        (texts / f"report-{i:05d}.txt").write_text(
            f"{record['title']}\n\n{record['text']}\n", encoding="utf-8"
        )
    return jsonl, texts


# --- running and measuring -------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    stdout: str


def run_child(args: Sequence[str], *, env: dict[str, str]) -> Run:
    """Run a child to completion: wall time, peak RSS (``wait4``) and its output."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE, env=env, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = proc.stderr.read() if proc.stderr else ""
        out.seek(0)
        stdout = out.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}:\n{stderr[-3000:]}")
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        stdout=stdout,
    )


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["WARMONITOR_MAX_BYTES"] = MAX_BYTES
    env.pop("WARMONITOR_DB", None)
    env["COLUMNS"] = "200"
    return env


def warmonitor_command() -> list[str]:
    found = shutil.which("warmonitor", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "warmonitor.cli"]


_BASELINE = """
import sys
from warmonitor.config import Settings
from warmonitor.ingest import read_targets
from warmonitor.ingest.language import detect_language
n = 0
for item in read_targets(sys.argv[1:], settings=Settings()):
    item.language or detect_language(item.text)
    n += 1
print(n)
"""


def parse_counts(stdout: str) -> dict[str, int]:
    """The outcome counts from the CLI's summary table."""
    counts = {}
    for status in ("ingested", "version", "duplicate", "near-duplicate", "rejected"):
        match = re.search(rf"^\s*{re.escape(status)}\s*[│|]?\s*(\d+)\s*$", stdout, re.M)
        if match:
            counts[status] = int(match.group(1))
    return counts


class Postgres:
    """Creates and drops one database per run on a server."""

    def __init__(self, url: str) -> None:
        import psycopg

        self._psycopg = psycopg
        self.url = url.replace("postgresql+psycopg://", "postgresql://")
        base, _, _ = self.url.rpartition("/")
        self._base = base

    def _admin(self) -> Any:
        return self._psycopg.connect(self.url, autocommit=True)

    def create(self, name: str) -> str:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self._base}/{name}"

    def drop(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def version(self) -> str:
        with self._admin() as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]).split()[0] if row else "?"


@dataclass
class Result:
    backend: str
    source: str
    runs: list[Run]
    counts: dict[str, int]
    baseline_seconds: float | None = None

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def store_once(
    target: Path, *, run: int, workdir: Path, pg: Postgres | None
) -> tuple[Run, dict[str, int]]:
    """One ingest by the CLI into a new, migrated database (migration not timed)."""
    env = child_env()
    cli = warmonitor_command()
    name = f"bench_ingest_{os.getpid()}_{target.stem}_{run}"
    url = f"sqlite:///{workdir / name}.db" if pg is None else pg.create(name)
    try:
        run_child([*cli, "db", "upgrade", "--db", url], env=env)
        result = run_child([*cli, "ingest", str(target), "--db", url, "--no-extract"], env=env)
    finally:
        if pg is None:
            for leftover in workdir.glob(f"{name}.db*"):
                leftover.unlink()
        else:
            pg.drop(name)
    return result, parse_counts(result.stdout)


def baseline_once(target: Path) -> Run:
    """Read, parse and detect the language of every report of ``target``; store nothing."""
    return run_child([sys.executable, "-c", _BASELINE, str(target)], env=child_env())


def bench_source(
    source: str, target: Path, *, runs: int, workdir: Path, pg: Postgres | None
) -> list[Result]:
    """Baseline, SQLite and PostgreSQL runs, interleaved so that noise hits them alike."""
    results = {"baseline": Result("baseline", source, [], {})}
    results["sqlite"] = Result("sqlite", source, [], {})
    if pg is not None:
        results["postgresql"] = Result("postgresql", source, [], {})
    for i in range(runs):
        for backend, result in results.items():
            if backend == "baseline":
                run = baseline_once(target)
                detail = f"{run.stdout.strip()} items read"
            else:
                run, result.counts = store_once(
                    target, run=i, workdir=workdir, pg=pg if backend == "postgresql" else None
                )
                detail = str(result.counts)
            result.runs.append(run)
            print(
                f"  {backend:10} {source:6} run {i + 1}: {run.seconds:6.2f} s "
                f"(CPU {run.cpu_seconds:6.2f} s), {run.peak_mb:4.0f} MB, {detail}",
                flush=True,
            )
    return list(results.values())


# --- reporting -------------------------------------------------------------------------------


def table(results: Sequence[Result], n: int) -> list[str]:
    baseline = {r.source: r.seconds for r in results if r.backend == "baseline"}
    lines = [
        "| store | input | median s | reports/s (median) | range of runs, s "
        "| CPU s (median) | peak RSS MB | vs baseline |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        label = {
            "baseline": "none (baseline: read + parse + language)",
            "sqlite": "SQLite file",
            "postgresql": "PostgreSQL",
        }[r.backend]
        secs = [x.seconds for x in r.runs]
        base = baseline.get(r.source)
        ratio = f"{base / r.seconds:.2f}x" if base else "-"
        lines.append(
            f"| {label} | {r.source} | {r.seconds:.2f} | {n / r.seconds:,.0f} "
            f"| {min(secs):.2f}-{max(secs):.2f} | {r.cpu_seconds:.2f} | {r.peak_mb:.0f} "
            f"| {ratio} |"
        )
    return lines


def check_counts(results: Sequence[Result], planted: Planted) -> list[str]:
    lines = []
    want = {
        "ingested": planted.new,
        "duplicate": planted.duplicates,
        "near-duplicate": planted.near_duplicates,
    }
    for r in results:
        if r.backend == "baseline":
            continue
        got = {k: r.counts.get(k, 0) for k in (*want, "version", "rejected")}
        verdict = "as planted" if all(got[k] == v for k, v in want.items()) else "DIFFERS"
        lines.append(
            f"- {r.backend}, {r.source}: ingested {got['ingested']}, duplicate "
            f"{got['duplicate']}, near-duplicate {got['near-duplicate']}, version "
            f"{got['version']}, rejected {got['rejected']} ({verdict})"
        )
    return lines


def section(
    results: Sequence[Result], planted: Planted, *, command: str, runs: int, pg_version: str | None
) -> str:
    sqlite_rate = next((planted.reports / r.seconds for r in results if r.backend == "sqlite"), 0)
    lines = [
        "## Ingest",
        "",
        f"{planted.reports:,} generated reports stored with `warmonitor ingest FILE --db URL "
        f"--no-extract`, median of {runs} runs, each into a new, migrated, empty database. "
        "Time is the child process's wall clock, interpreter start included; CPU seconds "
        "include its helper processes (ingest analyses the reports of a batch of more than "
        "200 items in helpers, one per core beyond the first); peak RSS is the largest of "
        "the child's runs (`wait4`). The baseline, measured in the same invocation, "
        "reads and parses the same input and detects each report's language in a child "
        "process without storing anything; `vs baseline` is the store's throughput over "
        "the baseline's.",
        "",
        f"Reproduce: `{command}`",
        "",
        f"Machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
        + (f", PostgreSQL {pg_version} (local, same machine)" if pg_version else "")
        + f"; measured {datetime.now(UTC):%Y-%m-%d}, load average "
        f"{os.getloadavg()[0]:.1f} at the end of the runs. The machine is shared and noisy: "
        "compare ratios and CPU seconds rather than absolute times.",
        "",
        *table(results, planted.reports),
        "",
        f"Target: at least 500 reports/s into SQLite; measured {sqlite_rate:,.0f}.",
        "",
        f"Planted by the generator (seed {SEED}): {planted.new:,} new reports, "
        f"{planted.duplicates} exact duplicates, {planted.near_duplicates} republications "
        "(near-duplicates). Counts reported by the CLI:",
        "",
        *check_counts(results, planted),
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Replace (or append) the ``## Ingest`` section, keeping every other section."""
    if path.exists():
        current = path.read_text(encoding="utf-8")
    else:
        current = "# Benchmarks\n\nHow fast warmonitor is, measured by the scripts in `bench/`.\n"
    pattern = re.compile(r"^## Ingest\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: text + "\n", current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    path.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="reports to generate")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement")
    parser.add_argument("--pg", help="PostgreSQL server URL (else WARMONITOR_BENCH_PG/_TEST_PG)")
    parser.add_argument(
        "--folder", action="store_true", help="also ingest a folder of .txt files (SQLite)"
    )
    parser.add_argument("--write", type=Path, help="replace the `## Ingest` section of this file")
    args = parser.parse_args(argv)

    pg_url = (
        args.pg or os.environ.get("WARMONITOR_BENCH_PG") or os.environ.get("WARMONITOR_TEST_PG")
    )
    pg = Postgres(pg_url) if pg_url else None
    if pg is None:
        print("PostgreSQL skipped: give --pg URL or set WARMONITOR_BENCH_PG / WARMONITOR_TEST_PG")

    records, planted = generate(args.n)
    words = [len(r["text"].split()) for r in records]
    print(
        f"{planted.reports} reports ({planted.new} new, {planted.duplicates} duplicates, "
        f"{planted.near_duplicates} republications), {min(words)}-{max(words)} words, "
        f"median {statistics.median(words):.0f}"
    )
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="wm-bench-ingest-") as tmp:
        workdir = Path(tmp)
        jsonl, folder = write_inputs(records, workdir)
        print(f"inputs in {workdir}: {jsonl.stat().st_size / 1e6:.1f} MB of JSON Lines")
        sources = [("jsonl", jsonl)] + ([("folder", folder)] if args.folder else [])
        for source, target in sources:
            results += bench_source(
                source,
                target,
                runs=args.runs,
                workdir=workdir,
                pg=pg if source == "jsonl" else None,
            )

    print()
    print("\n".join(table(results, planted.reports)))
    print()
    print("\n".join(check_counts(results, planted)))
    if args.write:
        command = "python bench/ingest.py " + " ".join(
            a
            for a in [f"--n {args.n}", f"--runs {args.runs}"]
            + (["--pg postgresql://USER@HOST:PORT/postgres"] if pg else [])
            + (["--folder"] if args.folder else [])
            + [f"--write {args.write}"]
        )
        text = section(
            results,
            planted,
            command=command,
            runs=args.runs,
            pg_version=pg.version() if pg else None,
        )
        write_section(args.write, text)
        print(f"\nwrote the `## Ingest` section of {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
