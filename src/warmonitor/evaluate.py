"""Scores extraction against gold files, each field beside a naive baseline.

1. ``gold.read_gold(path, fmt)`` reads ACLED (CSV export or JSON Lines with notes), UCDP
   GED (CSV, the headline as text) or JSON Lines in ingest's form with a ``gold`` object
   into ``GoldItem`` records;
2. ``evaluate(items, extractor)`` reads every text with ``Extractor.pipe``, reduces each
   extraction to one prediction per field (``predict``; casualty figures the way ACLED
   codes a report, ``report_figures``) and computes the same for a naive baseline
   (``baseline``: the first number before "killed" or "injured", the majority class, the
   first date written out, the first toponym);
3. ``scores`` compares both with the gold: exact figures (UCDP: inside low..high), accuracy,
   weighted F1, distance within 25 km; always separately on the items with deaths, since
   most items of these sets have none.

``format_report`` turns an ``EvaluationReport`` into lines of text; nothing here prints.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from warmonitor.errors import InputError
from warmonitor.geo.names import light_fold
from warmonitor.gold import CURRENT_SCHEMA, OLD_SCHEMA, GoldItem, read_gold
from warmonitor.records import Place

if TYPE_CHECKING:
    from warmonitor.extract.extractor import Extractor
    from warmonitor.extract.quantities import Convention
    from warmonitor.extract.result import Extraction

NEAR_KM = 25.0


@dataclass(frozen=True, slots=True)
class Prediction:
    """One value per scored field, from an extraction or from the baseline."""

    killed: int = 0
    injured: int = 0
    event_type: str | None = None
    sub_event_type: str | None = None
    violence_type: int | None = None
    date: date | None = None
    place: Place | None = None


@dataclass(frozen=True, slots=True)
class Score:
    """One metric of one field on one subset of the items, beside the baseline's."""

    field: str
    subset: str
    metric: str
    n: int
    value: float
    baseline: float | None


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Scores of one gold set, with every item's predictions for finer cuts.

    ``seconds`` is the extraction time alone; ``known`` the uids of items whose gold
    location the gazetteer holds within 25 km of the gold point.
    """

    scores: tuple[Score, ...]
    items: tuple[GoldItem, ...]
    predicted: tuple[Prediction, ...]
    baselines: tuple[Prediction, ...]
    seconds: float
    known: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def reports_per_second(self) -> float:
        return self.n_items / self.seconds if self.seconds > 0 else 0.0

    def score(self, field: str, subset: str = "all", metric: str | None = None) -> Score | None:
        """The score of ``field`` on ``subset`` (the first metric unless one is named)."""
        for s in self.scores:
            if s.field == field and s.subset == subset and metric in (None, s.metric):
                return s
        return None

    def select(self, keep: Callable[[GoldItem], bool]) -> EvaluationReport:
        """The report rescored on the items ``keep`` accepts."""
        idx = [i for i, g in enumerate(self.items) if keep(g)]
        items = tuple(self.items[i] for i in idx)
        predicted = tuple(self.predicted[i] for i in idx)
        baselines = tuple(self.baselines[i] for i in idx)
        seconds = self.seconds * len(idx) / max(self.n_items, 1)
        found = scores(items, predicted, baselines, known=self.known)
        return EvaluationReport(found, items, predicted, baselines, seconds, self.known, self.notes)

    def wrong(self, field: str) -> list[tuple[GoldItem, Prediction, Prediction]]:
        """Items where warmonitor's ``field`` is wrong, with its and the baseline's predictions."""
        _, has_gold, right = _FIELDS[field]
        rows = zip(self.items, self.predicted, self.baselines, strict=True)
        return [(g, p, b) for g, p, b in rows if has_gold(g) and not right(p, g)]


# -- predictions ------------------------------------------------------------------------


def report_figures(extraction: Extraction) -> tuple[int, int]:
    """One killed and one injured figure for a report, the way ACLED codes one.

    Per outcome: the ``total`` group's figure when there is one, else the sum over
    victim groups of each group's largest figure (the same toll from two sources counts
    once).  Tolls that add up earlier days (``cumulative``) give way to the day's own
    figures.  Background sentences never yield claims.  0 when nothing is claimed.
    """
    return _figure(extraction, "killed"), _figure(extraction, "injured")


def _figure(extraction: Extraction, outcome: str) -> int:
    claims = [c for c in extraction.claims if c.outcome == outcome]
    if any(not c.cumulative for c in claims):
        claims = [c for c in claims if not c.cumulative]
    by_group: dict[str, int] = {}
    for c in claims:
        value = c.best if c.best is not None else c.low
        if value is not None:
            by_group[c.victim_group] = max(by_group.get(c.victim_group, 0), value)
    if "total" in by_group:
        return by_group["total"]
    return sum(by_group.values())


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
# No other number in between; a year ("On 1 May 2020, a man was killed") is not a count.
_BEFORE = r"\b(?!(?:19|20)\d\d\b)(\d[\d,]*|{words})\b(?:\W+[^\W\d]\w*){{0,3}}?\W+{verb}\b"


def baseline_figure(text: str, outcome: Literal["killed", "injured"]) -> int:
    """The first number at most three words before "killed" ("injured"); 0 when none."""
    verb = "killed" if outcome == "killed" else r"(?:injured|wounded)"
    pattern = _BEFORE.format(words="|".join(_NUMBER_WORDS), verb=verb)
    match = re.search(pattern, text, flags=re.IGNORECASE)
    if match is None:
        return 0
    word = match.group(1).lower()
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word.replace(",", ""))


def predict(extraction: Extraction) -> Prediction:
    """Figures by ``report_figures``; type, date and place of the main (first) event, else
    the earliest claim's date and the first place where something happened."""
    killed, injured = report_figures(extraction)
    event = extraction.events[0] if extraction.events else None
    starts = [c.period.start for c in extraction.claims if c.period.start is not None]
    day = event.date_start if event and event.date_start else min(starts, default=None)
    place = event.place if event and event.place else None
    if place is None:
        place = next((h.place for h in extraction.place_evidence if not h.mentioned_only), None)
    if event is None:
        return Prediction(killed, injured, date=day, place=place)
    kinds = (event.event_type, event.sub_event_type, event.violence_type)
    return Prediction(killed, injured, *kinds, date=day, place=place)


