"""One window per library: a second launch hands its files and links to the first.

The first window listens on a local socket named after the user and the library
(:func:`~briefing_reader.gui.instance_protocol.server_address`); a later launch on the same
library connects, sends its request, waits for the acknowledgement and exits. A socket left
behind by a crashed window answers nobody: the next launch removes it and listens itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from briefing_reader.gui.instance_protocol import (
    ACK,
    Decoder,
    ProtocolError,
    Request,
    encode,
)

#: How long a launch waits for the running window before opening its own.
FORWARD_TIMEOUT_MS = 3000
#: A client that has not sent a whole request by then is dropped.
CLIENT_TIMEOUT_MS = 5000


def forward(address: str, request: Request, timeout_ms: int = FORWARD_TIMEOUT_MS) -> bool:
    """Send ``request`` to the window listening on ``address``; True once it acknowledged."""
    socket = QLocalSocket()
    socket.connectToServer(address)
    try:
        if not socket.waitForConnected(timeout_ms):
            return False  # nobody listens (or only a stale socket file is left)
        socket.write(encode(request))
        while socket.bytesToWrite() > 0:
            if not socket.waitForBytesWritten(timeout_ms):
                return False
        answer = b""
        while len(answer) < len(ACK):
            if not socket.bytesAvailable() and not socket.waitForReadyRead(timeout_ms):
                answer += bytes(socket.readAll().data())  # what came with the disconnect
                break
            answer += bytes(socket.readAll().data())
        return answer == ACK
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for later launches on the same library; emits each request received."""

    requested = Signal(object)  # Request

    def __init__(self, address: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address
        self.error = ""
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; a stale socket of a crashed window is removed first."""
        if self._server.listen(self.address):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self.address)
            if self._server.listen(self.address):
                return True
        self.error = self._server.errorString()
        return False

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._serve(socket)

    def _serve(self, socket: QLocalSocket) -> None:
        decoder = Decoder()
        timer = QTimer(socket)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: socket.abort())
        timer.start(CLIENT_TIMEOUT_MS)
        socket.disconnected.connect(socket.deleteLater)

        def read() -> None:
            try:
                request = decoder.feed(bytes(socket.readAll().data()))
            except ProtocolError:
                socket.abort()
                return
            if request is not None:
                timer.stop()
                socket.write(ACK)
                socket.flush()
                socket.disconnectFromServer()
                self.requested.emit(request)

        socket.readyRead.connect(read)
        if socket.bytesAvailable():
            read()
