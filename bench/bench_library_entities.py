"""Library-scale entity identity over all of news-4k: are the top entities distinct, real ones?

    .venv/bin/python bench/bench_library_entities.py [--library DIR] [--runs 3] [--json PATH]

Imports the 4,258 news-4k articles with analysis into ``--library`` (kept there, so later
runs reuse it; a temporary folder without the option), holding five articles back. Then:

- **Top entities.** The top 100 PERSON entities by document count (what the People facet
  and ``entities --label PERSON`` show) and the top 50 ORG and GPE, each judged by the
  lists below, written once by reading the output: a real, distinct entity; not one of
  that label; or a second entry for an entity above it. A name missing from the lists is
  reported as unjudged, so the lists grow with the output and never pass silently.
- **Wrong merges.** Names the library joined to a top-100 person that are someone else:
  judged by ``WRONG_JOINS``, and flagged automatically when a joined full name has another
  first name than the entity's.
- **Cost.** Linking the whole library (``EntityStore.relink``), medians over ``--runs``,
  next to a bare scan of the mentions it reads in the same run; then the five held-back
  articles are imported and the documents their linking touched are counted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-4k"
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import write_corpus  # noqa: E402

from briefing_reader.app.entities import list_entities  # noqa: E402
from briefing_reader.app.importing import import_paths  # noqa: E402
from briefing_reader.core.analysis.identity import spelling_key  # noqa: E402
from briefing_reader.core.library import Library  # noqa: E402

HELD_BACK = 5

REAL, NOT, SECOND = "real", "not", "second"

#: Judgements of names seen in the top lists: REAL, NOT (not of that label), SECOND (a
#: second entry for an entity above it). Written by reading the output, kept for reruns.
# Judged 2026-12-01 from the output of this benchmark (every name read in its documents
# where in doubt): "Harry Potter" is a fictional character; the second ORG entries are the
# same body as one above ("House", "U.S. Senate" for the Senate, "Fox" for Fox News,
# "Federal Bureau of Investigation" for the FBI, "Times" for the New York Times or The
# Times); "Obamacare" is a law, "Oval Office" and "Capitol Hill" places, "GMT" a time zone;
# "Don" is no place, and "D.C." is Washington.
PERSON_JUDGED: dict[str, str] = {
    "Donald Trump": REAL,
    "Barack Obama": REAL,
    "Hillary Clinton": REAL,
    "Robert Mueller": REAL,
    "Tony Blair": REAL,
    "Vladimir Putin": REAL,
    "James Comey": REAL,
    "Paul Manafort": REAL,
    "Mitch McConnell": REAL,
    "Jeff Sessions": REAL,
    "Roy Moore": REAL,
    "Michael Howard": REAL,
    "Gordon Brown": REAL,
    "Jared Kushner": REAL,
    "Mike Pence": REAL,
    "John McCain": REAL,
    "George W. Bush": REAL,
    "Paul Ryan": REAL,
    "Michael Flynn": REAL,
    "Sarah Sanders": REAL,
    "Donald Trump Jr.": REAL,
    "Rex Tillerson": REAL,
    "Doug Jones": REAL,
    "Chuck Schumer": REAL,
    "Bob Corker": REAL,
    "Susan Collins": REAL,
    "Sean Spicer": REAL,
    "Nancy Pelosi": REAL,
    "Charles Kennedy": REAL,
    "Steve Bannon": REAL,
    "John Kelly": REAL,
    "Bill Clinton": REAL,
    "George Papadopoulos": REAL,
    "Kim Jong Un": REAL,
    "Rick Gates": REAL,
    "Al Franken": REAL,
    "Xi Jinping": REAL,
    "Kellyanne Conway": REAL,
    "Sean Hannity": REAL,
    "Andy Robinson": REAL,
    "Orrin Hatch": REAL,
    "Jeff Flake": REAL,
    "Mick Mulvaney": REAL,
    "Bernie Sanders": REAL,
    "Ronald Reagan": REAL,
    "John Cornyn": REAL,
    "Lindsey Graham": REAL,
    "Jack Straw": REAL,
    "Alan Milburn": REAL,
    "Richard Nixon": REAL,
    "David Blunkett": REAL,
    "Charles Clarke": REAL,
    "Lisa Murkowski": REAL,
    "Anthony Scaramucci": REAL,
    "John Conyers": REAL,
    "Ted Cruz": REAL,
    "Alex Ferguson": REAL,
    "Elizabeth Warren": REAL,
    "Kevin Brady": REAL,
    "Reince Priebus": REAL,
    "Oliver Letwin": REAL,
    "Heather Heyer": REAL,
    "Chuck Grassley": REAL,
    "Martin Scorsese": REAL,
    "Marco Rubio": REAL,
    "Mika Brzezinski": REAL,
    "Rod Rosenstein": REAL,
    "Rand Paul": REAL,
    "Andy Roddick": REAL,
    "Jonny Wilkinson": REAL,
    "Clive Woodward": REAL,
    "Kelly Holmes": REAL,
    "Dianne Feinstein": REAL,
    "Richard Cordray": REAL,
    "Brian O'Driscoll": REAL,
    "Harry Potter": NOT,
    "Charlie Hodgson": REAL,
    "Luther Strange": REAL,
    "Theresa May": REAL,
    "David Davis": REAL,
    "Mark Oaten": REAL,
    "Jose Mourinho": REAL,
    "Roger Federer": REAL,
    "Mikhail Khodorkovsky": REAL,
    "Imelda Staunton": REAL,
    "Ron Johnson": REAL,
    "Ray Charles": REAL,
    "Joe Scarborough": REAL,
    "Lleyton Hewitt": REAL,
    "John Prescott": REAL,
    "Sergei Kislyak": REAL,
    "Mike Ruddock": REAL,
    "Kate Winslet": REAL,
    "Justin Trudeau": REAL,
    "Katerina Thanou": REAL,
    "Liam Fox": REAL,
    "Steve Scalise": REAL,
    "Adam Schiff": REAL,
    "Leonardo DiCaprio": REAL,
    "Jason Gardener": REAL,
}
ORG_JUDGED: dict[str, str] = {
    "Reuters": REAL,
    "White House": REAL,
    "Twitter": REAL,
    "Senate": REAL,
    "Congress": REAL,
    "BBC": REAL,
    "House": SECOND,
    "Republican Party": REAL,
    "FBI": REAL,
    "Labour": REAL,
    "CNN": REAL,
    "Conservative Party": REAL,
    "Fox News": REAL,
    "House of Representatives": REAL,
    "U.S. Senate": SECOND,
    "New York Times": REAL,
    "BBC News": REAL,
    "Washington Post": REAL,
    "Justice Department": REAL,
    "Liberal Democrats": REAL,
    "European Union": REAL,
    "Facebook": REAL,
    "Russian government": REAL,
    "Kremlin": REAL,
    "U.S. House of Representatives": SECOND,
    "MSNBC": REAL,
    "United Nations": REAL,
    "NBC": REAL,
    "Obamacare": NOT,
    "Supreme Court": REAL,
    "Microsoft": REAL,
    "Chelsea": REAL,
    "Premiership": REAL,
    "Google": REAL,
    "U.S. Congress": SECOND,
    "Fox": SECOND,
    "Cabinet": REAL,
    "Oval Office": NOT,
    "State Department": REAL,
    "Parliament": REAL,
    "Politico": REAL,
    "GMT": NOT,
    "Sony": REAL,
    "NFL": REAL,
    "Treasury": REAL,
    "Federal Bureau of Investigation": SECOND,
    "Capitol Hill": NOT,
    "Congressional Budget Office": REAL,
    "Apple": REAL,
    "Times": SECOND,
}
GPE_JUDGED: dict[str, str] = {
    "United States": REAL,
    "United Kingdom": REAL,
    "Washington": REAL,
    "Russia": REAL,
    "London": REAL,
    "New York": REAL,
    "England": REAL,
    "France": REAL,
    "China": REAL,
    "Texas": REAL,
    "Virginia": REAL,
    "Florida": REAL,
    "North Korea": REAL,
    "California": REAL,
    "Germany": REAL,
    "Wales": REAL,
    "Japan": REAL,
    "Scotland": REAL,
    "Alabama": REAL,
    "Ireland": REAL,
    "Moscow": REAL,
    "Australia": REAL,
    "Hollywood": REAL,
    "Paris": REAL,
    "Italy": REAL,
    "Iraq": REAL,
    "New Jersey": REAL,
    "India": REAL,
    "Charlottesville": REAL,
    "Israel": REAL,
    "Ukraine": REAL,
    "Arizona": REAL,
    "Los Angeles": REAL,
    "Iran": REAL,
    "Chicago": REAL,
    "Canada": REAL,
    "Mexico": REAL,
    "South Korea": REAL,
    "Beijing": REAL,
    "Birmingham": REAL,
    "Puerto Rico": REAL,
    "Newcastle": REAL,
    "Don": NOT,
    "D.C.": SECOND,
    "Spain": REAL,
    "Syria": REAL,
    "Athens": REAL,
    "South Africa": REAL,
    "Madrid": REAL,
    "New Zealand": REAL,
}
#: (entity, joined name) pairs that are two different people made one.
WRONG_JOINS: set[tuple[str, str]] = set()


def build(library_dir: Path, data: Path) -> list[Path]:
    """Import all but the last articles with analysis (once); return the held-back files."""
    corpus = library_dir.parent / (library_dir.name + "-corpus")
    if not corpus.exists():
        corpus.mkdir(parents=True)
        write_corpus(data, corpus)
    files = sorted(corpus.glob("*.txt"), key=lambda p: p.name)
    held = files[-HELD_BACK:]
    if not (library_dir / "library.sqlite3").exists():
        with Library.open(library_dir) as library:
            start = time.perf_counter()
            result = import_paths(library, files[:-HELD_BACK])
            print(
                f"imported {len(result.imported)} articles with analysis in "
                f"{time.perf_counter() - start:.0f} s"
            )
    return held


def judge(entities: list, judged: dict[str, str], top: int) -> dict[str, object]:
    rows = []
    for entity in entities[:top]:
        rows.append(
            {
                "name": entity.canonical,
                "documents": len(entity.documents),
                "judged": judged.get(entity.canonical, "unjudged"),
                "joined": [name for _, name, _, _ in entity.joined],
            }
        )
    count = {kind: sum(r["judged"] == kind for r in rows) for kind in (REAL, NOT, SECOND)}
    unjudged = [r["name"] for r in rows if r["judged"] == "unjudged"]
    return {"rows": rows, **count, "unjudged": unjudged, "share_real": count[REAL] / len(rows)}


def wrong_merges(entities: list) -> list[tuple[str, str, str]]:
    """(entity, joined name, why) for top-100 people joined with someone else."""
    out = []
    for entity in entities:
        first = spelling_key(entity.canonical).split()[0]
        for _, name, _, _ in entity.joined:
            if (entity.canonical, name) in WRONG_JOINS:
                out.append((entity.canonical, name, "judged"))
            elif " " in name and spelling_key(name).split()[0] != first:
                out.append((entity.canonical, name, "another first name"))
    return out


def bare_scan(library: Library) -> None:
    """The floor: read every mention linking reads, nothing decided."""
    list(
        library.store.connection.execute(
            "SELECT document_id, start_offset, end_offset, text, label, canonical FROM mentions"
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--library", type=Path, help="build here once and reuse")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    temporary = None
    if args.library is None:
        temporary = Path(tempfile.mkdtemp(prefix="bench-identity-"))
        args.library = temporary / "library"
    try:
        held = build(args.library, args.data)
        work = args.library.parent / (args.library.name + "-work")
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(args.library, work)
        report = measure(work, held, args.runs)
        shutil.rmtree(work, ignore_errors=True)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def measure(folder: Path, held: list[Path], runs: int) -> dict[str, object]:
    report: dict[str, object] = {}
    with Library.open(folder) as library:
        docs = library.store.count()
        link_times, scan_times = [], []
        for _ in range(runs):
            start = time.perf_counter()
            bare_scan(library)
            scan_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            changed = library.entities.relink().changed
            link_times.append(time.perf_counter() - start)
        print(f"\nLibrary: {docs} documents")
        print(
            f"link the whole library: {statistics.median(link_times):.2f} s "
            f"(bare scan of its mentions {statistics.median(scan_times):.2f} s; "
            f"{len(changed)} documents changed on the last run)"
        )
        people = list_entities(library, label="PERSON", limit=100)
        orgs = list_entities(library, label="ORG", limit=50)
        places = list_entities(library, label="GPE", limit=50)
        tops = {
            "PERSON": judge(people, PERSON_JUDGED, 100),
            "ORG": judge(orgs, ORG_JUDGED, 50),
            "GPE": judge(places, GPE_JUDGED, 50),
        }
        wrong = wrong_merges(people)
        before = {doc_id: library.entities.mentions(doc_id) for doc_id in library.store.all_ids()}
        start = time.perf_counter()
        result = import_paths(library, held)
        incremental = time.perf_counter() - start
        changed_elsewhere = [
            doc_id for doc_id, mentions in before.items()
            if library.entities.mentions(doc_id) != mentions
        ]  # fmt: skip
        start = time.perf_counter()
        touched = library.entities.relink(result.imported)
        relink_new = time.perf_counter() - start
        # the incremental decision must be the one a full pass makes
        full_after = library.entities.relink().changed
        report.update(
            docs=docs,
            link_seconds=statistics.median(link_times),
            scan_seconds=statistics.median(scan_times),
            tops=tops,
            wrong_merges=wrong,
            incremental={
                "files": len(held),
                "import_seconds": incremental,
                "relink_seconds": relink_new,
                "documents_decided": touched.documents_decided,
                "changed_elsewhere": len(changed_elsewhere),
                "full_pass_would_change": len(full_after),
                "names_decided": touched.names_decided,
            },
        )
    for label, top in tops.items():
        rows = top["rows"]
        print(
            f"\nTop {len(rows)} {label}: {top[REAL]} distinct real ({100 * top['share_real']:.0f} %), "
            f"{top[NOT]} not {label}, {top[SECOND]} second entries, {len(top['unjudged'])} unjudged"
        )
        for i, row in enumerate(rows, 1):
            mark = {REAL: " ", NOT: "x", SECOND: "2"}.get(row["judged"], "?")
            joined = f"  + {', '.join(row['joined'][:4])}" if row["joined"] else ""
            print(f"  {mark} {i:>3}. {row['name']} ({row['documents']}){joined}")
    print(f"\nWrong merges among the top 100 people: {len(wrong)}")
    for entity, name, why in wrong:
        print(f"  {entity} ← {name} ({why})")
    step = report["incremental"]
    print(
        f"\nImport of {len(held)} new articles with analysis: {step['import_seconds']:.1f} s; "
        f"linking their names again re-decides {step['names_decided']} names in "
        f"{step['documents_decided']} of {docs + len(held)} documents in "
        f"{step['relink_seconds']:.2f} s; the entities of {step['changed_elsewhere']} earlier "
        f"document(s) changed (and were re-indexed); a full pass afterwards changes "
        f"{step['full_pass_would_change']} more"
    )
    return report


if __name__ == "__main__":
    sys.exit(main())
