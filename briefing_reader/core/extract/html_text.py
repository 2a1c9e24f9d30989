"""HTML → plain-text paragraphs with lxml alone.

Shared by the HTML reader (for pages trafilatura cannot handle) and the Markdown reader (which
renders to HTML first). It never loads anything: the parser has no network access, ignores DTDs
and external entities, and only the given string is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: A start tag with more than 4 KB of attributes (an inline image, or thousands of
#: attributes, on which libxml2 takes time growing with their square) loses them: no
#: attribute holds text to read.
_OVERSIZED_TAG = re.compile(r"<([A-Za-z][\w:-]{0,30})\s[^<>]{4096,}>")
_BULLET = "• "

_HTML_DROP = (
    "script style nav header footer aside noscript template iframe frame frameset head "
    "svg math object embed canvas select button textarea"
)
_HTML_BLOCKS = (
    "address article blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure form h1 h2 h3 h4 h5 h6 hgroup hr html legend li main menu ol p pre "
    "section summary table tbody tfoot thead tr ul"
)


@dataclass(frozen=True, slots=True)
class TagRoles:
    """What each element name means for the text: dropped, a paragraph, a list item, …"""

    drop: frozenset[str]
    block: frozenset[str]
    item: frozenset[str]
    row: frozenset[str]
    cell: frozenset[str]
    line_break: frozenset[str]
    preformatted: frozenset[str]
    #: trafilatura's rescue pass returns one ``<p>`` whose lines are the page's paragraphs.
    newline_is_paragraph: bool = False


#: Roles for ordinary HTML: page furniture and non-text content are dropped.
HTML_ROLES = TagRoles(
    drop=frozenset(_HTML_DROP.split()),
    block=frozenset(_HTML_BLOCKS.split()),
    item=frozenset({"li"}),
    row=frozenset({"tr"}),
    cell=frozenset({"td", "th"}),
    line_break=frozenset({"br"}),
    preformatted=frozenset({"pre", "listing", "plaintext", "xmp"}),
)

#: Roles for the XML tree trafilatura returns as ``Document.body``.
TRAFILATURA_ROLES = TagRoles(
    drop=frozenset({"graphic"}),
    block=frozenset({"body", "doc", "div", "head", "p", "list", "quote", "table"}),
    item=frozenset({"item"}),
    row=frozenset({"row"}),
    cell=frozenset({"cell"}),
    line_break=frozenset({"lb"}),
    preformatted=frozenset({"code"}),
    newline_is_paragraph=True,
)


def _parser() -> lxml_html.HTMLParser:
    """A fresh parser (lxml parsers are not thread-safe) that never touches the network."""
    return lxml_html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        collect_ids=False,
        default_doctype=False,
    )


def parse_html(markup: str) -> lxml_html.HtmlElement | None:
    """Parse a whole page or a fragment into an ``<html>`` tree; None when there is nothing.

    An XML declaration is removed first because lxml refuses one with an encoding in a ``str``.
    """
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return None
    markup = _OVERSIZED_TAG.sub(r"<\1>", markup)
    try:
        return lxml_html.document_fromstring(markup, parser=_parser())
    except (etree.ParserError, ValueError):
        return None


@dataclass(slots=True)
class _Collector:
    """Accumulates text into paragraphs while the tree is walked."""

    paragraphs: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    newline_is_paragraph: bool = False
    marker: str = ""
    pre_depth: int = 0
    row_depth: int = 0

    def _has_text(self) -> bool:
        return any(part.strip() for part in self.parts)

    def add(self, text: str | None) -> None:
        """Append text: whitespace collapses outside preformatted blocks."""
        if not text:
            return
        if self.newline_is_paragraph and not self.pre_depth and "\n" in text:
            first, *rest = text.split("\n")
            self.add(first)
            for line in rest:
                self.flush()
                self.add(line)
            return
        if not self.pre_depth:
            text = _SPACE.sub(" ", text)
            if not self.parts or self.parts[-1].endswith((" ", "\n")):
                text = text.lstrip(" ")
            if not text:
                return
        if self.marker and text.strip():
            self.parts.append(self.marker)
            self.marker = ""
        self.parts.append(text)

    def line_break(self) -> None:
        if self._has_text():
            self.parts.append("\n")

    def cell(self) -> None:
        """Start a table cell: cells of one row share a paragraph, joined by " | "."""
        if self._has_text():
            self.parts[-1] = self.parts[-1].rstrip(" ")
            self.parts.append(" | ")

    def start_item(self) -> None:
        self.flush()
        self.marker = _BULLET

    def flush(self) -> None:
        """Close the current paragraph; whitespace-only paragraphs are discarded."""
        text = "\n".join(line.rstrip() for line in "".join(self.parts).split("\n")).strip("\n")
        self.parts.clear()
        self.marker = ""
        if text.strip():
            self.paragraphs.append(text)


def tree_paragraphs(root: etree._Element, roles: TagRoles = HTML_ROLES) -> list[str]:
    """Paragraph texts of ``root`` in document order, without markup.

    Blocks, headings and list items become paragraphs (items marked "• "); table rows become one
    paragraph with cells joined by " | "; ``<br>`` is a line break; preformatted text is kept
    verbatim. Iterative, so deep nesting cannot exhaust the Python stack. Expects a tree without
    comments (``parse_html`` removes them): iterwalk skips a comment together with its tail.
    """
    out = _Collector(newline_is_paragraph=roles.newline_is_paragraph)
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in roles.drop:
                walker.skip_subtree()
                continue
            _enter(out, tag, roles)
            out.add(element.text)
        else:
            if tag not in roles.drop:
                _leave(out, tag, roles)
            out.add(element.tail)
    out.flush()
    return out.paragraphs


def _enter(out: _Collector, tag: str, roles: TagRoles) -> None:
    if tag in roles.preformatted:
        out.pre_depth += 1
    if out.row_depth and (tag in roles.block or tag in roles.item or tag in roles.row):
        out.add(" ")  # blocks inside a table row stay in the row's paragraph
    elif tag in roles.item:
        out.start_item()
    elif tag in roles.block or tag in roles.row:
        out.flush()
    if tag in roles.row:
        out.row_depth += 1
    elif tag in roles.cell:
        out.cell()
    elif tag in roles.line_break:
        out.line_break()


def _leave(out: _Collector, tag: str, roles: TagRoles) -> None:
    if tag in roles.preformatted:
        out.pre_depth -= 1
    if tag in roles.row:
        out.row_depth -= 1
    if out.row_depth:
        if tag in roles.block or tag in roles.item:
            out.add(" ")
    elif tag in roles.block or tag in roles.item or tag in roles.row:
        out.flush()
