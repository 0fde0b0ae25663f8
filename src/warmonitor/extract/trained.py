"""A user-trained event-type classifier: `warmonitor train` and its use in extraction.

warmonitor ships rules, never a model trained on ACLED (its terms forbid
redistribution).  Users who hold an ACLED export may train a classifier on it
for their own use: ``train`` reads the rows whose ``event_type`` is one of
ACLED's six current types and that carry a ``sub_event_type`` and ``notes``, and
fits a multinomial naive Bayes model over the words and word pairs of the notes
(numbers folded to "0", lower case; words seen fewer than ``min_count`` times
left out; additive smoothing ``alpha``).  The model is written to a file the
user names (a NumPy ``.npz``: classes, vocabulary, log prior, log likelihoods,
and the event type of each sub-event type) and stays on the user's machine.

With a model (``WARMONITOR_EVENT_MODEL`` or ``--model``), the rules still type
every event they find; the model fills in only where they are unsure: a report
in which they found no event, or whose main event they could only call "Other"
(``apply_model``).  On our ACLED dev data the model alone is *less* accurate
than the rules (BENCHMARKS.md), so it never overrides a typed event.  UCDP's
type of violence is worked out again from the model's type.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from warmonitor.errors import InputError
from warmonitor.extract.events import violence_type
from warmonitor.extract.result import Extraction
from warmonitor.records import EventMention, Evidence

log = logging.getLogger(__name__)

ACLED_TYPES = frozenset(
    {
        "Battles",
        "Violence against civilians",
        "Explosions/Remote violence",
        "Protests",
        "Riots",
        "Strategic developments",
    }
)
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def features(text: str) -> list[str]:
    """Lower-case words with digits folded to "0", and adjacent word pairs."""
    words = [re.sub(r"\d+", "0", w) for w in _WORD.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True)
class EventTypeModel:
    """Multinomial naive Bayes over ``features``; ``parents`` maps sub-event to event type."""

    classes: tuple[str, ...]
    parents: tuple[str, ...]
    vocabulary: dict[str, int]
    log_prior: np.ndarray
    log_likelihood: np.ndarray  # classes x vocabulary
    trained_on: int
    # The first hex digits of the model file's SHA-1 (set by ``load``): records extracted
    # with the model carry it in their extractor version.
    digest: str = ""

    def predict(self, text: str) -> tuple[str, str, float]:
        """(event type, sub-event type, posterior probability) for ``text``."""
        counts = Counter(i for f in features(text) if (i := self.vocabulary.get(f)) is not None)
        scores = self.log_prior.copy()
        if counts:
            idx = np.fromiter(counts.keys(), dtype=np.int64)
            n = np.fromiter(counts.values(), dtype=np.float64)
            scores = scores + self.log_likelihood[:, idx] @ n
        scores = scores - scores.max()
        posterior = np.exp(scores) / np.exp(scores).sum()
        best = int(posterior.argmax())
        return self.parents[best], self.classes[best], float(posterior[best])

    def save(self, path: Path) -> None:
        with path.open("wb") as f:
            np.savez_compressed(
                f,
                classes=np.array(self.classes),
                parents=np.array(self.parents),
                vocabulary=np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__)),
                log_prior=self.log_prior,
                log_likelihood=self.log_likelihood.astype(np.float32),
                trained_on=np.array(self.trained_on),
            )

    @classmethod
    def load(cls, path: Path) -> EventTypeModel:
        try:
            digest = hashlib.sha1(path.read_bytes()).hexdigest()[:8]
            with np.load(path, allow_pickle=False) as data:
                vocabulary = [str(w) for w in data["vocabulary"]]
                return cls(
                    classes=tuple(str(c) for c in data["classes"]),
                    parents=tuple(str(p) for p in data["parents"]),
                    vocabulary={w: i for i, w in enumerate(vocabulary)},
                    log_prior=data["log_prior"].astype(np.float64),
                    log_likelihood=data["log_likelihood"].astype(np.float64),
                    trained_on=int(data["trained_on"]),
                    digest=digest,
                )
        except (OSError, KeyError, ValueError) as e:
            raise InputError(str(path), f"not a warmonitor event-type model ({e})") from e


def training_rows(rows: Iterable[dict[str, object]]) -> Iterator[tuple[str, str, str]]:
    """(notes, event type, sub-event type) of the rows in ACLED's current schema."""
    for row in rows:
        notes, kind, sub = (
            str(row.get(k) or "").strip() for k in ("notes", "event_type", "sub_event_type")
        )
        if notes and kind in ACLED_TYPES and sub:
            yield notes, kind, sub


