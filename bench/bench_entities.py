"""Entity recognition benchmark against the re3d gold standard (dev subset).

Runs the app's entity analysis twice over the 71 documents of
``../shared/data/re3d-dev`` (``centcom/``, ``us-state-department/``,
``uk-government/``): once as the bare spaCy model (``rules=False``) and once as the
full pipeline (``rules=True``), and scores both against the gold entities. A third
figure, "after library-wide linking", applies to the full pipeline's mentions the links
the app decides when the 71 documents form one library (a name's label across the
library, short forms), which is what the app stores and shows.

    .venv/bin/python bench/bench_entities.py [--data PATH] [--json PATH] [--errors N]
                                             [--literal-gold]

Label mapping (other re3d types, and the app's TITLE and EVENT, are not scored):

    re3d Person → PERSON          app PERSON → PERSON
    re3d Organisation → ORG       app ORG → ORG
    re3d Location → PLACE         app GPE, LOC → PLACE
    re3d Nationality → NORP       app NORP → NORP
    re3d Temporal → DATE          app DATE → DATE
    re3d Money → MONEY            app MONEY → MONEY
    re3d Weapon, MilitaryPlatform, Vehicle → EQUIPMENT
    re3d DocumentReference → LAW  app LAW → LAW

Gold spans are named mentions only. The offsets index the document text exactly, so
the gold text is ``text[begin:end]``. By default each gold span is (1) dropped if it
starts or ends inside a word (re3d holds machine-made junk such as "st ISIL" out of
"against ISIL" typed Vehicle, or "the camp" out of "the campaign"), (2) trimmed of
surrounding whitespace and a leading "the", as the app trims it ("the Kurdish YPG"),
and (3) kept if it then starts with a capital letter (for DATE and MONEY also a digit
or a currency sign: "2016", "$5 million") but not with a word capitalised only at a
sentence start ("We", "I", "A Foreign Office spokesman"). A span typed twice is kept under both
labels; identical (begin, end, label) spans count once. Dropped gold spans (nominal
mentions such as "mourners", "the prime minister", "today") are "don't care" regions:
a prediction that matches none of the kept gold but matches a dropped span of its
label is neither a true nor a false positive. ``--literal-gold`` turns all of this
off and keeps exactly the gold spans whose text starts with a capital letter.

A prediction matches a gold span of the same label when the spans overlap and one
contains the other or the overlap is at least half the longer span ("Obama" matches
gold "President Obama"); pairs are assigned greedily, largest overlap first, each gold
and each prediction at most once. Strict scores need identical offsets. Everything is
deterministic: one process, documents in file order, no timings.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from briefing_reader.core.analysis.entities import Mention, normalise_name
from briefing_reader.core.analysis.name_uses import GATHERED_LABELS, decide, mention_row
from briefing_reader.core.analysis.pipeline import analyse_texts

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "re3d-dev"

GOLD_LABELS = {
    "Person": "PERSON",
    "Organisation": "ORG",
    "Location": "PLACE",
    "Nationality": "NORP",
    "Temporal": "DATE",
    "Money": "MONEY",
    "Weapon": "EQUIPMENT",
    "MilitaryPlatform": "EQUIPMENT",
    "Vehicle": "EQUIPMENT",
    "DocumentReference": "LAW",
}
APP_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "NORP": "NORP",
    "DATE": "DATE",
    "MONEY": "MONEY",
    "EQUIPMENT": "EQUIPMENT",
    "LAW": "LAW",
}
LABELS = ("PERSON", "ORG", "PLACE", "NORP", "DATE", "MONEY", "EQUIPMENT", "LAW")
GROUP = ("PERSON", "ORG", "PLACE")
GROUP_NAME = "+".join(GROUP)
SYSTEMS = {"bare": False, "full": True}  # name → rules
#: The full pipeline's mentions after library-wide linking over all the documents, as the
#: app stores them after an import (labels a name has across the library, short forms).
LINKED = "library"
REPORTED = (*SYSTEMS, LINKED)
_ARTICLE = re.compile(r"the\s+", re.IGNORECASE)
#: Words capitalised only at the start of a sentence: a span starting with one is not a name.
_FUNCTION_WORDS = frozenset(
    {"I", "We", "You", "He", "She", "It", "They", "Me", "Us", "Him", "Her", "Them", "My", "Our",
     "Your", "His", "Its", "Their", "A", "An", "This", "That", "These", "Those", "Today",
     "Yesterday", "Tomorrow"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    folder: str
    doc_id: str
    text: str
    gold: tuple[Span, ...]
    ignore: tuple[Span, ...]  # dropped (non-named) gold: predictions matching these don't count


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold": self.tp + self.fn,
            "predicted": self.tp + self.fp,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class Outcome:
    """One document scored: lenient and strict tallies per label, and the errors."""

    lenient: dict[str, Tally]
    strict: dict[str, Tally]
    false_positives: list[tuple[Span, str]]  # prediction, label of any gold it overlaps or "-"
    false_negatives: list[Span]
    ignored: int  # predictions in don't-care regions


# --- gold -------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _cuts_word(text: str, start: int, end: int) -> bool:
    inside_start = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    inside_end = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return inside_start or inside_end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    article = _ARTICLE.match(text, start, end)
    if article:
        start = article.end()
    return start, end


def _is_named(span_text: str, label: str) -> bool:
    if span_text.split()[0] in _FUNCTION_WORDS:
        return False  # "We", "I", "A Foreign Office spokesman", "Our two countries"
    first = span_text[:1]
    if first.isupper():
        return True
    return label in {"DATE", "MONEY"} and (first.isdigit() or unicodedata.category(first) == "Sc")


def gold_spans(
    text: str, records: Iterable[dict], literal: bool, states_as_places: bool = False
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Kept gold spans and dropped ("don't care") spans of one document, sorted.

    ``states_as_places``: an Organisation span that is a country's name ("the UK said",
    "the United States and its partners") counts as the place, as the app keeps one
    entity per country."""
    kept: set[Span] = set()
    dropped: set[Span] = set()
    for record in records:
        label = GOLD_LABELS.get(record["type"])
        if label is None:
            continue
        start, end = record["begin"], record["end"]
        if states_as_places and label == "ORG" and is_country(text[start:end].strip()):
            label = "PLACE"
        if literal:
            span = Span(start, end, label, text[start:end])
            if span.text[:1].isupper():
                kept.add(span)
            continue
        if _cuts_word(text, start, end):
            continue
        start, end = _trim(text, start, end)
        if start >= end:
            continue
        span = Span(start, end, label, text[start:end])
        (kept if _is_named(span.text, label) else dropped).add(span)
    order = sorted(kept, key=_span_key), sorted(dropped - kept, key=_span_key)
    return tuple(order[0]), tuple(order[1])


