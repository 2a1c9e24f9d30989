"""Where the library lives by default; light enough for the window to import at start."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "briefing-reader"
#: Environment variable naming the library folder when ``--library`` is not given.
LIBRARY_ENV = "BRIEFING_READER_LIBRARY"


def default_library_dir() -> Path:
    """``$BRIEFING_READER_LIBRARY`` or the platform's user-data folder."""
    if env := os.environ.get(LIBRARY_ENV):
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "library"


def readable(path: Path | str) -> str:
    """``path`` as valid text: bytes that are not UTF-8 (kept by the OS as surrogate
    escapes) shown as ``\\xNN``, so names store in SQLite and print as valid UTF-8."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text
