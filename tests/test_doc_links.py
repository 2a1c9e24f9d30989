"""briefing-reader:// links: what exported notes write is what the app reads back."""

from __future__ import annotations

import pytest

from briefing_reader.core.doc_links import DocLink, LinkError, is_link, link, parse_link


def test_round_trip_of_exported_links() -> None:
    assert parse_link(link(42)) == DocLink(42)
    assert parse_link(link(7, "3f2a9c")) == DocLink(7, "3f2a9c")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BRIEFING-READER://doc/5", DocLink(5)),
        ("briefing-reader://doc/5/", DocLink(5)),
        ("briefing-reader:doc/5#annotation=ab12", DocLink(5, "ab12")),
        ("briefing-reader://doc/5#annotation=ab%2D12", DocLink(5, "ab-12")),
        ("briefing-reader://doc/5#page=3", DocLink(5)),
        ("  briefing-reader://doc/5  ", DocLink(5)),
    ],
)
def test_lenient_forms(text: str, expected: DocLink) -> None:
    assert parse_link(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://example.org/doc/5", "is not a briefing-reader:// link"),
        ("briefing-reader://doc/", "names no document"),
        ("briefing-reader://note/5", "names no document"),
        ("briefing-reader://doc/5/6", "names no document"),
        ("briefing-reader://doc/abc", "is not a document number"),
        ("briefing-reader://doc/0", "is not a document number"),
        ("briefing-reader://doc/-3", "is not a document number"),
        ("briefing-reader://doc/٣", "is not a document number"),
        ("briefing-reader://doc/5#annotation=", "is not a note id"),
        ("briefing-reader://doc/5#annotation=<script>", "is not a note id"),
        ("briefing-reader://doc/5#annotation=" + "a" * 3000, "too long"),
    ],
)
def test_bad_links_say_why(text: str, reason: str) -> None:
    with pytest.raises(LinkError, match=reason):
        parse_link(text)


def test_is_link_recognises_the_scheme_only() -> None:
    assert is_link("briefing-reader://doc/1")
    assert is_link("Briefing-Reader:whatever")
    assert not is_link("/home/me/briefing-reader://doc/1")
    assert not is_link("notes.md")
