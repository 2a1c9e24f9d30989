"""The Whoosh schema and how a document becomes index fields."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from whoosh import analysis, columns, fields

from briefing_reader.core.analysis.labels import LABELS, NAMED_LABELS
from briefing_reader.core.model import Document
from briefing_reader.core.search.stemmed_format import STEMMING, StemmedCharacters

if TYPE_CHECKING:
    from briefing_reader.core.model import Annotation, ResolvedMention, StoredClaim

#: Bump when the schema or analysis changes: an index with another version is rebuilt.
INDEX_VERSION = 6

#: Fields for entity labels, filled by the analysis layer; query prefixes map onto them.
ENTITY_FIELDS = ("person", "org", "place", "entity")
#: A column (not searchable) with each document's entities as facets count them.
ENTITY_KEYS_FIELD = "entity_keys"
#: Labels whose entities are counted as facets.
FACET_LABELS = ("PERSON", "ORG", "GPE", "LOC")

_STEMMED = STEMMING
_PLAIN = analysis.StandardAnalyzer(stoplist=None)


def build_schema() -> fields.Schema:
    """Title boosted; body stemmed with character offsets so snippets are pinpoint."""
    entity_fields = {name: fields.TEXT(analyzer=_PLAIN, phrase=True) for name in ENTITY_FIELDS}
    body = fields.TEXT(analyzer=_STEMMED, chars=True)
    body.format = StemmedCharacters(field_boost=body.format.field_boost)
    return fields.Schema(
        # Numbers are indexed at one precision (whoosh's default is one term per 4 bits, 16
        # for an id), except the date, whose ranges need coarser terms to stay few: every
        # posting costs the commit, and nothing asks for ranges of ids or years.
        id=fields.NUMERIC(int, bits=64, stored=True, unique=True, sortable=True, shift_step=0),
        title=fields.TEXT(analyzer=_STEMMED, field_boost=2.0, stored=False),
        body=body,
        source=fields.TEXT(analyzer=_PLAIN),
        source_facet=fields.ID(sortable=True),
        author=fields.TEXT(analyzer=_PLAIN),
        dateline=fields.TEXT(analyzer=_PLAIN),
        # Signed on purpose: whoosh 2.7 answers wide ranges wrongly on unsigned fields.
        date=fields.NUMERIC(int, bits=32, sortable=True, shift_step=8),
        year=fields.NUMERIC(int, bits=32, sortable=True, shift_step=0),
        notes=fields.TEXT(analyzer=_STEMMED),
        speaker=fields.TEXT(analyzer=_PLAIN, phrase=True),
        claim=fields.TEXT(analyzer=_STEMMED),
        # Annotations: ``note:`` searches notes and highlighted passages, ``tag:`` tags.
        tag=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        entity_keys=fields.COLUMN(columns.VarBytesColumn()),
        **entity_fields,
    )


def document_fields(
    doc: Document,
    mentions: Sequence[ResolvedMention] = (),
    claims: Sequence[StoredClaim] = (),
    annotations: Sequence[Annotation] = (),
) -> dict[str, object]:
    """The index fields of one document (empty values are left out).

    Entity fields hold each entity's canonical name and the spellings used for it,
    so ``person:austin`` finds "Lloyd Austin" wherever he is only "Austin".
    """
    values: dict[str, object] = {
        "id": doc.id,
        "title": doc.title,
        "body": doc.text,
    }
    if doc.source:
        values["source"] = doc.source
        values["source_facet"] = doc.source
    if doc.author:
        values["author"] = doc.author
    if doc.dateline:
        values["dateline"] = doc.dateline
    # 0 stands for "no known year": it sorts last when newest comes first, and date
    # ranges start at 1 so undated documents never match a date query.
    published = doc.published
    has_year = published is not None and published.sort_key is not None
    values["date"] = published.sort_key if published is not None and has_year else 0
    values["year"] = published.year if published is not None and has_year else 0
    names: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.label not in NAMED_LABELS and mention.label != "TITLE":
            continue
        for fieldname in {LABELS[mention.label].search_field, "entity"}:
            names.setdefault(fieldname, set()).update((mention.canonical, mention.text))
    for fieldname, spellings in names.items():
        values[fieldname] = "\n".join(sorted(spellings))
    keys = {(m.label, m.canonical) for m in mentions if m.label in FACET_LABELS and not m.hidden}
    if keys:
        values[ENTITY_KEYS_FIELD] = encode_entity_keys(keys)
    # Attributed claims: ``speaker:austin`` and ``claim:ironclad`` (what someone said).
    attributed = [c for c in claims if c.attributed and c.speaker]
    if attributed:
        values["speaker"] = "\n".join(sorted({c.speaker for c in attributed if c.speaker}))
        values["claim"] = "\n".join(c.text for c in attributed)
    if annotations:
        values["notes"] = "\n".join(f"{a.exact}\n{a.note}".strip() for a in annotations)
        tags = sorted({t.replace(",", " ") for a in annotations for t in a.tags})
        if tags:
            values["tag"] = ",".join(tags)
    return values


def encode_entity_keys(keys: Iterable[tuple[str, str]]) -> bytes:
    """``{("PERSON", "Lloyd Austin"), …}`` → one column value (label TAB name, one a line)."""
    lines = (f"{label}\t{' '.join(name.split())}" for label, name in sorted(keys))
    return "\n".join(lines).encode("utf-8")
