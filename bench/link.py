"""Linking benchmark: real reports (GVA) scored pairwise, and linking at scale.

Usage::

    python bench/link.py gva   [--db PATH] [--write BENCHMARKS.md]
    python bench/link.py scale [--n 100000] [--write BENCHMARKS.md]
    python bench/link.py all   [--db PATH] [--write BENCHMARKS.md]

**gva**: the Gun Violence Archive articles in ``../shared/data/gva_news`` (train
and val) are written, in a temporary folder outside the repository, as JSON Lines
(``id``, ``text``, ``published`` = ``publish_date``) and ingested with the real
pipeline (``pipeline.ingest``: store, extract, link) into a SQLite database
(``--db`` keeps it, so later runs only relink).  Then ``relink`` runs once more,
timed, and each article's event is read back: the event of its main mention (the
highest prominence; an article whose figures have no event mention gets the
event its claims landed in; an article with neither is its own singleton).
Gold: articles with the same non-empty ``address`` and ``shooting_date`` are
one incident; every other article is its own incident.  An article whose text is
identical to an earlier one is stored once (ingestion is idempotent by content
hash), so it has no events and counts as a singleton; the benchmark prints how
many gold pairs that leaves out of reach.  Pairwise precision,
recall and F1 over all pairs of articles, for train, val and both.

**scale**: ``n`` claims on generated mentions (``MentionInput``/``ClaimInput``
built directly, no extraction): towns drawn from a skewed distribution over a
grid of invented places in a few countries, dates over two years, one to three
claims per mention, and about one mention in eight repeating an earlier incident
(same town and day, shared words).  Timed: ``cluster`` and ``reconcile`` of
every event, with the peak memory of the process (peak resident set size, ``getrusage``).

Nothing from the data sets is written into the repository; the benchmark prints
only counts and scores.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmonitor.link.cluster import LinkSettings, MentionInput, cluster
from warmonitor.link.toll import ClaimInput, reconcile

ROOT = Path(__file__).resolve().parents[1]
GVA = ROOT.parent / "shared" / "data" / "gva_news"
SECTION = "## Linking"


# ---------------------------------------------------------------- GVA


def gva_rows(split: str) -> list[dict[str, Any]]:
    with (GVA / f"{split}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gva_ingest(db: Path) -> float:
    """Ingest train and val with extraction into ``db``; returns the seconds it took."""
    from warmonitor.pipeline import ingest, open_workspace

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gva.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for split in ("train", "val"):
                for i, row in enumerate(gva_rows(split)):
                    item = {"id": f"{split}-{i}", "text": row["text"]}
                    if row.get("publish_date"):
                        item["published"] = str(row["publish_date"])
                    f.write(json.dumps(item) + "\n")
        workspace = open_workspace(f"sqlite:///{db}")
        start = time.perf_counter()
        ingest(workspace, [str(path)])
        return time.perf_counter() - start


def report_events(db: Path) -> dict[str, str]:
    """External id -> the event of the report's main mention (or of its claims)."""
    from warmonitor.pipeline import open_workspace
    from warmonitor.store.schema import ClaimRow, EventMentionRow, ReportRow

    engine = open_workspace(f"sqlite:///{db}").reports.engine
    with Session(engine) as session:
        ext: dict[int, str] = {
            i: str(x) for i, x in session.execute(select(ReportRow.id, ReportRow.external_id))
        }
        best: dict[int, tuple[int, int, str]] = {}
        for rid, mid, prom, eid in session.execute(
            select(
                EventMentionRow.report_id,
                EventMentionRow.id,
                EventMentionRow.prominence,
                EventMentionRow.event_id,
            ).where(EventMentionRow.retired.is_(False), EventMentionRow.event_id.is_not(None))
        ).all():
            key = (prom, -mid, eid)
            if rid not in best or key > best[rid]:
                best[rid] = key
        found = {ext[rid]: eid for rid, (_, _, eid) in best.items()}
        for rid, eid in session.execute(
            select(ClaimRow.report_id, ClaimRow.event_id).where(ClaimRow.event_id.is_not(None))
        ).all():
            found.setdefault(ext[rid], eid)
    return found


