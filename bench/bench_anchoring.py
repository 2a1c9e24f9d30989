"""Re-anchoring benchmark: realistic edits with known ground truth.

Corpus
    The two sample articles in ``seeds/`` and the first ``--docs`` (300) articles of
    ``../shared/data/news-4k/articles.jsonl`` (title, blank line, body; read in place,
    never copied). Everything is generated from a seeded ``random.Random`` so runs are
    repeatable.

Annotations
    Per document: two whole sentences, two phrases of 4-10 words, two short spans of
    1-3 words and two spans on phrases that occur more than once in the document
    (1-4 words), each inside one sentence. Selectors are built with
    ``TextSelector.from_span`` on the original text.

Edits (one edited version per document and edit type)
    ``none``               unchanged text
    ``typo_quote``         a character substituted/inserted/deleted/transposed inside a quote
    ``typo_context``       the same within 32 characters before or after a quote
    ``insert_paragraph``   a paragraph from another article inserted at a paragraph break
    ``insert_sentence``    a sentence from another article inserted between two sentences
    ``delete_paragraph``   a random paragraph deleted (highlights in it are gone)
    ``delete_highlight``   the paragraph holding a chosen highlight deleted (must orphan)
    ``reorder_paragraphs`` one or two paragraphs moved elsewhere
    ``reorder_sentences``  the sentences of a highlighted paragraph shuffled
    ``duplicate_phrase``   a highlighted quote copied into another paragraph, before or after
    ``whitespace``         hard-wrapped lines, doubled spaces, changed paragraph breaks
    ``mixed``              three edits of the kinds above applied one after another

Ground truth
    Each highlight is wrapped in private-use marker characters before editing; the
    edits move, copy-free, delete or keep the markers along with the text, so after an
    edit the markers give the true new span, or show that the passage is gone.

Metrics (per edit type and overall)
    correct      anchored, and the overlap with the true span covers >= 90 % of the
                 longer of the two spans (exact span for edits that do not touch it)
    orphan_ok    orphaned, and the true passage is gone
    lost         orphaned although the passage is still there
    imprecise    anchored overlapping the true span, but below the 90 % overlap
    misplaced    anchored elsewhere, or anchored although the passage is gone
    indistinct   anchored although the passage is gone, on another copy that has the
                 stored quote *and* both stored contexts verbatim (the document repeated
                 the whole passage): no selector-based method can tell these apart, so
                 they are shown apart; they count as not correct but not as misplaced
    ``ok %`` = (correct + orphan_ok) / all. Goal: >= 99 % and 0 misplaced. ``tgt ok %``
    is the same share for the highlights the edit was aimed at. Times are per edited
    document (all its highlights); a 5,000-word document with 50 highlights is timed too.

    python bench/bench_anchoring.py [--docs 300] [--json PATH]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing_reader.core.anchoring import TextSelector, anchor

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-4k" / "articles.jsonl"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

START_MARK = 0xE000  # highlight k starts with chr(START_MARK + k)
END_MARK = 0xE400  # and ends with chr(END_MARK + k)
MARKS = re.compile("[\ue000-\ue7ff]")
WORD = re.compile(r"\w+")
# A sentence ends at . ! or ? (optionally a closing quote) and markers, before whitespace and
# a capital, digit or opening quote; not after an initial or a title ("U.S.", "Mr.").
SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)"
    r"[.!?][\"'”’)]?[\ue000-\ue7ff]*(?=\s+[\ue000-\ue7ff]*[\"'“‘(]?[A-Z0-9])"
)
PARAGRAPH_BREAK = re.compile(r"\n\s*")

EDIT_TYPES = (
    "none",
    "typo_quote",
    "typo_context",
    "insert_paragraph",
    "insert_sentence",
    "delete_paragraph",
    "delete_highlight",
    "reorder_paragraphs",
    "reorder_sentences",
    "duplicate_phrase",
    "whitespace",
    "mixed",
)
OUTCOMES = ("correct", "orphan_ok", "lost", "imprecise", "misplaced", "indistinct")


@dataclass
class Highlight:
    kind: str
    start: int
    end: int


# --- corpus -------------------------------------------------------------------------------


def load_documents(data: Path, limit: int) -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in SEEDS]
    with data.open(encoding="utf-8") as fh:
        for line in fh:
            if len(docs) >= limit + len(SEEDS):
                break
            item = json.loads(line)
            docs.append(f"{item['title'].strip()}\n\n{item['body'].strip()}")
    return docs


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, never crossing a line break, without whitespace."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        cuts = [m.end() for m in SENTENCE_END.finditer(para.group())]
        for cut in [*cuts, len(para.group())]:
            end = para.start() + cut
            piece = text[start:end]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                spans.append((start + lead, start + lead + len(piece.strip())))
            start = end
    return spans


def pick_highlights(text: str, rng: random.Random) -> list[Highlight]:
    """Two sentences, two phrases, two short spans and two repeated phrases."""
    sentences = [s for s in sentence_spans(text) if 20 <= s[1] - s[0] <= 400]
    if not sentences:
        return []
    chosen: list[Highlight] = []
    for _ in range(2):
        s, e = rng.choice(sentences)
        chosen.append(Highlight("sentence", s, e))
    for kind, lo, hi in (("phrase", 4, 10), ("phrase", 4, 10), ("short", 1, 3), ("short", 1, 3)):
        for _ in range(20):
            s, e = rng.choice(sentences)
            words = list(WORD.finditer(text, s, e))
            n = rng.randint(lo, hi)
            if len(words) < n:
                continue
            i = rng.randrange(len(words) - n + 1)
            chosen.append(Highlight(kind, words[i].start(), words[i + n - 1].end()))
            break
    chosen.extend(repeated_phrases(text, sentences, rng, 2))
    return chosen


def repeated_phrases(
    text: str, sentences: list[tuple[int, int]], rng: random.Random, count: int
) -> list[Highlight]:
    """Spans on 1-4-word phrases (5+ characters) that occur at least twice in the text."""
    words = [m for s, e in sentences for m in WORD.finditer(text, s, e)]
    seen: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n in range(1, 5):
        for i in range(len(words) - n + 1):
            s, e = words[i].start(), words[i + n - 1].end()
            phrase = text[s:e]
            if len(phrase) >= 5 and "\n" not in phrase:
                seen[phrase].append((s, e))
    repeated = sorted(p for p, spans in seen.items() if len(spans) >= 2)
    out = []
    for phrase in rng.sample(repeated, min(count, len(repeated))):
        s, e = rng.choice(seen[phrase])
        out.append(Highlight("repeated", s, e))
    return out


# --- marked text and truth ----------------------------------------------------------------


def mark(text: str, highlights: list[Highlight]) -> str:
    inserts: list[tuple[int, int, str]] = []
    for k, h in enumerate(highlights):
        inserts.append((h.start, 1, chr(START_MARK + k)))
        inserts.append((h.end, 0, chr(END_MARK + k)))
    out, last = [], 0
    # At equal offsets end marks go before start marks so adjacent spans stay apart.
    for at, _, ch in sorted(inserts):
        out.append(text[last:at])
        out.append(ch)
        last = at
    out.append(text[last:])
    return "".join(out)


def unmark(marked: str, count: int) -> tuple[str, list[tuple[int, int] | None]]:
    """The plain text and each highlight's true span in it (None when deleted)."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    plain: list[str] = []
    n = 0
    for ch in marked:
        code = ord(ch)
        if START_MARK <= code < START_MARK + count:
            starts[code - START_MARK] = n
        elif END_MARK <= code < END_MARK + count:
            ends[code - END_MARK] = n
        else:
            plain.append(ch)
            n += 1
    text = "".join(plain)
    truth: list[tuple[int, int] | None] = []
    for k in range(count):
        s, e = starts.get(k, -1), ends.get(k, -1)
        while 0 <= s < e and text[s].isspace():  # an edit at the edge left a space inside
            s += 1
        while 0 <= s < e and text[e - 1].isspace():
            e -= 1
        truth.append((s, e) if 0 <= s < e else None)
    return text, truth