_MONTHS = "January February March April May June July August September October November December"
_WRITTEN_DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(_MONTHS.split())}),? (\d{{4}})\b")


def baseline(item: GoldItem, majority: Prediction, extractor: Extractor) -> Prediction:
    """The naive reading: first number before the verb, majority classes, first date
    written "9 May 2020" (else the publication date), first toponym the gazetteer knows."""
    day = item.published
    if match := _WRITTEN_DATE.search(item.text):
        month = _MONTHS.split().index(match.group(2)) + 1
        with contextlib.suppress(ValueError):
            day = date(int(match.group(3)), month, int(match.group(1)))
    mentions = extractor.matcher.find(item.text)
    found = (extractor.gazetteer.resolve(m.text) for m in mentions)
    return Prediction(
        killed=baseline_figure(item.text, "killed"),
        injured=baseline_figure(item.text, "injured"),
        event_type=majority.event_type,
        sub_event_type=majority.sub_event_type,
        violence_type=majority.violence_type,
        date=day,
        place=next((p for p in found if p is not None), None),
    )


def majority_classes(items: Sequence[GoldItem]) -> Prediction:
    """The most frequent gold event type, sub-event type and violence type."""

    fields = ("event_type", "sub_event_type", "violence_type")
    counts = {f: Counter(getattr(i, f) for i in items if getattr(i, f) is not None) for f in fields}
    return Prediction(**{f: c.most_common(1)[0][0] for f, c in counts.items() if c})


# -- metrics ----------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def weighted_f1(gold: Sequence[str], predicted: Sequence[str | None]) -> float:
    """F1 per gold class, weighted by the class's support (a missing prediction is wrong)."""
    if not gold:
        return 0.0
    support = Counter(gold)
    predicted_n = Counter(p for p in predicted if p is not None)
    right = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    total = 0.0
    for label, n in support.items():
        precision = right[label] / predicted_n[label] if predicted_n[label] else 0.0
        recall = right[label] / n
        if precision + recall:
            total += n * 2 * precision * recall / (precision + recall)
    return total / len(gold)


