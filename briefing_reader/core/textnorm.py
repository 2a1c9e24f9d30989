"""Normalise document text: NFC, ``\\n`` line ends, paragraphs separated by one blank line.

Every offset the app stores (entities, claims, annotations) indexes this
normalised text, so the rules here must be deterministic and idempotent.
"""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# C0/C1 controls except tab and newline, plus stray zero-width marks that break search.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\u200b]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

#: Lines at least this long are taken to be whole paragraphs, not hard-wrapped text.
_UNWRAPPED_LINE = 100


def _paragraphs_of_block(block: str) -> list[str]:
    """Split one block of lines into paragraphs.

    A block whose lines are long was written one paragraph per line (as in many
    exported articles); a block of short lines is hard-wrapped prose to re-join.
    """
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    if len(lines) <= 1:
        return lines
    long_lines = sum(1 for line in lines[:-1] if len(line) >= _UNWRAPPED_LINE)
    if long_lines * 2 >= len(lines) - 1:
        return lines
    return [" ".join(lines)]


def normalise_text(raw: str) -> str:
    """Return ``raw`` in the app's canonical form (idempotent)."""
    text = unicodedata.normalize("NFC", raw)
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    paragraphs: list[str] = []
    for block in _BLANK_LINE.split(text):
        paragraphs.extend(_paragraphs_of_block(block))
    return "\n\n".join(paragraphs)


def shorten(text: str, limit: int = 90) -> str:
    """Cut ``text`` at a word boundary so it fits ``limit`` characters, with an ellipsis
    (titles, result snippets)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"
