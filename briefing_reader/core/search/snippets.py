"""Highlighted snippets as plain data: text plus the spans to emphasise.

Whoosh's formatters produce markup strings; the CLI, JSON output and the GUI each
want something different, so this formatter returns structure instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from heapq import nlargest
from itertools import groupby
from typing import NamedTuple

import numpy as np
from whoosh import highlight, query
from whoosh.searching import Searcher

from briefing_reader.core.search.postings import Postings
from briefing_reader.core.search.results import ELLIPSIS, SEPARATOR, Snippet

#: Characters of context kept before the first and after the last match of a fragment.
CONTEXT = 70
#: Longest fragment shown; matches past it are left for the reading view.
MAX_FRAGMENT = 240


class SnippetFormatter(highlight.Formatter):
    """Collects fragments into one :class:`Snippet` (newlines become spaces, same length)."""

    between = SEPARATOR

    def format(self, fragments: list[highlight.Fragment], replace: bool = False) -> Snippet:
        fragments = sorted(fragments, key=lambda f: f.startchar)
        pieces: list[str] = []
        spans: list[tuple[int, int]] = []
        length = 0
        for number, fragment in enumerate(fragments):
            _trim_context(fragment)
            text = fragment.text
            lead = ELLIPSIS if fragment.startchar > 0 and number == 0 else ""
            joiner = SEPARATOR if number else lead
            pieces.append(joiner)
            length += len(joiner)
            base = length - fragment.startchar
            for token in fragment.matches:
                if fragment.startchar <= token.startchar and token.endchar <= fragment.endchar:
                    spans.append((base + token.startchar, base + token.endchar))
            chunk = text[fragment.startchar : fragment.endchar].replace("\n", " ")
            pieces.append(chunk)
            length += len(chunk)
        if fragments and fragments[-1].endchar < len(fragments[-1].text):
            pieces.append(ELLIPSIS)
        return Snippet("".join(pieces), spans)


def _trim_context(fragment: highlight.Fragment) -> None:
    """Keep at most :data:`CONTEXT` characters around the matches, cut at spaces.

    The fragmenter is generous so that nearby terms share one fragment; this
    brings the shown context back to a readable width.
    """
    if not fragment.matches:
        return
    text = fragment.text
    first = min(t.startchar for t in fragment.matches)
    last = max(t.endchar for t in fragment.matches)
    start = max(fragment.startchar, first - CONTEXT)
    end = min(fragment.endchar, last + CONTEXT)
    if start > 0 and start < first:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text) and end > last:
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    if end - start > MAX_FRAGMENT:
        end = start + MAX_FRAGMENT
        space = text.rfind(" ", first, end)
        end = space if space > first else end
    fragment.startchar, fragment.endchar = start, end


#: Whoosh's pinpoint fragmenter settings: context around matches, longest fragment, and
#: how far into a text matches are looked at; two fragments are shown, in text order.
SURROUND = 160
MAX_CHARS = 320
CHAR_LIMIT = highlight.DEFAULT_CHARLIMIT
TOP_FRAGMENTS = 2

#: Where a word occurs in a text: position, first character, character after the last.
Occurrence = tuple[int, int, int]


class _Match(NamedTuple):
    """A highlighted word as the formatter and Whoosh's ``Fragment`` read it."""

    startchar: int
    endchar: int
    text: str


def pinpoint_snippet(text: str, matches: list[tuple[str, list[Occurrence]]]) -> Snippet:
    """The snippet Whoosh's pinpoint highlighter gives (``PinpointFragmenter(surround=160,
    maxchars=320, autotrim=True)``, the basic fragment scorer, the best two fragments in
    text order) from the query's words in ``text`` and where they occur, step for step,
    without its token objects and generators (a test holds the two to the same output)."""
    tokens = sorted(
        (
            _Match(start, end, word)
            for word, occurrences in matches
            for start, end in _within_limit(occurrences)
        ),
        key=lambda match: match.startchar,
    )
    # One match per starting character: the longest (the first of equal length).
    tokens = [
        max(group, key=lambda match: match.endchar - match.startchar)
        for _, group in groupby(tokens, key=lambda match: match.startchar)
    ]
    fragments = list(_fragments(text, tokens))
    scores = [_score(fragment) for fragment in fragments]
    best = nlargest(
        TOP_FRAGMENTS, range(len(fragments)), key=lambda i: (scores[i], fragments[i].startchar)
    )
    chosen = sorted((fragments[i] for i in best), key=lambda fragment: fragment.startchar)
    return SnippetFormatter().format(chosen)


