"""The window's menus and shortcuts, in the order the Keyboard Shortcuts list shows them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from briefing_reader.gui.main_window import MainWindow


#: An action's name in the shortcut list when its menu text changes (Undo highlight…).
LISTED_AS = "listed-as"


def add_action(
    window: MainWindow,
    text: str,
    slot: Callable[..., Any],
    shortcut: str | None = None,
    menu: QMenu | None = None,
    checkable: bool = False,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(slot)
    else:
        action.triggered.connect(slot)
    window.addAction(action)
    if menu is not None:
        menu.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """File, Edit, View and Help menus; each action is also a window-wide shortcut."""
    w = window
    menus = w.menuBar()
    file_menu = menus.addMenu("&File")
    w.import_files_action = add_action(
        w, "&Import Files…", w.import_ctl.ask_import_files, "Ctrl+O", file_menu
    )
    add_action(w, "Import &Folder…", w.import_ctl.ask_import_folder, "Ctrl+Shift+O", file_menu)
    file_menu.addSeparator()
    add_action(w, "&Export Notes…", w.export_ctl.ask_export, "Ctrl+E", file_menu)
    add_action(w, "Export Annotations as W3C &JSON…", w.export_ctl.ask_export_w3c, None, file_menu)
    add_action(
        w, "Import Annotations from W3C JS&ON…", w.export_ctl.ask_import_w3c, None, file_menu
    )
    file_menu.addSeparator()
    add_action(w, "Open Library &Folder", w.open_library_folder, None, file_menu)
    add_action(w, "Documents Not &Analysed…", w.import_ctl.show_failed_analyses, None, file_menu)
    file_menu.addSeparator()
    add_action(w, "&Quit", w.close, "Ctrl+Q", file_menu)

    edit = menus.addMenu("&Edit")
    notes = w.notes_ctl
    w.undo_action = add_action(w, "&Undo", notes.undo, "Ctrl+Z", edit)
    w.redo_action = add_action(w, "&Redo", notes.redo, "Ctrl+Shift+Z", edit)
    w.undo_action.setEnabled(False)
    w.redo_action.setEnabled(False)
    for action, name in ((w.undo_action, "Undo"), (w.redo_action, "Redo")):
        action.setProperty(LISTED_AS, name)  # their text names the step to undo
    edit.addSeparator()
    add_action(w, "&Highlight Selection", notes.highlight_selection, "Ctrl+H", edit)
    add_action(
        w, "Highlight and Add &Note", lambda: notes.highlight_selection(True), "Ctrl+Shift+H", edit
    )
    add_action(w, "Rename Highlight &Colours…", notes.ask_colour_meanings, None, edit)
    add_action(w, "Rename &Document…", lambda: w.reading_ctl.ask_rename(), "F2", edit)
    add_action(w, "Re&move Document…", lambda: w.reading_ctl.ask_remove(), None, edit)
    edit.addSeparator()
    add_action(w, "&Search the Library", w.focus_search, "Ctrl+K", edit)
    pane = w.reader_pane  # (its find bar is built the first time one of these asks for it)
    add_action(w, "&Find in Document", lambda: pane.find_bar.open_bar(), "Ctrl+F", edit)
    add_action(w, "Find &Next", lambda: pane.find_bar.next(), "F3", edit)
    add_action(w, "Find &Previous", lambda: pane.find_bar.previous(), "Shift+F3", edit)

    _build_view_menu(w, menus.addMenu("&View"))

    help_menu = menus.addMenu("&Help")
    add_action(w, "&Keyboard Shortcuts", w.show_shortcuts, "F1", help_menu)
    add_action(w, "&Query Syntax", w.show_query_help, None, help_menu)
    add_action(w, "&About Briefing Reader", w.show_about, None, help_menu)


def _build_view_menu(w: MainWindow, view: QMenu) -> None:
    add_action(w, "&Next Result", lambda: w.search_pane.step(1), "Alt+Down", view)
    add_action(w, "P&revious Result", lambda: w.search_pane.step(-1), "Alt+Up", view)
    view.addSeparator()
    add_action(w, "&Larger Text", lambda: w.reading_ctl.zoom(1), "Ctrl++", view)
    add_action(w, "Larger Text", lambda: w.reading_ctl.zoom(1), "Ctrl+=")
    add_action(w, "&Smaller Text", lambda: w.reading_ctl.zoom(-1), "Ctrl+-", view)
    add_action(w, "&Normal Text Size", lambda: w.reading_ctl.zoom(0), "Ctrl+0", view)
    view.addSeparator()
    w.claims_underline_action = add_action(
        w,
        "Underline &Claims in Text",
        w.reader_pane.view.set_show_claims,
        "Ctrl+U",
        view,
        checkable=True,
    )
    w.library_pane_action = add_action(
        w, "Show &Library Pane", w.search_pane.setVisible, "Ctrl+Shift+L", view, True
    )
    w.library_pane_action.setChecked(True)
    w.side_panel_action = w.side_dock.toggleViewAction()
    w.side_panel_action.setText("Show &Side Panel")
    w.side_panel_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
    view.addAction(w.side_panel_action)
    w.addAction(w.side_panel_action)
    add_action(w, "Show Key &Claims", lambda: w.show_side_tab(0), "Ctrl+1", view)
    add_action(w, "Show &Entities", lambda: w.show_side_tab(1), "Ctrl+2", view)
    add_action(w, "Show N&otes", lambda: w.show_side_tab(2), "Ctrl+3", view)
    view.addSeparator()
    theme_menu = view.addMenu("&Theme")
    w.theme_group = QActionGroup(w)
    w.theme_actions = {}
    for mode, text in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
        action = QAction(text, w, checkable=True)
        action.setChecked(mode == w.theme_mode)
        action.triggered.connect(lambda _checked=False, mode=mode: w.set_theme(mode))
        w.theme_group.addAction(action)
        theme_menu.addAction(action)
        w.theme_actions[mode] = action
    add_action(w, "&Toggle Light/Dark", w.toggle_theme, "Ctrl+Shift+T", theme_menu)


def shortcut_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every shortcut, in menu order, as the menus show them."""
    rows: list[tuple[str, str, str]] = [
        ("Results", "Move through results", "Up, Down"),
        ("Results", "Open the selected result", "Enter"),
    ]
    seen: set[str] = set()
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        heading = menu_action.text().replace("&", "")
        for action in _all_actions(menu):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            name = action.property(LISTED_AS) or action.text().replace("&", "")
            if keys and name not in seen:
                seen.add(name)
                extra = [
                    other.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                    for other in window.actions()
                    if other is not action and other.text().replace("&", "") == name
                ]
                rows.append((heading, name, ", ".join([keys, *filter(None, extra)])))
    return rows


def _all_actions(menu: QMenu) -> list[QAction]:
    found: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        found += _all_actions(sub) if isinstance(sub, QMenu) else [action]
    return found
