"""What a second launch tells the running window, and the name of the socket it uses.

A second ``briefing-reader`` on the same library hands its files and links to the first
window over a local socket instead of opening a second window on the same files. The socket
name is scoped per user and per library, so two users or two libraries never meet. One
request per connection: a 4-byte big-endian length, then UTF-8 JSON; the window answers
:data:`ACK`. No Qt here, so the protocol is tested without a display.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 1
ACK = b"ok\n"
#: A request names files and links; anything bigger is not one of ours.
MAX_MESSAGE = 1 << 20
_HEADER = 4


class ProtocolError(ValueError):
    """Bytes on the socket that are not a request of this protocol."""


@dataclass(frozen=True)
class Request:
    """Files to import and ``briefing-reader://`` links to open in the running window."""

    files: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def server_name(library: Path, user: str | None = None) -> str:
    """The socket name for ``library``: one per user and per (resolved) library folder."""
    who = user if user is not None else _user()
    folder = str(library.expanduser().resolve())
    digest = hashlib.sha256(f"{who}\0{folder}".encode()).hexdigest()[:16]
    return f"briefing-reader-{digest}"


def server_address(library: Path, user: str | None = None) -> str:
    """Where the socket lives: the user's private runtime folder when there is one.

    ``$XDG_RUNTIME_DIR`` is the user's own (mode 0700), so no other account can squat the name;
    without it Qt puts the bare name in the temporary folder.
    """
    name = server_name(library, user)
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and _private_folder(Path(runtime)):
        return str(Path(runtime) / name)
    return name


def _private_folder(folder: Path) -> bool:
    try:
        info = folder.stat()
    except OSError:
        return False
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return folder.is_dir() and info.st_uid == owner and info.st_mode & 0o077 == 0


def _user() -> str:
    try:
        return f"{os.getuid()}-{getpass.getuser()}"
    except (AttributeError, KeyError, OSError):  # no uid (Windows) or no passwd entry
        return os.environ.get("USERNAME", os.environ.get("USER", "user"))


def encode(request: Request) -> bytes:
    body = json.dumps(
        {"version": VERSION, "files": request.files, "urls": request.urls}, ensure_ascii=False
    ).encode("utf-8")
    if len(body) > MAX_MESSAGE:
        raise ProtocolError(f"request of {len(body)} bytes is over {MAX_MESSAGE}")
    return len(body).to_bytes(_HEADER, "big") + body


class Decoder:
    """Collects the bytes of one request as they arrive."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> Request | None:
        """The request once complete, else None; :class:`ProtocolError` for bad bytes."""
        self._buffer += data
        if len(self._buffer) < _HEADER:
            return None
        size = int.from_bytes(self._buffer[:_HEADER], "big")
        if size > MAX_MESSAGE:
            raise ProtocolError(f"announced request of {size} bytes is over {MAX_MESSAGE}")
        if len(self._buffer) < _HEADER + size:
            return None
        if len(self._buffer) > _HEADER + size:
            raise ProtocolError("bytes after the request")
        return _decode(bytes(self._buffer[_HEADER:]))


def _decode(body: bytes) -> Request:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"request is not UTF-8 JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ProtocolError("request has no supported version")
    files, urls = data.get("files", []), data.get("urls", [])
    for name, value in (("files", files), ("urls", urls)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProtocolError(f"request's {name} is not a list of strings")
    return Request(files=files, urls=urls)
