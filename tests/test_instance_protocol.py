"""The message a second launch sends to the running window, and the socket's name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_reader.gui.instance_protocol import (
    MAX_MESSAGE,
    Decoder,
    ProtocolError,
    Request,
    encode,
    server_address,
    server_name,
)


def test_request_round_trip_byte_by_byte() -> None:
    request = Request(files=["/tmp/a b.pdf", "/tmp/ünï.html"], urls=["briefing-reader://doc/1"])
    data = encode(request)
    decoder = Decoder()
    answers = [decoder.feed(data[i : i + 1]) for i in range(len(data))]
    assert answers[:-1] == [None] * (len(data) - 1)
    assert answers[-1] == request


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b'{"files": []}',
        b'{"version": 99}',
        b'{"version": 1, "files": "a.pdf"}',
        b'{"version": 1, "urls": [1, 2]}',
        b"[1]",
    ],
)
def test_bad_requests_are_refused(body: bytes) -> None:
    with pytest.raises(ProtocolError):
        Decoder().feed(len(body).to_bytes(4, "big") + body)


def test_oversized_requests_are_refused_before_reading_them() -> None:
    with pytest.raises(ProtocolError, match="over"):
        Decoder().feed((MAX_MESSAGE + 1).to_bytes(4, "big"))
    with pytest.raises(ProtocolError):
        encode(Request(files=["x" * MAX_MESSAGE]))


def test_trailing_bytes_are_refused() -> None:
    with pytest.raises(ProtocolError, match="after"):
        Decoder().feed(encode(Request()) + b"x")


def test_name_is_per_user_and_per_library(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert server_name(a, "alice") == server_name(tmp_path / "x" / ".." / "a", "alice")
    assert server_name(a, "alice") != server_name(b, "alice")
    assert server_name(a, "alice") != server_name(a, "bob")
    assert server_name(a).startswith("briefing-reader-")


def test_address_uses_a_private_runtime_folder_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert server_address(tmp_path, "u") == str(runtime / server_name(tmp_path, "u"))
    os.chmod(runtime, 0o777)
    assert server_address(tmp_path, "u") == server_name(tmp_path, "u")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert server_address(tmp_path, "u") == server_name(tmp_path, "u")
