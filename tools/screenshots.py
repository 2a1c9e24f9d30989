"""Save screenshots of the window's main states to docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [--out DIR]

Imports the sample articles into a temporary library (with analysis), then drives
the real window through: the library, a search, a document with its entities, the
claims panel, the entities panel and the dark theme.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]


def wait(app: QApplication, signal: object, timeout_ms: int = 60_000) -> list[object]:
    """Run the event loop until ``signal`` fires; return its arguments."""
    loop = QEventLoop()
    got: list[object] = []

    def fired(*args: object) -> None:
        got.extend(args)
        loop.quit()

    signal.connect(fired)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(fired)  # type: ignore[attr-defined]
    return got


def settle(app: QApplication, ms: int = 250) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def claims_shots(app: QApplication, window: object, shot: Callable, out: Path) -> None:
    """All claims with one hidden and one corrected, and the tooltip of an inferred speaker."""
    from PySide6.QtWidgets import QLabel

    from briefing_reader.gui.claims_panel import score_explanation, speaker_explanation

    panel = window.claims_panel  # type: ignore[attr-defined]
    claims = panel.claims
    hidden = next(c for c in claims if c.kind == "event" and not c.key)
    window.claims_ctl.correct_claim(hidden.start, "hidden", "1")  # type: ignore[attr-defined]
    wait(app, window.jobs.ended)  # type: ignore[attr-defined]
    panel.show_all.setChecked(True)
    row = next(i for i in range(panel.list.count()) if panel.list.item(i).text() == hidden.text)
    panel.list.scrollToItem(panel.list.item(row), panel.list.ScrollHint.PositionAtTop)
    shot("claims-all")
    panel.show_all.setChecked(False)
    inferred = next(c for c in panel.claims if c.inferred == "continuation")
    tip = QLabel(speaker_explanation(inferred) + score_explanation(inferred))
    tip.setWordWrap(True)
    tip.setFixedWidth(460)
    tip.setStyleSheet("QLabel { background: #ffffe1; border: 1px solid #888; padding: 6px; }")
    tip.adjustSize()
    tip.grab().save(str(out / "claims-tooltip.png"))
    print(out / "claims-tooltip.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from briefing_reader.gui.app import application
    from briefing_reader.gui.main_window import MainWindow

    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Path(tmp) / "library", settings, seeds=ROOT / "seeds")
        window.show()
        window.resize(1440, 900)  # after showing: the offscreen screen is smaller
        wait(app, window.jobFinished)  # the seeds are imported on first start
        settle(app, 400)

        def shot(name: str, prepare: Callable[[], None] | None = None) -> None:
            if prepare is not None:
                prepare()
            settle(app)
            path = args.out / f"{name}.png"
            window.grab().save(str(path))
            print(path)

        def search(text: str) -> None:
            window.search_pane.query.setText(text)
            window.search_pane.request()
            settle(app, 400)

        def open_first() -> None:
            window.search_pane.results.setCurrentIndex(window.search_pane.model.index(0))
            window.search_pane.step(0)
            wait(app, window.readingShown)

        search("")
        window.search_pane.results.setCurrentIndex(window.search_pane.model.index(1))
        window.search_pane.step(0)
        wait(app, window.readingShown)
        shot("library")

        search("deterrence")
        open_first()
        window.show_side_tab(0)
        shot("search-and-document")

        search("Sato")
        open_first()
        window.show_side_tab(0)
        window.claims_underline_action.setChecked(True)
        shot("claims-panel")
        window.claims_underline_action.setChecked(False)
        claims_shots(app, window, shot, args.out)
        search("deterrence")
        open_first()

        window.entities_ctl.show_entity("PERSON", "Lloyd Austin")
        settle(app, 400)
        shot("entities-panel")

        window.set_theme("dark")
        window.show_side_tab(0)
        shot("dark-theme")
        window.set_theme("light")

        text = window.reading.document.text if window.reading else ""
        for quote, colour, note, tags in (
            (
                "is ironclad",
                "red",
                "Compare with the **2023** wording.\n\n- ask the ministry",
                ["deterrence"],
            ),
            (
                "extended deterrence",
                "green",
                "Recurring theme across both articles.",
                ["deterrence", "US"],
            ),
            ("Osprey", "blue", "Which engine failed? *Check the 2023 report.*", ["equipment"]),
        ):
            start = text.find(quote)
            if start >= 0:
                window.notes_ctl.highlight(start, start + len(quote), colour)
                wait(app, window.notesShown)
                current = window.notes_panel.current()
                if current is not None:
                    window.notes_ctl.save_annotation(current.uid, colour, note, tags)
                    wait(app, window.notesShown)
        window.show_side_tab(2)
        shot("notes-tab")

        # A highlight over a sentence full of entities, at a laptop and a desktop size.
        reading = window.reading
        person = (
            next((m for m in reading.mentions if m.label == "PERSON"), None) if reading else None
        )
        if reading is not None and person is not None:
            text = reading.document.text
            start = max(
                text.rfind(". ", 0, person.start) + 2, text.rfind("\n", 0, person.start) + 1
            )
            end = text.find(".", person.end) + 1
            window.notes_ctl.highlight(start, end, "green")
            wait(app, window.notesShown)
            window.show_side_tab(0)
            for width, height in ((1024, 700), (1600, 1000)):
                window.resize(width, height)
                for theme in ("light", "dark"):
                    window.set_theme(theme)
                    settle(app, 300)
                    window.reader_pane.view.scroll_to_span(start, end, flash=False)
                    shot(f"reading-{width}x{height}-{theme}")
            window.set_theme("light")
            window.resize(1440, 900)

        dialog = window.export_ctl.ask_export()
        settle(app, 800)
        dialog.grab().save(str(args.out / "export-preview.png"))
        print(args.out / "export-preview.png")
        dialog.close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
