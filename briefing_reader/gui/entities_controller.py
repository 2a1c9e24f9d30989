"""Entity corrections from the window: rename, merge, relabel, hide (everywhere at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing_reader.app.changes import OpChanges
    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.services import LibraryJob

DOING = {
    "rename": "Renaming",
    "merge": "Merging",
    "relabel": "Relabelling",
    "hide": "Hiding",
    "split": "Keeping a name apart from",
}


class EntitiesController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def show_entity(self, label: str, canonical: str) -> None:
        window = self.window
        window.side_dock.show()
        window.side_tabs.setCurrentWidget(window.entities_panel)
        window.entities_panel.select_entity(label, canonical)

    def request_correction(self, kind: str, ref: str, value: str) -> None:
        """Ask what is missing (a new name, the entity to merge into), then run it."""
        from PySide6.QtWidgets import QInputDialog

        window = self.window
        label, _, name = ref.partition(":")
        if kind == "rename":
            value, ok = QInputDialog.getText(
                window, "Rename entity", f"New name for {name} everywhere:", text=name
            )
            if ok and value.strip() and value.strip() != name:
                self.correct("rename", ref, value.strip())
        elif kind == "merge":
            from briefing_reader.app.entities import list_entities

            def choose(entities: list[Any]) -> None:
                names = [e.canonical for e in entities if e.canonical != name]
                if not names:
                    window.show_status(f"No other {label} entity to merge {name} into.")
                    return
                target, ok = QInputDialog.getItem(
                    window, "Merge entity", f"Merge {name} into:", names, 0, True
                )
                if ok and target:
                    self.correct("merge", ref, f"{label}:{target}")

            window.reader.submit(lambda library: list_entities(library, label=label), choose)
        else:
            self.correct(kind, ref, value)

    def correct(self, kind: str, ref: str, value: str) -> LibraryJob:
        from briefing_reader.app import entities

        operations = {
            "rename": lambda library: entities.rename_entity(library, ref, value),
            "merge": lambda library: entities.merge_entities(library, ref, value),
            "relabel": lambda library: entities.relabel_entity(library, ref, value),
            "hide": lambda library: entities.hide_entity(library, ref),
            "split": lambda library: entities.split_entity(library, ref, value),
        }
        doing = DOING[kind]

        def done(changes: OpChanges) -> None:
            count = len(changes.updated)
            self.window.show_status(
                f"{doing} {ref}: done in {count} document{'s' if count != 1 else ''}."
            )

        return self.window.operations.run(f"{doing} {ref}…", operations[kind], done)