def inside_highlight(marked: str, at: int) -> bool:
    """Whether inserting at ``at`` would put text inside a highlight (truth undefined)."""
    depth = 0
    for ch in marked[:at]:
        code = ord(ch)
        if START_MARK <= code < END_MARK:
            depth += 1
        elif END_MARK <= code < END_MARK + 0x400:
            depth -= 1
    return depth > 0


def marked_span(marked: str, k: int) -> tuple[int, int] | None:
    s = marked.find(chr(START_MARK + k))
    e = marked.find(chr(END_MARK + k))
    return (s + 1, e) if 0 <= s < e else None


# --- edits on marked text -----------------------------------------------------------------

Edit = Callable[[str, list[Highlight], random.Random, list[str]], tuple[str, set[int]]]


def paragraphs(marked: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", marked)]


def editable_letters(marked: str, lo: int, hi: int) -> list[int]:
    return [i for i in range(max(0, lo), min(len(marked), hi)) if marked[i].isalpha()]


def char_edit(marked: str, at: int, rng: random.Random) -> str:
    kind = rng.choice(("substitute", "insert", "delete", "transpose"))
    ch = marked[at]
    if kind == "substitute":
        new = rng.choice([c for c in "etaoinshrdlu" if c != ch.lower()])
        return marked[:at] + new + marked[at + 1 :]
    if kind == "insert":
        return marked[:at] + ch + marked[at:]
    if kind == "transpose" and at + 1 < len(marked) and marked[at + 1].isalpha():
        return marked[:at] + marked[at + 1] + ch + marked[at + 2 :]
    return marked[:at] + marked[at + 1 :]


def edit_typo_quote(marked, hls, rng, others):
    # Only quotes of 5+ characters: a typo in "a" or "in" makes it another word.
    for _ in range(10):
        k = rng.randrange(len(hls))
        span = marked_span(marked, k)
        if span is None or hls[k].end - hls[k].start < 5:
            continue
        letters = editable_letters(marked, *span)
        if letters:
            return char_edit(marked, rng.choice(letters), rng), {k}
    return marked, set()


def edit_typo_context(marked, hls, rng, others):
    for _ in range(10):
        k = rng.randrange(len(hls))
        span = marked_span(marked, k)
        if span is None:
            continue
        s, e = span
        zone = rng.choice(((s - 33, s - 1), (e + 1, e + 33)))
        letters = editable_letters(marked, *zone)
        if letters:
            return char_edit(marked, rng.choice(letters), rng), {k}
    return marked, set()


def other_paragraph(rng: random.Random, others: list[str]) -> str:
    paras = [p for p in rng.choice(others).split("\n") if len(p.strip()) > 40]
    return rng.choice(paras).strip() if paras else "An unrelated paragraph was added here."


def other_sentence(rng: random.Random, others: list[str]) -> str:
    text = rng.choice(others)
    spans = [s for s in sentence_spans(text) if 20 <= s[1] - s[0] <= 300]
    return text[slice(*rng.choice(spans))] if spans else "A sentence was added."


def edit_insert_paragraph(marked, hls, rng, others):
    breaks = [0, *[m.end() for m in PARAGRAPH_BREAK.finditer(marked)], len(marked)]
    at = rng.choice(breaks)
    new = other_paragraph(rng, others)
    if at == len(marked):
        return marked + "\n\n" + new, set()
    return marked[:at] + new + "\n\n" + marked[at:], set()


def edit_insert_sentence(marked, hls, rng, others):
    cuts = [m.end() for m in SENTENCE_END.finditer(marked)]
    if not cuts:
        return edit_insert_paragraph(marked, hls, rng, others)
    cuts = [c for c in cuts if not inside_highlight(marked, c)]
    if not cuts:
        return marked, set()
    at = rng.choice(cuts)
    return marked[:at] + " " + other_sentence(rng, others) + marked[at:], set()


def delete_paragraph_at(marked: str, s: int, e: int) -> str:
    # Remove the paragraph and the line break(s) after it (or before it, if last).
    tail = re.match(r"\n*", marked[e:]).end()
    if tail:
        return marked[:s] + marked[e + tail :]
    head = len(marked[:s]) - len(marked[:s].rstrip("\n"))
    return marked[: s - head] + marked[e:]


def edit_delete_paragraph(marked, hls, rng, others):
    paras = paragraphs(marked)
    if len(paras) < 2:
        return marked, set()
    s, e = rng.choice(paras)
    return delete_paragraph_at(marked, s, e), set()


def edit_delete_highlight(marked, hls, rng, others):
    paras = paragraphs(marked)
    k = rng.randrange(len(hls))
    span = marked_span(marked, k)
    if span is None or len(paras) < 2:
        return marked, set()
    for s, e in paras:
        if s <= span[0] and span[1] <= e:
            return delete_paragraph_at(marked, s, e), {k}
    return marked, set()


def join_paragraphs(marked: str, parts: list[str]) -> str:
    sep = "\n\n" if "\n\n" in marked else "\n"
    return sep.join(parts)


def edit_reorder_paragraphs(marked, hls, rng, others):
    parts = [marked[s:e] for s, e in paragraphs(marked)]
    if len(parts) < 3:
        return marked, set()
    for _ in range(rng.randint(1, 2)):
        moved = parts.pop(rng.randrange(len(parts)))
        parts.insert(rng.randrange(len(parts) + 1), moved)
    targets = {k for k in range(len(hls)) if marked_span(marked, k)}
    return join_paragraphs(marked, parts), targets


def split_sentences(para: str) -> list[str]:
    cuts = [0, *[m.end() for m in SENTENCE_END.finditer(para)], len(para)]
    return [para[a:b].strip() for a, b in itertools.pairwise(cuts) if para[a:b].strip()]


def edit_reorder_sentences(marked, hls, rng, others):
    paras = paragraphs(marked)
    k = rng.randrange(len(hls))
    span = marked_span(marked, k)
    pick = [(s, e) for s, e in paras if span and s <= span[0] and span[1] <= e]
    candidates = pick or paras
    s, e = rng.choice(candidates)
    sentences = split_sentences(marked[s:e])
    if len(sentences) < 2:
        return marked, set()
    original = list(sentences)
    while sentences == original:
        rng.shuffle(sentences)
    return marked[:s] + " ".join(sentences) + marked[e:], {k} if pick else set()


def edit_duplicate_phrase(marked, hls, rng, others):
    # A quote holding other highlights is not copied: their copies would carry their
    # whole context along, making the copies indistinguishable (no defined truth).
    k = rng.randrange(len(hls))
    span = marked_span(marked, k)
    if span is None or MARKS.search(marked, span[0], span[1]):
        return marked, set()
    quote = marked[span[0] : span[1]]
    # Elsewhere: at a space outside every highlight, 40+ characters away from the original.
    before = rng.random() < 0.5
    zone = (0, span[0] - 40) if before else (span[1] + 40, len(marked))
    spaces = [i for i in range(*zone) if marked[i] == " "]
    rng.shuffle(spaces)
    spaces = [i for i in spaces[:20] if not inside_highlight(marked, i)]
    if not spaces:
        return marked, set()
    at = rng.choice(spaces)
    return marked[:at] + " " + quote + marked[at:], {k}


def edit_whitespace(marked, hls, rng, others):
    out = []
    column = 0
    width = rng.choice((60, 72, 80))
    for ch in marked:
        if ch == " " and column >= width:
            out.append("\n")
            column = 0
            continue
        if ch == " " and rng.random() < 0.05:
            out.append("  ")
        elif ch == "\n" and rng.random() < 0.3:
            out.append("\n\n\n")
        else:
            out.append(ch)
        column = 0 if ch == "\n" else column + 1
    return "".join(out), set()


SIMPLE_EDITS: dict[str, Edit] = {
    "typo_quote": edit_typo_quote,
    "typo_context": edit_typo_context,
    "insert_paragraph": edit_insert_paragraph,
    "insert_sentence": edit_insert_sentence,
    "delete_paragraph": edit_delete_paragraph,
    "delete_highlight": edit_delete_highlight,
    "reorder_paragraphs": edit_reorder_paragraphs,
    "reorder_sentences": edit_reorder_sentences,
    "duplicate_phrase": edit_duplicate_phrase,
    "whitespace": edit_whitespace,
}


def edit_mixed(marked, hls, rng, others):
    targets: set[int] = set()
    # Re-wrapping goes last: later paragraph edits would treat wrapped lines as paragraphs.
    names = rng.sample(sorted(SIMPLE_EDITS), 3)
    for name in sorted(names, key=lambda n: n == "whitespace"):
        marked, hit = SIMPLE_EDITS[name](marked, hls, rng, others)
        targets |= hit
    return marked, targets


def edit_none(marked, hls, rng, others):
    return marked, set()


EDITS: dict[str, Edit] = {"none": edit_none, **SIMPLE_EDITS, "mixed": edit_mixed}


# --- scoring ------------------------------------------------------------------------------


def judge(
    found: tuple[int, int] | None,
    truth: tuple[int, int] | None,
    selector: TextSelector | None = None,
    text: str = "",
) -> str:
    if found is None:
        return "orphan_ok" if truth is None else "lost"
    if truth is None:
        if selector is not None:
            s, e = found
            around = text[max(0, s - len(selector.prefix)) : e + len(selector.suffix)]
            if around == selector.prefix + selector.exact + selector.suffix:
                return "indistinct"
        return "misplaced"
    overlap = min(found[1], truth[1]) - max(found[0], truth[0])
    if overlap <= 0:
        return "misplaced"
    longest = max(found[1] - found[0], truth[1] - truth[0])
    return "correct" if found == truth or overlap >= 0.9 * longest else "imprecise"


def run(docs: list[str], seed: int, verbose: bool, history: bool = True) -> dict:
    rng = random.Random(seed)
    counts: dict[str, Counter] = {t: Counter() for t in EDIT_TYPES}
    targeted: dict[str, Counter] = {t: Counter() for t in EDIT_TYPES}
    times: list[float] = []
    failures: list[str] = []
    for d, text in enumerate(docs):
        highlights = pick_highlights(text, rng)
        if not highlights:
            continue
        selectors = [TextSelector.from_span(text, h.start, h.end) for h in highlights]
        marked = mark(text, highlights)
        others = docs[d + 1 : d + 6] or docs[:5]
        for edit_type in EDIT_TYPES:
            edited, targets = EDITS[edit_type](marked, highlights, rng, others)
            new_text, truth = unmark(edited, len(highlights))
            t0 = time.perf_counter()
            previous = text if history else None  # a re-import knows the old text
            found = [anchor(sel, new_text, previous) for sel in selectors]
            times.append(time.perf_counter() - t0)
            for k, (sel, got) in enumerate(zip(selectors, found, strict=True)):
                span = (got.start, got.end) if got else None
                outcome = judge(span, truth[k], sel, new_text)
                counts[edit_type][outcome] += 1
                if k in targets:
                    targeted[edit_type][outcome] += 1
                if outcome not in ("correct", "orphan_ok") and verbose:
                    failures.append(
                        f"[{edit_type}/{highlights[k].kind}/{outcome}] doc {d} "
                        f"quote={sel.exact!r} truth={truth[k]} "
                        f"got={span} {got.method if got else ''} "
                        f"{new_text[span[0] : span[1]]!r}"
                        if span
                        else f"[{edit_type}/{highlights[k].kind}/{outcome}] doc {d} "
                        f"quote={sel.exact!r} truth={truth[k]} "
                        f"true text={new_text[slice(*truth[k])]!r}"
                        if truth[k]
                        else f"[{edit_type}/{highlights[k].kind}/{outcome}] doc {d} {sel.exact!r}"
                    )
    return {"counts": counts, "targeted": targeted, "times": times, "failures": failures}


def big_document_time(docs: list[str], seed: int, history: bool = True) -> tuple[int, int, float]:
    """Seconds to re-anchor 50 highlights in a ~5,000-word document after mixed edits."""
    rng = random.Random(seed + 1)
    parts, words = [], 0
    for doc in docs:
        parts.append(doc)
        words += len(WORD.findall(doc))
        if words >= 5000:
            break
    text = "\n\n".join(parts)
    highlights: list[Highlight] = []
    while len(highlights) < 50:
        highlights.extend(pick_highlights(text, rng))
    highlights = highlights[:50]
    selectors = [TextSelector.from_span(text, h.start, h.end) for h in highlights]
    marked = mark(text, highlights)
    for _ in range(4):
        marked, _ = edit_mixed(marked, highlights, rng, docs[-5:])
    new_text, _ = unmark(marked, len(highlights))
    t0 = time.perf_counter()
    for sel in selectors:
        anchor(sel, new_text, text if history else None)
    return words, len(selectors), time.perf_counter() - t0


def summarise(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    table = {}
    total = Counter()
    for edit_type, c in counts.items():
        total += c
        table[edit_type] = row(c)
    table["overall"] = row(total)
    return table


def row(c: Counter) -> dict[str, float]:
    n = sum(c.values())
    out: dict[str, float] = {"n": n, **{k: c[k] for k in OUTCOMES}}
    out["ok_pct"] = round(100 * (c["correct"] + c["orphan_ok"]) / n, 2) if n else 100.0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", type=int, default=300, help="news-4k articles to use")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N")
    parser.add_argument(
        "--selectors-only",
        action="store_true",
        help="anchor without the previous text (as a W3C import must); default: with it, "
        "as a re-import does",
    )
    args = parser.parse_args(argv)

    docs = load_documents(args.data, args.docs)
    history = not args.selectors_only
    result = run(docs, args.seed, verbose=args.show_failures > 0, history=history)
    table = summarise(result["counts"])
    tgt = summarise(result["targeted"])
    header = f"{'edit type':<20}{'n':>6}" + "".join(f"{k:>11}" for k in OUTCOMES)
    mode = "selectors and the previous text" if history else "selectors only"
    print(f"{len(docs)} documents, seed {args.seed}, {mode}")
    print(header + f"{'ok %':>9}{'tgt n':>7}{'tgt ok %':>10}")
    for edit_type, r in table.items():
        t = tgt[edit_type]
        print(
            f"{edit_type:<20}{r['n']:>6}"
            + "".join(f"{r[k]:>11}" for k in OUTCOMES)
            + f"{r['ok_pct']:>9.2f}{t['n']:>7}{t['ok_pct']:>10.2f}"
        )
    overall = table["overall"]
    median_ms = 1000 * statistics.median(result["times"])
    words, notes, big = big_document_time(docs, args.seed, history)
    print(
        f"\nanchored or orphaned correctly: {overall['ok_pct']:.2f} %   "
        f"misplaced: {overall['misplaced']}"
    )
    print(f"median time per document: {median_ms:.2f} ms")
    print(f"{words}-word document, {notes} highlights, mixed edits: {1000 * big:.0f} ms")
    for line in result["failures"][: args.show_failures]:
        print(line)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "documents": len(docs),
                    "seed": args.seed,
                    "previous_text": history,
                    "table": table,
                    "targeted": tgt,
                    "median_ms_per_document": round(median_ms, 3),
                    "big_document": {"words": words, "highlights": notes, "ms": 1000 * big},
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
