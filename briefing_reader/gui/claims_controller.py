"""Claim corrections from the claims panel: speaker, kind, hidden, undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing_reader.core.library import Library
    from briefing_reader.core.model import StoredClaim
    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.services import LibraryJob

#: Entities a user may pick as a claim's speaker.
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


class ClaimsController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def correct_claim(self, start: int, what: str, value: str) -> LibraryJob | None:
        """Correct one claim of the open document (see ``ClaimsPanel.correctionRequested``);
        only the claims panel is refreshed after it."""
        from briefing_reader.app.claims import correct_claim, undo_claim_correction

        window = self.window
        if window.reading is None:
            return None
        doc_id = window.reading.document.id
        change = {
            "speaker": lambda lib: correct_claim(lib, doc_id, start, speaker=value),
            "kind": lambda lib: correct_claim(lib, doc_id, start, kind=value),
            "hidden": lambda lib: correct_claim(lib, doc_id, start, hidden=bool(value)),
            "undo": lambda lib: undo_claim_correction(lib, doc_id, start),
        }[what]

        def call(library: Library) -> list[StoredClaim]:
            change(library)
            return library.claims.for_document(doc_id, with_hidden=True)

        def done(claims: list[StoredClaim]) -> None:
            reading = window.reading
            if reading is None or reading.document.id != doc_id:
                return
            reading.claims = claims
            window.claims_panel.set_claims(claims, opened=True)
            window.show_status("Claim corrected; kept when the document is analysed again.")

        return window.operations.run("Correcting the claim…", call, done)
