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
    warnings = [*decoded.warnings, *([front.warning] if front.warning else [])]
    fields = {str(key).strip().lower(): value for key, value in front.fields.items()}
    title = _text_field(fields.get("title"))
    paragraphs, heading = render_paragraphs(front.body, take_title=title is None)
    return Extracted(
        text="\n\n".join(paragraphs),
        format="md",
        title=title or heading,
        author=_text_field(fields.get("author", fields.get("authors"))),
        published=_date_field(fields.get("date", fields.get("published"))),
        source=_text_field(fields.get("source")),
        warnings=warnings,
    )


def split_front_matter(text: str) -> _FrontMatter:
    """Fields and body; on a malformed block, no fields, the whole text as body and a warning.

    A leading ``---`` with no closing line is a Markdown rule, not front matter.
    """
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    handler = YAMLHandler()
    if not handler.detect(text):
        return _FrontMatter(body=text)
    try:
        raw, body = handler.split(text)
    except ValueError:  # no closing ---
        return _FrontMatter(body=text)
    try:
        fields = handler.load(raw)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        return _FrontMatter(
            body=text, warning=f"front matter is not valid YAML{line}; it was kept as text"
        )
    if fields is None:
        return _FrontMatter(body=body)
    if not isinstance(fields, dict):
        return _FrontMatter(
            body=text, warning="front matter is not a set of fields; it was kept as text"
        )
    return _FrontMatter(fields=fields, body=body)


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


def _text_field(value: Any) -> str | None:
    """A front matter value as one line of text: lists (several authors) are joined."""
    if isinstance(value, list):
        items = [_text_field(item) for item in value]
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
