"""Key claims of the open document: kind, speaker, hedges; click to go to the sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_reader.core.model import no_speaker_label
from briefing_reader.gui.richtext import HTML_ROLE, RichTextDelegate, esc
from briefing_reader.gui.theme import LIGHT, Colors

if TYPE_CHECKING:
    from briefing_reader.core.model import StoredClaim

ORDERS = {"reading": "Reading order", "importance": "Most important first"}
KIND_NAMES = {
    "quote": "Quote",
    "reported": "Reported",
    "assessment": "Assessment",
    "event": "Event",
    "forecast": "Forecast",
}
#: Item data role holding the claim's (start, end).
SPAN_ROLE = Qt.ItemDataRole.UserRole + 1


def score_explanation(claim: StoredClaim) -> str:
    """The features behind an importance score, largest first, as tooltip HTML."""
    rows = "".join(
        f"<tr><td>{esc(name.replace('_', ' '))}</td><td align='right'>{value:+.2f}</td></tr>"
        for name, value in sorted(claim.features.items(), key=lambda item: -abs(item[1]))
        if value
    )
    return f"<b>Importance {claim.score:.2f}</b><table>{rows}</table>"


class ClaimsPanel(QWidget):
    claimActivated = Signal(int, int)  # start, end
    orderChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claims: list[StoredClaim] = []
        self.colors: Colors = LIGHT
        self.order = QComboBox(self)
        self.order.setAccessibleName("Order of claims")
        for key, text in ORDERS.items():
            self.order.addItem(text, key)
        self.summary = QLabel(self)
        self.summary.setAccessibleName("Claims summary")
        # Wraps rather than holding the side panel (and the window) wide.
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(60)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Key claims")
        self.list.setItemDelegate(RichTextDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        self.empty = QLabel("Open a document to see the claims it makes.", self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(8, 24, 8, 8)
        top = QHBoxLayout()
        top.addWidget(self.order)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.list, 1)
        self.order.currentIndexChanged.connect(self._order_changed)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        self.set_claims([], analysed=True)

    def set_order(self, order: str) -> None:
        index = self.order.findData(order)
        if index >= 0:
            self.order.setCurrentIndex(index)

    def current_order(self) -> str:
        return str(self.order.currentData())

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        self._fill()

    def set_claims(
        self, claims: list[StoredClaim], analysed: bool = True, opened: bool = False
    ) -> None:
        self.claims = claims
        if not claims:
            self.empty.setText(
                "This document lists no claims."
                if opened and analysed
                else "This document has not been analysed yet."
                if opened
                else "Open a document to see the claims it makes."
            )
        self._fill()

    def _order_changed(self) -> None:
        self._fill()
        self.orderChanged.emit(self.current_order())

    def _fill(self) -> None:
        self.list.clear()
        self.empty.setVisible(not self.claims)
        self.list.setVisible(bool(self.claims))
        self.order.setVisible(bool(self.claims))  # nothing to order: no box floating alone
        claims = list(self.claims)
        if self.current_order() == "importance":
            claims.sort(key=lambda c: -c.score)
        attributed = sum(1 for c in claims if c.attributed)
        hedged = sum(1 for c in claims if c.hedges)
        self.summary.setText(
            f"{len(claims)} claims · {attributed} attributed · {hedged} hedged" if claims else ""
        )
        for claim in claims:
            item = QListWidgetItem()
            item.setData(HTML_ROLE, self._html(claim))
            item.setData(SPAN_ROLE, (claim.start, claim.end))
            item.setText(claim.text)
            item.setToolTip(score_explanation(claim))
            self.list.addItem(item)

    def _html(self, claim: StoredClaim) -> str:
        colors = self.colors
        kind = KIND_NAMES.get(claim.kind, claim.kind)
        colour = colors.kinds.get(claim.kind, colors.muted)
        if claim.speaker and claim.attributed:
            speaker = f"<b>{esc(claim.speaker)}</b>"
        elif claim.speaker:
            speaker = f"<span style='color:{colors.muted}'>{esc(claim.speaker)} (editorial)</span>"
        else:
            unnamed = no_speaker_label(claim.kind)
            speaker = f"<span style='color:{colors.muted}'>{unnamed}</span>"
        hedge = ""
        if claim.hedges:
            cues = ", ".join(f"“{esc(h)}”" for h in claim.hedges)
            hedge = f" <span style='color:{colors.hedge}'>≈ hedged: {cues}</span>"
        text = esc(claim.text if len(claim.text) <= 320 else claim.text[:317] + "…")
        return (
            f"<span style='color:{colour}; font-weight:600'>{kind}</span> · {speaker}{hedge}"
            f"<br>{text}"
        )

    def _activate(self, item: QListWidgetItem) -> None:
        start, end = item.data(SPAN_ROLE)
        self.claimActivated.emit(int(start), int(end))
