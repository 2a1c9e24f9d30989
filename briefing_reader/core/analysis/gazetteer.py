"""Domain vocabulary for the rule layers: countries, capitals, demonyms, titles, honorifics.

Countries, their other spellings, capitals and demonyms come from the countryinfo
package (MIT); the short curated lists below cover what briefing text needs and
general-purpose data lacks (other kinds of names are in ``name_lists``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

#: Everyday abbreviations countryinfo does not list, mapped to its country names.
EXTRA_COUNTRY_ALIASES = {
    "US": "United States",
    "U.S.": "United States",
    "U.S.A.": "United States",
    "USA": "United States",
    "America": "United States",
    "United States of America": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "ROK": "South Korea",
    "Republic of Korea": "South Korea",
    "DPRK": "North Korea",
    "PRC": "China",
    "People's Republic of China": "China",
    "Russian Federation": "Russia",
    "ROC": "Taiwan",
    "UAE": "United Arab Emirates",
}
#: countryinfo spellings that are ordinary words or too ambiguous to tag on sight.
AMBIGUOUS_PLACE_NAMES = frozenset(
    {
        "Georgia",
        "Jordan",
        "Chad",
        "Victoria",
        "Kingston",
        "Mali",
        "Niger",
        "Guinea",
        "Nice",
        "Reading",
        "Bath",
        "Man",
        "Lima",
        "Male",
        "Sucre",
        "Roseau",
        "Praia",
        "Apia",
        "Basseterre",
        "Castries",
        "Hamilton",
        "Plymouth",
    }
)

#: Capitalised roles. Kept apart from the person they precede.
_TITLE_DOMAINS = (
    "Defense",
    "Defence",
    "Foreign",
    "Finance",
    "Interior",
    "Home",
    "Trade",
    "Economy",
    "Justice",
    "Health",
    "Energy",
    "Education",
    "Environment",
    "Industry",
    "Labor",
    "Labour",
    "Transport",
    "Treasury",
    "Unification",
    "Cabinet",
    "Chief Cabinet",
    "Deputy Foreign",
    "Deputy Defense",
    "Vice Foreign",
    "Vice Defense",
    "State",
)
_STANDALONE_TITLES = (
    "President",
    "Vice President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Minister",
    "Secretary of State",
    "Secretary of Defense",
    "Secretary of Defence",
    "Secretary-General",
    "Secretary General",
    "Chancellor",
    "Professor",
    "Ambassador",
    "Senator",
    "Governor",
    "Mayor",
    "General",
    "Admiral",
    "Colonel",
    "Lieutenant General",
    "Major General",
    "Brigadier General",
    "Vice Admiral",
    "Rear Admiral",
    "Commander",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Chairman",
    "Chairwoman",
    "Director",
    "Director General",
    "Director-General",
    "Chief of Staff",
    "National Security Adviser",
    "National Security Advisor",
    "Press Secretary",
    "Foreign Secretary",
    "Home Secretary",
    "Defence Secretary",
    "Defense Secretary",
    "Chief Executive",
    "King",
    "Queen",
    "Emperor",
    "Crown Prince",
    "Supreme Leader",
    "Premier",
    "Speaker",
    "Lawmaker",
    "Sen.",
    "Rep.",
    "Gov.",
    "Gen.",
    "Adm.",
    "Lt.",
    "Col.",
    "Capt.",
    "Prof.",
)
#: Honorifics: dropped from person names, never entities themselves.
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame"})


@dataclass(slots=True)
class Gazetteer:
    """Names by label plus the alias table that maps spellings to one canonical name."""

    countries: dict[str, str] = field(default_factory=dict)  # spelling → canonical country
    capitals: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)


def _clean(name: str | None) -> str | None:
    if not name or "," in name or len(name) < 3 or not re.search(r"[A-Za-z]", name):
        return None
    if not name[0].isupper() or not name.isascii():
        return None
    return name


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Built once per process from countryinfo and the curated lists."""
    from countryinfo import all_countries

    gaz = Gazetteer()
    for country in all_countries():
        info = country.info()
        name = _clean(info.get("name"))
        if not name:
            continue
        gaz.countries[name] = name
        for written in info.get("altSpellings") or []:
            spelling = _clean(written)
            if spelling and spelling not in AMBIGUOUS_PLACE_NAMES and not spelling.isupper():
                gaz.countries.setdefault(spelling, name)
        capital = _clean(info.get("capital"))
        if capital and capital not in AMBIGUOUS_PLACE_NAMES:
            gaz.capitals.add(capital)
        demonym = _clean(info.get("demonym"))
        if demonym:
            gaz.demonyms.add(demonym)
            gaz.demonyms.add(demonym + "s")
    for alias, canonical in EXTRA_COUNTRY_ALIASES.items():
        gaz.countries[alias] = canonical
    titles = {f"{domain} {role}" for domain in _TITLE_DOMAINS for role in ("Minister", "Secretary")}
    titles.update(_STANDALONE_TITLES)
    gaz.titles = sorted(titles, key=len, reverse=True)
    return gaz


def canonical_country(name: str) -> str | None:
    """The canonical country for a spelling, or None when it is not a country."""
    return gazetteer().countries.get(name)
