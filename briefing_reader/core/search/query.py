"""Turn what a user types into a Whoosh query, never raising.

Supports plain words, "phrases", AND/OR/NOT, wildcards, ``word~`` fuzzy terms,
field prefixes (``title:``, ``source:``, ``person:`` …) and dates (``date:2024``,
``date:2024-12``, ``date:[2024-01 to 2024-06]``, ``date:>=2024-03``). Dates are
parsed here, not by Whoosh, whose date ranges silently widen partial dates.
A malformed query falls back to its plain words with a notice.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from whoosh import qparser, query
from whoosh.fields import Schema

from briefing_reader.core.search.expansion import (
    CappedFuzzyTerm,
    CappedPrefix,
    CappedWildcard,
    fast_unions,
    share_budget,
)

#: What users may type before a colon → index field.
FIELD_ALIASES = {
    "title": "title",
    "body": "body",
    "text": "body",
    "source": "source",
    "author": "author",
    "dateline": "dateline",
    "person": "person",
    "people": "person",
    "org": "org",
    "organisation": "org",
    "organization": "org",
    "place": "place",
    "location": "place",
    "entity": "entity",
    "speaker": "speaker",
    "claim": "claim",
    "said": "claim",
    "note": "notes",
    "notes": "notes",
    "tag": "tag",
    "tags": "tag",
}
#: Plain words search the text, the title and the user's own notes.
DEFAULT_FIELDS = ("title", "body", "notes")

_DATE_CLAUSE = re.compile(r"(?<![\w:])date:(\[[^\]]*\]|\{[^}]*\}|\S+)", re.IGNORECASE)
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_FIELD_PREFIX = re.compile(r"(?<![\w:])(\w+):(?=\S)")
_OPERATOR = r"(?:AND|OR|NOT|ANDNOT|ANDMAYBE)"
_DANGLING = [
    re.compile(r"^\s*(?:AND|OR|ANDNOT|ANDMAYBE)\b"),
    re.compile(rf"\b{_OPERATOR}\s*$"),
    re.compile(rf"\b{_OPERATOR}\s+(?:AND|OR|ANDNOT|ANDMAYBE)\b"),
    re.compile(r"(?<![\w])[A-Za-z]+:(?:\s|$)"),
]
_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(slots=True)
class ParsedQuery:
    """The query to run (None: match everything), plus what the user should know."""

    text: str
    query: query.Query | None
    notices: list[str] = field(default_factory=list)
    plain_words: list[str] = field(default_factory=list)
    fell_back: bool = False
    #: The string Whoosh parsed; query nodes' ``startchar``/``endchar`` point into it.
    parsed_text: str = ""


def _date_bounds(value: str, upper: bool) -> int | None:
    """``2024-03`` → 20240300 (lower) or 20240331 (upper); None if unreadable."""
    m = _DATE_VALUE.match(value.strip())
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    if not upper:
        return year * 10000 + (month or 0) * 100 + (day or 0)
    if month is None:
        return year * 10000 + 1231
    if day is None:
        return year * 10000 + month * 100 + 31
    return year * 10000 + month * 100 + day


def date_query(clause: str) -> query.Query | None:
    """A ``date:`` clause → a numeric range over ``YYYYMMDD``; None when unreadable."""
    clause = clause.strip()
    low: int | None
    high: int | None
    if clause[:1] in "[{" and clause[-1:] in "]}":
        inner = clause[1:-1]
        parts = re.split(r"\s+to\s+|\s*\.\.\s*", inner, flags=re.IGNORECASE)
        if len(parts) != 2:
            return None
        start, end = (p.strip() for p in parts)
        low = _date_bounds(start, upper=False) if start else 1
        high = _date_bounds(end, upper=True) if end else 99991231
    elif m := re.match(r"^(>=|<=|>|<)(.+)$", clause):
        op, value = m.groups()
        if op in (">=", ">"):
            low = _date_bounds(value, upper=op == ">")
            low = None if low is None else low + (1 if op == ">" else 0)
            high = 99991231
        else:
            high = _date_bounds(value, upper=op == "<=")
            high = None if high is None else high - (1 if op == "<" else 0)
            low = 1
    else:
        low, high = _date_bounds(clause, upper=False), _date_bounds(clause, upper=True)
    if low is None or high is None or low > high:
        return None
    return query.NumericRange("date", low, high)


def _malformed(text: str) -> str | None:
    """Why ``text`` is not a well-formed query, or None."""
    if text.count('"') % 2:
        return "unbalanced quotation marks"
    for opening, closing in ("()", "[]", "{}"):
        depth = 0
        for char in text:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                break
        if depth != 0:
            return f"unbalanced {opening}{closing}"
    for pattern in _DANGLING:
        if pattern.search(text):
            return "an operator or field name with nothing to apply to"
    return None


def _plain_words(text: str) -> list[str]:
    words = _PLAIN_WORD.findall(re.sub(r"(?<![\w:])[A-Za-z]+:", " ", text))
    return [w for w in words if w not in {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}]


#: Parsers by schema: building one compiles some forty regular expressions (milliseconds
#: a keystroke otherwise); parsing keeps no state, so one serves every search.
_parsers: dict[int, tuple[Schema, qparser.QueryParser]] = {}


def _parser(schema: Schema) -> qparser.QueryParser:
    found = _parsers.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.remove_plugin_class(qparser.BoostPlugin)
    if len(_parsers) >= 8:
        _parsers.clear()
    _parsers[id(schema)] = (schema, parser)
    return parser


def _rewrite_fields(text: str) -> str:
    """Map friendly prefixes (``note:``, ``people:``) onto index fields; unknown ones (and the
    index's internal fields such as ``content_hash``) become words."""

    def replace(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        target = FIELD_ALIASES.get(name)
        return f"{target}:" if target else f"{m.group(1)} "

    return _FIELD_PREFIX.sub(replace, text)


#: Fields a query may name; the rest of the index (ids, hashes, dates) is internal.
PUBLIC_FIELDS = frozenset(FIELD_ALIASES.values()) | frozenset(DEFAULT_FIELDS)
#: Largest edit distance of ``word~N``: beyond 2 a term matches most of the vocabulary.
MAX_EDIT_DISTANCE = 2
#: Words of a query that are searched: Whoosh's parser takes about a millisecond a word,
#: and no one types more into a search box.
MAX_QUERY_WORDS = 64
#: Letters a wildcard term must start with; ``*x``, ``?*`` would read every word there is.
MIN_WILDCARD_PREFIX = 2
_WILDCARDS = re.compile(r"[*?]")


def _placed(new: query.Query, old: query.Query) -> query.Query:
    """``new`` at ``old``'s place in the parsed text (notices quote what was typed)."""
    new.startchar = getattr(old, "startchar", None)
    new.endchar = getattr(old, "endchar", None)
    return new


def _bounded(q: query.Query, notices: list[str]) -> query.Query:
    """``q`` with the ceilings applied: fuzzy distance capped, open wildcards, ranges over
    words and internal fields refused, each with a notice; fuzzy and wildcard terms
    become their capped, fast-expanding forms."""
    fieldname = getattr(q, "fieldname", None)
    if fieldname is not None and fieldname not in PUBLIC_FIELDS:
        notices.append(f"“{fieldname}” cannot be searched; that part was left out")
        return query.NullQuery
    if isinstance(q, query.FuzzyTerm):
        if q.maxdist > MAX_EDIT_DISTANCE:
            notices.append(
                f"“{q.text}~{q.maxdist}”: at most {MAX_EDIT_DISTANCE} letters can differ; "
                f"searched for “{q.text}~{MAX_EDIT_DISTANCE}”"
            )
        return _placed(
            CappedFuzzyTerm(
                q.fieldname,
                q.text,
                boost=q.boost,
                maxdist=min(q.maxdist, MAX_EDIT_DISTANCE),
                prefixlength=max(q.prefixlength, 1),
            ),
            q,
        )
    if isinstance(q, query.Every):  # a lone "*": every document, scored and faceted
        notices.append(
            f"“*”: a wildcard needs at least {MIN_WILDCARD_PREFIX} letters before it; "
            "that part was left out (an empty search lists every document)"
        )
        return query.NullQuery
    if isinstance(q, query.Wildcard | query.Prefix):
        pattern = q.text + ("*" if isinstance(q, query.Prefix) else "")
        if len(_WILDCARDS.split(pattern, 1)[0]) < MIN_WILDCARD_PREFIX:
            notices.append(
                f"“{pattern}”: a wildcard needs at least {MIN_WILDCARD_PREFIX} letters before "
                "* or ?; that part was left out"
            )
            return query.NullQuery
        if isinstance(q, query.Prefix):
            return _placed(CappedPrefix(q.fieldname, q.text, boost=q.boost), q)
        return _placed(CappedWildcard(q.fieldname, q.text, boost=q.boost), q)
    if isinstance(q, query.TermRange):
        notices.append("ranges work on dates only (date:[2024-01 to 2024-06]); left out")
        return query.NullQuery
    return q.apply(lambda sub: _bounded(sub, notices))


_ONLY_WORDS = re.compile(r"\s*[^\W_]+(?:~[0-9]?)?(?:\s+[^\W_]+(?:~[0-9]?)?)*\s*")
#: A word of a query of words, fuzzy (``word~``, ``word~2``) or not.
_WORD = re.compile(r"([^\W_]+)(?:~([0-9]?))?")
_ONLY_PHRASE = re.compile(r'\s*"([^\W_]+(?:\s+[^\W_]+)*)"\s*')
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def plain_query(text: str, schema: Schema) -> query.Query | None:
    """What Whoosh's parser makes of words alone (fuzzy ones too: ``word~2``), or of one
    quoted phrase of words (no operators, fields or wildcards), built directly: an AND of
    each word's OR over the default fields, or an OR of the phrase in each. The parser's
    taggers try every rule at every character, half a millisecond for two words, most of
    what a plain search costs now. None for anything else (the parser reads it)."""
    phrase = _ONLY_PHRASE.fullmatch(text)
    if phrase is not None:
        return _phrase_query(phrase.group(1), phrase.start(1), schema)
    if not _ONLY_WORDS.fullmatch(text):
        return None
    groups: list[query.Query] = []
    for match in _WORD.finditer(text):
        word, fuzziness = match.group(1), match.group(2)
        if word in _OPERATORS:
            return None
        terms = (
            _word_terms(word, schema)
            if fuzziness is None
            else _fuzzy_terms(word, int(fuzziness or 1), schema)
        )
        if terms is None:
            return None
        for term in terms:  # where it was typed, as Whoosh's parser places it
            term.startchar, term.endchar = match.start(1), match.end(1)
        groups.append(query.Or(terms))
    return query.And(groups).normalize()


def _word_terms(word: str, schema: Schema) -> list[query.Query] | None:
    """A plain word in each default field (none where the analyzer drops it)."""
    terms: list[query.Query] = []
    # The default fields share one analyzer: the word is analysed once.
    by_analyzer: dict[tuple[type, int], list[str]] = {}
    for name in DEFAULT_FIELDS:
        field = schema[name]
        kind = (type(field), id(getattr(field, "analyzer", field)))
        tokens = by_analyzer.get(kind)
        if tokens is None:
            tokens = by_analyzer[kind] = list(field.process_text(word, mode="query"))
        if len(tokens) > 1:
            return None
        terms += [query.Term(name, token) for token in tokens]
    return terms


def _fuzzy_terms(word: str, maxdist: int, schema: Schema) -> list[query.Query] | None:
    """``word~maxdist`` in each default field, as Whoosh's fuzzy plugin makes it: the
    word analysed whole, stop words kept."""
    terms: list[query.Query] = []
    for name in DEFAULT_FIELDS:
        tokens = list(
            schema[name].process_text(word, mode="query", tokenize=False, removestops=False)
        )
        if len(tokens) != 1:
            return None
        terms.append(query.FuzzyTerm(name, tokens[0], maxdist=maxdist, prefixlength=0))
    return terms


def _phrase_query(text: str, start: int, schema: Schema) -> query.Query:
    """The phrase in each default field, its words' places in the typed text kept."""
    phrases: list[query.Query] = []
    for name in DEFAULT_FIELDS:
        # The tokenizer hands out one token object, changed in place: copy as it goes.
        tokens = [
            (t.text, t.startchar, t.endchar)
            for t in schema[name].tokenize(text, mode="query", chars=True)
        ]
        phrases.append(
            query.Phrase(
                name,
                [word for word, _, _ in tokens],
                slop=1,
                char_ranges=[(start + first, start + last) for _, first, last in tokens],
            )
        )
    return query.Or(phrases).normalize()


def parse_query(text: str, schema: Schema) -> ParsedQuery:
    """Parse ``text``; on any problem fall back to plain words with a notice."""
    result = ParsedQuery(text=text, query=None)
    filters: list[query.Query] = []

    def take_date(m: re.Match[str]) -> str:
        q = date_query(m.group(1))
        if q is None:
            result.notices.append(f"could not read the date in “{m.group(0)}”; it was ignored")
        else:
            filters.append(q)
        return " "

    rest = _DATE_CLAUSE.sub(take_date, text).strip()
    words = rest.split()
    if len(words) > MAX_QUERY_WORDS:
        rest = " ".join(words[:MAX_QUERY_WORDS])
        result.notices.append(
            f"the query has {len(words)} words; the first {MAX_QUERY_WORDS} were searched"
        )
    result.plain_words = _plain_words(rest)
    main: query.Query | None = None
    if rest:
        parser = _parser(schema)
        problem = _malformed(rest)
        if problem is None:
            try:
                result.parsed_text = _rewrite_fields(rest)
                main = plain_query(result.parsed_text, schema) or parser.parse(result.parsed_text)
                refused = len(result.notices)
                bounded = share_budget(fast_unions(_bounded(main, result.notices).normalize()))
                if bounded is query.NullQuery and len(result.notices) > refused:
                    # nothing searchable is left; the notices say why
                    main, result.plain_words = None, []
                else:
                    main = bounded
            except Exception as exc:  # Whoosh raises many types on odd input
                problem = f"the query could not be parsed ({type(exc).__name__})"
        if problem is not None:
            result.fell_back = True
            result.notices.append(f"{problem}: searched for the plain words instead")
            words = result.plain_words
            main = parser.parse(" ".join(words)) if words else query.NullQuery
        if main is None and not filters:
            main = query.NullQuery
        elif main is query.NullQuery:
            result.notices.append(
                "only very common words were given; they match nothing"
                if any(ch.isalnum() for ch in rest)
                else f"“{rest}” has no words to search for"
            )
            main = None if filters else query.NullQuery
    parts = [q for q in (main, *filters) if q is not None]
    if parts:
        result.query = parts[0] if len(parts) == 1 else query.And(parts)
    result.notices = list(dict.fromkeys(result.notices))  # one per field searched otherwise
    return result
