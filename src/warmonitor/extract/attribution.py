"""Who says a sentence: "X said", "according to X", "X reported", and back-references.

For each sentence the attribution finder returns the source it is attributed
to, with the words that attribute it.  "The war monitor also added" and "it
said" point back to an organisation named earlier in the report; a generic
description ("a war monitoring group") is resolved to the one organisation of
that kind the report names anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from warmonitor.extract.organisations import OrganisationRegistry, descriptor_kind, guess_kind
from warmonitor.records import Source

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SPEECH_LEMMAS = frozenset(
    {
        "say",
        "report",
        "tell",
        "add",
        "state",
        "announce",
        "confirm",
        "document",
        "record",
        "estimate",
        "count",
        "note",
        "claim",
        "put",
        "write",
        "post",
        "tweet",
        "declare",
        "allege",
        "warn",
        "insist",
        "publish",
        "verify",
        "list",
    }
)
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
_RELATIVE = frozenset({"which", "who", "that"})
_DASHES = frozenset({"—", "–", "-", "--"})
PEOPLE_SOURCES = frozenset(
    {
        "resident",
        "witness",
        "medic",
        "doctor",
        "official",
        "activist",
        "source",
        "villager",
        "survivor",
        "relative",
        "journalist",
        "nurse",
        "paramedic",
        "spokesman",
        "spokesperson",
        "spokeswoman",
    }
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A sentence's source, the attributing words, and the source mention's offsets."""

    source: Source
    words: str
    start: int
    end: int


