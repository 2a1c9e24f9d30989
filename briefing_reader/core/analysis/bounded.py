"""Analysis with a ceiling: long texts in bounded pieces, one document's failure its own.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) and its time grows
with the text, so a document longer than :data:`PIECE_CHARS` is analysed piece by
piece (split at paragraph breaks, else at a sentence end or a space) with offsets
shifted back into the whole text, and a deadline checked between pieces. An error in
one document (or a piece of it) becomes that document's :class:`Failed` outcome;
every other document in the batch is still analysed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from briefing_reader.core.analysis.plain import KEY as _KEY
from briefing_reader.core.analysis.plain import SOURCE as _SOURCE
from briefing_reader.core.analysis.plain import shifted as _shifted

#: Largest piece handed to spaCy at once (about 4 s of analysis on a slow core).
PIECE_CHARS = 50_000
#: Under a deadline a long text starts with a short piece: its pace tells, after well
#: under a second, whether the whole text can finish in time, where a first full piece
#: would spend seconds on a document that is then given up anyway.
PACE_PIECE_CHARS = 8_000
#: spaCy's tokenizer splits punctuation off a token one character at a time, re-reading
#: the rest each time: a run of 4,000 "*" takes 7 s. Runs longer than this are given a
#: space every RUN_CHARS characters in the copy analysed (same length, offsets kept).
RUN_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{RUN_CHARS + 1},}}")
#: Symbols past this many in a row ("[[[[…", "****…") are blanked in the copy analysed:
#: each would be a token costing as much as a word (8,000 brackets took as long as 40,000
#: characters of prose), and no name or claim lives in them.
SYMBOL_RUN = 16
_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{SYMBOL_RUN + 1},}}")


@dataclass(frozen=True, slots=True)
class Failed:
    """Why a document could not be analysed (shown to the user, stored with it)."""

    reason: str


def split_pieces(
    text: str, limit: int | None = None, first: int | None = None
) -> list[tuple[int, int]]:
    """(start, end) spans covering ``text``, each at most ``limit`` characters (the
    first at most ``first``, when given).

    A span ends at the last paragraph break before the limit, else the last sentence
    end, else the last space; only an unbroken run of ``limit`` characters is cut hard.
    """
    limit = limit or PIECE_CHARS
    spans: list[tuple[int, int]] = []
    start = 0
    size = min(first or limit, limit)
    while len(text) - start > size:
        window = text[start : start + size]
        cut = window.rfind("\n\n")
        if cut <= 0:
            cut = max(window.rfind(". "), window.rfind("\n"))
            cut = cut + 1 if cut > 0 else window.rfind(" ")
        end = start + (cut if cut > 0 else size)
        spans.append((start, end))
        start = end
        size = limit
    spans.append((start, len(text)))
    return spans


def blank_symbol_runs(text: str) -> str:
    """``text`` with each run of symbols cut to SYMBOL_RUN, the rest spaces (same length)."""
    return _SYMBOL_RUN.sub(lambda m: m.group()[:SYMBOL_RUN].ljust(len(m.group())), text)


def break_long_runs(text: str) -> str:
    """``text`` with a space put into each unbroken run every RUN_CHARS characters."""

    def cut(m: re.Match[str]) -> str:
        run = m.group()
        broken = " ".join(run[i : i + RUN_CHARS] for i in range(0, len(run), RUN_CHARS + 1))
        return broken.ljust(len(run))  # the run's last character fell on a space

    return _LONG_RUN.sub(cut, text)


def _reason(exc: BaseException) -> str:
    detail = (str(exc).splitlines() or [""])[0]
    return f"analysis failed: {type(exc).__name__}: {detail[:200]}"


def _analyse_one(nlp: Any, text: str, source: str | None) -> dict:
    doc = nlp.make_doc(text)
    doc.user_data[_SOURCE] = source
    findings: dict = nlp(doc).user_data[_KEY]
    return findings


def _pipe_batch(nlp: Any, batch: list[tuple[str, str | None]]) -> list[dict | Failed]:
    """Analyse short documents together; any that fail are retried alone."""
    docs = []
    for number, (text, source) in enumerate(batch):
        doc = nlp.make_doc(text)
        doc.user_data[_SOURCE] = source
        doc.user_data["briefing_item"] = number
        docs.append(doc)
    results: list[dict | Failed | None] = [None] * len(batch)
    try:
        for doc in nlp.pipe(docs):
            results[doc.user_data["briefing_item"]] = doc.user_data[_KEY]
    except Exception:
        pass  # the documents left without a result are retried alone below
    for number, result in enumerate(results):
        if result is None:
            try:
                results[number] = _analyse_one(nlp, *batch[number])
            except Exception as exc:
                results[number] = Failed(_reason(exc))
    return [r for r in results if r is not None]


def _over_time(
    deadline: float, spent: float, done: int, following: int, left: int
) -> Failed | None:
    """Why to stop before the next piece, judged by the pace of the pieces so far.

    The document is given up when the next piece would end past the deadline, or
    when the rest would take over half as long again as the deadline allows (so a
    document that cannot finish is not worked on for the whole deadline first).
    """
    pace = spent / done if done else 0.0
    if spent + pace * following <= deadline and spent + pace * left <= deadline * 1.5:
        return None
    need = spent + pace * left
    return Failed(
        f"analysis would take about {need:.0f} s, longer than the {deadline:g} s allowed; "
        f"it was stopped after {spent:.0f} s"
    )


def _analyse_long(nlp: Any, text: str, source: str | None, deadline: float | None) -> dict | Failed:
    """Piece by piece, offsets kept; a document that would run past the deadline is given
    up before the piece that would take it there."""
    started = time.monotonic()
    merged: dict[str, list] = {"mentions": [], "claims": []}
    first = PACE_PIECE_CHARS if deadline is not None else None
    for start, end in split_pieces(text, first=first):
        if deadline is not None and start:
            spent = time.monotonic() - started
            if stop := _over_time(deadline, spent, start, end - start, len(text) - start):
                return stop
        try:
            found = _shifted(_analyse_one(nlp, text[start:end], source), start)
        except Exception as exc:
            return Failed(_reason(exc))
        merged["mentions"] += found["mentions"]
        merged["claims"] += found["claims"]
    return merged


def analyse_bounded(
    nlp: Any,
    items: Iterable[tuple[str, str | None]],
    batch_size: int = 16,
    deadline: float | None = None,
) -> Iterator[dict | Failed]:
    """Plain findings (or :class:`Failed`) for each (text, source), in order."""
    batch: list[tuple[str, str | None]] = []
    for original, source in items:
        text = break_long_runs(blank_symbol_runs(original))
        if len(text) <= PIECE_CHARS:
            batch.append((text, source))
            if len(batch) >= batch_size:
                yield from _pipe_batch(nlp, batch)
                batch = []
            continue
        if batch:
            yield from _pipe_batch(nlp, batch)
            batch = []
        yield _analyse_long(nlp, text, source, deadline)
    if batch:
        yield from _pipe_batch(nlp, batch)
