"""Light and dark themes: the Fusion style with our palettes, and the reader's colours.

Following the system means reading Qt's colour-scheme hint; the user can pin light
or dark instead. Entity label colours come from the core's label table, which keeps
a light and a dark shade of each.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from briefing_reader.core.analysis.labels import LABELS

THEME_MODES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class Colors:
    """The reader's own colours for one theme."""

    dark: bool
    text: str
    muted: str
    term: str  # words of the search query
    term_text: str
    flash: str  # a claim or mention the user jumped to
    find: str  # matches of find-in-document
    find_current: str
    claim_underline: str
    hedge: str
    kinds: dict[str, str]
    #: The reader's highlight colours: key → the ink of the band drawn under the text.
    #: Saturated where entity fills are pale (light theme) and bright where they are
    #: deep (dark theme), and drawn as a band, not a fill, so neither is taken for the other.
    notes: dict[str, str]

    def note_ink(self, colour: str) -> str:
        return self.notes.get(colour, self.notes["yellow"])

    def label(self, name: str) -> str:
        label = LABELS.get(name)
        if label is None:
            return self.find
        return label.dark if self.dark else label.light


LIGHT = Colors(
    dark=False,
    text="#1d1f21",
    muted="#5f6670",
    term="#ffe066",
    term_text="#1d1f21",
    flash="#ffd43b",
    find="#d0ebff",
    find_current="#74c0fc",
    claim_underline="#868e96",
    hedge="#c2410c",
    kinds={
        "quote": "#1c7ed6",
        "reported": "#5f3dc4",
        "assessment": "#c2255c",
        "event": "#2b8a3e",
        "forecast": "#e8590c",
    },
    notes={
        "yellow": "#e6a700",
        "green": "#2b8a3e",
        "red": "#e03131",
        "blue": "#1864ab",
        "purple": "#7048e8",
    },
)

DARK = Colors(
    dark=True,
    text="#e6e6e6",
    muted="#a0a7b0",
    term="#b08900",
    term_text="#ffffff",
    flash="#8f6b00",
    find="#1f4e79",
    find_current="#2f80c9",
    claim_underline="#8a9199",
    hedge="#ffa94d",
    kinds={
        "quote": "#74c0fc",
        "reported": "#b197fc",
        "assessment": "#f783ac",
        "event": "#8ce99a",
        "forecast": "#ffc078",
    },
    notes={
        "yellow": "#ffd43b",
        "green": "#69db7c",
        "red": "#ff8787",
        "blue": "#74c0fc",
        "purple": "#d0a8ff",
    },
)


#: Set on an application that runs the Fusion style (see :func:`use_fusion`).
FUSION_PROPERTY = "briefingReaderFusion"


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve_dark(mode: str) -> bool:
    """Whether ``mode`` (system, light or dark) means a dark window right now."""
    if mode == "dark":
        return True
    if mode == "light":
        return False
    return system_prefers_dark()


def _palette(dark: bool) -> QPalette:
    palette = QPalette()
    if dark:
        roles = {
            QPalette.ColorRole.Window: "#25272b",
            QPalette.ColorRole.WindowText: "#e6e6e6",
            QPalette.ColorRole.Base: "#1b1c1f",
            QPalette.ColorRole.AlternateBase: "#2c2e33",
            QPalette.ColorRole.ToolTipBase: "#33363b",
            QPalette.ColorRole.ToolTipText: "#f1f3f5",
            QPalette.ColorRole.PlaceholderText: "#8a9199",
            QPalette.ColorRole.Text: "#e6e6e6",
            QPalette.ColorRole.Button: "#2f3237",
            QPalette.ColorRole.ButtonText: "#e6e6e6",
            QPalette.ColorRole.BrightText: "#ff8787",
            QPalette.ColorRole.Link: "#74c0fc",
            QPalette.ColorRole.Highlight: "#2f6fb0",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Mid: "#3a3d42",
            QPalette.ColorRole.Dark: "#151618",
            QPalette.ColorRole.Light: "#3f4247",
        }
        disabled = "#6c737c"
    else:
        roles = {
            QPalette.ColorRole.Window: "#f3f4f6",
            QPalette.ColorRole.WindowText: "#1d1f21",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#f6f7f9",
            QPalette.ColorRole.ToolTipBase: "#fffbe6",
            QPalette.ColorRole.ToolTipText: "#1d1f21",
            QPalette.ColorRole.PlaceholderText: "#7b828b",
            QPalette.ColorRole.Text: "#1d1f21",
            QPalette.ColorRole.Button: "#e9ecef",
            QPalette.ColorRole.ButtonText: "#1d1f21",
            QPalette.ColorRole.BrightText: "#c92a2a",
            QPalette.ColorRole.Link: "#1864ab",
            QPalette.ColorRole.Highlight: "#339af0",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Mid: "#ced4da",
            QPalette.ColorRole.Dark: "#adb5bd",
            QPalette.ColorRole.Light: "#ffffff",
        }
        disabled = "#9aa1a9"
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def use_fusion(app: QApplication) -> None:
    """The palettes are made for the Fusion style: make sure the application has it.

    An application made by :func:`briefing_reader.gui.app.application` starts with it and
    says so (:data:`FUSION_PROPERTY`): asking for its style would create QStyle's Python
    enums (about 10 ms) before the first screen needs them."""
    if app.property(FUSION_PROPERTY):
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setProperty(FUSION_PROPERTY, True)


def apply_theme(app: QApplication, dark: bool) -> Colors:
    """Switch the whole application to the light or dark palette; return its colours."""
    use_fusion(app)
    app.setPalette(_palette(dark))
    return DARK if dark else LIGHT
