"""Spare PySide6 from reading the source of every module of the app as it is imported.

PySide6 lets a module opt into Python-style names with ``from __feature__ import
snake_case``. To know which modules did, an import hook it installs reads the source
of every module imported after PySide6 (``inspect.getsource``) and records, by module
name, whether it mentions PySide6: 0 (uses PySide6, no feature chosen) or -1 (does not
use it). A name already recorded is not read again. The app chooses no feature, so its
modules are recorded up front with the answer the hook would give: 0 for the window's
package, the only one that imports Qt, and -1 for the others, which the layer contracts
keep free of Qt. That saves 5–10 ms of the start, and the lines the hook leaves in
``linecache``. The standard library's top-level modules the window imports after
PySide6 (``sqlite3``, ``dataclasses``, ``html`` …) are recorded as -1 too: none of them
mentions PySide6.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = "briefing_reader"
#: Folders of the package that hold no modules of its own.
NOT_MODULES = {"models", "__pycache__"}


def module_names(root: Path, package: str = PACKAGE) -> list[str]:
    """Every module and package name under ``root`` (the folder of ``package``)."""
    names: list[str] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [s for s in subfolders if s not in NOT_MODULES]
        relative = Path(folder).relative_to(root).parts
        prefix = ".".join((package, *relative))
        for file in files:
            if file == "__init__.py":
                names.append(prefix)
            elif file.endswith(".py"):
                names.append(f"{prefix}.{file[:-3]}")
    return names


def feature_table() -> dict[str, int] | None:
    """PySide6's record of the modules it has looked at, or None where this PySide6 keeps
    none (the hook then reads the sources, which is slower and nothing else)."""
    try:
        from PySide6.support import feature
    except ImportError:
        return None
    table = getattr(feature, "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


def record_app_modules() -> int:
    """Record the app's modules as PySide6's hook would; returns how many were added."""
    table = feature_table()
    if table is None:
        return 0
    root = Path(__file__).resolve().parents[1]
    gui = f"{PACKAGE}.gui"
    added = 0
    for name in module_names(root):
        if name not in table:
            table[name] = 0 if name == gui or name.startswith(gui + ".") else -1
            added += 1
    for name in sys.stdlib_module_names:
        if name not in table:
            table[name] = -1
            added += 1
    return added
