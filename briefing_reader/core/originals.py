"""The library's copies of imported files, content-addressed under ``originals/``.

Apart from the library so that the file reader process can keep the copy of the file it
converts (beside the importing process's own work) without loading the library.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import NamedTuple

ORIGINALS = "originals"


class KeptCopy(NamedTuple):
    digest: str
    #: the copy's path relative to the library folder
    relative: str
    #: whether this call wrote it (no earlier file had these bytes)
    created: bool


def keep_original(library_folder: Path, data: bytes, suffix: str) -> KeptCopy:
    """Keep a copy of an imported file.

    Copies are content-addressed, written to a temporary name and renamed, so a crash
    never leaves a half-written copy under the final name, and two writers of the same
    bytes write the same copy.
    """
    digest = hashlib.sha256(data).hexdigest()
    relative = f"{ORIGINALS}/{digest[:2]}/{digest}{suffix.lower()}"
    target = library_folder / relative
    if target.exists():
        return KeptCopy(digest, relative, False)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.part")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return KeptCopy(digest, relative, True)
