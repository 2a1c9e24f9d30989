"""Markdown reader: YAML front matter for metadata, the body rendered to plain paragraphs.

The body goes through the ``markdown`` package to HTML and then through the same lxml walk as
HTML pages, so inline markup disappears and raw HTML in the Markdown cannot leak tags or scripts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from briefing_reader.core.dates import parse_date
from briefing_reader.core.extract.decode import decode_bytes
from briefing_reader.core.extract.front_matter import MAX_DEPTH, MAX_ITEMS, load_front_matter
from briefing_reader.core.extract.html_text import parse_html, tree_paragraphs
from briefing_reader.core.model import Extracted, PartialDate

_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]


@dataclass(slots=True)
class _FrontMatter:
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    warning: str | None = None


def read(data: bytes) -> Extracted:
    """Text and metadata of a Markdown file; a broken front matter block is kept as text."""
    decoded = decode_bytes(data)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    front = split_front_matter(text)
    body = defuse_brackets(front.body)
    warnings = [*decoded.warnings, *([front.warning] if front.warning else [])]
    fields = {str(key).strip().lower(): value for key, value in front.fields.items()}
    title = _text_field(fields.get("title"))
    date_value = fields.get("date", fields.get("published"))
    published = _date_field(date_value)
    if published is None and date_value is not None:
        shown = str(date_value)[:40]
        warnings.append(f"front matter date '{shown}' is not a valid date; it was dropped")
    paragraphs, heading = render_paragraphs(body, take_title=title is None)
    return Extracted(
        text="\n\n".join(paragraphs),
        format="md",
        title=title or heading,
        author=_text_field(fields.get("author", fields.get("authors"))),
        published=published,
        source=_text_field(fields.get("source")),
        warnings=warnings,
    )


def split_front_matter(text: str) -> _FrontMatter:
    """Fields and body; on a malformed block, no fields, the whole text as body and a warning.

    A leading ``---`` with no closing line is a Markdown rule, not front matter. A bad
    value drops only its own key (with a warning); the body is always kept.
    """
    from frontmatter.default_handlers import YAMLHandler

    handler = YAMLHandler()
    if not handler.detect(text):
        return _FrontMatter(body=text)
    try:
        raw, body = handler.split(text)
    except ValueError:  # no closing ---
        return _FrontMatter(body=text)
    loaded = load_front_matter(raw)
    warning = "; ".join(loaded.warnings) or None
    if not loaded.usable:
        return _FrontMatter(body=text, warning=warning)
    return _FrontMatter(fields=loaded.fields, body=body, warning=warning)


#: Deeper nesting of ``[`` than this is not a link: its brackets are taken literally, since
#: the Markdown link pattern takes time growing with the depth (5,000 deep: 12 s).
MAX_BRACKET_DEPTH = 16


def defuse_brackets(body: str) -> str:
    """Escape the brackets of each paragraph nesting ``[`` deeper than any real link."""
    blocks = body.split("\n\n")
    for number, block in enumerate(blocks):
        if block.count("[") <= MAX_BRACKET_DEPTH:
            continue
        depth = deepest = 0
        for char in block:
            if char == "[":
                depth += 1
                deepest = max(deepest, depth)
            elif char == "]" and depth:
                depth -= 1
        if deepest > MAX_BRACKET_DEPTH:
            blocks[number] = block.replace("[", "\\[").replace("]", "\\]")
    return "\n\n".join(blocks)


def render_paragraphs(body: str, *, take_title: bool) -> tuple[list[str], str | None]:
    """Paragraphs of the Markdown body, and the opening ``# Heading`` when ``take_title``.

    The heading only counts as the title when it opens the document; it is then removed from the
    text so that the title is not shown twice.
    """
    import markdown

    root = parse_html(markdown.markdown(body, extensions=_EXTENSIONS))
    if root is None:
        return [], None
    title = _take_opening_h1(root) if take_title else None
    return tree_paragraphs(root), title


def _take_opening_h1(root: lxml_html.HtmlElement) -> str | None:
    """Remove and return the text of a level-1 heading that is the body's first content."""
    body = root.find("body")
    if body is None or len(body) == 0 or (body.text or "").strip():
        return None
    first = body[0]
    if first.tag != "h1":
        return None
    title = " ".join(first.text_content().split())
    if not title:
        return None
    first.drop_tree()  # keeps the heading's tail text
    return title


def _text_field(value: Any, depth: int = 0) -> str | None:
    """A front matter value as one line of text: lists (several authors) are joined."""
    if isinstance(value, list):
        if depth >= MAX_DEPTH:
            return None
        items = [_text_field(item, depth + 1) for item in value[:MAX_ITEMS]]
        joined = ", ".join(item for item in items if item)
        return joined or None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _date_field(value: Any) -> PartialDate | None:
    """YAML already turns ``2024-12-12`` into a date; anything else goes through parse_date."""
    if isinstance(value, dt.date):  # datetime is a date too
        return PartialDate(value.year, value.month, value.day)
    text = _text_field(value)
    return parse_date(text) if text else None
