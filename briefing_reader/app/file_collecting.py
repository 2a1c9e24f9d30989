"""Which files an import reads: folders expanded, links judged, special files refused.

Kept apart from the import itself: walking a tree decides what the batch is, before any
file is read, and reports what it leaves out (hidden entries, unknown formats, links
outside the folder) in the import's result.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_reader.app.file_reading import special_kind
from briefing_reader.core.extract import is_supported
from briefing_reader.core.paths import readable

if TYPE_CHECKING:
    from briefing_reader.app.importing import ImportResult


@dataclass(frozen=True, slots=True)
class ImportFailure:
    """A file (or folder) the import could not take, and why."""

    path: str
    reason: str


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def collect_files(
    paths: list[Path], result: ImportResult, follow_links: bool = False
) -> list[Path]:
    """Expand folders recursively (hidden entries skipped), keeping the given order.

    Unreadable folders and missing paths become failures; files in folders with an
    unknown extension are counted as skipped, while a file named explicitly with an
    unknown extension is a failure the user should hear about. Special files (pipes,
    devices, sockets) are refused at once. Inside a folder, a symbolic link is taken
    only when it points inside that folder, unless ``follow_links``.
    """
    files: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    def fail(path: Path, reason: str) -> None:
        result.failed.append(ImportFailure(readable(path), reason))

    def walk(folder: Path, root: Path, visited: set[Path]) -> None:
        try:
            with os.scandir(folder) as entries:
                children = sorted(entries, key=lambda e: e.name)
        except PermissionError:
            fail(folder, "permission denied (folder)")
            return
        except OSError as exc:
            fail(folder, f"cannot list folder: {exc.strerror}")
            return
        for entry in children:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                if entry.is_symlink():
                    target = child.resolve()
                    if not follow_links and not _inside(target, root):
                        result.warnings.append(
                            f"{readable(child)}: a link to {readable(target)}, outside the "
                            "folder; not followed (use --follow-links to include it)"
                        )
                        continue
                    if target.is_dir():
                        if target not in visited:  # a link loop ends here
                            walk(child, root, visited | {target})
                        continue
                if entry.is_dir():
                    if not entry.is_symlink():
                        walk(child, root, visited | {child.resolve()})
                elif entry.is_file():
                    if is_supported(child):
                        add(child)
                    else:
                        result.skipped.append(readable(child))
            except OSError as exc:
                fail(child, exc.strerror or str(exc))

    for path in paths:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            fail(path, "no such file or folder")
            continue
        except OSError as exc:
            fail(path, exc.strerror or str(exc))
            continue
        if stat.S_ISDIR(mode):
            walk(path, path.resolve(), {path.resolve()})
        elif kind := special_kind(mode):
            fail(path, f"is {kind}, not a regular file; it was not read")
        else:
            add(path)
    return files
