"""Qt's ICU data library without the data Qt never asks ICU for.

PySide6's wheel ships all of ICU's data in ``libicudata.so.NN`` (32 MB): one symbol,
``icudtNN_dat``, holding a package of about 3,900 items. Qt Core asks ICU for case mapping,
converters, collation and time-zone names only (its imports from ICU are ``u_strToUpper``,
``u_strToLower``, ``ucnv_*``, ``ucol_*`` and ``ucal_*``). :func:`trim` rebuilds the library with
the same soname and symbol from that package minus the items ``lean.ICU_ITEM_RULES`` leave out:
ICU's own ``icupkg`` (Debian: icu-devtools) removes them and refuses if a kept item depends on
a removed one; GNU ``as`` and ``ld`` (binutils) link the rest.

The spec calls :func:`trim`; by hand: ``python packaging/icudata.py PATH/libicudata.so.NN``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import lean

TOOLS = ("readelf", "icupkg", "as", "ld")


@dataclass(frozen=True)
class DataSymbol:
    """Where ICU's data package lies inside the library file."""

    name: str  # icudt73_dat
    offset: int  # of its first byte in the file
    size: int


def data_symbol(dyn_syms: str, sections: str) -> DataSymbol:
    """Find ``icudtNN_dat`` from ``readelf -W --dyn-syms`` and ``readelf -SW`` output."""
    found = re.search(
        r"^\s*\d+:\s+([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+(\d+)\s+"
        r"(icudt\d+_dat)\s*$",
        dyn_syms,
        re.MULTILINE,
    )
    if found is None:
        raise ValueError("no icudtNN_dat data symbol: not an ICU data library")
    value, size, index, name = found.groups()
    section = re.search(
        rf"^\s*\[\s*{index}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s", sections, re.MULTILINE
    )
    if section is None:
        raise ValueError(f"no section {index} holding {name}")
    address, offset = int(section.group(1), 16), int(section.group(2), 16)
    return DataSymbol(name, offset + int(value, 16) - address, int(size, 0))


def dropped_items(items: list[str]) -> list[str]:
    """The package items (``tree/item``) the rules leave out."""
    return [item for item in items if lean.excluded_icu_item(item)]


def assembly(symbol: str, data: Path) -> str:
    """A one-symbol library source: ICU finds its data by this name, 16-byte aligned."""
    return (
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, %object\n"
        "\t.balign 16\n"
        f"{symbol}:\n"
        f'\t.incbin "{data}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",%progbits\n'
    )


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _run(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def trim(library: Path) -> tuple[int, int, int]:
    """Rewrite ``library`` without the dropped items: (items dropped, bytes before, after)."""
    symbol = data_symbol(
        _run("readelf", "-W", "--dyn-syms", library), _run("readelf", "-SW", library)
    )
    with library.open("rb") as handle:
        handle.seek(symbol.offset)
        data = handle.read(symbol.size)
    before = library.stat().st_size
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # icupkg checks the items' prefix (icudt73l: version, then l/b for the byte order).
        package = f"{symbol.name.removesuffix('_dat')}{sys.byteorder[0]}.dat"
        (work / "in").mkdir()
        (work / "in" / package).write_bytes(data)
        items = _run("icupkg", "-l", work / "in" / package).split()
        drop = dropped_items(items)
        (work / "drop.txt").write_text("\n".join(drop) + "\n")
        _run("icupkg", "-r", work / "drop.txt", work / "in" / package, work / package)
        (work / "data.s").write_text(assembly(symbol.name, work / package))
        _run("as", "--noexecstack", "-o", work / "data.o", work / "data.s")
        _run("ld", "-shared", "-soname", library.name, "--build-id", "-z", "noexecstack",
             "-o", work / library.name, work / "data.o")  # fmt: skip
        shutil.copyfile(work / library.name, library)
    return len(drop), before, library.stat().st_size


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python packaging/icudata.py PATH/libicudata.so.NN")
    if missing := missing_tools():
        raise SystemExit(
            f"error: {', '.join(missing)} not found (apt install icu-devtools binutils)"
        )
    count, size_before, size_after = trim(Path(sys.argv[1]))
    print(
        f"dropped {count} ICU data items: {size_before / 1e6:.1f} MB -> {size_after / 1e6:.1f} MB"
    )