def _near(p: Prediction, g: GoldItem) -> bool:
    here = p.place
    if here is None or here.lat is None or here.lon is None or g.lat is None or g.lon is None:
        return False
    return haversine_km(here.lat, here.lon, g.lat, g.lon) <= NEAR_KM


def _killed_right(p: Prediction, g: GoldItem) -> bool:
    if g.killed_low is not None and g.killed_high is not None:
        return g.killed_low <= p.killed <= g.killed_high
    return p.killed == g.killed


Check = Callable[[Prediction, GoldItem], bool]
Subset = tuple[str, Callable[[GoldItem], bool]]


def _equal(field: str) -> Check:
    return lambda p, g: bool(getattr(p, field) == getattr(g, field))


def _has(field: str) -> Callable[[GoldItem], bool]:
    return lambda g: getattr(g, field) is not None


# field -> (metric, whether an item has gold for it, whether a prediction is right)
_FIELDS: dict[str, tuple[str, Callable[[GoldItem], bool], Check]] = {
    "killed": ("exact", _has("killed"), _killed_right),
    "injured": ("exact", _has("injured"), _equal("injured")),
    "event_type": ("accuracy", _has("event_type"), _equal("event_type")),
    "sub_event_type": ("weighted F1", _has("sub_event_type"), _equal("sub_event_type")),
    "violence_type": ("accuracy", _has("violence_type"), _equal("violence_type")),
    "date": ("exact", _has("date"), _equal("date")),
    "place": ("within 25 km", _has("lat"), _near),
}


def _subsets(field: str, items: Sequence[GoldItem], known: Set[str]) -> list[Subset]:
    subsets: list[Subset] = [("all", lambda g: True)]
    if field in ("killed", "injured"):
        subsets.append(("with deaths", lambda g: g.has_deaths))
        subsets.append(("without deaths", lambda g: g.killed == 0))
        if any(i.injured is not None for i in items):
            subsets.append(("with victims", lambda g: g.has_victims))
        if any(i.literal for i in items):
            subsets.append(("number literally in text", lambda g: g.literal is True))
    if field == "place" and any(i.geo_precision for i in items):
        subsets.append(("geo_precision 1", lambda g: g.geo_precision == 1))
        subsets.append(
            (
                "geo_precision 1, gazetteer knows it",
                lambda g: g.geo_precision == 1 and g.uid in known,
            )
        )
        subsets.append(
            (
                "geo_precision 1, gazetteer knows it, named in text",
                lambda g: g.geo_precision == 1 and g.uid in known and _named_in_text(g),
            )
        )
    for group in sorted({i.group for i in items if i.group}):
        subsets.append((str(group), lambda g, group=group: g.group == group))  # type: ignore[misc]
    return subsets


def _named_in_text(g: GoldItem) -> bool:
    """The gold location's name is written in the text (diacritics and case folded)."""
    return bool(g.location) and light_fold(str(g.location)) in light_fold(g.text)


def scores(
    items: Sequence[GoldItem],
    predicted: Sequence[Prediction],
    baselines: Sequence[Prediction],
    *,
    known: Set[str] = frozenset(),
) -> tuple[Score, ...]:
    """Every field's metric on every subset with items, warmonitor's beside the baseline's.

    ``known`` holds the uids of items whose gold location the gazetteer holds (within
    25 km); it adds the share of such geo_precision-1 items as the gazetteer's ceiling.
    """
    rows = list(zip(items, predicted, baselines, strict=True))
    out: list[Score] = []
    for field, (metric, has_gold, right) in _FIELDS.items():
        scored = [r for r in rows if has_gold(r[0])]
        if not scored:
            continue
        for name, keep in _subsets(field, items, known):
            part = [r for r in scored if keep(r[0])]
            if not part:
                continue
            if field == "sub_event_type":
                gold = [str(g.sub_event_type) for g, _, _ in part]
                value = weighted_f1(gold, [p.sub_event_type for _, p, _ in part])
                base = weighted_f1(gold, [b.sub_event_type for _, _, b in part])
            else:
                value = sum(right(p, g) for g, p, _ in part) / len(part)
                base = sum(right(b, g) for g, _, b in part) / len(part)
            out.append(Score(field, name, metric, len(part), value, base))
        if field == "place":
            precise = [g for g, _, _ in scored if g.geo_precision == 1 and g.location]
            if precise:
                share = sum(g.uid in known for g in precise) / len(precise)
                out.append(
                    Score(field, "geo_precision 1", "gazetteer holds it", len(precise), share, None)
                )
    return tuple(out)