def _within_limit(occurrences: list[Occurrence]) -> Iterator[tuple[int, int]]:
    for _position, start, end in occurrences:
        if end > CHAR_LIMIT:
            break
        yield start, end


def _fragments(text: str, tokens: list[_Match]) -> Iterator[highlight.Fragment]:
    """Whoosh's ``PinpointFragmenter.fragment_matches`` with autotrim."""
    j = -1
    for i, token in enumerate(tokens):
        if j >= i:
            continue
        j = i
        left, right = token.startchar, token.endchar
        if right > CHAR_LIMIT:
            break
        length = right - left
        while j < len(tokens) - 1 and length < MAX_CHARS:
            following = tokens[j + 1]
            end = following.endchar
            if end - right <= SURROUND and end - left <= MAX_CHARS:
                j += 1
                right = end
                length += end - following.startchar
            else:
                break
        fragment = highlight.Fragment(
            text, tokens[i : j + 1], max(0, left - SURROUND), min(len(text), right + SURROUND)
        )
        _autotrim(fragment)
        yield fragment


def _autotrim(fragment: highlight.Fragment) -> None:
    """Start after the first space and end at the last, keeping every match."""
    text, start, end = fragment.text, fragment.startchar, fragment.endchar
    first_space = text.find(" ", start, end)
    if first_space > 0:
        start = first_space + 1
    last_space = text.rfind(" ", start, end)
    if last_space > 0:
        end = last_space
    if fragment.matches:
        start = min(start, fragment.matches[0].startchar)
        end = max(end, fragment.matches[-1].endchar)
    fragment.startchar, fragment.endchar = start, end


def _score(fragment: highlight.Fragment) -> float:
    """Whoosh's ``BasicFragmentScorer``: matches (each boost 1) times a hundred per
    distinct word."""
    return float(len(fragment.matches)) * ((len(fragment.matched_terms) * 100) or 1)


def body_matches(
    searcher: Searcher, postings: Postings, q: query.Query, docnums: list[int]
) -> dict[int, list[tuple[str, list[Occurrence]]]]:
    """For each of ``docnums``, the query's body words it holds and where.

    Asking Whoosh's search to record which terms matched each hit (``terms=True``) costs
    a Python call per term per matching document; the shown hits are all that need it.
    Each word is found in them by a binary search of its posting arrays (decoded once
    for scoring), and only the posting blocks holding them have their character offsets
    decoded.
    """
    reader = searcher.reader()
    wanted = np.asarray(sorted(set(docnums)), dtype=np.int64)
    found: dict[int, list[tuple[str, list[Occurrence]]]] = {d: [] for d in wanted.tolist()}
    if not len(wanted):
        return found
    # Leaf by leaf: ``Query.existing_terms`` in Whoosh 2.7 stops at the first field.
    words = {
        value
        for leaf in q.leaves()
        if leaf.field() == "body"
        for fieldname, value in leaf.expanded_terms(reader, phrases=True)
        if fieldname == "body"
    }
    field = searcher.schema["body"]
    decode = field.format.decoder("characters")
    for value in sorted(words, key=str):
        btext = value if isinstance(value, bytes) else field.to_bytes(value)
        held = postings.values_of("body", btext, wanted)
        for docnum, encoded in zip(wanted.tolist(), held, strict=True):
            if encoded is not None:
                found[docnum].append((field.from_bytes(btext), decode(encoded)))
    return found
