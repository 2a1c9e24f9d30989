"""Key claims of the open document: kind, speaker, hedges; click to go to the sentence.

The panel shows the key claims first and every claim one click away ("All claims (N)").
Hovering a claim explains its importance and, when its speaker was inferred, says how
and quotes the sentence that names them. Its context menu corrects the speaker or kind,
or hides the claim; hidden claims show, greyed, only among all claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

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

#: How an inferred speaker was found, as the tooltip says it.
INFERRED = {
    "pronoun": "a pronoun (“he”, “she”, “they”) resolved to the person named before",
    "continuation": "reported speech running on from an earlier sentence of the paragraph",
    "statement": "a line naming the speaker above the statement (“X said:”)",
    "quotation": "a quotation whose speaker is named elsewhere in it",
}


def speaker_explanation(claim: StoredClaim) -> str:
    """Why the claim has its speaker, as tooltip HTML ("" when the claim names them)."""
    if claim.corrected:
        return "<p><i>Speaker or kind set by you.</i></p>"
    if not claim.inferred or not claim.speaker:
        return ""
    how = INFERRED.get(claim.inferred, claim.inferred)
    named = ""
    if claim.named_in:
        sentence = claim.named_in if len(claim.named_in) <= 300 else claim.named_in[:297] + "…"
        named = f"<br>Named in: <i>“{esc(sentence)}”</i>"
    return f"<p><b>Speaker inferred</b> from {esc(how)}.{named}</p>"


def score_explanation(claim: StoredClaim) -> str:
    """The features behind an importance score, largest first, as tooltip HTML."""
    rows = "".join(
        f"<tr><td>{esc(name.replace('_', ' '))}</td><td align='right'>{value:+.2f}</td></tr>"
        for name, value in sorted(claim.features.items(), key=lambda item: -abs(item[1]))
        if value and name != "novelty"
    )
    key = ""
    if claim.key and "novelty" in claim.features:
        key = (
            f"<p>Key claim · novelty {claim.features['novelty']:.2f} against the key claims "
            "chosen before it</p>"
        )
    return f"{key}<b>Importance {claim.score:.2f}</b><table>{rows}</table>"


class ClaimsPanel(QWidget):
    claimActivated = Signal(int, int)  # start, end
    orderChanged = Signal(str)
    #: start of the claim, what to change ("speaker", "kind", "hidden", "undo"), new value
    correctionRequested = Signal(int, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claims: list[StoredClaim] = []
        self.speaker_names: list[str] = []
        self.colors: Colors = LIGHT
        self.order = QComboBox(self)
        self.order.setAccessibleName("Order of claims")
        for key, text in ORDERS.items():
            self.order.addItem(text, key)
        self.show_all = QToolButton(self)
        self.show_all.setCheckable(True)
        self.show_all.setAccessibleName("Show all claims")
        self.show_all.setToolTip("Show every claim of the document, not just the key ones")
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
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.empty = QLabel("Open a document to see the claims it makes.", self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(8, 24, 8, 8)
        top = QHBoxLayout()
        top.addWidget(self.order)
        top.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.list, 1)
        self.order.currentIndexChanged.connect(self._order_changed)
        self.show_all.toggled.connect(lambda _on: self._fill())
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        self.list.customContextMenuRequested.connect(self._context_menu)
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
        self,
        claims: list[StoredClaim],
        analysed: bool = True,
        opened: bool = False,
        speaker_names: list[str] | None = None,
    ) -> None:
        """Show a document's claims (hidden ones included: they show among all claims);
        ``speaker_names`` are offered when the user corrects a speaker."""
        self.claims = claims
        if speaker_names is not None:
            self.speaker_names = speaker_names
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

    def shown_claims(self) -> list[StoredClaim]:
        """The claims the list shows: key ones, or all (hidden included, greyed), also
        when the analysis chose no key claims (an earlier version's)."""
        if self.show_all.isChecked() or not self._key_claims_chosen():
            claims = list(self.claims)
        else:
            from briefing_reader.core.model import key_claims

            claims = key_claims(self.claims)
        if self.current_order() == "importance":
            claims.sort(key=lambda c: -c.score)
        return claims

    def _key_claims_chosen(self) -> bool:
        if not self.claims:  # (the empty panel at start loads none of the data types)
            return False
        from briefing_reader.core.model import key_claims_chosen

        return key_claims_chosen(self.claims)

    def _fill(self) -> None:
        scroll = self.list.verticalScrollBar().value()
        self.list.clear()
        visible = [c for c in self.claims if not c.hidden]
        self.show_all.setText(f"All claims ({len(visible)})")
        self.show_all.setEnabled(bool(self.claims))
        self.empty.setVisible(not self.claims)
        self.list.setVisible(bool(self.claims))
        self.order.setVisible(bool(self.claims))  # nothing to order: no box floating alone
        claims = self.shown_claims()
        attributed = sum(1 for c in claims if c.attributed and not c.hidden)
        hedged = sum(1 for c in claims if c.hedges and not c.hidden)
        hidden = sum(1 for c in self.claims if c.hidden)
        chosen = self._key_claims_chosen()
        every = self.show_all.isChecked() or not chosen
        which = "claims" if every else "key claims"
        shown = len(claims) - (hidden if every else 0)
        extra = f" · {hidden} hidden" if hidden else ""
        if not chosen:
            extra += " · an earlier analysis, with no key claims chosen"
        self.summary.setText(
            f"{shown} {which} · {attributed} attributed · {hedged} hedged{extra}"
            if self.claims
            else ""
        )
        for claim in claims:
            item = QListWidgetItem()
            item.setData(HTML_ROLE, self._html(claim))
            item.setData(SPAN_ROLE, (claim.start, claim.end))
            item.setText(claim.text)
            item.setToolTip(speaker_explanation(claim) + score_explanation(claim))
            self.list.addItem(item)
        self.list.verticalScrollBar().setValue(scroll)

    def _html(self, claim: StoredClaim) -> str:
        colors = self.colors
        kind = KIND_NAMES.get(claim.kind, claim.kind)
        colour = colors.kinds.get(claim.kind, colors.muted)
        if claim.speaker and claim.attributed:
            speaker = f"<b>{esc(claim.speaker)}</b>"
            if claim.inferred:
                speaker += f" <span style='color:{colors.muted}'>(inferred)</span>"
        elif claim.speaker:
            speaker = f"<span style='color:{colors.muted}'>{esc(claim.speaker)} (editorial)</span>"
        else:
            from briefing_reader.core.model import no_speaker_label

            unnamed = no_speaker_label(claim.kind)
            speaker = f"<span style='color:{colors.muted}'>{unnamed}</span>"
        if claim.corrected:
            speaker += f" <span style='color:{colors.muted}'>✎ corrected</span>"
        hedge = ""
        if claim.hedges:
            cues = ", ".join(f"“{esc(h)}”" for h in claim.hedges)
            hedge = f" <span style='color:{colors.hedge}'>≈ hedged: {cues}</span>"
        key = "★ " if claim.key and self.show_all.isChecked() else ""
        text = esc(claim.text if len(claim.text) <= 320 else claim.text[:317] + "…")
        html = (
            f"{key}<span style='color:{colour}; font-weight:600'>{kind}</span> · "
            f"{speaker}{hedge}<br>{text}"
        )
        if claim.hidden:
            return f"<span style='color:{colors.muted}'><i>Hidden</i> · {html}</span>"
        return html

    def _activate(self, item: QListWidgetItem) -> None:
        start, end = item.data(SPAN_ROLE)
        self.claimActivated.emit(int(start), int(end))

    def claim_at(self, item: QListWidgetItem) -> StoredClaim | None:
        start, _end = item.data(SPAN_ROLE)
        return next((c for c in self.claims if c.start == start), None)

    def correction_menu(self, claim: StoredClaim) -> QMenu:
        """Change the speaker or kind, hide or show, or undo the user's corrections."""
        menu = QMenu(self)
        start = claim.start
        menu.addAction("Change Speaker…").triggered.connect(lambda: self.ask_speaker(claim))
        kinds = menu.addMenu("Kind")
        for key, name in KIND_NAMES.items():
            action = kinds.addAction(name)
            action.setCheckable(True)
            action.setChecked(key == claim.kind)
            action.triggered.connect(
                lambda _checked=False, key=key: self.correctionRequested.emit(start, "kind", key)
            )
        if claim.hidden:
            show = menu.addAction("Show Claim")
            show.triggered.connect(lambda: self.correctionRequested.emit(start, "hidden", ""))
        else:
            hide = menu.addAction("Hide Claim")
            hide.triggered.connect(lambda: self.correctionRequested.emit(start, "hidden", "1"))
        if claim.corrected or claim.hidden:
            menu.addSeparator()
            undo = menu.addAction("Undo My Corrections")
            undo.triggered.connect(lambda: self.correctionRequested.emit(start, "undo", ""))
        return menu

    def ask_speaker(self, claim: StoredClaim) -> None:
        from PySide6.QtWidgets import QInputDialog

        names = sorted(set(self.speaker_names) | ({claim.speaker} if claim.speaker else set()))
        current = names.index(claim.speaker) if claim.speaker in names else 0
        name, ok = QInputDialog.getItem(
            self, "Change speaker", "Who makes this claim?", names, current, True
        )
        if ok and name.strip():
            self.correctionRequested.emit(claim.start, "speaker", name.strip())

    def _context_menu(self, position: QPoint) -> None:
        item = self.list.itemAt(position)
        claim = self.claim_at(item) if item is not None else None
        if claim is not None:
            self.correction_menu(claim).exec(self.list.viewport().mapToGlobal(position))
