"""The organisation registry: who counts and who speaks, with aliases and kinds.

A figure is attributed to a *source*: a monitor, a UN body, an NGO, a
government, an armed group, an outlet or a person.  The registry maps the names
reports use (Syrian Observatory for Human Rights = SOHR = the Observatory) to
one canonical name and kind.  Generic descriptions ("a war monitor", "the rights
group") are resolved within a report to the one organisation of that kind the
report names.  Users extend the registry with a JSON file
(``[{"name": ..., "kind": ..., "aliases": [...]}]``) or ``warmonitor sources alias``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from warmonitor.errors import InputError
from warmonitor.records import Source, SourceKind

# Facts about who publishes figures (CODEBOOKS.md, "Who counts in Syria", and well-known
# international bodies).  Aliases are matched case-insensitively on word boundaries.
DEFAULT_ORGANISATIONS: tuple[Source, ...] = (
    Source(
        "Syrian Observatory for Human Rights",
        "monitor",
        ("SOHR", "the Observatory", "Syrian Observatory", "Britain-based Observatory"),
        "SY",
    ),
    Source("Syrian Network for Human Rights", "ngo", ("SNHR", "Syrian Network"), "SY"),
    Source("Violations Documentation Center", "ngo", ("VDC",), "SY"),
    Source("Syrian Civil Defence", "ngo", ("White Helmets", "Syria Civil Defence"), "SY"),
    Source("SANA", "media", ("Syrian Arab News Agency", "state news agency SANA"), "SY"),
    Source(
        "UN human rights office",
        "un",
        (
            "OHCHR",
            "Office of the UN High Commissioner for Human Rights",
            "UN Human Rights Office",
            "United Nations human rights office",
            "UN rights office",
            "U.N. human rights office",
        ),
    ),
    Source(
        "OCHA",
        "un",
        (
            "UN humanitarian office",
            "UN Office for the Coordination of Humanitarian Affairs",
            "United Nations Office for the Coordination of Humanitarian Affairs",
        ),
    ),
    Source("UNHCR", "un", ("UN refugee agency", "United Nations refugee agency")),
    Source("UNICEF", "un", ("UN children's agency", "United Nations Children's Fund")),
    Source("World Health Organization", "un", ("WHO",)),
    Source("United Nations", "un", ("UN", "U.N.")),
    Source("ACLED", "monitor", ("Armed Conflict Location & Event Data",)),
    Source("Airwars", "monitor", ()),
    Source("Iraq Body Count", "monitor", ()),
    Source("Human Rights Watch", "ngo", ("HRW",)),
    Source("Amnesty International", "ngo", ("Amnesty",)),
    Source("International Committee of the Red Cross", "ngo", ("ICRC", "Red Cross")),
    Source("Doctors Without Borders", "ngo", ("MSF", "Médecins Sans Frontières")),
    Source(
        "State Emergency Service of Ukraine",
        "government",
        ("Ukraine's State Emergency Service", "Ukraine State Emergency Service", "DSNS"),
        "UA",
    ),
    Source("National News Agency", "media", ("NNA", "Lebanon's National News Agency"), "LB"),
    Source("Associated Press", "media", ("AP", "The Associated Press")),
    Source("Reuters", "media", ()),
    Source("Agence France-Presse", "media", ("AFP",)),
    Source("BBC", "media", ()),
    Source("Al Jazeera", "media", ()),
)

# Generic descriptions, by the kind they point to.
DESCRIPTORS: Mapping[str, SourceKind] = MappingProxyType(
    {
        "war monitor": "monitor",
        "war monitoring group": "monitor",
        "monitoring group": "monitor",
        "war observatory": "monitor",
        "monitor": "monitor",
        "observatory": "monitor",
        "rights group": "ngo",
        "rights network": "ngo",
        "network": "ngo",
        "human rights group": "ngo",
        "rights monitor": "ngo",
        "aid group": "ngo",
        "charity": "ngo",
        "ministry": "government",
        "government": "government",
        "authorities": "government",
        "army": "government",
        "military": "government",
        "police": "government",
        "un office": "un",
        "un agency": "un",
        "world body": "un",
    }
)

_KIND_WORDS: tuple[tuple[re.Pattern[str], SourceKind], ...] = (
    (
        re.compile(
            r"\b(ministry|ministries|government|army|military|police|governor|authorit)", re.I
        ),
        "government",
    ),
    (re.compile(r"\b(UN|U\.N\.|United Nations)\b"), "un"),
    (re.compile(r"\b(observatory|monitor)\b", re.I), "monitor"),
    (re.compile(r"\b(news agency|agency|television|TV|radio|newspaper)\b", re.I), "media"),
    (
        re.compile(
            r"\b(network|watch|amnesty|rights|council|committee|red crescent|charity)\b", re.I
        ),
        "ngo",
    ),
    (re.compile(r"\b(brigades?|front|army of|movement|militia|group)\b", re.I), "armed_group"),
)


def _key(name: str) -> str:
    name = re.sub(r"^(the|a|an)\s+", "", name.strip(), flags=re.I)
    return " ".join(re.sub(r"['’]s\b", "", name).casefold().split())


@dataclass(slots=True)
class OrganisationRegistry:
    """Canonical organisations by alias; extended by users, never global."""

    organisations: dict[str, Source] = field(default_factory=dict)
    _aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def default(cls) -> OrganisationRegistry:
        registry = cls()
        registry.extend(DEFAULT_ORGANISATIONS)
        return registry

    def extend(self, sources: Iterable[Source]) -> None:
        for source in sources:
            known = self.organisations.get(source.name)
            aliases = tuple(dict.fromkeys((*(known.aliases if known else ()), *source.aliases)))
            merged = Source(source.name, source.kind, aliases, source.country)
            self.organisations[source.name] = merged
            for alias in (source.name, *source.aliases):
                self._aliases[_key(alias)] = source.name

    def add_alias(self, name: str, alias: str, *, kind: SourceKind | None = None) -> Source:
        known = self.organisations.get(name)
        source = Source(name, kind or (known.kind if known else "unknown"), (alias,))
        self.extend([source])
        return self.organisations[name]

    def load_file(self, path: Path) -> int:
        """Add organisations from a JSON file; returns how many were read."""
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise InputError(str(path), f"cannot read organisations file: {e}") from e
        if not isinstance(items, list):
            raise InputError(str(path), "a JSON list of organisations is expected")
        sources = []
        for n, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise InputError(f"{path} item {n}", "each organisation needs a `name`")
            sources.append(
                Source(
                    item["name"],
                    item.get("kind", "unknown"),
                    tuple(item.get("aliases", ())),
                    item.get("country"),
                )
            )
        self.extend(sources)
        return len(sources)

    def lookup(self, mention: str) -> Source | None:
        """The organisation a name or alias means, if the registry knows it."""
        name = self._aliases.get(_key(mention))
        return self.organisations[name] if name else None

    def find_in(self, text: str) -> list[tuple[int, int, Source]]:
        """Every registry alias in ``text`` (longest first, not overlapping), with offsets."""
        found: list[tuple[int, int, Source]] = []
        taken: list[tuple[int, int]] = []
        for alias in sorted(self._alias_patterns(), key=len, reverse=True):
            flags = 0 if alias.isupper() or len(alias) <= 4 else re.I
            for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", text, flags):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                source = self.lookup(alias)
                if source is not None:
                    found.append((m.start(), m.end(), source))
                    taken.append((m.start(), m.end()))
        return sorted(found, key=lambda f: f[0])

    def _alias_patterns(self) -> list[str]:
        return [alias for s in self.organisations.values() for alias in (s.name, *s.aliases)]


def descriptor_kind(phrase: str) -> SourceKind | None:
    """The kind a generic description points to ("a war monitor" -> monitor)."""
    key = _key(phrase)
    key = re.sub(r"^(uk|britain|london)[- ]based\s+", "", key)
    if key in DESCRIPTORS:
        return DESCRIPTORS[key]
    for descriptor, kind in DESCRIPTORS.items():
        if key.endswith(" " + descriptor):
            return kind
    return None


def guess_kind(name: str) -> SourceKind:
    """The kind of an organisation the registry does not know, from its name."""
    for pattern, kind in _KIND_WORDS:
        if pattern.search(name):
            return kind
    return "unknown"


# A state body named without its state ("the interior ministry", "police", "security
# officials"), and a spokesperson named by the body they speak for.
_STATE_BODY = re.compile(
    r"^(?:the )?(?:(?:interior|defen[cs]e|health|foreign|information) ministry"
    r"|ministry of (?:the )?(?:interior|defen[cs]e|health)|army|military|police"
    r"|security (?:officials|forces|sources|services)|armed forces|government)$",
    re.I,
)
_SPOKESPERSON = re.compile(
    r"^(?:a |the )?(?P<body>.+?) spokes(?:man|woman|person)\b.*$"
    r"|^(?:a |the )?spokes(?:man|woman|person) for (?:the )?(?:local )?(?P<for>.+)$",
    re.I,
)


def qualified(source: Source, adjective: str | None) -> Source:
    """A source named as a report names it, made unambiguous across reports.

    "police spokesman Abdifatah Mohamed" speaks for the police; a state body named
    without its state ("the interior ministry") takes the report's country
    (``adjective``: "Syrian", or the country's name), so figures from two reports'
    "interior ministry" are known to come from one source or from two.
    """
    name = source.name.strip()
    spoke = _SPOKESPERSON.match(name)
    if spoke is not None:
        name = (spoke.group("body") or spoke.group("for") or name).strip()
    if adjective and _STATE_BODY.match(name):
        body = re.sub(r"^the ", "", name, flags=re.I).lower()  # generic words only
        name = f"{adjective} {body}"
    if name == source.name:
        return source
    kind = source.kind if source.kind != "person" else guess_kind(name)
    return Source(name=name, kind=kind, aliases=source.aliases, country=source.country)


_GENERIC_HEAD = re.compile(r"^(?:a |an |the )?(?:(?:local|same) )?(?P<head>[a-z]+)$")


def earlier_named(source: Source, earlier: Sequence[Source]) -> Source | None:
    """The source an unnamed reference means: "the ministry" (or "a ministry spokesman",
    already cut to "ministry") is the last source named before it whose name ends with
    that word ("Syrian interior ministry")."""
    match = _GENERIC_HEAD.match(source.name.strip().lower())
    if match is None:
        return None
    head = match.group("head")
    for full in reversed(earlier):
        words = full.name.lower().split()
        if len(words) > 1 and words[-1] == head:
            return full
    return None
