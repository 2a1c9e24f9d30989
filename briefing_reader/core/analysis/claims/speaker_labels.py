"""Speakers named ahead of what they say: transcript and headline labels ("PENCE: …",
"Said Ellis: …") and lines such as "X said:" that introduce the paragraphs below."""

from __future__ import annotations

import re

from briefing_reader.core.analysis.claims.subjects import mention_at, subject_speaker
from briefing_reader.core.analysis.claims.verbs import reporting_verbs_in
from briefing_reader.core.analysis.entities import Mention

_TRANSCRIPT_LABEL = re.compile(r"[\"“]?\s*(?P<name>(?:[A-Z][A-Z.'’-]*\s){0,3}[A-Z][A-Z'’-]+):\s")

_NAME_LABEL = re.compile(
    r"[\"“]?\s*(?P<verb>(?:Said|Says|Added|Adds|Asked|Wrote)\s+)?"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3})"
    r"(?:\s+(?:on|about)\s[^:.\"“”]{1,40})?:\s"
)


#: Capitalised labels that mark a document's parts, not who speaks.
_NOT_SPEAKERS = frozenset(
    ["q", "a", "question", "answer", "note", "update", "correction", "clarification",
     "editor", "editors", "source", "sources", "photo", "video", "watch", "related", "read",
     "more", "breaking", "exclusive", "transcript", "live", "warning", "disclaimer",
     "advertisement"]
)  # fmt: skip
_LABEL_LINE = re.compile(r"^[\"“]?\s*((?:[A-Z][A-Z.'’-]*\s){0,3}[A-Z][A-Z'’-]+):\s", re.MULTILINE)


def transcript_labels(text: str) -> frozenset[str]:
    """Labels in capitals that open two paragraphs or more ("WALLACE: …" and "PENCE: …"
    taking turns): a transcript's speakers, whether or not the text names them
    elsewhere. Part labels ("UPDATE:", "Q:") are none."""
    counts: dict[str, int] = {}
    for match in _LABEL_LINE.finditer(text):
        name = match.group(1)
        words = [w.strip(".'’-").lower() for w in name.split()]
        if len(name) < 3 or any(w in _NOT_SPEAKERS for w in words):
            continue
        counts[name] = counts.get(name, 0) + 1
    return frozenset(name for name, n in counts.items() if n >= 2)


def label_speaker(
    text: str,
    start: int,
    mentions: list[Mention],
    inverted_only: bool = False,
    transcript: frozenset[str] = frozenset(),
) -> Mention | None:
    """The speaker named by a label opening the text at ``start``: a transcript's
    "PENCE: …" or "SECRETARY KERRY: …", a headline's "Sanders: …" or "Obama on Climate
    Change: …", an inverted "Said Ellis: …" (the only kind ``inverted_only`` looks for).
    The label must name someone the document mentions ("CLARIFICATION:" does not), or
    be one of the ``transcript`` labels (:func:`transcript_labels`)."""
    head = text[start : start + 120]
    caps = None if inverted_only else _TRANSCRIPT_LABEL.match(head)
    label = _NAME_LABEL.match(head)
    if label is not None and inverted_only and not label.group("verb"):
        label = None
    if caps is None and label is None:
        return None
    name = (caps or label).group("name")
    position = start + (caps or label).start("name")
    at = next((m for m in mentions if m.start == position and m.end - m.start == len(name)), None)
    if at is not None and at.label in {"PERSON", "ORG"}:
        return at
    last = name.split()[-1].lower()
    known = (m for m in mentions if m.label == "PERSON" and m.canonical.split()[-1].lower() == last)
    found = next(known, None)
    if found is None and label is not None and label.group("verb"):
        return Mention(position, position + len(name), name, "PERSON", name)  # "Said Ellis:"
    if found is None and caps is not None and name in transcript:
        return Mention(position, position + len(name), name, "PERSON", name.title())
    return found


#: A colon closing the words before a quotation: "A lesson from Loretta Lynch: 'Be …'".
_COLON_QUOTE = re.compile(r":[ \t]+[\"“‘']")


def named_before_quote(text: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    """The person a line names right before a colon and a quotation ("Lessons from
    Sally Ames: 'Be the voice that people hear.'", "Obama on the deal: “…”"): the
    quotation is theirs, with or without words before the name."""
    if start > 0 and text[start - 1] != "\n":
        return None
    colon = _COLON_QUOTE.search(text, start, min(end, start + 120))
    if colon is None:
        return None
    person = mention_at(mentions, colon.start() - 1, colon.start())
    if person is None or person.label != "PERSON" or person.end != colon.start():
        return None
    return person


def intro_speaker(sent, text: str, mentions: list[Mention]) -> Mention | None:
    """The speaker of a line such as "Foreign Office Minister Tobias Ellwood said:" that
    ends its paragraph and introduces the statement below it."""
    stripped = text[sent.start_char : sent.end_char].rstrip()
    colon_end = sent.start_char + len(stripped)
    if not stripped.endswith(":") or text[colon_end : colon_end + 1] not in ("", "\n"):
        return None
    verbs = reporting_verbs_in(sent)
    if sent.root.lower_ in _INTRO_ONLY_VERBS:
        verbs.append(sent.root)
    for verb in verbs:
        found, _ = subject_speaker(verb, mentions)
        if found is not None:
            return found
    return None


#: Verbs that introduce speech only before a colon: "Caddell continued:" (but "the war
#: continued" says nothing).
_INTRO_ONLY_VERBS = frozenset({"continued", "continues", "concluded", "concludes"})