def train(
    examples: Iterable[tuple[str, str, str]], *, alpha: float = 0.1, min_count: int = 2
) -> EventTypeModel:
    """Fit the model on (text, event type, sub-event type) examples."""
    docs: list[tuple[list[str], str]] = []
    parent_votes: dict[str, Counter[str]] = defaultdict(Counter)
    seen: Counter[str] = Counter()
    for text, kind, sub in examples:
        feats = features(text)
        docs.append((feats, sub))
        parent_votes[sub][kind] += 1
        seen.update(set(feats))
    if len(docs) < 2 or len(parent_votes) < 2:
        raise InputError("training data", "needs rows of at least two sub-event types")
    words = sorted(w for w, c in seen.items() if c >= min_count)
    vocabulary = {w: i for i, w in enumerate(words)}
    classes = tuple(sorted(parent_votes))
    index = {c: i for i, c in enumerate(classes)}
    counts = np.zeros((len(classes), len(words)), dtype=np.float64)
    prior = np.zeros(len(classes), dtype=np.float64)
    for feats, sub in docs:
        row = index[sub]
        prior[row] += 1
        ids = [vocabulary[f] for f in feats if f in vocabulary]
        if ids:
            counts[row] += np.bincount(ids, minlength=len(words))
    smoothed = counts + alpha
    log_likelihood = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
    parents = tuple(parent_votes[c].most_common(1)[0][0] for c in classes)
    log.info("trained on %d rows, %d classes, %d features", len(docs), len(classes), len(words))
    return EventTypeModel(
        classes=classes,
        parents=parents,
        vocabulary=vocabulary,
        log_prior=np.log(prior / prior.sum()),
        log_likelihood=log_likelihood,
        trained_on=len(docs),
    )


def apply_model(
    extraction: Extraction, model: EventTypeModel, *, min_confidence: float = 0.5
) -> Extraction:
    """The extraction, with the model filling in where the rules are unsure.

    The rules stand wherever they type the main event; the model (when its
    posterior is at least ``min_confidence``) types a report whose rules found no
    event (a main event is made, its evidence the first sentence) or whose main
    event the rules could only call "Other".
    """
    text = extraction.text
    if not text.strip():
        return extraction
    main = extraction.events[0] if extraction.events else None
    if main is not None and main.sub_event_type != "Other":
        return extraction
    kind, sub, probability = model.predict(text)
    if probability < min_confidence:
        return extraction
    if main is None:
        first = _FIRST_SENTENCE.search(text)
        start, end = (first.start(), first.end()) if first else (0, len(text))
        evidence = Evidence(
            sentence=text[start:end], start=start, end=end, span_start=start, span_end=end
        )
        made = EventMention(
            event_type=kind,
            sub_event_type=sub,
            evidence=(evidence,),
            violence_type=violence_type(kind, ()),
        )
        return replace(extraction, events=(made,))
    typed = replace(
        main, event_type=kind, sub_event_type=sub, violence_type=violence_type(kind, main.actors)
    )
    return replace(extraction, events=(typed, *extraction.events[1:]))


_FIRST_SENTENCE = re.compile(r"\S[^.!?]*(?:[.!?]|$)")
