"""Code points ↔ UTF-16 positions (no Qt needed: the converter is plain Python)."""

from __future__ import annotations

import pytest

from briefing_reader.gui.positions import Utf16Offsets, utf16_length


def _utf16_index(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii text",
        "café – naïve “quotes”",
        "🙂 leading emoji then Austin said",
        "Austin 🇺🇸 said the alliance is 💪 ironclad 𝐀𝐁",
        "😀😀😀",
        "",
    ],
)
def test_every_offset_round_trips(text: str) -> None:
    offsets = Utf16Offsets(text)
    for index in range(len(text) + 1):
        position = offsets.to_qt(index)
        assert position == _utf16_index(text, index)
        assert offsets.to_python(position) == index
    assert utf16_length(text) == _utf16_index(text, len(text))


def test_span_inside_and_after_astral_characters() -> None:
    text = "🙂 Lloyd 👍 Austin"
    start = text.index("Lloyd")
    end = text.index("Austin") + len("Austin")
    qt_start, qt_end = Utf16Offsets(text).span_to_qt(start, end)
    encoded = text.encode("utf-16-le")
    assert encoded[qt_start * 2 : qt_end * 2].decode("utf-16-le") == "Lloyd 👍 Austin"


def test_position_between_surrogates_maps_to_the_character() -> None:
    text = "a😀b"
    offsets = Utf16Offsets(text)
    assert offsets.to_python(2) == 1  # between the two halves of 😀
    assert offsets.to_python(3) == 2
