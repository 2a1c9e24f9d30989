"""Analysis fed document by document (as an import stores them) in worker processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from briefing_reader.app.analysing import DocumentAnalyser, analyse_documents
from briefing_reader.app.importing import import_paths
from briefing_reader.app.progress import CancelToken
from briefing_reader.core.analysis.claims.claim import Claim
from briefing_reader.core.analysis.plain import from_plain, shifted, to_plain
from briefing_reader.core.library import Library
from briefing_reader.core.model import Mention


def _stored_mentions(library: Library, doc_ids: list[int]) -> list[list[tuple]]:
    rows = []
    for doc_id in doc_ids:
        found = library.store.connection.execute(
            "SELECT start_offset, end_offset, COALESCE(analysed_label, label) FROM mentions "
            "WHERE document_id = ? ORDER BY start_offset",
            (doc_id,),
        ).fetchall()
        rows.append([tuple(r) for r in found])
    return rows


def test_documents_fed_to_workers_are_saved_like_in_process(
    library: Library, seed_folder: Path
) -> None:
    imported = import_paths(library, [seed_folder], analyse=False).imported
    alone = analyse_documents(library, imported, None, processes=1)
    expected = _stored_mentions(library, imported)
    assert all(expected) and alone.analysed == imported

    library.store.connection.execute("DELETE FROM mentions")
    with DocumentAnalyser(library, len(imported), processes=2) as analyser:
        for doc_id in imported:
            analyser.feed(library.store.get(doc_id))
        result = analyser.finish()
    assert sorted(result.analysed) == sorted(imported) and not result.cancelled
    assert _stored_mentions(library, imported) == expected


def test_cancel_drops_what_is_in_flight(library: Library, seed_folder: Path) -> None:
    imported = import_paths(library, [seed_folder], analyse=False).imported
    token = CancelToken()
    token.cancel()
    with DocumentAnalyser(library, len(imported), processes=2) as analyser:
        for doc_id in imported:
            analyser.feed(library.store.get(doc_id))
        result = analyser.finish(token)
    assert result.cancelled
    assert len(result.analysed) < len(imported)


def test_findings_travel_as_flat_rows_and_shift_with_their_piece() -> None:
    mention = Mention(3, 8, "Tokyo", "GPE", "Tokyo")
    claim = Claim(0, 20, "Tokyo said it would.", "reported", "Tokyo", "GPE", True,
                  ["would"], 0.5, {"x": 1.0}, True, "pronoun", (30, 40))  # fmt: skip
    plain = to_plain([mention], [claim])
    assert from_plain(plain) == ([mention], [claim])
    [moved_mention], [moved] = from_plain(shifted(plain, 100))
    assert (moved_mention.start, moved_mention.end) == (103, 108)
    assert (moved.start, moved.end, moved.named_at) == (100, 120, (130, 140))


def test_the_importing_process_does_not_load_spacy() -> None:
    """Only the workers need spaCy; the process storing results reads plain rows."""
    code = (
        "import sys\n"
        "import briefing_reader.app.importing, briefing_reader.app.analysing\n"
        "from briefing_reader.core.analysis import pipeline, plain, parallel\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