def _span_key(span: Span) -> tuple[int, int, str]:
    return span.start, span.end, span.label


def is_country(name: str) -> bool:
    from briefing_reader.core.analysis.gazetteer import canonical_country

    name = name[4:] if name.startswith("the ") else name
    return canonical_country(name) is not None


def load_documents(data: Path, literal: bool, states_as_places: bool = False) -> list[Document]:
    folders = sorted(p.parent for p in data.glob("*/documents.json"))
    if not folders:
        raise SystemExit(f"no */documents.json under {data}")
    documents = []
    for folder in folders:
        entities: dict[str, list[dict]] = defaultdict(list)
        for record in read_jsonl(folder / "entities.json"):
            entities[record["documentId"]].append(record)
        for doc in read_jsonl(folder / "documents.json"):
            gold, ignore = gold_spans(doc["text"], entities[doc["_id"]], literal, states_as_places)
            documents.append(Document(folder.name, doc["_id"], doc["text"], gold, ignore))
    return documents


# --- scoring ----------------------------------------------------------------------------


def overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def lenient_match(a: Span, b: Span) -> bool:
    """Overlapping spans where one contains the other or the overlap is ≥ half the longer."""
    shared = overlap(a, b)
    if shared <= 0:
        return False
    contains = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return contains or 2 * shared >= max(a.end - a.start, b.end - b.start)


