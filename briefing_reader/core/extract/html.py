"""HTML reader: the article's main text and metadata, without scripts, menus or boilerplate.

trafilatura finds the main text and the title/author/date/site name. The page is parsed here,
once, with a parser that has no network access, and trafilatura gets the tree (never a URL), so
nothing outside the given bytes is ever read. When trafilatura fails or the page is too large for
it, a plain lxml walk that drops page furniture (html_text) gives the text instead.
"""

from __future__ import annotations

import codecs
import logging
import re
from copy import copy
from typing import Any

from lxml import html as lxml_html

from briefing_reader.core.dates import parse_date
from briefing_reader.core.extract.decode import Decoded, decode_bytes
from briefing_reader.core.extract.html_text import (
    HTML_ROLES,
    TRAFILATURA_ROLES,
    parse_html,
    tree_paragraphs,
)
from briefing_reader.core.model import Extracted

#: trafilatura needs ~0.1 ms per element; above this a page would take seconds, so the fast lxml
#: walk is used instead (trafilatura's own MAX_TREE_SIZE only discards output after the work).
MAX_TRAFILATURA_ELEMENTS = 50_000

#: Below this many characters trafilatura's result comes from its rescue pass (its own
#: MIN_EXTRACTED_SIZE), which flattens lists and code; the lxml walk keeps them.
SHORT_TEXT = 250

#: Bytes searched for a declared charset (the HTML standard's prescan uses the first 1024).
_PRESCAN = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
#: Labels browsers read as windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

#: Always boilerplate, also for trafilatura: its rescue pass for short pages keeps them otherwise.
#: Headers and footers inside an article or main element often hold its headline and byline.
_PRUNE_XPATH = [
    "//script",
    "//style",
    "//noscript",
    "//template",
    "//iframe",
    "//nav",
    "//aside",
    "//header[not(ancestor::article or ancestor::main)]",
    "//footer[not(ancestor::article or ancestor::main)]",
]

_LOG = logging.getLogger(__name__)

# trafilatura and its helpers log every odd page at WARNING/ERROR; for an importer that is noise
# (what matters reaches the user as ExtractionError or Extracted.warnings).
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def read(data: bytes) -> Extracted:
    """Main text, title, author, date and site name of an HTML page."""
    decoded = decode_html(data)
    warnings = list(decoded.warnings)
    root = parse_html(decoded.text)
    if root is None:
        return Extracted(text="", format="html", warnings=warnings)
    paragraphs, metadata = _main_text(root, warnings)
    title = metadata.get("title")
    if paragraphs and title and _same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline is the title; do not repeat it in the text
    return Extracted(
        text="\n\n".join(paragraphs),
        format="html",
        title=title,
        author=metadata.get("author"),
        published=parse_date(metadata.get("date")),
        source=metadata.get("sitename"),
        warnings=warnings,
    )


def _main_text(
    root: lxml_html.HtmlElement, warnings: list[str]
) -> tuple[list[str], dict[str, str]]:
    """Paragraphs and metadata: trafilatura first, the lxml walk when it gives nothing."""
    size = sum(1 for _ in root.iter())
    if size > MAX_TRAFILATURA_ELEMENTS:
        warnings.append(f"very large page ({size} elements): boilerplate removal was simplified")
        document = None
    else:
        document = _trafilatura(root, warnings)
    if document is None:
        return tree_paragraphs(root, HTML_ROLES), _fallback_metadata(root)
    paragraphs = _trafilatura_paragraphs(document)
    if sum(len(p) for p in paragraphs) < SHORT_TEXT:
        # trafilatura worked on a copy, so ``root`` is still the whole page
        paragraphs = tree_paragraphs(root, HTML_ROLES) or paragraphs
    return paragraphs, _metadata(document)


def decode_html(data: bytes) -> Decoded:
    """Bytes → text: a BOM, then the page's declared charset, then detection (decode_bytes).

    A page declaring a legacy charset whose bytes are valid UTF-8 (a page saved as UTF-8 that
    kept its old ``<meta>``) is read as UTF-8: such bytes are almost never legacy text.
    """
    if data.startswith(_BOMS) or b"\x00" in data[:_PRESCAN]:
        return decode_bytes(data)  # UTF-16/32 or binary: decode_bytes knows both
    declared = _declared_charset(data[:_PRESCAN])
    if declared is None or declared == "utf-8":
        return decode_bytes(data)
    if not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return Decoded(text, "utf-8", [f"the page declares {declared} but is UTF-8"])
    try:
        return Decoded(data.decode(declared), declared)
    except UnicodeDecodeError:
        decoded = decode_bytes(data)
        decoded.warnings.append(
            f"the page declares {declared} but is not; read as {decoded.encoding}"
        )
        return decoded


def _declared_charset(head: bytes) -> str | None:
    """Codec name from ``<meta charset>``, http-equiv Content-Type or an XML declaration."""
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A UTF-16 label in bytes that parsed as ASCII is wrong by definition; browsers use UTF-8.
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def _trafilatura(root: lxml_html.HtmlElement, warnings: list[str]) -> Any:
    """trafilatura's Document for the tree, or None when it finds nothing or fails."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            root,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            prune_xpath=_PRUNE_XPATH,
            # Only dates the page states in its markup: the extensive search guesses from
            # any number in the text and turns "© 2023" into 1 January 2023.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # a bug on one odd page must not stop an import
        _LOG.debug("trafilatura failed", exc_info=True)
        warnings.append(f"main-text detection failed ({type(exc).__name__}); read the whole page")
        return None


def _trafilatura_paragraphs(document: Any) -> list[str]:
    body = getattr(document, "body", None)
    return tree_paragraphs(body, TRAFILATURA_ROLES) if body is not None else []


def _metadata(document: Any) -> dict[str, str]:
    """The non-empty string fields of a trafilatura Document we use."""
    fields = ("title", "author", "date", "sitename")
    values = {name: getattr(document, name, None) for name in fields}
    return {name: " ".join(v.split()) for name, v in values.items() if isinstance(v, str) and v}


def _fallback_metadata(root: lxml_html.HtmlElement) -> dict[str, str]:
    """Metadata via trafilatura's metadata module when the text came from the lxml walk."""
    try:
        from trafilatura.metadata import extract_metadata

        document = extract_metadata(copy(root), extensive=False)
    except Exception:  # metadata is optional
        _LOG.debug("trafilatura metadata failed", exc_info=True)
        return {}
    return _metadata(document)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