class AttributionFinder:
    """Attributions of one report's sentences, remembering sources across sentences."""

    def __init__(self, doc: Doc, registry: OrganisationRegistry) -> None:
        self.registry = registry
        self.named = [(s, e, src) for s, e, src in registry.find_in(doc.text)]
        self._last: Source | None = None

    def by_kind(self, kind: str) -> Source | None:
        """The organisation of that kind the report names most often (first on ties)."""
        counts: dict[str, int] = {}
        first: dict[str, Source] = {}
        for _, _, source in self.named:
            if source.kind == kind:
                counts[source.name] = counts.get(source.name, 0) + 1
                first.setdefault(source.name, source)
        if not counts:
            return None
        best = max(counts, key=lambda n: counts[n])
        return first[best]

    def for_sentence(self, sent: Span) -> Attribution | None:
        """The sentence's attribution, or None; pronouns resolve to the last source seen."""
        found = (
            self._according_to(sent)
            or self._speech_subject(sent)
            or self._organisation_subject(sent)
            or self._trailing_tag(sent)
        )
        if found is not None:
            self._last = found.source
        return found

    def relative_speaker(self, token: Token) -> Attribution | None:
        """ "..., the Syrian Network, which said it had documented 71 deaths": a figure
        inside a relative clause of speech belongs to the clause's antecedent, whoever
        the sentence is attributed to."""
        for verb in token.ancestors:
            if verb.dep_ != "relcl" or verb.lemma_ not in SPEECH_LEMMAS:
                continue
            if any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in verb.children):
                return self._resolve(verb.head, verb.text)
        return None

    def _trailing_tag(self, sent: Span) -> Attribution | None:
        """ "Clashes spread, toll passes 70 — monitor": a headline's source after a dash."""
        words = [t for t in sent if not t.is_space]
        spaced = [
            k for k, t in enumerate(words) if t.text in _DASHES and k and words[k - 1].whitespace_
        ]
        dash = max(spaced, default=-1)  # a spaced dash, not the hyphen of "pro-government"
        tail = words[dash + 1 :]
        if tail and tail[-1].is_punct:
            tail = tail[:-1]
        if dash < 1 or not 1 <= len(tail) <= 4 or not all(t.is_alpha for t in tail):
            return None
        head = tail[-1]
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        span = sent.doc[tail[0].i : head.i + 1]
        for s, e, source in self.named:
            if s < span.end_char and span.start_char < e:
                return Attribution(source, words[dash].text, s, e)
        kind = descriptor_kind(_core_text(span))
        known = self.by_kind(kind) if kind is not None else None
        if known is None:
            return None
        return Attribution(known, words[dash].text, span.start_char, span.end_char)

    def _according_to(self, sent: Span) -> Attribution | None:
        for token in sent:
            if token.lower_ == "according" and token.nbor(1).lower_ == "to":
                objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
                if objects:
                    return self._resolve(objects[0], "according to")
        return None

    def _speech_subject(self, sent: Span) -> Attribution | None:
        for token in sent:
            if token.lemma_ in SPEECH_LEMMAS and token.pos_ in ("VERB", "AUX"):
                subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
                if not subjects and token.dep_ == "conj":
                    # "The ministry rejected the figures and said ...": the subject is shared.
                    subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
                if not subjects and token.i > sent.start and token.tag_ in ("VBD", "VBZ", "VBP"):
                    # "... in western Syria, the Observatory said": the speaker right before
                    # the verb, hung elsewhere by the parser
                    before = token.doc[token.i - 1]
                    subjects = [before] if before.pos_ in ("NOUN", "PROPN") else []
                if not subjects:
                    continue
                # "Toll reaches 140, says war monitor": the speaker after the verb, however
                # the parser hung the words before it
                subjects.sort(key=lambda c: c.i < token.i)
                if token.dep_ == "relcl" or subjects[0].dep_ == "nsubjpass":
                    continue
                attribution = self._resolve(subjects[0], token.text)
                if attribution is not None:
                    return attribution
        return None

    def _organisation_subject(self, sent: Span) -> Attribution | None:
        """ "The Observatory lowered its toll to 574": a named organisation acting on a figure."""
        for token in sent:
            if token.pos_ != "VERB" or token.dep_ not in ("ROOT", "conj"):
                continue
            for subject in (c for c in token.children if c.dep_ == "nsubj"):
                span = _phrase(subject)
                for s, e, source in self.named:
                    if s < span.end_char and span.start_char < e:
                        return Attribution(source, token.text, s, e)
                last = self._last
                if (
                    subject.lower_ in ("it", "they")
                    and last is not None
                    and last.kind in ("monitor", "un", "ngo", "government")
                ):
                    return Attribution(last, token.text, subject.idx, subject.idx + len(subject))
                kind = descriptor_kind(_core_text(span))
                known = self.by_kind(kind) if kind is not None else None
                if known is not None:
                    return Attribution(known, token.text, span.start_char, span.end_char)
        return None

    def _resolve(self, head: Token, words: str) -> Attribution | None:
        span = _phrase(head)
        start, end = span.start_char, span.end_char
        for s, e, source in self.named:
            if s < end and start < e:
                return Attribution(source, words, s, e)
        if head.lower_ in PRONOUNS:
            if self._last is None:
                return None
            return Attribution(self._last, words, head.idx, head.idx + len(head.text))
        kind = descriptor_kind(_core_text(span))
        if kind is not None:
            known = self.by_kind(kind) or (
                self._last if self._last and self._last.kind == kind else None
            )
            if known is not None:
                return Attribution(known, words, start, end)
        if head.lemma_.lower() in PEOPLE_SOURCES:
            return Attribution(Source(_core_text(span), "person"), words, start, end)
        if head.ent_type_ == "PERSON":
            return Attribution(Source(_core_text(span), "person"), words, start, end)
        if head.ent_type_ in ("ORG", "NORP", "GPE") or head.pos_ == "PROPN":
            name = _core_text(span)
            return Attribution(Source(name, guess_kind(name)), words, start, end)
        if kind is not None:
            name = _core_text(span)
            return Attribution(Source(name, kind), words, start, end)
        return None


def _phrase(head: Token) -> Span:
    """The noun phrase under ``head`` without relative clauses or appositions after it."""
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("prep", "compound", "pobj", "amod") and child.dep_ != "relcl":
            if child.dep_ == "prep" and child.lower_ != "for" and child.lower_ != "of":
                break
            right = child.right_edge.i
        else:
            break
    return head.doc[left : right + 1]


def _core_text(span: Span) -> str:
    """The source's name as written, without article, possessive or a bracketed acronym."""
    words = [t for t in span if not (t.i == span.start and t.lower_ in ("the", "a", "an"))]
    text = " ".join(t.text for t in words).replace(" - ", "-")
    text = re.sub(r"\s+\(\s*[A-Z][\w.-]*\s*\)$", "", text)  # "Movement for X ( MSX )"
    # "Burkina Faso 's army" -> "Burkina Faso army": the possessive is not part of the name
    return re.sub(r"\s+['’]s\b", "", text).strip()