def predicted_spans(mentions: Sequence[Mention]) -> list[Span]:
    spans = {
        Span(m.start, m.end, APP_LABELS[m.label], m.text) for m in mentions if m.label in APP_LABELS
    }
    return sorted(spans, key=_span_key)


def score_document(doc: Document, predicted: Sequence[Span]) -> Outcome:
    pairs = sorted(
        (-overlap(p, g), p.start, g.start, i, j)
        for i, p in enumerate(predicted)
        for j, g in enumerate(doc.gold)
        if p.label == g.label and lenient_match(p, g)
    )
    matched_pred: set[int] = set()
    matched_gold: set[int] = set()
    for *_, i, j in pairs:
        if i not in matched_pred and j not in matched_gold:
            matched_pred.add(i)
            matched_gold.add(j)
    ignored = {
        i
        for i, p in enumerate(predicted)
        if i not in matched_pred
        and any(p.label == d.label and lenient_match(p, d) for d in doc.ignore)
    }
    counted = [p for i, p in enumerate(predicted) if i not in ignored]

    lenient = {label: Tally() for label in LABELS}
    for i, p in enumerate(predicted):
        if i in matched_pred:
            lenient[p.label].tp += 1
        elif i not in ignored:
            lenient[p.label].fp += 1
    false_negatives = [g for j, g in enumerate(doc.gold) if j not in matched_gold]
    for g in false_negatives:
        lenient[g.label].fn += 1

    strict = {label: Tally() for label in LABELS}
    gold_keys = {_span_key(g) for g in doc.gold}
    pred_keys = {_span_key(p) for p in counted}
    for start, end, label in pred_keys:
        tally = strict[label]
        if (start, end, label) in gold_keys:
            tally.tp += 1
        else:
            tally.fp += 1
    for _, _, label in gold_keys - pred_keys:
        strict[label].fn += 1

    false_positives = []
    for i, p in enumerate(predicted):
        if i in matched_pred or i in ignored:
            continue
        hint = next((g.label for g in doc.gold if lenient_match(p, g)), "-")
        false_positives.append((p, hint))
    return Outcome(lenient, strict, false_positives, false_negatives, len(ignored))


@dataclass(slots=True)
class Results:
    """Tallies per system, folder and label, plus the errors of each system."""

    lenient: dict[str, dict[str, dict[str, Tally]]]
    strict: dict[str, dict[str, dict[str, Tally]]]
    false_positives: dict[str, Counter[tuple[str, str]]]
    fp_hints: dict[str, dict[tuple[str, str], Counter[str]]]
    false_negatives: dict[str, Counter[tuple[str, str]]]
    ignored: Counter[str]  # system → predictions in don't-care regions

    def total(
        self, system: str, labels: Iterable[str], folder: str | None = None, strict: bool = False
    ) -> Tally:
        table = (self.strict if strict else self.lenient)[system]
        total = Tally()
        for name, per_label in table.items():
            if folder is None or name == folder:
                for label in labels:
                    total.add(per_label[label])
        return total


def linked(documents: Sequence[Document], analysed: Sequence[list[Mention]]) -> list[list[Mention]]:
    """``analysed`` with the library's links applied: the documents are one library."""
    rows = [
        mention_row(i, doc.text, m.start, m.end, m.text, m.label, m.canonical)
        for i, (doc, mentions) in enumerate(zip(documents, analysed, strict=True))
        for m in mentions
        if m.label in GATHERED_LABELS
    ]
    _, resolution = decide(sorted(rows))
    links = {(k.doc_id, k.label, k.name): (k.label_to, k.target) for k in resolution.links}
    out = []
    for i, mentions in enumerate(analysed):
        out.append(
            [
                replace(m, label=to[0], canonical=to[1])
                if (to := links.get((i, m.label, m.canonical)))
                else m
                for m in mentions
            ]
        )
    return out


