"""Domain vocabulary for the rule layers: countries, titles, equipment, agreements, bodies.

Countries, their other spellings, capitals and demonyms come from the countryinfo
package (MIT); the short curated lists below cover what briefing text needs and
general-purpose data lacks.
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

#: Military equipment named without a pattern to recognise it by.
EQUIPMENT_NAMES = (
    "Osprey",
    "Ospreys",
    "HIMARS",
    "THAAD",
    "Aegis",
    "Aegis Ashore",
    "Patriot missile",
    "Patriot missiles",
    "Patriot system",
    "Tomahawk",
    "Tomahawks",
    "Javelin",
    "Javelins",
    "Stinger",
    "Stingers",
    "ATACMS",
    "Reaper",
    "Global Hawk",
    "Black Hawk",
    "Apache",
    "Chinook",
    "Abrams",
    "Leopard 2",
    "Bradley",
    "Storm Shadow",
    "Iskander",
    "Kinzhal",
    "Shahed",
    "Harpoon",
    "Hellfire",
    "Trident",
    "Minuteman III",
    "Sentinel",
    "Typhoon fighter",
    "Eurofighter",
    "Rafale",
    "Gripen",
    "Kalibr",
    "Bayraktar",
    "Hwasong",
    "Dongfeng",
    "Zircon",
    "Sarmat",
    "Poseidon",
    "Nimitz",
    "Ford-class",
    "Virginia-class",
    "Arleigh Burke",
    "IED",
    "IEDs",
    "VBIED",
    "VBIEDs",
    "MANPADS",
    "UAV",
    "UAVs",
)
#: Designations such as F-35, MQ-9, S-400, Su-35, DF-41, KN-23 (not G-7 or COVID-19).
#: Prefixes navies put before a ship's name ("USS Mahan", "HMS Ocean", "FS Forbin").
SHIP_PREFIXES = (
    "USS", "USNS", "HMS", "HMCS", "HMAS", "HMNZS", "FS", "INS", "ROKS", "HNLMS", "RFS",
)  # fmt: skip

EQUIPMENT_DESIGNATION = (
    r"^(?!G-\d|COVID|H\d?N\d|WHO|B-\d{3,}$)[A-Z][A-Za-z]{0,3}-\d{1,3}[A-Z]{0,2}$"
)

#: Agreements known by their acronym or short name.
AGREEMENT_NAMES = (
    "GSOMIA",
    "AUKUS",
    "JCPOA",
    "NPT",
    "CTBT",
    "New START",
    "SOFA",
    "RCEP",
    "CPTPP",
    "TPP",
    "NAFTA",
    "USMCA",
    "Paris Agreement",
    "Good Friday Agreement",
    "Minsk agreements",
    "Camp David Accords",
    "Oslo Accords",
    "Abraham Accords",
)
AGREEMENT_HEADS = (
    "Treaty",
    "Agreement",
    "Accord",
    "Accords",
    "Pact",
    "Convention",
    "Protocol",
    "Charter",
    "Act",
)

#: Armed and militant groups, which the small model labels as nationalities or places.
ARMED_GROUPS = (
    "ISIL",
    "ISIS",
    "Daesh",
    "DAESH",
    "Da'esh",
    "Da’esh",
    "Islamic State",
    "Islamic State of Iraq and the Levant",
    "Islamic State of Iraq and Syria",
    "Islamic State of Iraq and al-Sham",
    "al-Qaeda",
    "al-Qaida",
    "Al-Qaeda",
    "Al Qaeda",
    "Taliban",
    "Hezbollah",
    "Hizballah",
    "Hamas",
    "al-Shabaab",
    "Al-Shabaab",
    "Boko Haram",
    "PKK",
    "YPG",
    "SDF",
    "Syrian Democratic Forces",
    "Free Syrian Army",
    "Nusra Front",
    "Jabhat al-Nusra",
    "Hayat Tahrir al-Sham",
    "HTS",
    "Wagner Group",
    "Lashkar-e-Taiba",
    "Jaish-e-Mohammed",
    "Houthis",
    "Houthi rebels",
    "Coalition",
    "Global Coalition",
    "Coalition forces",
)
#: Regions the small model merges into neighbouring names ("Middle East Tobias Ellwood").
REGIONS = (
    "Middle East",
    "Near East",
    "Far East",
    "Persian Gulf",
    "Gulf",
    "Indo-Pacific",
    "Asia-Pacific",
    "Horn of Africa",
    "Sahel",
    "Balkans",
    "Caucasus",
    "Levant",
    "Korean Peninsula",
    "South China Sea",
    "East China Sea",
    "Taiwan Strait",
    "Black Sea",
    "Baltic",
    "Arctic",
    "North Africa",
    "West Africa",
    "East Africa",
    "Central Asia",
    "South Asia",
    "Southeast Asia",
    "Eastern Europe",
    "Western Europe",
    "Latin America",
)

#: Bodies the small model mislabels in this domain.
ORG_NAMES = (
    "Ground Self-Defense Force",
    "Maritime Self-Defense Force",
    "Air Self-Defense Force",
    "Self-Defense Forces",
    "Japan Self-Defense Forces",
    "Pentagon",
    "NATO",
    "Joint Chiefs of Staff",
    "People's Liberation Army",
    "Indo-Pacific Command",
    "Pacific Command",
    "U.S. Forces Japan",
    "US Forces Japan",
    "U.S. Forces Korea",
    "US Forces Korea",
    "Marine Corps",
    "Coast Guard",
    "Space Force",
    "Air Force",
    "Navy",
    "Army",
    "Kremlin",
    "White House",
    "State Department",
    "Defense Ministry",
    "Foreign Ministry",
    "Defence Ministry",
    "Ministry of Defense",
    "Ministry of Defence",
    "Ministry of Foreign Affairs",
    "Department of Defense",
    "Department of State",
    "National Security Council",
    "United Nations",
    "UN Security Council",
    "European Union",
    "ASEAN",
    "Quad",
)
ORG_HEADS = (
    "Ministry",
    "Department",
    "Agency",
    "Command",
    "Forces",
    "Force",
    "Council",
    "Institute",
    "University",
    "Center",
    "Centre",
    "Commission",
    "Committee",
)

#: Last words of a built place's name: a facility is somewhere to be, not a body that acts
#: ("Tiyas Military Airfield", "the Ishtar Gate").
FACILITY_HEADS = frozenset(
    {"Airfield", "Airport", "Airbase", "Gate", "Bridge", "Square", "Palace", "Mosque",
     "Cathedral", "Dam", "Stadium"}
)  # fmt: skip

#: Single words that are never entities by themselves (the model tags "Defense" as ORG).
NOT_ALONE = frozenset(
    {
        "Defense",
        "Defence",
        "State",
        "Foreign",
        "Interior",
        "Finance",
        "Ministry",
        "Department",
        "Government",
        "Minister",
        "Secretary",
        "President",
        "Professor",
        "Director",
        "Commander",
        "Source",
        "Sources",
        "Recently",
        "Regarding",
        "However",
        "Meanwhile",
        "Therefore",
    }
)


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
