"""The library's copies of imported files, content-addressed under ``originals/``.

Apart from the library so that the file reader process can keep the copy of the file it
converts (beside the importing process's own work) without loading the library.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ORIGINALS = "originals"


def keep_original(library_folder: Path, data: bytes, suffix: str) -> tuple[str, str]:
    """Keep a copy of an imported file; return (sha256, path relative to the library).

    Copies are content-addressed, written to a temporary name and renamed, so a crash
    never leaves a half-written copy under the final name, and two writers of the same
    bytes write the same copy.
    """
    digest = hashlib.sha256(data).hexdigest()
    relative = f"{ORIGINALS}/{digest[:2]}/{digest}{suffix.lower()}"
    target = library_folder / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.part")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    return digest, relative
