"""Highlighted snippets as plain data: text plus the spans to emphasise.

Whoosh's formatters produce markup strings; the CLI, JSON output and the GUI each
want something different, so this formatter returns structure instead.
"""

from __future__ import annotations

import numpy as np
from whoosh import highlight, query
from whoosh.searching import Results, Searcher

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


def pinpoint_highlighter() -> highlight.Highlighter:
    """Highlights from stored character offsets: no re-tokenising of the document."""
    return highlight.Highlighter(
        fragmenter=highlight.PinpointFragmenter(surround=160, maxchars=320, autotrim=True),
        formatter=SnippetFormatter(),
    )


def record_body_matches(
    searcher: Searcher,
    postings: Postings,
    results: Results,
    q: query.Query,
    docnums: list[int],
) -> None:
    """Tell ``results`` where the query's words are in the body of ``docnums``.

    Whoosh's highlighter needs to know which terms matched each hit; asking the search
    to record that (``terms=True``) costs a Python call per term per matching document,
    most of a search's time for a fuzzy word. The shown hits are all that need it: this
    finds each of the query's body words in those few documents with a binary search of
    the word's posting arrays (decoded once for scoring), and decodes the character
    offsets the pinpoint highlighter would read next, for those documents only.
    """
    reader = searcher.reader()
    wanted = np.asarray(sorted(set(docnums)), dtype=np.int64)
    docterms: dict[int, list[tuple[str, bytes]]] = {docnum: [] for docnum in wanted.tolist()}
    termdocs: dict[tuple[str, bytes], list[int]] = {}
    chars: dict[int, dict[str, object]] = {docnum: {} for docnum in wanted.tolist()}
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
        if ("body", btext) not in reader or not len(wanted):
            continue
        ids, values = postings.values("body", btext)
        at = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
        for docnum, index in zip(wanted.tolist(), at.tolist(), strict=True):
            if ids[index] == docnum:
                term = ("body", btext)
                docterms[docnum].append(term)
                termdocs.setdefault(term, []).append(docnum)
                chars[docnum][field.from_bytes(btext)] = decode(values[index])
    results.docterms = docterms
    results.termdocs = termdocs
    results._char_cache["body"] = chars
