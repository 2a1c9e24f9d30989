"""Start the desktop window: the application object, settings, the library, the seeds."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from briefing_reader import __version__
from briefing_reader.core.paths import default_library_dir
from briefing_reader.gui.collector import defer_collection
from briefing_reader.gui.pyside_modules import record_app_modules

# Before the window's modules load: PySide6 need not read their sources, and the
# collector waits for the first listing (see gui.collector).
record_app_modules()
defer_collection()

APP_ID = "io.github.briefingreader.BriefingReader"
ORGANISATION = "briefing-reader"
APPLICATION = "Briefing Reader"


def resources_dir() -> Path | None:
    """``resources/`` of a source checkout, the bundled copy of a frozen build, or the copy a
    wheel installs under ``<prefix>/share/briefing-reader``."""
    for candidate in (
        Path(getattr(sys, "_MEIPASS", "")) / "resources",
        Path(__file__).resolve().parents[2] / "resources",
        Path(sys.prefix) / "share" / "briefing-reader" / "resources",
    ):
        if candidate.is_dir():
            return candidate
    return None


def seeds_dir() -> Path | None:
    """The sample articles imported into an empty library on first start."""
    candidates = [
        Path(getattr(sys, "_MEIPASS", "")) / "seeds",
        Path(__file__).resolve().parents[2] / "seeds",
        Path(sys.prefix) / "share" / "briefing-reader" / "seeds",
        Path("/usr/share/briefing-reader/seeds"),
    ]
    return next((c for c in candidates if c.is_dir() and any(c.iterdir())), None)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings and the desktop file find it."""
    from briefing_reader.gui.theme import FUSION_PROPERTY

    app = QApplication.instance()
    if app is None:
        # Made with the style the palettes are for (see gui.theme.use_fusion).
        app = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", "fusion"])
        app.setProperty(FUSION_PROPERTY, True)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    resources = resources_dir()
    if resources is not None:
        app.setWindowIcon(QIcon(str(resources / "icons" / f"{APP_ID}.svg")))
    return app  # type: ignore[return-value]


def run(
    library: Path | None = None,
    import_now: list[Path] | None = None,
    open_urls: list[str] | None = None,
) -> int:
    """Open the window on ``library`` (default: the user's library) and run until closed.

    ``import_now`` are files to import and ``open_urls`` ``briefing-reader://`` links to open.
    When a window is already open on the library, both go to it and this returns at once.
    """
    from briefing_reader.gui.instance_protocol import Request, server_address
    from briefing_reader.gui.single_instance import InstanceServer, forward

    app = application()
    folder = (library or default_library_dir()).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(
            None, APPLICATION, f"The library folder {folder} cannot be created: {exc.strerror}"
        )
        return 1
    address = server_address(folder)
    request = Request([str(p.resolve()) for p in import_now or []], list(open_urls or []))
    if forward(address, request):
        return 0  # the window already open on this library took them
    from briefing_reader.gui.main_window import MainWindow

    window = MainWindow(folder, QSettings(), seeds=seeds_dir())
    server = InstanceServer(address, window)
    if server.listen():
        server.requested.connect(window.links_ctl.receive)
    else:  # the window works on; only later launches open windows of their own
        print(f"briefing-reader: not listening for later launches: {server.error}", file=sys.stderr)
    window.show()
    quit_on_signals(window)
    if import_now:
        window.import_at_start(import_now)
    window.links_ctl.open_at_start(list(open_urls or []))
    return app.exec()


def quit_on_signals(window: QWidget) -> QTimer:
    """Ctrl+C or SIGTERM in the terminal closes the window as the Quit menu does.

    Python runs signal handlers only between bytecodes, and Qt's event loop is C++: a
    timer wakes the interpreter a few times a second so the handler runs promptly (and
    Ctrl+C never surfaces as a traceback inside an event handler).
    """

    def close(signum: int, frame: object) -> None:
        QTimer.singleShot(0, window.close)

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, close)
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    return timer
