"""Recall and precision of ``PlaceMatcher`` on re3d's Location entities.

Reads ``../shared/data/re3d/*/documents.json`` and ``entities.json`` (one JSON
object per line, see re3d's README).  Gold spans are Location entities whose
text starts with a capital letter (proper names); a found mention counts as
right when it overlaps any Location span, and a gold span as found when any
mention overlaps it.  Prints numbers only (``--errors`` adds the misses and
false alarms, for error analysis; they are not to be copied into the repo).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from warmonitor.geo import Gazetteer, PlaceMatcher

ROOT = Path(__file__).resolve().parents[1]
RE3D = ROOT.parent / "shared/data/re3d"


def _read_lines(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8-sig") as f:
        return [json.loads(line) for line in f if line.strip()]


def load(re3d: Path) -> tuple[dict[str, str], dict[str, set[tuple[int, int]]]]:
    texts: dict[str, str] = {}
    spans: dict[str, set[tuple[int, int]]] = {}
    for folder in sorted(p for p in re3d.iterdir() if p.is_dir()):
        for doc in _read_lines(folder / "documents.json"):
            texts[str(doc["_id"])] = str(doc["text"])
        for ent in _read_lines(folder / "entities.json"):
            if ent["type"] == "Location":
                begin, end = int(str(ent["begin"])), int(str(ent["end"]))
                spans.setdefault(str(ent["documentId"]), set()).add((begin, end))
    return texts, spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--re3d", type=Path, default=RE3D)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--min-city-population", type=int, default=5000)
    args = parser.parse_args()

    texts, spans = load(args.re3d)
    t0 = time.perf_counter()
    gazetteer = Gazetteer.default(min_city_population=args.min_city_population)
    n_entries = len(gazetteer)
    load_s = time.perf_counter() - t0
    matcher = PlaceMatcher(gazetteer)

    gold_total = gold_found = pred_total = pred_right = 0
    chars = 0
    match_s = 0.0
    misses: Counter[str] = Counter()
    false: Counter[str] = Counter()
    for doc_id, text in texts.items():
        doc_spans = spans.get(doc_id, set())
        gold = {s for s in doc_spans if text[s[0] : s[1]][:1].isupper()}
        t = time.perf_counter()
        found = [(m.start, m.end) for m in matcher.find(text)]
        match_s += time.perf_counter() - t
        chars += len(text)
        gold_total += len(gold)
        pred_total += len(found)
        for g in gold:
            if any(overlaps(g, f) for f in found):
                gold_found += 1
            else:
                misses[text[g[0] : g[1]]] += 1
        for f in found:
            if any(overlaps(f, s) for s in doc_spans):
                pred_right += 1
            else:
                false[text[f[0] : f[1]]] += 1

    recall = gold_found / gold_total if gold_total else 0.0
    precision = pred_right / pred_total if pred_total else 0.0
    print(f"documents {len(texts)}  characters {chars}")
    print(f"gazetteer entries {n_entries}  load {load_s:.2f} s")
    print(f"gold {gold_total}  found {gold_found}  predicted {pred_total}  right {pred_right}")
    print(f"recall {recall:.3f}  precision {precision:.3f}")
    print(f"matching {1000 * match_s / max(chars, 1) * 5000:.2f} ms per 5,000 characters")
    if args.errors:
        print("misses:", misses.most_common(80))
        print("false:", false.most_common(80))


if __name__ == "__main__":
    main()