def pairwise(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float | int | None]:
    """Pairwise precision, recall and F1 of a predicted grouping against a gold one."""

    def pairs(labels: Sequence[str]) -> set[tuple[int, int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        return {p for members in groups.values() for p in itertools.combinations(members, 2)}

    g, p = pairs(gold), pairs(predicted)
    tp = len(g & p)
    precision = tp / len(p) if p else None
    recall = tp / len(g) if g else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {
        "gold": len(g),
        "predicted": len(p),
        "tp": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def gva_scores(db: Path) -> dict[str, dict[str, float | int | None]]:
    events = report_events(db)
    scores = {}
    labelled: dict[str, tuple[list[str], list[str]]] = {"all": ([], [])}
    for split in ("train", "val"):
        gold, predicted = labelled.setdefault(split, ([], []))
        for i, row in enumerate(gva_rows(split)):
            ident = f"{split}-{i}"
            incident = f"{row['address']}|{row['shooting_date']}" if row.get("address") else ident
            for target in (labelled[split], labelled["all"]):
                target[0].append(incident)
                target[1].append(events.get(ident, "none:" + ident))
        del gold, predicted
    for name, (gold, predicted) in labelled.items():
        scores[name] = pairwise(gold, predicted)
    return scores


def print_pairs(db: Path) -> None:
    """Each predicted pair of articles, marked true or false against the gold incidents."""
    events = report_events(db)
    rows = {f"{split}-{i}": r for split in ("train", "val") for i, r in enumerate(gva_rows(split))}
    members: dict[str, list[str]] = defaultdict(list)
    for ident, event in events.items():
        members[event].append(ident)
    for event, idents in sorted(members.items()):
        for a, b in itertools.combinations(sorted(idents), 2):
            ra, rb = rows[a], rows[b]
            same = bool(ra.get("address")) and (ra["address"], ra["shooting_date"]) == (
                rb.get("address"),
                rb.get("shooting_date"),
            )
            print(f"{'true ' if same else 'false'} {event} {a} {b}")


def identical_texts() -> tuple[int, int]:
    """Pairs of articles with the same text (stored once), and how many are one incident."""
    rows = [r for split in ("train", "val") for r in gva_rows(split)]
    by_text: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_text[row["text"]].append(row)
    pairs = same = 0
    for group in by_text.values():
        for a, b in itertools.combinations(group, 2):
            pairs += 1
            same += bool(a.get("address")) and (a["address"], a["shooting_date"]) == (
                b["address"],
                b["shooting_date"],
            )
    return pairs, same


def run_gva(db: Path | None) -> dict[str, Any]:
    from warmonitor.link.build import relink
    from warmonitor.pipeline import open_workspace

    keep = db is not None
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "gva.db"
    ingest_s = None
    if not db.exists():
        ingest_s = gva_ingest(db)
    engine = open_workspace(f"sqlite:///{db}").reports.engine
    start = time.perf_counter()
    result = relink(engine)
    relink_s = time.perf_counter() - start
    scores = gva_scores(db)
    if tmp is not None and not keep:
        tmp.cleanup()
    return {
        "ingest_s": ingest_s,
        "relink_s": relink_s,
        "events": result.events,
        "mentions": result.mentions,
        "scores": scores,
        "identical": identical_texts(),
    }


# ---------------------------------------------------------------- scale

WORDS = [f"w{i}" for i in range(5000)]
KINDS = ["Battles", "Violence against civilians", "Explosions/Remote violence", "Protests"]
SOURCES = [("Monitor A", "monitor"), ("Network B", "ngo"), ("Ministry C", "government")]


def generate(
    n_claims: int, *, seed: int = 7
) -> tuple[list[MentionInput], dict[str, list[ClaimInput]]]:
    """Mentions and their claims, about ``n_claims`` claims in all."""
    rng = random.Random(seed)
    countries = ["AA", "BB", "CC", "DD", "EE"]
    towns = [
        (c, f"Town {c}-{i}", 10 + ci * 5 + rng.random() * 4, 20 + rng.random() * 6)
        for ci, c in enumerate(countries)
        for i in range(800)
    ]
    weights = [1 / (1 + i % 800) ** 0.8 for i in range(len(towns))]
    start = date(2024, 1, 1)
    mentions: list[MentionInput] = []
    claims: dict[str, list[ClaimInput]] = {}
    made = 0
    incidents: list[tuple[tuple[str, str, float, float], date, str, frozenset[str]]] = []
    n = 0
    while made < n_claims:
        if incidents and rng.random() < 0.125:
            town, day, kind, terms = rng.choice(incidents)
        else:
            town = rng.choices(towns, weights)[0]
            day = start + timedelta(days=rng.randrange(730))
            kind = rng.choice(KINDS)
            terms = frozenset(rng.sample(WORDS, 8))
            incidents.append((town, day, kind, terms))
        country, name, lat, lon = town
        key = f"{n:07d}:m"
        published = day + timedelta(days=rng.randrange(3))
        k = rng.randint(1, 3)
        made_here = []
        for j in range(k):
            source, source_kind = rng.choice(SOURCES)
            best = rng.randint(1, 60)
            made_here.append(
                ClaimInput(
                    id=made + j,
                    outcome="killed",
                    group=rng.choice(["total", "civilians", "state_forces"]),
                    low=best,
                    best=best,
                    high=best,
                    verified=False,
                    cumulative=rng.random() < 0.3,
                    source=source,
                    source_kind=source_kind,
                    time=datetime(published.year, published.month, published.day, tzinfo=UTC),
                    report_id=n,
                    report_url=None,
                )
            )
        mentions.append(
            MentionInput(
                key=key,
                report_id=n,
                report_hash=f"{n:016x}",
                event_type=kind,
                date_start=day,
                date_end=day,
                date_prec=1,
                published=published,
                lat=lat,
                lon=lon,
                place_name=name,
                admin1=f"{country}-{int(lat)}",
                country_code=country,
                regional=False,
                terms=frozenset(sorted(terms)[:6]) | frozenset(rng.sample(WORDS, 4)),
                claim_keys=tuple(f"c{made + j}" for j in range(k)),
                prominence=1,
            )
        )
        claims[key] = made_here
        made += k
        n += 1
    return mentions, claims


def run_scale(n_claims: int) -> dict[str, Any]:
    mentions, claims = generate(n_claims)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    events = cluster(mentions, settings=LinkSettings())
    clustered = time.perf_counter() - start
    for event in events:
        reconcile([c for m in event.mentions for c in claims.get(m.key, [])])
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "claims": sum(len(v) for v in claims.values()),
        "mentions": len(mentions),
        "events": len(events),
        "cluster_s": clustered,
        "total_s": total,
        "peak_mib": peak / 1024,
        "input_mib": before / 1024,
    }


# ---------------------------------------------------------------- report


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def render(gva: dict[str, Any] | None, scale: dict[str, Any] | None, argv: list[str]) -> str:
    lines = [
        SECTION,
        "",
        f"`python bench/link.py {' '.join(argv)}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{datetime.now(UTC).date().isoformat()}. Method: docstring of `bench/link.py`; "
        "rules: `docs/LINKING.md`.",
        "",
    ]
    if gva is not None:
        lines += [
            "Real reports: GVA articles (train + val), ingested with extraction, relinked; "
            "pairwise scores against incidents (same address and shooting date); "
            "target F1 >= 0.85.",
            "",
            "| split | gold pairs | predicted pairs | true pairs | precision | recall | F1 |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, s in gva["scores"].items():
            lines.append(
                f"| {name} | {s['gold']} | {s['predicted']} | {s['tp']} | {_fmt(s['precision'])} "
                f"| {_fmt(s['recall'])} | {_fmt(s['f1'])} |"
            )
        same_text, same_text_gold = gva["identical"]
        lines += [
            "",
            "Reading the pairs scored false (`--pairs` prints them; read by hand on 2026-11-25, "
            "8 false of 10 predicted): 4 are one incident by the articles' own text (the same "
            "victims named, the same house number), which GVA's rows give different dates or "
            "addresses, or no address; 4 are different incidents (two consecutive city-wide "
            "weekend roundups, a monthly roundup and one of its shootings, and two pairs in "
            "the same area and week that share two names). With 3 gold pairs, one of them out "
            "of reach (below), the F1 target cannot be met: a linker with no false pair at all "
            "would score 0.80.",
            "",
            f"{same_text} pairs of articles have identical texts ({same_text_gold} of them one "
            "incident): ingestion stores such a text once, so the later article has no events "
            "of its own and scores as a singleton; no linker can recover those gold pairs.",
            "",
            f"Relink of {gva['mentions']} mentions into {gva['events']} events: "
            f"{gva['relink_s']:.1f} s"
            + (f" (ingest with extraction: {gva['ingest_s']:.0f} s)." if gva["ingest_s"] else "."),
            "",
        ]
    if scale is not None:
        lines += [
            f"Scale: {scale['claims']:,} generated claims on {scale['mentions']:,} mentions -> "
            f"{scale['events']:,} events; clustering {scale['cluster_s']:.1f} s, with "
            f"reconciliation {scale['total_s']:.1f} s (target < 60 s); "
            f"peak resident memory {scale['peak_mib']:.0f} MiB "
            f"({scale['input_mib']:.0f} MiB before linking, the generated input included).",
            "",
        ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Replace (or append) the ``## Linking`` section, keeping every other section."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    out: list[str] = []
    skipping = False
    replaced = False
    for line in old.splitlines():
        if line.startswith("## "):
            skipping = line.strip() == SECTION
            if skipping and not replaced:
                out.append(text.rstrip("\n"))
                replaced = True
        if not skipping:
            out.append(line)
    if not replaced:
        out += ["", text.rstrip("\n")]
    path.write_text("\n".join(out).rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["gva", "scale", "all"])
    parser.add_argument("--db", type=Path, help="keep (or reuse) the GVA database here")
    parser.add_argument("--n", type=int, default=100_000, help="claims for the scale run")
    parser.add_argument("--write", type=Path, help="replace the `## Linking` section of this file")
    parser.add_argument(
        "--pairs", action="store_true", help="print the predicted pairs of GVA articles, marked"
    )
    args = parser.parse_args(argv)
    gva = run_gva(args.db) if args.what in ("gva", "all") else None
    scale = run_scale(args.n) if args.what in ("scale", "all") else None
    if args.pairs and args.db is not None:
        print_pairs(args.db)
    text = render(
        gva, scale, [a for a in argv if a not in ("--write", "--pairs") and not a.endswith(".md")]
    )
    print(text)
    if args.write:
        write_section(args.write, text)


if __name__ == "__main__":
    main(sys.argv[1:])
