"""Re-anchoring annotations in edited versions of the sample articles (no Qt, no database)."""

from __future__ import annotations

import re

import pytest

from briefing_reader.core.anchoring import Anchor, TextSelector, anchor
from tests.conftest import SEED_THANH_NIEN, SEED_YOMIURI

YOMIURI = SEED_YOMIURI.read_text(encoding="utf-8")
THANH_NIEN = SEED_THANH_NIEN.read_text(encoding="utf-8")

SENTENCE = "Japan must play a leading role in order to maintain the unity of the three countries."
PHRASE = "extended deterrence commitment to Japan"


def select(text: str, quote: str, occurrence: int = 0) -> TextSelector:
    """The selector for the ``occurrence``-th copy of ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return TextSelector.from_span(text, start, start + len(quote))


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def found_text(found: Anchor | None, text: str) -> str | None:
    return None if found is None else text[found.start : found.end]


def assert_at(found: Anchor | None, text: str, start: int, quote: str) -> None:
    assert found is not None, "orphaned, expected an anchor"
    assert (found.start, found.end) == (start, start + len(quote)), found_text(found, text)
    assert 0 < found.confidence <= 1


# --- selectors ----------------------------------------------------------------------------


def test_from_span_takes_quote_and_32_characters_of_context() -> None:
    sel = select(YOMIURI, SENTENCE)
    assert sel.exact == SENTENCE
    assert len(sel.prefix) == len(sel.suffix) == 32
    assert YOMIURI[sel.start - 32 : sel.end + 32] == sel.prefix + sel.exact + sel.suffix


def test_from_span_clips_context_at_the_document_edges() -> None:
    sel = TextSelector.from_span(YOMIURI, 0, 5)
    assert sel.prefix == ""
    end = len(YOMIURI)
    assert TextSelector.from_span(YOMIURI, end - 3, end).suffix == ""


@pytest.mark.parametrize("span", [(5, 5), (-1, 4), (10, 5), (0, 10**6)])
def test_from_span_rejects_bad_spans(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        TextSelector.from_span(YOMIURI, *span)


def test_w3c_round_trip() -> None:
    sel = select(YOMIURI, PHRASE)
    w3c = sel.to_w3c()
    assert [s["type"] for s in w3c] == ["TextQuoteSelector", "TextPositionSelector"]
    assert w3c[0] == {
        "type": "TextQuoteSelector",
        "exact": sel.exact,
        "prefix": sel.prefix,
        "suffix": sel.suffix,
    }
    assert w3c[1] == {"type": "TextPositionSelector", "start": sel.start, "end": sel.end}
    assert TextSelector.from_w3c(w3c) == sel
    assert TextSelector.from_w3c(list(reversed(w3c))) == sel


def test_w3c_without_position_still_anchors() -> None:
    sel = select(YOMIURI, PHRASE)
    quote_only = TextSelector.from_w3c([sel.to_w3c()[0]])
    assert (quote_only.start, quote_only.end) == (-1, -1)
    assert_at(anchor(quote_only, YOMIURI), YOMIURI, sel.start, PHRASE)


def test_w3c_without_quote_is_rejected() -> None:
    with pytest.raises(ValueError):
        TextSelector.from_w3c([{"type": "TextPositionSelector", "start": 0, "end": 4}])


# --- anchoring ----------------------------------------------------------------------------


def test_unchanged_text_anchors_by_position() -> None:
    for text, quote in ((YOMIURI, SENTENCE), (THANH_NIEN, "3-star general")):
        sel = select(text, quote)
        found = anchor(sel, text)
        assert found == Anchor(sel.start, sel.end, "position", 1.0)


def test_text_inserted_before_shifts_the_anchor() -> None:
    sel = select(YOMIURI, SENTENCE)
    lead = "Editor's note: this editorial was updated on Friday.\n\n"
    new = lead + YOMIURI
    found = anchor(sel, new)
    assert_at(found, new, sel.start + len(lead), SENTENCE)
    assert found is not None and found.method == "exact"


def test_typo_fixed_inside_the_quote() -> None:
    old = YOMIURI.replace("maintain the unity", "maintian teh unity")
    old_quote = SENTENCE.replace("maintain the unity", "maintian teh unity")
    sel = select(old, old_quote)
    found = anchor(sel, YOMIURI)
    assert_at(found, YOMIURI, YOMIURI.index(SENTENCE), SENTENCE)
    assert found is not None and found.method == "fuzzy"


def test_typo_fixed_inside_a_one_word_quote() -> None:
    old = THANH_NIEN.replace("memorandum of understanding", "memorandmu of understanding")
    sel = select(old, "memorandmu")
    found = anchor(sel, THANH_NIEN)
    assert_at(found, THANH_NIEN, THANH_NIEN.index("memorandum"), "memorandum")


def test_typo_fixed_in_the_context() -> None:
    old = YOMIURI.replace("America’s extended", "Amercia’s extended")
    sel = select(old, PHRASE)
    new_start = YOMIURI.index(PHRASE)
    assert_at(anchor(sel, YOMIURI), YOMIURI, new_start, PHRASE)


def test_deleted_highlighted_passage_is_orphaned() -> None:
    sel = select(YOMIURI, SENTENCE)
    new = "\n\n".join(p for p in YOMIURI.split("\n\n") if SENTENCE not in p)
    assert anchor(sel, new) is None


def test_deleted_short_highlight_is_not_moved_to_another_copy() -> None:
    # "South Korea" occurs in many paragraphs; the highlighted one is deleted.
    paras = YOMIURI.split("\n\n")
    victim = next(i for i, p in enumerate(paras) if "South Korean politics" in p)
    sel = select(YOMIURI, "South Korea", 0)
    assert "South Korea" in paras[victim][: YOMIURI.index("South Korean politics")]
    new = "\n\n".join(p for i, p in enumerate(paras) if i != victim)
    assert "South Korea" in new
    assert anchor(sel, new) is None


def test_repeated_phrase_context_decides() -> None:
    quote = "South Korea"
    occurrences = [m.start() for m in re.finditer(quote, YOMIURI)]
    assert len(occurrences) > 3
    sel = select(YOMIURI, quote, 2)
    lead = "A new first paragraph was added by the editors.\n\n"
    new = lead + YOMIURI
    found = anchor(sel, new)
    assert_at(found, new, occurrences[2] + len(lead), quote)
    assert found is not None and found.method == "context"


def test_repeated_phrase_gains_a_copy_before_the_original() -> None:
    sel = select(YOMIURI, PHRASE)
    copy = f"Officials repeated the {PHRASE} several times this week."
    paras = YOMIURI.split("\n\n")
    new = "\n\n".join([paras[0], copy, *paras[1:]])
    assert new.index(PHRASE) < new.index(sel.prefix + PHRASE)
    found = anchor(sel, new)
    assert_at(found, new, new.index(sel.prefix + PHRASE) + len(sel.prefix), PHRASE)
    assert found is not None and found.method == "context"


def test_reordered_paragraphs() -> None:
    paras = paragraphs(THANH_NIEN)
    heading = "New chapter for US - Japan?"
    assert heading in paras
    quotes = [
        heading,
        "3-star general",
        "memorandum of understanding on closer defense cooperation",
    ]
    assert THANH_NIEN.count("3-star general") == 2  # the first copy is highlighted
    new = "\n".join(reversed(paras))
    for quote in quotes:
        sel = select(THANH_NIEN, quote)
        # Where the highlighted copy's paragraph went.
        para_start = THANH_NIEN.rfind("\n", 0, sel.start) + 1
        para = THANH_NIEN[para_start : THANH_NIEN.find("\n", sel.start)]
        expected = new.index(para) + (sel.start - para_start)
        assert_at(anchor(sel, new), new, expected, quote)


def test_reordered_paragraphs_whole_paragraph_highlight() -> None:
    paras = YOMIURI.split("\n\n")
    moved = paras[2]
    sel = select(YOMIURI, moved)
    new = "\n\n".join([paras[0], paras[1], *paras[3:], moved])
    assert_at(anchor(sel, new), new, new.index(moved), moved)


def test_paragraph_deleted_elsewhere() -> None:
    paras = YOMIURI.split("\n\n")
    sel = select(YOMIURI, PHRASE)
    new = "\n\n".join(paras[:1] + paras[2:])
    assert PHRASE not in paras[1]
    assert_at(anchor(sel, new), new, new.index(PHRASE), PHRASE)


def test_whitespace_and_line_wrap_changes() -> None:
    sel = select(YOMIURI, SENTENCE)
    # Hard-wrap every paragraph at 40 columns and double the blank lines.
    wrapped = "\n\n\n".join(
        re.sub(r"(.{1,40})(?: |$)", lambda m: m.group(1) + "\n", p).rstrip()
        for p in YOMIURI.split("\n\n")
    )
    found = anchor(sel, wrapped)
    assert found is not None
    assert " ".join(found_text(found, wrapped).split()) == SENTENCE


def test_emptied_document_orphans_everything() -> None:
    sel = select(YOMIURI, SENTENCE)
    assert anchor(sel, "") is None
    assert anchor(sel, "   \n\n ") is None


def test_unicode_emoji_before_the_quote() -> None:
    sel = select(YOMIURI, PHRASE)
    lead = "🇯🇵🤝🇺🇸 "  # flags are two code points each
    new = lead + YOMIURI
    found = anchor(sel, new)
    assert_at(found, new, sel.start + len(lead), PHRASE)
    assert found_text(found, new) == PHRASE


def test_short_quote_needs_context_in_fuzzy_mode() -> None:
    # A one-word highlight whose paragraph was deleted must not jump to a look-alike.
    old = "Alpha beta gamma.\n\nThe minister met Austen in Tokyo on Monday.\n\nDelta epsilon."
    sel = select(old, "Austen")
    new = "Alpha beta gamma.\n\nLater, Austin flew home to Washington for talks.\n\nDelta epsilon."
    assert anchor(sel, new) is None


def test_long_document_with_fifty_notes_after_mixed_edits() -> None:
    """Speed is measured in bench/bench_anchoring.py; here only the outcome counts."""
    base = "\n\n".join([YOMIURI, THANH_NIEN] * 5)
    assert len(base.split()) >= 5000
    spans = [m.span() for m in re.finditer(r"[A-Z][^.?!\n]{20,120}[.?!]", base)][:50]
    selectors = [TextSelector.from_span(base, s, e) for s, e in spans]
    new = base.replace("cooperation", "co-operation").replace("  ", " ")
    new = (
        "A new lead paragraph.\n\n"
        + new[: len(new) // 2]
        + "\n\nInserted.\n\n"
        + new[len(new) // 2 :]
    )
    results = [anchor(sel, new) for sel in selectors]
    for selector, result in zip(selectors, results, strict=True):
        if result is not None:  # never attached to other words
            assert new[result.start : result.end].replace("co-operation", "cooperation") == (
                selector.exact
            )
    assert sum(r is not None for r in results) >= 40


def test_previous_text_tells_a_deleted_passage_from_another_copy() -> None:
    """A sentence printed twice; the highlighted copy's paragraph is deleted. Selectors alone
    cannot tell this from a moved paragraph; the diff against the previous text can."""
    repeated = "Job creation was one of last year's main concerns for the government."
    old = (
        f"Opening paragraph about the economy.\n\nIn the annual review, {repeated} Officials "
        "said more.\n\n"
        f"Middle paragraph on trade talks.\n\nClosing lines. {repeated}"
    )
    start = old.index(repeated)
    selector = TextSelector.from_span(old, start, start + len(repeated))
    paragraph = f"In the annual review, {repeated} Officials said more.\n\n"
    new = old.replace(paragraph, "")
    assert anchor(selector, new, old_text=old) is None
    # moved after the trade paragraph: found there, or at worst orphaned, never on the copy
    # that was always in the closing lines
    middle = "Middle paragraph on trade talks.\n\n"
    moved = old.replace(paragraph, "").replace(middle, middle + paragraph)
    found = anchor(selector, moved, old_text=old)
    assert found is not None
    assert found.start == moved.index(repeated) and moved.index(repeated) > moved.index(middle)
