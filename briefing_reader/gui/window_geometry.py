"""Keep the main window inside the screen it opens on.

A window opened (or restored from last session) larger than the screen's
available area hides its status bar and side panel off-screen, where the user
cannot reach them to shrink it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The size the window asks for on a screen with room for it.
PREFERRED = QSize(1400, 860)


def available_area(window: QWidget) -> QRect:
    """The usable part (without panels and docks of the desktop) of the window's screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, centre: bool = False) -> None:
    """Shrink ``window`` to the available area and move it fully on screen."""
    area = available_area(window)
    frame = window.frameGeometry()
    extra = frame.size() - window.geometry().size()  # the window manager's title bar and border
    width = min(window.width(), area.width() - extra.width())
    height = min(window.height(), area.height() - extra.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 320), max(height, 240))
    frame = window.frameGeometry()
    if centre:
        frame.moveCenter(area.center())
    left = max(area.left(), min(frame.left(), area.right() - frame.width() + 1))
    top = max(area.top(), min(frame.top(), area.bottom() - frame.height() + 1))
    if (left, top) != (window.frameGeometry().left(), window.frameGeometry().top()):
        window.move(left, top)


def open_size(window: QWidget) -> QSize:
    """The preferred size, or less on a small screen."""
    area = available_area(window)
    return QSize(min(PREFERRED.width(), area.width()), min(PREFERRED.height(), area.height()))
