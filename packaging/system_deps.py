"""The Debian packages whose libraries the bundle loads from the system.

The bundle leaves out the libraries its build machine's distribution provides (see
``lean.system_library``), so the .deb must depend on their packages: every soname a bundled
ELF file links against (``NEEDED``) that the bundle does not hold, located with ``ldconfig -p``
and mapped to its package with ``dpkg -S``, the way ``dpkg-shlibdeps`` does for a source package.

    python packaging/system_deps.py dist/briefing-reader     prints "libc6, libglib2.0-0, ..."
    python packaging/system_deps.py dist/briefing-reader --without libc6
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def needed(path: Path) -> list[str]:
    """The sonames ``path`` links against (ELF ``NEEDED``)."""
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for base, _dirs, files in os.walk(bundle):
        for name in files:
            path = Path(base, name)
            if not path.is_symlink():
                with path.open("rb") as handle:
                    if handle.read(4) == b"\x7fELF":
                        found.append(path)
    return found


def system_paths(ldconfig: str, arch_tag: str) -> dict[str, str]:
    """soname -> path from ``ldconfig -p`` output, for this architecture's libraries."""
    paths: dict[str, str] = {}
    for soname, tags, path in re.findall(r"^\s+(\S+) \(([^)]*)\) => (\S+)$", ldconfig, re.M):
        if arch_tag.lower() in tags.lower():
            paths.setdefault(soname, path)
    return paths


def package_of(path: str) -> str:
    """The package owning ``path`` (its real path if the link itself is not owned)."""
    for candidate in (path, os.path.realpath(path)):
        # Merged /usr: dpkg may know the file under /lib or /usr/lib.
        for spelling in {candidate, candidate.removeprefix("/usr"), "/usr" + candidate}:
            done = subprocess.run(["dpkg", "-S", spelling], capture_output=True, text=True)
            if done.returncode == 0:
                return done.stdout.split(":", 1)[0].split(",")[0].strip()
    raise LookupError(f"no package owns {path}")


def depends(bundle: Path) -> list[str]:
    files = elf_files(bundle)
    bundled = {f.name for f in files} | {p.name for p in bundle.rglob("*.so*") if p.is_symlink()}
    missing = {soname for f in files for soname in needed(f)} - bundled
    ldconfig = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    paths = system_paths(ldconfig, os.uname().machine.replace("_", "-"))  # x86-64, aarch64
    unknown = sorted(s for s in missing if s not in paths)
    if unknown:
        raise LookupError(f"not installed on this machine: {', '.join(unknown)}")
    return sorted({package_of(paths[s]) for s in missing})


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[2:3] not in ([], ["--without"]):
        raise SystemExit("usage: python packaging/system_deps.py BUNDLE_FOLDER [--without PKG...]")
    print(", ".join(p for p in depends(Path(sys.argv[1])) if p not in sys.argv[3:]))
