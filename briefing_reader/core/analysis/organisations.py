"""Names and words that make a name an organisation's, or keep it from being a person's.

The statistical model reads "Twitter said" or "Labour won" as people, splits "US Navy" into
a country and a generic word, and misses "Ritsumeikan Asia-Pacific University". These
lists are the words such rules look for (heads of organisations' names, kinds of
organisation, national institutions) and the widely cited platforms, outlets, parties,
leagues and awards that are never people. They name kinds of things, not the benchmark's
entities: a rule that needs a list of particular organisations is the wrong rule.
"""

from __future__ import annotations

#: Institutions every state has: with a country or nationality before them they are one
#: organisation ("US Navy", "British Army", "Chinese Foreign Ministry"), not a place and
#: a generic word.
NATIONAL_INSTITUTIONS = (
    "Navy",
    "Army",
    "Air Force",
    "Marine Corps",
    "Marines",
    "Coast Guard",
    "Space Force",
    "Special Forces",
    "Armed Forces",
    "Foreign Ministry",
    "Defense Ministry",
    "Defence Ministry",
    "Interior Ministry",
    "Finance Ministry",
    "Justice Ministry",
    "Trade Ministry",
    "State Department",
    "Justice Department",
    "Treasury Department",
    "Defense Department",
    "Embassy",
    "Parliament",
    "Senate",
    "Congress",
    "Supreme Court",
    "Central Bank",
    "Government",
    "Police",
    "Border Police",
    "Intelligence Service",
    "Secret Service",
    "Military",
)

#: Last words that make a run of proper nouns an organisation's name ("Ritsumeikan
#: Asia-Pacific University", "Eurasia Group", "Washington Post"). Words that also end
#: places ("Union" of "Soviet Union", "Office" of "Oval Office") are left out.
ORG_NAME_HEADS = (
    "University",
    "Institute",
    "Institution",
    "College",
    "Academy",
    "Ministry",
    "Agency",
    "Commission",
    "Committee",
    "Council",
    "Bureau",
    "Authority",
    "Administration",
    "Corporation",
    "Corp",
    "Corp.",
    "Company",
    "Co.",
    "Inc.",
    "Ltd",
    "Ltd.",
    "Plc",
    "PLC",
    "Group",
    "Bank",
    "Fund",
    "Foundation",
    "Association",
    "Federation",
    "Confederation",
    "Party",
    "Organization",
    "Organisation",
    "Court",
    "Tribunal",
    "Parliament",
    "Department",
    "Service",
    "Police",
    "Guard",
    "Corps",
    "Command",
    "Society",
    "Trust",
    "Board",
    "Network",
    "Times",
    "Post",
    "Journal",
    "News",
    "Herald",
    "Tribune",
    "Gazette",
    "Telegraph",
    "Club",
    "League",
    "Airlines",
    "Airways",
)

#: Heads that take "of" and a proper name after them ("University of Tokyo", "Bank of
#: England", "Court of Justice").
ORG_OF_HEADS = (
    "University",
    "Institute",
    "Academy",
    "College",
    "Bank",
    "Ministry",
    "Department",
    "Council",
    "Court",
    "Commission",
    "Federation",
    "Association",
    "Organization",
    "Organisation",
    "Office",
    "Bureau",
    "Agency",
    "Church",
    "Chamber",
    "House",
)

#: Social platforms, wire services and widely cited outlets: organisations the small model
#: often reads as people ("Twitter said", "told Politico").
MEDIA_NAMES = (
    "Twitter", "Facebook", "YouTube", "Instagram", "Snapchat", "Reddit", "WhatsApp",
    "TikTok", "LinkedIn", "Tumblr", "Wikipedia", "WikiLeaks", "Google", "Reuters",
    "Associated Press", "Bloomberg", "Politico", "Breitbart", "Breitbart News", "Axios",
    "BuzzFeed", "HuffPost", "Huffington Post", "Drudge Report", "Infowars", "Daily Mail",
    "Daily Caller", "Daily Beast", "Mediaite", "Salon", "Slate", "Vox", "The Hill",
    "Fox News", "MSNBC", "CNN", "CNBC", "NPR", "PBS", "BBC", "ITV", "Sky News", "Al Jazeera",
    "Xinhua", "Kyodo", "Yonhap", "Interfax", "TASS", "RIA Novosti", "Sputnik",
)  # fmt: skip

#: Political parties and their short names ("Labour", "Lib Dems", "GOP").
PARTY_NAMES = (
    "Labour", "Labour Party", "Conservative Party", "Conservatives", "Tories", "Lib Dems",
    "Lib Dem", "Liberal Democrats", "UKIP", "SNP", "Plaid Cymru", "Green Party", "DUP",
    "Sinn Fein", "GOP", "Democratic Party", "Republican Party", "Democratic National Committee",
    "Republican National Committee", "Liberal Party", "Communist Party", "Kuomintang", "LDP",
    "Liberal Democratic Party", "Bharatiya Janata Party", "BJP", "Congress Party", "ANC",
)  # fmt: skip

#: Short names of parties that everyone writes for the full one.
PARTY_ALIASES = {
    "Lib Dems": "Liberal Democrats",
    "Lib Dem": "Liberal Democrats",
    "Tories": "Conservative Party",
    "Conservatives": "Conservative Party",
    "Labour Party": "Labour",
    "GOP": "Republican Party",
    "Democratic National Committee": "Democratic National Committee",
}

#: Awards and tournaments: named events, never people ("Oscar", "Premiership").
EVENT_NAMES = (
    "Oscar", "Oscars", "Academy Award", "Academy Awards", "Golden Globe", "Golden Globes",
    "Grammy", "Grammys", "Emmy", "Emmys", "Bafta", "Baftas", "Brit Awards", "Tony Awards",
    "Pulitzer Prize", "Nobel Prize", "Nobel Peace Prize", "Booker Prize", "World Cup",
    "Super Bowl", "Olympics", "Olympic Games", "Six Nations", "Wimbledon", "Tour de France",
)  # fmt: skip

#: Leagues: organisations, never people.
LEAGUE_NAMES = (
    "Premiership", "Premier League", "Champions League", "Europa League", "Football League",
    "Serie A", "La Liga", "Bundesliga", "NFL", "NBA", "MLB", "NHL", "FIFA", "UEFA", "IOC",
)  # fmt: skip

#: Last words of sports clubs' names ("Manchester United", "Leeds Rovers").
CLUB_WORDS = frozenset(
    {"United", "City", "Rovers", "Athletic", "Wanderers", "Albion", "Hotspur", "Villa", "FC",
     "Rangers", "Celtic", "Argyle", "Wednesday", "Forest", "Palace", "Orient", "Saracens",
     "Harlequins", "Wasps", "Tigers"}
)  # fmt: skip

#: Common nouns that name what kind of organisation follows ("oil giant Yukos", "website
#: Politico", "club Chelsea").
ORG_KIND_NOUNS = frozenset(
    {"firm", "company", "group", "giant", "maker", "carmaker", "automaker", "bank", "lender",
     "club", "side", "team", "party", "newspaper", "paper", "daily", "tabloid", "magazine",
     "website", "site", "outlet", "network", "broadcaster", "channel", "agency", "airline",
     "carrier", "retailer", "insurer", "startup", "platform", "conglomerate", "producer",
     "studio", "label", "publisher", "operator", "supplier", "manufacturer", "watchdog",
     "regulator", "charity", "organisation", "organization", "union", "think-tank"}
)  # fmt: skip
