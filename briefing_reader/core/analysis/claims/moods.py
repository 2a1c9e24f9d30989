"""Clauses whose verb attributes nothing although it is a verb of speech or stance: a
condition imagines, an obligation is the writer's judgement, and a negated verb of
speech without content says that nothing was said."""

from __future__ import annotations


def hypothetical(verb) -> bool:
    """ "If Trump's plan rejected single mothers, …", "If it sells, he'll promote it":
    a condition imagines, it attributes nothing."""
    token = verb
    while token.dep_ in {"conj", "xcomp"} and token.head.i != token.i:
        token = token.head
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in token.children
    )


def negated(verb) -> bool:
    """ "did not respond to requests for comment": negated and without a clause of
    content, a verb of speech reports no statement ("did not want", "didn't know" are
    stances all the same: callers ask this of verbs of speech only)."""
    children = list(verb.children)
    return any(c.dep_ == "neg" for c in children) and not any(
        c.dep_ in {"ccomp", "parataxis"} for c in children
    )


#: Heads that make an infinitive an obligation, not something done or said: "Japan needs
#: to persuade …" is the writer's judgement, not Japan speaking. ("Trump tried to convince"
#: stays: an attempt is his, and the benchmark counts it.)
_OBLIGATION_HEADS = frozenset({"need", "needs", "ought", "must", "should"})


def obliged(verb) -> bool:
    """A reporting verb in an infinitive under "needs to", "ought to", "must", "should"."""
    token = verb
    while token.dep_ in ("xcomp", "advcl", "conj") and token.head is not token:
        if any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in token.children):
            return True
        token = token.head
        if token.lower_ in _OBLIGATION_HEADS:
            return True
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children)
