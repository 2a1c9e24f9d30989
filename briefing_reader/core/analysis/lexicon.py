"""Everyday English words: is a capitalised word next to a name an ordinary word?

The vendored model's lemmatizer tables (WordNet's adjectives, nouns and verbs with
its inflection rules and exceptions) are read directly; the lemmatizer itself does
not run in the pipeline. Loading takes about 30 ms, once per process, on first use.
WordNet also lists some names ("Hillary", "Austin"), so nouns are only trusted
where the caller has other evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

_LOOKUPS = ("lemmatizer", "lookups", "lookups.bin")


@dataclass(frozen=True, slots=True)
class _Tables:
    adjectives: frozenset[str]
    nouns: frozenset[str]
    verbs: frozenset[str]
    verb_exceptions: dict[str, list[str]]  # "said" → ["say"]
    verb_rules: tuple[tuple[str, str], ...]  # ("ing", "e"): "making" → "make"


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    import srsly
    from spacy.strings import get_string_id

    from briefing_reader.core.analysis.pipeline import MODEL_DIR

    data = srsly.read_msgpack(MODEL_DIR.joinpath(*_LOOKUPS))
    index, exceptions, rules = data["lemma_index"], data["lemma_exc"], data["lemma_rules"]
    adj, noun, verb = (get_string_id(pos) for pos in ("adj", "noun", "verb"))
    return _Tables(
        adjectives=frozenset(index[adj]),
        nouns=frozenset(index[noun]),
        verbs=frozenset(index[verb]),
        verb_exceptions=dict(exceptions[verb]),
        verb_rules=tuple((old, new) for old, new in rules[verb]),
    )


def is_adjective(word: str) -> bool:
    """ "Crooked", "Derelict": the base form is an English adjective."""
    return word.lower() in _tables().adjectives


def is_noun(word: str) -> bool:
    """ "Speech", "Universe" (WordNet nouns include some names: "Hillary", "Austin")."""
    return word.lower() in _tables().nouns


def is_inflected_verb(word: str) -> bool:
    """ "Says", "Said", "Sees", "Injecting": a verb form other than the base form.

    Names rarely are one ("Sterling" and "Channing" reduce to no verb); base forms
    ("Bill", "Will", "Grant") are deliberately not counted.
    """
    lower = word.lower()
    tables = _tables()
    if lower in tables.verb_exceptions:
        return any(lemma != lower for lemma in tables.verb_exceptions[lower])
    for old, new in tables.verb_rules:
        if old and lower.endswith(old):
            lemma = lower[: -len(old)] + new
            if lemma != lower and lemma in tables.verbs:
                return True
    return False


def is_participle(word: str) -> bool:
    """ "Injecting", "Crooked", "Broken": an -ing or past participle form, not "-s"
    ("James", "Gates" and "Reeves" reduce to verbs too, but only through the "-s" rules)."""
    return word.lower().endswith(("ing", "ed", "en")) and is_inflected_verb(word)


def is_verb(word: str) -> bool:
    """The base form is an English verb ("Rip", "Slam"; also "Bill", "Will")."""
    return word.lower() in _tables().verbs
