"""The status bar's job display: what runs, how far it has come, and Cancel.

Built the first time a job (or a search rebuilding the index) shows in it: the first
screen shows none of it, so its widgets and their Qt types wait until then.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget


class JobStatus:
    """A label, a progress bar and a Cancel button at the right of ``bar``, hidden until a
    job shows in them."""

    def __init__(self, bar: QStatusBar, parent: QWidget, cancel: Callable[[], None]) -> None:
        self.label = QLabel(parent)
        self.progress = QProgressBar(parent)
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton(parent)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName("Cancel the running job")
        self.cancel_button.clicked.connect(cancel)
        for widget in self.widgets:
            bar.addPermanentWidget(widget)
            widget.hide()

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        return (self.label, self.progress, self.cancel_button)