def _known_locations(items: Sequence[GoldItem], extractor: Extractor) -> set[str]:
    """Uids of items whose gold location name the gazetteer holds within 25 km of the point."""
    known = set()
    for g in items:
        if g.location and g.lat is not None and g.lon is not None:
            entries = extractor.gazetteer.lookup(g.location)
            if any(_near(Prediction(place=e.to_place()), g) for e in entries):
                known.add(g.uid)
    return known


# -- running ----------------------------------------------------------------------------


def evaluate(
    items: Iterable[GoldItem], extractor: Extractor, *, batch_size: int = 32
) -> EvaluationReport:
    """Read every item's text with ``extractor`` and score it against the gold.

    ACLED gold (items ``read_acled`` made) is read under ACLED's convention for vague
    amounts ("dozens" 12, "an unknown number of" 10; ``Extractor``), the way its coders
    record them; other gold under the extractor's own convention.
    """
    gold = list(items)
    if gold and all(g.group in (CURRENT_SCHEMA, OLD_SCHEMA) for g in gold):
        extractor = _with_convention(extractor, "acled")
    started = time.perf_counter()
    extractions = extractor.pipe([(g.text, g.published) for g in gold], batch_size=batch_size)
    seconds = time.perf_counter() - started
    predicted = [predict(x) for x in extractions]
    majority = majority_classes(gold)
    baselines = [baseline(g, majority, extractor) for g in gold]
    known = _known_locations(gold, extractor)
    notes = []
    if gold and all(g.published is None for g in gold):
        notes.append("no publication dates: relative dates cannot resolve, only written ones")
    notes.append(
        "baseline: first number before 'killed'/'injured', majority classes, "
        "first written date, first toponym"
    )
    return EvaluationReport(
        scores=scores(gold, predicted, baselines, known=known),
        items=tuple(gold),
        predicted=tuple(predicted),
        baselines=tuple(baselines),
        seconds=seconds,
        known=frozenset(known),
        notes=tuple(notes),
    )


def _with_convention(extractor: Extractor, convention: Convention) -> Extractor:
    """The same extractor (model, gazetteer, matcher shared) reading under ``convention``."""
    if getattr(extractor, "convention", convention) == convention:
        return extractor
    other = copy.copy(extractor)
    other.convention = convention
    return other


def run_evaluate(
    path: Path, fmt: str, *, limit: int | None = None, extractor: Extractor | None = None
) -> EvaluationReport:
    """``warmonitor evaluate``: the gold file's first ``limit`` items (all by default)."""
    if not path.exists():
        raise InputError(str(path), "no such file")
    if extractor is None:
        from warmonitor.extract import shared_extractor

        extractor = shared_extractor()
    items = itertools.islice(read_gold(path, fmt), limit)
    return evaluate(items, extractor)


def format_report(report: EvaluationReport) -> list[str]:
    """Lines of text: one per field and subset, warmonitor's value beside the baseline's."""
    lines = [
        f"{report.n_items} items, {report.reports_per_second:.1f} reports/s",
        f"{'field':<15} {'subset':<36} {'n':>6}  {'metric':<18} {'warmonitor':>10} {'baseline':>9}",
    ]
    for s in report.scores:
        base = f"{s.baseline:9.1%}" if s.baseline is not None else f"{'-':>9}"
        lines.append(
            f"{s.field:<15} {s.subset:<36} {s.n:>6}  {s.metric:<18} {s.value:>10.1%} {base}"
        )
    lines.extend(f"note: {n}" for n in report.notes)
    return lines
