"""Links and later launches reach the open window: one window per library."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from briefing_reader.core.doc_links import link
from briefing_reader.gui.instance_protocol import Request, server_address
from briefing_reader.gui.single_instance import InstanceServer, forward
from tests.test_gui import TIMEOUT

_LAUNCH = """
import json, sys
from PySide6.QtCore import QCoreApplication
from briefing_reader.gui.instance_protocol import Request
from briefing_reader.gui.single_instance import forward
app = QCoreApplication([])
sys.exit(0 if forward(sys.argv[1], Request(**json.loads(sys.argv[2]))) else 3)
"""


def _second_launch(address: str, request: Request) -> subprocess.Popen[bytes]:
    """A later launch in its own process (forward() blocks until this one's loop answers)."""
    payload = json.dumps({"files": request.files, "urls": request.urls})
    return subprocess.Popen([sys.executable, "-c", _LAUNCH, address, payload])


def test_a_second_launch_hands_its_request_to_the_first(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    address = server_address(tmp_path / "library")
    server = InstanceServer(address)
    assert server.listen(), server.error
    request = Request(files=[str(tmp_path / "a.pdf")], urls=[link(3, "ab")])
    with qtbot.waitSignal(server.requested, timeout=TIMEOUT) as received:
        launch = _second_launch(address, request)
    assert received.args == [request]
    qtbot.waitUntil(lambda: launch.poll() is not None, timeout=TIMEOUT)
    assert launch.returncode == 0  # acknowledged: the later launch exits
    server.close()


def test_nobody_listening_means_open_a_window(tmp_path: Path) -> None:
    assert forward(server_address(tmp_path / "nobody"), Request(), timeout_ms=500) is False


def test_a_stale_socket_of_a_crashed_window_is_taken_over(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    address = str(tmp_path / "stale-socket")
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(address)  # the file stays after close, as after a crash
    dead.close()
    assert Path(address).exists()
    assert forward(address, Request(), timeout_ms=500) is False
    server = InstanceServer(address)
    assert server.listen(), server.error
    with qtbot.waitSignal(server.requested, timeout=TIMEOUT):
        launch = _second_launch(address, Request(urls=[link(1)]))
    qtbot.waitUntil(lambda: launch.poll() is not None, timeout=TIMEOUT)
    assert launch.returncode == 0
    server.close()


def test_garbage_on_the_socket_is_dropped(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    address = str(tmp_path / "socket")
    server = InstanceServer(address)
    assert server.listen()
    received: list[object] = []
    server.requested.connect(received.append)
    with socket.socket(socket.AF_UNIX) as client:
        client.connect(address)
        client.sendall(b"\xff\xff\xff\xffjunk")
        client.setblocking(False)

        def hung_up() -> bool:
            try:
                return client.recv(16) == b""
            except BlockingIOError:
                return False
            except ConnectionResetError:
                return True

        qtbot.waitUntil(hung_up, timeout=TIMEOUT)
    assert received == []
    server.close()


def _annotated(window, seeded_library) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    from briefing_reader.app.annotations import annotate

    doc_id = window.last_results.hits[-1].id
    made = annotate(seeded_library, doc_id, start=10, end=40, note="check this")
    return doc_id, made.annotation.uid


def test_a_link_opens_the_document_at_the_note(qtbot, window, seeded_library) -> None:  # type: ignore[no-untyped-def]
    doc_id, uid = _annotated(window, seeded_library)
    with qtbot.waitSignal(window.notesShown, timeout=TIMEOUT):
        window.links_ctl.receive(Request(urls=[link(doc_id, uid)]))
    qtbot.waitUntil(lambda: window.notes_panel.selected_uid() == uid, timeout=TIMEOUT)
    assert window.reading.document.id == doc_id
    assert window.side_tabs.currentIndex() == 2
    assert window.reader_pane.view.flash_span == (10, 40)


@pytest.mark.parametrize("which", ["document", "note", "malformed"])
def test_a_link_to_nothing_says_so(qtbot, window, seeded_library, monkeypatch, which) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: errors.append(args[2]))
    doc_id = window.last_results.hits[0].id
    url = {
        "document": link(999_999),
        "note": link(doc_id, "0123456789abcdef"),
        "malformed": "briefing-reader://doc/x",
    }[which]
    window.links_ctl.open_link(url)
    qtbot.waitUntil(lambda: bool(errors), timeout=TIMEOUT)
    expected = {
        "document": "no document with id 999999",
        "note": "The note 0123456789abcdef is not in",
        "malformed": "is not a document number",
    }[which]
    assert expected in errors[0]
    if which == "note":  # the document still opens
        qtbot.waitUntil(lambda: window.reading is not None, timeout=TIMEOUT)
        assert window.reading.document.id == doc_id
