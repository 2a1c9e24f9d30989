"""Format readers: HTML, Markdown, PDF and DOCX, on fixtures generated here."""

from __future__ import annotations

import datetime as dt
import io
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_reader.core.errors import ExtractionError
from briefing_reader.core.extract import docx_reader, extract, front_matter, markdown_reader, pdf
from briefing_reader.core.extract import html as html_reader
from briefing_reader.core.model import PartialDate
from tests.pdf_fixtures import make_pdf

SECRET = "TOPSECRET-LOCAL-FILE"

PARA_1 = (
    "Washington [US], July 30: The Pentagon said on Tuesday that Osprey flights would resume "
    "after a review of the crash, which is said to have been caused by a gearbox failure."
)
PARA_2 = (
    "Professor Nagy assessed that the alliance is ironclad and that the decision may have been "
    "driven by operational needs in the region."
)
PARA_3 = "The two ministries will review the GSOMIA cooperation agreement next year."


def article_html(secret_path: Path) -> bytes:
    """A news page with every kind of furniture around a three-paragraph article."""
    secret_url = secret_path.as_uri()
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Osprey flights resume | Daily Planet</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2024-12-12T09:30:00+09:00">
<script>var tracker = "SCRIPT-TEXT";</script>
<style>body {{ content: "STYLE-TEXT"; }}</style>
<link rel="stylesheet" href="http://example.invalid/site.css">
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">NAV-TEXT World</a></nav>
<header><div class="masthead">HEADER-TEXT Daily Planet</div></header>
<main><article>
<h1>Osprey flights resume</h1>
<p>{PARA_1}</p>
<img src="http://example.invalid/photo.jpg" alt="IMG-ALT-TEXT">
<p>{PARA_2}</p>
<p>{PARA_3} See <a href="{secret_url}">the local copy</a>.</p>
<iframe src="{secret_url}">IFRAME-TEXT</iframe>
<iframe src="http://example.invalid/embed"></iframe>
<script>document.write("INLINE-SCRIPT-TEXT")</script>
</article></main>
<aside>ASIDE-TEXT Most read</aside>
<footer>FOOTER-TEXT Copyright 2023</footer>
</body></html>""".encode()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


# --- HTML ---------------------------------------------------------------------------------------


def test_html_keeps_the_article_and_drops_page_furniture(secret_file: Path) -> None:
    result = html_reader.read(article_html(secret_file))

    assert result.format == "html"
    assert result.text.split("\n\n")[:2] == [PARA_1, PARA_2]
    assert PARA_3 in result.text
    for noise in ("SCRIPT", "STYLE", "NAV-TEXT", "HEADER-TEXT", "ASIDE", "FOOTER", "IFRAME"):
        assert noise not in result.text
    assert "IMG-ALT-TEXT" not in result.text
    assert SECRET not in result.text
    assert "<" not in result.text


def test_html_metadata(secret_file: Path) -> None:
    result = html_reader.read(article_html(secret_file))

    assert result.title == "Osprey flights resume"
    assert not result.text.startswith("Osprey flights resume")  # headline is not repeated
    assert result.author == "Jane Roe"
    assert result.published == PartialDate(2024, 12, 12)
    assert result.source == "Daily Planet"


def test_html_opens_no_connection(monkeypatch: pytest.MonkeyPatch, secret_file: Path) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    result = extract(Path("page.html"), article_html(secret_file))

    assert attempts == []
    assert PARA_1 in result.text


def test_html_does_not_resolve_external_entities(secret_file: Path) -> None:
    page = (
        f'<!DOCTYPE html [<!ENTITY leak SYSTEM "{secret_file.as_uri()}">]>'
        f'<html><body><p>Before &leak; after.</p><object data="{secret_file.as_uri()}">'
        "</object></body></html>"
    )
    result = html_reader.read(page.encode())

    assert "Before" in result.text
    assert SECRET not in result.text


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        '<meta charset="iso-8859-1">',  # browsers read Latin-1 labels as windows-1252
    ],
)
def test_html_honours_declared_legacy_charset(declaration: str) -> None:
    body = (
        "Le ministère a déclaré : “l’alliance est solide” — a statement the café owners "
        "welcomed. " * 4
    )
    page = f"<html><head>{declaration}<title>Café “news”</title></head><body><p>{body}</p>"
    result = html_reader.read((page + "</body></html>").encode("cp1252"))

    assert result.title == "Café “news”"
    assert "ministère a déclaré : “l’alliance est solide” — a statement the café" in result.text
    assert "Ã" not in result.text and "â€" not in result.text
    assert result.warnings == []


def test_html_utf8_bytes_win_over_a_stale_legacy_declaration() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>“Café” déjà</p></body></html>'
    result = html_reader.read(page.encode("utf-8"))

    assert result.text == "“Café” déjà"
    assert any("UTF-8" in warning for warning in result.warnings)


def test_html_tiny_page_keeps_blocks_and_drops_furniture() -> None:
    page = b"""<html><head><title>Desk note</title></head><body>
    <header>HEADER-TEXT</header>
    <div>Call at <b>noon</b>.</div>
    <ul><li>Osprey</li><li>GSOMIA</li></ul>
    <pre>line one\n  indented</pre>
    <table><tr><th>Who</th><th>What</th></tr><tr><td>MOD</td><td>review</td></tr></table>
    <p>First line<br>second line</p>
    <footer>FOOTER-TEXT</footer>
    </body></html>"""
    result = html_reader.read(page)

    assert result.title == "Desk note"
    assert result.text == (
        "Call at noon.\n\n• Osprey\n\n• GSOMIA\n\nline one\n  indented\n\n"
        "Who | What\n\nMOD | review\n\nFirst line\nsecond line"
    )


def test_html_falls_back_when_trafilatura_fails(
    monkeypatch: pytest.MonkeyPatch, secret_file: Path
) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("odd page")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    result = html_reader.read(article_html(secret_file))

    assert PARA_1 in result.text and PARA_2 in result.text
    for noise in ("SCRIPT", "NAV-TEXT", "HEADER-TEXT", "ASIDE", "FOOTER"):
        assert noise not in result.text
    assert result.title == "Osprey flights resume"  # metadata still read
    assert any("RuntimeError" in warning for warning in result.warnings)


def test_html_very_large_page_skips_trafilatura(
    monkeypatch: pytest.MonkeyPatch, secret_file: Path
) -> None:
    import trafilatura

    calls: list[object] = []
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(html_reader, "MAX_TRAFILATURA_ELEMENTS", 10)
    result = html_reader.read(article_html(secret_file))

    assert calls == []
    assert PARA_2 in result.text
    assert any("very large page" in warning for warning in result.warnings)


def test_html_binary_data_is_refused() -> None:
    with pytest.raises(ExtractionError, match="binary file, not text"):
        extract(Path("photo.html"), bytes(range(256)) * 8)


def test_html_without_text_is_refused() -> None:
    page = b"<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>"
    with pytest.raises(ExtractionError, match="no text"):
        extract(Path("empty.html"), page)


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_front_matter() -> None:
    source = (
        "---\ntitle: Osprey flights resume\nauthor: [Jane Roe, John Doe]\n"
        "date: 2024-12-12\nsource: The Yomiuri Shimbun\n---\n"
        "# Background\n\nThe *Pentagon* said on **Tuesday** that flights resume.\n"
    )
    result = markdown_reader.read(source.encode())

    assert result.format == "md"
    assert result.title == "Osprey flights resume"
    assert result.author == "Jane Roe, John Doe"
    assert result.published == PartialDate(2024, 12, 12)
    assert result.source == "The Yomiuri Shimbun"
    assert result.text == "Background\n\nThe Pentagon said on Tuesday that flights resume."
    assert result.warnings == []


def test_markdown_front_matter_date_as_text() -> None:
    result = markdown_reader.read(b"---\npublished: Dec. 12, 2024\n---\nBody text.\n")
    assert result.published == PartialDate(2024, 12, 12)


def test_markdown_opening_heading_is_the_title() -> None:
    source = (
        "# The *Osprey* review\n\nFirst paragraph\nwraps here.\n\n"
        "## Details\n\n- first point\n- second `point`\n\n"
        "```\ndef f():\n    return 1\n```\n"
    )
    result = markdown_reader.read(source.encode())

    assert result.title == "The Osprey review"
    assert result.text == (
        "First paragraph wraps here.\n\nDetails\n\n• first point\n\n• second point\n\n"
        "def f():\n    return 1"
    )


def test_markdown_later_heading_is_not_the_title() -> None:
    result = markdown_reader.read(b"Intro line.\n\n# Section\n\nText.\n")
    assert result.title is None
    assert result.text == "Intro line.\n\nSection\n\nText."


@pytest.mark.parametrize(
    ("block", "kept"),
    [("title: [unclosed\nauthor: x", "title: [unclosed"), ("just a sentence", "just a sentence")],
)
def test_markdown_malformed_front_matter_is_kept_as_text(block: str, kept: str) -> None:
    result = markdown_reader.read(f"---\n{block}\n---\nBody text here.\n".encode())

    assert result.title is None
    assert kept in result.text
    assert "Body text here." in result.text
    assert len(result.warnings) == 1 and "front matter" in result.warnings[0]


@pytest.mark.parametrize(
    ("block", "depth"),
    [
        ("tags: [a, [b, {c: d}]]", 3),
        ('title: "[[[[ in quotes"', 0),
        ("title: it's [x]", 1),
        ("title: 'it''s [[[[ quoted'", 0),
        ("title: plain # [[[[ comment\ntags: [a]", 1),
    ],
)
def test_front_matter_flow_depth_skips_strings_and_comments(block: str, depth: int) -> None:
    assert front_matter.flow_depth(block) == depth


def test_markdown_raw_html_does_not_leak() -> None:
    source = (
        "Intro with <span class='x'>inline</span> html.\n\n"
        '<div class="box">Boxed <b>bold</b> text</div>\n\n'
        "<script>alert('SCRIPT-TEXT')</script>\n\n"
        "<!-- COMMENT-TEXT -->\n\n"
        "| Who | What |\n|-----|------|\n| MOD | review |\n"
    )
    result = extract(Path("note.md"), source.encode())

    assert result.text == (
        "Intro with inline html.\n\nBoxed bold text\n\nWho | What\n\nMOD | review"
    )


# --- PDF ----------------------------------------------------------------------------------------

PDF_LINES = [
    "Osprey flights resume",
    "",
    "The Pentagon said on Tuesday that the flights would resume after the co-",
    "operation review with Japan, officials said, and that the Indo-",
    "Pacific deployment is unchanged.",
    "Professor Nagy assessed that the alliance is ironclad and that the",
    "decision may have been driven by operational needs.",
    "• Café owners near the base welcomed the decision.",
]


def pdf_bytes(**overrides: object) -> bytes:
    options: dict[str, object] = {
        "title": "Osprey flights resume",
        "author": "Jane Roe",
        "creation_date": "D:20241212093000+09'00'",
    }
    options.update(overrides)
    return make_pdf([PDF_LINES, ["Second page text."]], **options)  # type: ignore[arg-type]


def encrypted(data: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_text_and_paragraphs() -> None:
    result = extract(Path("brief.pdf"), pdf_bytes())

    assert result.format == "pdf"
    assert result.text.split("\n\n") == [
        "Osprey flights resume",
        "The Pentagon said on Tuesday that the flights would resume after the cooperation "
        "review with Japan, officials said, and that the Indo-Pacific deployment is unchanged.",
        "Professor Nagy assessed that the alliance is ironclad and that the decision may have "
        "been driven by operational needs.",
        "• Café owners near the base welcomed the decision.",
        "Second page text.",
    ]


def test_pdf_properties() -> None:
    result = pdf.read(pdf_bytes())

    assert result.title == "Osprey flights resume"
    assert result.author == "Jane Roe"
    assert result.published == PartialDate(2024, 12, 12)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("untitled", None),
        ("Untitled document", None),
        ("Microsoft Word - Osprey briefing.docx", "Osprey briefing"),
        ("Microsoft Word - Document1", None),
        ("  ", None),
        ("Alliance review 2024", "Alliance review 2024"),
    ],
)
def test_pdf_junk_titles(title: str, expected: str | None) -> None:
    assert pdf.read(pdf_bytes(title=title)).title == expected


@pytest.mark.parametrize(
    ("page", "paragraphs"),
    [
        ("one line", ["one line"]),
        (
            "A wrapped line that goes on\nand ends here.",
            ["A wrapped line that goes on and ends here."],
        ),
        ("First one ends here.\nSecond starts.", ["First one ends here.", "Second starts."]),
        ("He said:\n“Quoted start.”", ["He said:", "“Quoted start.”"]),
        (
            "Ends with a period but\nnext is lower.\ncase",
            ["Ends with a period but next is lower. case"],
        ),
        ("a re-\nform and X-\nray", ["a reform and X-ray"]),
        ("para one.\n\npara two", ["para one.", "para two"]),
        ("Items follow\n1. first\n2. second", ["Items follow", "1. first", "2. second"]),
        ("The plan\n– as expected – passed.", ["The plan – as expected – passed."]),
    ],
)
def test_pdf_join_lines(page: str, paragraphs: list[str]) -> None:
    assert pdf.join_lines(page) == paragraphs


def test_pdf_with_user_password_is_refused() -> None:
    with pytest.raises(ExtractionError, match=r"^encrypted PDF: a password is needed to read it$"):
        pdf.read(encrypted(pdf_bytes(), "secret"))


def test_pdf_with_empty_user_password_is_read() -> None:
    result = pdf.read(encrypted(pdf_bytes(), ""))

    assert result.text.startswith("Osprey flights resume\n\nThe Pentagon said on Tuesday")
    assert result.author == "Jane Roe"


def test_truncated_pdf_is_damaged() -> None:
    data = pdf_bytes()
    with pytest.raises(ExtractionError, match=r"^damaged or truncated PDF: "):
        extract(Path("brief.pdf"), data[: len(data) // 2])


def test_pdf_with_broken_structure_is_damaged() -> None:
    data = pdf_bytes()
    broken = data[: len(data) // 2] + b"\n%%EOF\n"  # an end marker but no xref or trailer
    with pytest.raises(ExtractionError, match=r"^damaged or truncated PDF: "):
        pdf.read(broken)


def test_not_a_pdf_is_damaged() -> None:
    with pytest.raises(ExtractionError, match=r"^damaged or truncated PDF: "):
        pdf.read(b"<html>not a pdf</html>")


def test_pdf_without_text_is_refused() -> None:
    with pytest.raises(ExtractionError, match=r"^no text in this PDF \(a scanned image\?"):
        pdf.read(make_pdf([["ignored"]], text=False))


# --- DOCX ---------------------------------------------------------------------------------------


def docx_bytes(*, properties: bool = True) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Osprey flights resume", level=1)
    document.add_paragraph(PARA_1)
    document.add_paragraph("   ")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Who", "What", ""], strict=True):
        cell.text = text
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Ministry of Defense"
    table.cell(1, 2).text = "review"
    document.add_paragraph(PARA_2)
    if properties:
        document.core_properties.title = "Osprey briefing"
        document.core_properties.author = "Jane Roe"
        document.core_properties.created = dt.datetime(2024, 12, 12, 9, 30)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_text_and_properties() -> None:
    result = extract(Path("brief.docx"), docx_bytes())

    assert result.format == "docx"
    assert result.text.split("\n\n") == [
        "Osprey flights resume",
        PARA_1,
        "Who | What",
        "Ministry of Defense | review",
        PARA_2,
    ]
    assert result.title == "Osprey briefing"
    assert result.author == "Jane Roe"
    assert result.published == PartialDate(2024, 12, 12)


def test_docx_template_placeholders_are_not_metadata() -> None:
    result = docx_reader.read(docx_bytes(properties=False))

    assert result.title is None
    assert result.author is None  # python-docx's template says "python-docx"
    assert result.published is None  # and was created in 2013


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: bytes(range(256)) * 4,
        lambda data: b"PK\x03\x04" + b"\x00" * 100,
        lambda data: data[: len(data) // 2],
    ],
    ids=["random", "zip-header", "truncated"],
)
def test_damaged_docx_is_refused(damage: Callable[[bytes], bytes]) -> None:
    with pytest.raises(ExtractionError, match=r"^damaged DOCX file: "):
        docx_reader.read(damage(docx_bytes()))
