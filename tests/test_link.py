"""Linking and toll reconciliation on hand-built mentions and claims (no model, no database)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime

from warmonitor.link.cluster import EventCluster, LinkSettings, MentionInput, cluster, event_id
from warmonitor.link.scope import clause, is_regional, names_town
from warmonitor.link.terms import addresses_of, rarity, streets_of, terms_of
from warmonitor.link.toll import ClaimInput, reconcile

BANIYAS = (35.18, 35.94, "Baniyas", "Tartus Governorate")
JABLEH = (35.36, 35.93, "Jableh", "Latakia Governorate")
DEIR = (35.33, 40.14, "Deir ez-Zor", "Deir ez-Zor Governorate")
WORDS = frozenset({"alawite", "baniyas", "gunmen", "sohr", "revenge", "coast"})


COAST = frozenset({"Latakia Governorate", "Tartus Governorate"})


def mention(
    key: str,
    place: tuple[float, float, str, str | None] | None,
    day: date | None,
    *,
    published: date | None = None,
    kind: str = "Violence against civilians",
    regional: bool = False,
    terms: frozenset[str] = WORDS,
    end: date | None = None,
    areas: frozenset[str] = frozenset(),
) -> MentionInput:
    lat, lon, name, admin1 = place if place else (None, None, None, None)
    return MentionInput(
        key=key,
        report_id=hash(key) % 1000,
        report_hash=f"h-{key}",
        event_type=kind,
        date_start=day,
        date_end=end or day,
        date_prec=1,
        published=published or day,
        lat=lat,
        lon=lon,
        place_name=name,
        admin1=admin1,
        country_code="SY",
        regional=regional,
        terms=terms,
        claim_keys=(f"c-{key}",),
        areas=areas,
    )


def groups(clusters: list[EventCluster]) -> set[frozenset[str]]:
    return {frozenset(m.key for m in c.mentions) for c in clusters}


def test_same_town_same_days_is_one_event_other_place_or_year_is_not() -> None:
    mentions = [
        mention("a", BANIYAS, date(2027, 3, 5)),
        mention("b", BANIYAS, date(2027, 3, 5), published=date(2027, 3, 7)),
        mention("c", JABLEH, date(2027, 3, 5), terms=frozenset({"jableh", "clashes", "port"})),
        mention("old", BANIYAS, date(2015, 5, 2)),
        mention("dez", DEIR, date(2027, 3, 5), kind="Explosions/Remote violence"),
    ]
    found = groups(cluster(mentions))
    assert frozenset({"a", "b"}) in found
    assert frozenset({"old"}) in found and frozenset({"dez"}) in found


def test_different_incidents_in_one_city_need_shared_words() -> None:
    one = mention("x", BANIYAS, date(2027, 3, 5), terms=frozenset({"market", "hamdan", "214"}))
    two = mention("y", BANIYAS, date(2027, 3, 5), terms=frozenset({"school", "qasim", "17th"}))
    assert len(cluster([one, two])) == 2


def test_one_shared_word_is_a_coincidence_and_an_account_with_no_words_joins() -> None:
    day = date(2027, 3, 5)
    one = mention("x", BANIYAS, day, terms=frozenset({"market", "hamdan", "hospital"}))
    two = mention("y", BANIYAS, day, terms=frozenset({"school", "qasim", "hospital"}))
    assert len(cluster([one, two])) == 2  # only "hospital" in common
    both = mention("z", BANIYAS, day, terms=frozenset({"market", "hamdan", "qasim"}))
    assert frozenset({"x", "z"}) in groups(cluster([one, both]))
    # Nothing but the town and the day: nothing tells it apart, so it joins.
    bare = mention("b", BANIYAS, day, terms=frozenset())
    assert frozenset({"x", "b"}) in groups(cluster([one, bare]))
    assert len(cluster([one, mention("b2", JABLEH, day, terms=frozenset())])) == 2


def test_terms_leave_out_the_accounts_own_place_and_page_furniture() -> None:
    text = (
        "Although police in Bāniyās said the gunman fled, Photo Gallery: Ahmad Qasim, 27, "
        "was shot near the Hamdan Market in Baniyas, Tartus Governorate, Syria."
    )
    terms = terms_of(text, places=["Bāniyās", "Tartus Governorate", "Syria"])
    assert {"ahmad", "qasim", "hamdan", "market"} <= terms
    assert not terms & {"although", "photo", "gallery", "baniyas", "tartus", "syria"}
    assert "baniyas" in terms_of(text)  # without places, the town is a word like any other


def test_a_day_known_exactly_must_match() -> None:
    one = mention("x", BANIYAS, date(2027, 3, 5))
    two = mention("y", BANIYAS, date(2027, 3, 6))
    undated = mention("z", BANIYAS, None, published=date(2027, 3, 7))
    found = groups(cluster([one, two, undated]))
    assert not any({"x", "y"} <= g for g in found)  # two days, two incidents
    assert len(found) == 2  # undated: any of the three days before publication


def test_street_addresses_decide_in_a_busy_city() -> None:
    day = date(2014, 1, 29)
    a = replace(mention("a", BANIYAS, day), address="2700 verbena st", terms=frozenset({"x"}))
    # The same address, placed in another town by the gazetteer: one incident.
    b = replace(mention("b", JABLEH, day), address="2700 verbena st", terms=frozenset({"y"}))
    # Same town and words, another address: another incident.
    c = replace(mention("c", BANIYAS, day), address="400 main st")
    # Same town and words, naming only other streets: another incident.
    d = replace(mention("d", BANIYAS, day), streets=frozenset({"elm st"}))
    e = replace(mention("e", BANIYAS, day), streets=frozenset({"oak ave"}))
    found = groups(cluster([a, b, c, d, e]))
    assert frozenset({"a", "b"}) in found
    assert not any({"d", "e"} <= g or {"c", "a"} <= g for g in found)


def test_addresses_and_rarity() -> None:
    text = "shot in the 2700 block of Verbena Street; 6215 N. Kindred St., near Elm Avenue"
    assert addresses_of(text) == ("2700 verbena st", "6200 n kindred st")
    assert set(streets_of(text)) == {"verbena st", "kindred st", "elm ave"}
    weights = rarity([frozenset({"city", "verbena"}), frozenset({"city"}), frozenset({"city"})])
    assert weights["verbena"] > weights["city"] > 0


def test_umbrella_holds_town_events_and_ids_are_order_independent() -> None:
    mentions = [
        mention(
            "coast1",
            (35.2, 36.0, "Latakia Governorate", None),
            date(2027, 3, 4),
            end=date(2027, 3, 8),
            regional=True,
            areas=COAST,
        ),
        mention(
            "coast2",
            (35.0, 35.9, "Tartus Governorate", None),
            date(2027, 3, 5),
            end=date(2027, 3, 9),
            regional=True,
        ),
        mention("a", BANIYAS, date(2027, 3, 5)),
        mention("b", BANIYAS, date(2027, 3, 5)),
        mention("dez", DEIR, date(2027, 3, 5)),
    ]
    first = cluster(mentions)
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        again = cluster(shuffled)
        assert [(c.id, c.parent_id, sorted(m.key for m in c.mentions)) for c in again] == [
            (c.id, c.parent_id, sorted(m.key for m in c.mentions)) for c in first
        ]
    umbrella = next(c for c in first if c.regional)
    town = next(c for c in first if any(m.key == "a" for m in c.mentions))
    dez = next(c for c in first if any(m.key == "dez" for m in c.mentions))
    assert town.parent_id == umbrella.id and umbrella.children == [town.id]
    assert dez.parent_id is None  # another province, outside the umbrella's area


def test_event_id_comes_from_the_earliest_claim() -> None:
    early = mention("a", BANIYAS, date(2027, 3, 5), published=date(2027, 3, 5))
    late = mention("b", BANIYAS, date(2027, 3, 5), published=date(2027, 3, 8))
    assert event_id([late, early]) == event_id([early]) != event_id([late])


def test_pinned_mention_follows_the_analyst() -> None:
    a = mention("a", BANIYAS, date(2027, 3, 5))
    b = mention("b", BANIYAS, date(2027, 3, 5))
    clusters = cluster([a, b], pinned={"b": "ev_analyst"})
    assert {c.id: sorted(m.key for m in c.mentions) for c in clusters}["ev_analyst"] == ["b"]


def test_blocking_settings_radius() -> None:
    a = mention("a", BANIYAS, date(2027, 3, 5))
    c = mention("c", JABLEH, date(2027, 3, 5))
    assert len(cluster([a, c], settings=LinkSettings(radius_km=25))) == 1
    assert len(cluster([a, c], settings=LinkSettings(radius_km=5))) == 2


def claim(
    cid: int,
    source: str,
    kind: str,
    day: int,
    best: int,
    *,
    low: int | None = None,
    high: int | None = -1,
    group: str = "total",
    verified: bool = False,
    duplicate: bool = False,
) -> ClaimInput:
    return ClaimInput(
        id=cid,
        outcome="killed",
        group=group,
        low=best if low is None else low,
        best=best,
        high=best if high == -1 else high,
        verified=verified,
        cumulative=True,
        source=source,
        source_kind=kind,
        time=datetime(2027, 3, day, 12, tzinfo=UTC),
        report_id=cid,
        report_url=None,
        duplicate=duplicate,
    )


def test_cumulative_figures_revise_and_copies_count_once() -> None:
    toll = reconcile(
        [
            claim(1, "SOHR", "monitor", 4, 41, high=None),
            claim(2, "SOHR", "monitor", 5, 121, high=None),
            claim(3, "SOHR", "monitor", 6, 310),
            claim(4, "GPA copy", "media", 6, 900, duplicate=True),
        ]
    )
    total = toll.figures["killed"]["total"]
    assert (total.low, total.best, total.high) == (310, 310, 310)
    assert len(toll.history) == 4 and toll.history[0].best == 41


def test_best_from_most_reliable_source_low_high_span_credible_verified_apart() -> None:
    toll = reconcile(
        [
            claim(1, "SOHR", "monitor", 6, 310),
            claim(2, "SNHR", "ngo", 6, 250),
            claim(3, "Rumour mill", "unknown", 6, 2000),
            claim(4, "UN human rights office", "un", 6, 57, verified=True),
            claim(5, "Ministry", "government", 7, 280),
        ]
    )
    total = toll.figures["killed"]["total"]
    assert total.best == 310 and total.low == 250 and total.high == 310
    assert total.verified == 57
    pairs = {frozenset(c.sources) for c in toll.contradictions if c.kind == "sources disagree"}
    assert frozenset({"SOHR", "SNHR"}) not in pairs  # 60 apart but within 25 %
    assert frozenset({"SOHR", "Rumour mill"}) in pairs


def test_open_ended_best_and_a_toll_that_goes_down() -> None:
    toll = reconcile(
        [
            claim(1, "SOHR", "monitor", 5, 121, low=121, high=None),
            claim(2, "SOHR", "monitor", 6, 101, low=101, high=None),
        ]
    )
    total = toll.figures["killed"]["total"]
    assert total.best == 101 and total.high is None
    (down,) = toll.contradictions
    assert down.kind == "toll went down" and down.values == (121, 101) and down.claims == (1, 2)


def test_groups_are_checked_against_the_total() -> None:
    toll = reconcile(
        [
            claim(1, "SOHR", "monitor", 6, 100),
            claim(2, "SOHR", "monitor", 6, 80, group="civilians"),
            claim(3, "SOHR", "monitor", 6, 40, group="state_forces"),
        ]
    )
    assert toll.checks and "120" in toll.checks[0]


def test_complete_linkage_does_not_chain_across_towns() -> None:
    # b sits between a and c (4 km from each, 8 km apart): single linkage would chain all three.
    a = mention("a", (35.00, 36.00, "Alpha", "X"), date(2027, 3, 5))
    b = mention("b", (35.036, 36.00, "Beta", "X"), date(2027, 3, 5))
    c = mention("c", (35.072, 36.00, "Gamma", "X"), date(2027, 3, 5))
    found = groups(cluster([a, b, c], settings=LinkSettings(radius_km=5)))
    assert frozenset({"a", "b", "c"}) not in found and len(found) == 2


def test_scope_cues() -> None:
    assert is_regional("152 civilians in Latakia and Tartus provinces since Thursday")
    assert is_regional("four days of violence on the Syrian coast")
    assert not is_regional("61 civilians were killed in the city of Baniyas on Friday")
    assert not is_regional("clashes in the coastal city of Jableh, in Latakia province")
    assert names_town("clashes in Jableh on Thursday", "Jablah")
    assert not names_town("killed in Latakia and Tartus provinces", "Latakia")
    sentence = "Violence spread to Baniyas on Friday, and 120 were killed across the coast."
    assert clause(sentence, 0, 8) == "Violence spread to Baniyas on Friday, and "
    assert is_regional(clause(sentence, sentence.index("120"), sentence.index("120") + 3))


def test_ucdp_columns_sides_and_foreign_forces() -> None:
    from warmonitor.link.toll import ucdp_columns

    def fig(low: int, best: int, high: int | None) -> dict[str, int | None]:
        return {"low": low, "best": best, "high": high, "verified": None}

    toll = {
        "killed": {
            "state_forces": fig(10, 12, 14),
            "armed_groups": fig(20, 20, 20),
            "civilians": fig(30, 33, None),
            "foreign_forces": fig(2, 2, 2),
        },
        "injured": {"total": fig(50, 50, 50)},
    }
    cols = ucdp_columns(toll)
    assert (cols["deaths_a"], cols["deaths_b"], cols["deaths_civilians"]) == (12, 20, 33)
    assert cols["deaths_unknown"] == 2  # the side foreign forces fight for is not known
    assert (cols["low"], cols["best"], cols["high"]) == (62, 67, None)  # no total: the sum
    assert ucdp_columns(toll, foreign_side="a")["deaths_a"] == 14
    assert ucdp_columns(toll, foreign_side="b")["deaths_unknown"] is None
    toll["killed"]["total"] = fig(70, 75, 80)
    assert (ucdp_columns(toll)["best"], ucdp_columns(toll)["high"]) == (75, 80)
    assert ucdp_columns({})["best"] is None


def test_per_day_counts_each_event_once_on_its_first_day() -> None:
    from warmonitor.store.events import count_per_day

    def summary(day: str | None, best: int | None) -> dict[str, object]:
        return {"date_start": day, "ucdp": {"best": best}}

    days = count_per_day(
        [
            summary("2027-03-05", 120),
            summary("2027-03-05", None),
            summary("2027-03-04", 30),
            summary(None, 7),
        ]
    )
    assert [d["date"] for d in days] == ["2027-03-04", "2027-03-05", "undated"]
    assert days[1] == {"date": "2027-03-05", "events": 2, "deaths": 120, "events_with_deaths": 1}
    assert days[2]["deaths"] == 7