def evaluate(documents: Sequence[Document]) -> Results:
    results = Results(
        lenient={s: defaultdict(lambda: {label: Tally() for label in LABELS}) for s in REPORTED},
        strict={s: defaultdict(lambda: {label: Tally() for label in LABELS}) for s in REPORTED},
        false_positives={s: Counter() for s in REPORTED},
        fp_hints={s: defaultdict(Counter) for s in REPORTED},
        false_negatives={s: Counter() for s in REPORTED},
        ignored=Counter(),
    )
    analysed = {
        system: list(analyse_texts(((d.text, None) for d in documents), rules=rules, processes=1))
        for system, rules in SYSTEMS.items()
    }
    analysed[LINKED] = linked(documents, analysed["full"])
    for system, per_document in analysed.items():
        for doc, mentions in zip(documents, per_document, strict=True):
            outcome = score_document(doc, predicted_spans(mentions))
            results.ignored[system] += outcome.ignored
            for label in LABELS:
                results.lenient[system][doc.folder][label].add(outcome.lenient[label])
                results.strict[system][doc.folder][label].add(outcome.strict[label])
            for span, hint in outcome.false_positives:
                key = (normalise_name(span.text), span.label)
                results.false_positives[system][key] += 1
                results.fp_hints[system][key][hint] += 1
            for span in outcome.false_negatives:
                results.false_negatives[system][(normalise_name(span.text), span.label)] += 1
    return results


# --- report -----------------------------------------------------------------------------


def _prf(tally: Tally) -> str:
    return f"{tally.precision:6.3f} {tally.recall:6.3f} {tally.f1:6.3f}"


def _points(before: float, after: float) -> str:
    return f"{100 * (after - before):+.1f}"


def _most_common(counter: Counter[tuple[str, str]], n: int) -> list[tuple[tuple[str, str], int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:n]


def print_report(
    documents: Sequence[Document], results: Results, errors: int, literal: bool
) -> None:
    folders = Counter(doc.folder for doc in documents)
    listing = ", ".join(f"{name} {count}" for name, count in sorted(folders.items()))
    gold_mode = "literal (starts with a capital)" if literal else "named mentions (see docstring)"
    print(f"re3d-dev: {len(documents)} documents ({listing}); gold: {gold_mode}")
    print()
    print(f"{'':18}{'bare':^21}  {'full':^21}")
    print(
        f"{'label':10}{'gold':>6}  {'P':>6} {'R':>6} {'F1':>6}  {'P':>6} {'R':>6} {'F1':>6}"
        f"  {'ΔF1':>6}"
    )
    rows = [(label, [label]) for label in LABELS]
    rows += [(GROUP_NAME, list(GROUP)), ("all", list(LABELS))]
    for name, labels in rows:
        if name == GROUP_NAME:
            print("-" * 70)
        bare = results.total("bare", labels)
        full = results.total("full", labels)
        gold = full.tp + full.fn
        print(f"{name:10}{gold:6d}  {_prf(bare)}  {_prf(full)}  {_points(bare.f1, full.f1):>6}")
    print()
    for strict in (False, True):
        bare = results.total("bare", GROUP, strict=strict).f1
        full = results.total("full", GROUP, strict=strict).f1
        library = results.total(LINKED, GROUP, strict=strict).f1
        mode = "strict" if strict else "lenient"
        print(
            f"{GROUP_NAME} micro-F1: bare {bare:.3f}, full {full:.3f}, "
            f"{_points(bare, full)} points ({mode}); after library-wide linking {library:.3f}"
        )
    if not literal:
        print(
            f"Predictions on dropped (nominal) gold spans, not scored: "
            f"bare {results.ignored['bare']}, full {results.ignored['full']}"
        )
    print()
    print(f"Per folder, {GROUP_NAME} micro-F1:")
    print(
        f"{'folder':22}{'docs':>5}{'gold':>6}  {'bare':>6} {'full':>6} {'Δ':>6}"
        f"  {'strict bare':>11} {'full':>6}"
    )
    for folder in sorted(folders):
        bare = results.total("bare", GROUP, folder)
        full = results.total("full", GROUP, folder)
        bare_strict = results.total("bare", GROUP, folder, strict=True)
        full_strict = results.total("full", GROUP, folder, strict=True)
        print(
            f"{folder:22}{folders[folder]:5d}{full.tp + full.fn:6d}  {bare.f1:6.3f} "
            f"{full.f1:6.3f} {_points(bare.f1, full.f1):>6}  {bare_strict.f1:11.3f} "
            f"{full_strict.f1:6.3f}"
        )
    if errors > 0:
        print()
        print(f"Full pipeline, {errors} most frequent false positives (gold label overlapped):")
        for (text, label), count in _most_common(results.false_positives["full"], errors):
            hints = results.fp_hints["full"][(text, label)]
            hint = ", ".join(f"{h} {c}" for h, c in sorted(hints.items(), key=lambda x: -x[1]))
            print(f"{count:5d}  {label:10} {text}  [{hint}]")
        print()
        print(f"Full pipeline, {errors} most frequent false negatives:")
        for (text, label), count in _most_common(results.false_negatives["full"], errors):
            print(f"{count:5d}  {label:10} {text}")


def results_json(
    data: Path, documents: Sequence[Document], results: Results, literal: bool
) -> dict:
    folders = sorted({doc.folder for doc in documents})
    systems = {}
    for system in REPORTED:
        systems[system] = {
            "labels": {label: results.total(system, [label]).to_json() for label in LABELS},
            "group_lenient": results.total(system, GROUP).to_json(),
            "group_strict": results.total(system, GROUP, strict=True).to_json(),
            "all_lenient": results.total(system, LABELS).to_json(),
            "folders": {
                folder: {
                    "group_lenient": results.total(system, GROUP, folder).to_json(),
                    "group_strict": results.total(system, GROUP, folder, strict=True).to_json(),
                }
                for folder in folders
            },
            "false_positives": [
                {"text": text, "label": label, "count": count}
                for (text, label), count in _most_common(results.false_positives[system], 50)
            ],
            "false_negatives": [
                {"text": text, "label": label, "count": count}
                for (text, label), count in _most_common(results.false_negatives[system], 50)
            ],
        }
    difference = {
        mode: round(
            100 * (systems["full"][f"group_{mode}"]["f1"] - systems["bare"][f"group_{mode}"]["f1"]),
            2,
        )
        for mode in ("lenient", "strict")
    }
    return {
        "data": str(data),
        "documents": len(documents),
        "gold": "literal" if literal else "named",
        "group": list(GROUP),
        "systems": systems,
        "group_difference_points": difference,
        "ignored_predictions": dict(results.ignored),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="re3d-dev folder")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print the N most frequent false positives/negatives (full)",
    )
    parser.add_argument(
        "--literal-gold",
        action="store_true",
        help="keep exactly the gold spans starting with a capital letter",
    )
    parser.add_argument(
        "--states-as-places",
        action="store_true",
        help="score gold Organisation spans that are a country's name as places",
    )
    args = parser.parse_args()

    documents = load_documents(args.data, args.literal_gold, args.states_as_places)
    results = evaluate(documents)
    print_report(documents, results, args.errors, args.literal_gold)
    if args.json:
        payload = results_json(args.data, documents, results, args.literal_gold)
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
