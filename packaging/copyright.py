"""Write the .deb's machine-readable ``copyright`` from the installed distributions' metadata.

    python packaging/copyright.py OUTPUT [--prefix usr/lib/briefing-reader/_internal]

Every Python distribution the app needs at run time (the closure of ``briefing-reader``'s
requirements, read with importlib.metadata) gets a paragraph with its version, author, licence
expression and the full text of the licence files it ships. The parts that are not Python
distributions are listed in :data:`COMPONENTS`: Python itself, Qt (LGPL-3, with where to get
its source), ICU and the vendored spaCy pipeline. Format: Debian copyright-format 1.0.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import re
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "briefing-reader"
FORMAT = "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
MODEL = ROOT / "briefing_reader" / "models" / "en_core_web_sm"
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)
#: Trove classifiers of distributions that declare no SPDX expression.
_CLASSIFIERS = {
    "MIT License": "MIT",
    "BSD License": "BSD",
    "Apache Software License": "Apache-2.0",
    "ISC License (ISCL)": "ISC",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "Python Software Foundation License": "PSF-2.0",
}


@dataclass(frozen=True)
class Entry:
    """One paragraph: files, who holds the copyright, the licence and its text."""

    files: list[str]
    copyright: str
    licence: str
    text: str
    comment: str = ""


def runtime_distributions(root: str = PROJECT) -> list[metadata.Distribution]:
    """``root`` and everything it requires at run time (no extras), sorted by name."""
    found: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = canonical(name)
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional requirement that is not installed is not bundled either
        found[key] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return [found[k] for k in sorted(found)]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def licence_of(dist: metadata.Distribution) -> str:
    """The SPDX expression, else the short License field, else the trove classifier."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression).strip()
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 60 and field.upper() != "UNKNOWN":
        return field
    for classifier in meta.get_all("Classifier") or []:
        short = _CLASSIFIERS.get(classifier.rsplit(" :: ", 1)[-1])
        if classifier.startswith("License ::") and short:
            return short
    return "unknown"


#: Licences Debian ships in /usr/share/common-licenses: their full texts are pointed to, not
#: copied (Debian policy 12.5). Each pattern spans the licence's title to the end of its terms.
_TERMS_END = r"(?:END OF TERMS AND CONDITIONS|\Z)"
_COMMON = tuple(
    (re.compile(rf"^[ \t]*{title}.*?{end}", re.S | re.M), name)
    for title, end, name in (
        (r"Apache License\s+Version 2\.0, January 2004", _TERMS_END, "Apache-2.0"),
        (r"GNU GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007", _TERMS_END, "GPL-3"),
        (r"GNU GENERAL PUBLIC LICENSE\s+Version 2, June 1991", _TERMS_END, "GPL-2"),
        (
            r"GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1, February 1999",
            _TERMS_END,
            "LGPL-2.1",
        ),
        (  # the LGPL-3 has no closing line: its terms end at the next unindented paragraph
            r"GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007",
            r"(?=\Z|\n\n\S)",
            "LGPL-3",
        ),
    )
)


def point_to_common_licences(text: str) -> str:
    """Replace the full text of a licence Debian ships with a pointer to its copy."""
    for pattern, name in _COMMON:
        text = pattern.sub(
            f"[The full text of this licence is in /usr/share/common-licenses/{name} on "
            "Debian systems.]",
            text,
        )
    return text


def licence_texts(dist: metadata.Distribution) -> str:
    parts = []
    for file in dist.files or []:
        if _LICENCE_FILE.search(file.name) and ".dist-info" in str(file):
            try:
                parts.append(Path(str(file.locate())).read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
    return "\n\n".join(point_to_common_licences(p).strip() for p in parts)


def top_level(dist: metadata.Distribution) -> list[str]:
    """The import names a distribution installs (what the bundle holds of it)."""
    declared = (dist.read_text("top_level.txt") or "").split()
    if declared:
        return sorted(set(declared))
    names = set()
    for file in dist.files or []:
        head = file.parts[0]
        if head.endswith((".dist-info", ".data")) or head in ("..", "bin"):
            continue
        names.add(head.split(".")[0] if head.endswith(".py") or ".cpython" in head else head)
    return sorted(n for n in names if n and not n.startswith("__"))


def holder(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    who = meta.get("Author") or meta.get("Maintainer") or ""
    if not who:
        emails = meta.get("Author-email") or meta.get("Maintainer-email") or ""
        who = re.sub(r"\s*<[^>]*>", "", emails)
    return f"{who.strip() or dist.metadata['Name']} (the {dist.metadata['Name']} authors)"


def distribution_entry(dist: metadata.Distribution, prefix: str) -> Entry:
    name, version = dist.metadata["Name"], dist.version
    tops = top_level(dist) or [canonical(name).replace("-", "_")]
    return Entry(
        files=[f"{prefix}/{t}*" for t in tops],
        copyright=holder(dist),
        licence=licence_of(dist),
        text=licence_texts(dist),
        comment=f"Python distribution {name} {version}; licence from its metadata.",
    )


def components(prefix: str) -> list[Entry]:
    """What the bundle holds beside the Python distributions."""
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    unicode = _read_first(
        [*Path("/usr/share/doc").glob("libicu*/copyright"), *_dist_file("babel", "LICENSE.unicode")]
    )
    return [
        Entry(
            files=[
                f"{prefix}/libpython3*",
                f"{prefix}/base_library.zip",
                f"{prefix}/lib-dynload/*",
            ],
            copyright="2001-2024 Python Software Foundation",
            licence="PSF-2.0",
            text=_read_first([python_licence]),
            comment=f"CPython {sys.version.split()[0]} and its standard library.",
        ),
        Entry(
            files=[f"{prefix}/PySide6/Qt/*"],
            copyright="The Qt Company Ltd. and other contributors",
            licence="LGPL-3.0-only",
            text=(
                "On Debian systems the full text of the GNU Lesser General Public License\n"
                "version 3 is in /usr/share/common-licenses/LGPL-3, and the GNU General Public\n"
                "License version 3 it builds on in /usr/share/common-licenses/GPL-3."
            ),
            comment=(
                "Qt 6 libraries and plugins as shipped in the PySide6 wheels, used under the\n"
                "LGPL-3.0. They are unmodified shared libraries loaded at run time: replace any\n"
                "of them in PySide6/Qt/lib/ with your own build of the same Qt version. Qt's\n"
                "source: https://download.qt.io/official_releases/qt/ ; Qt for Python (PySide6,\n"
                "Shiboken6): https://download.qt.io/official_releases/QtForPython/ ."
            ),
        ),
        Entry(
            files=[f"{prefix}/PySide6/Qt/lib/libicu*"],
            copyright="2016 and later Unicode, Inc. and others",
            licence="Unicode-3.0",
            text=unicode,
            comment=(
                "ICU, the Unicode library Qt Core links against (shipped in the PySide6 wheel);\n"
                "libicudata is rebuilt from the wheel's with part of its data (the items Qt\n"
                "never reads are removed with ICU's icupkg; see packaging/icudata.py)."
            ),
        ),
        Entry(
            files=[f"{prefix}/briefing_reader/models/en_core_web_sm/*"],
            copyright="Explosion AI GmbH",
            licence="MIT",
            text=_read_first([MODEL / "LICENSE"]),
            comment=(
                "spaCy pipeline en_core_web_sm, vendored (see PROVENANCE.json beside it).\n"
                "Sources of its training data and their licences:\n"
                + _read_first([MODEL / "LICENSES_SOURCES"])
            ),
        ),
    ]


def _dist_file(name: str, filename: str) -> list[Path]:
    try:
        files = metadata.distribution(name).files or []
    except metadata.PackageNotFoundError:
        return []
    return [Path(str(f.locate())) for f in files if f.name == filename]


def _read_first(paths: list[Path]) -> str:
    for path in paths:
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace").strip()
    return ""


def _field(name: str, value: str) -> str:
    """A field whose continuation lines are indented and whose blank lines are ' .'."""
    first, *rest = value.strip().splitlines() or [""]
    lines = [f"{name}: {first}".rstrip()]
    lines += [f" {line.rstrip()}" if line.strip() else " ." for line in rest]
    return "\n".join(lines)


def _licence_field(entry: Entry) -> str:
    return _field("License", f"{entry.licence}\n{entry.text}" if entry.text else entry.licence)


def render(prefix: str) -> str:
    project = metadata.distribution(PROJECT)
    own = Entry(
        files=["*"],
        copyright="2026 Briefing Reader developers",
        licence="MIT",
        text=_read_first([ROOT / "LICENSE"]) or _MIT,
    )
    dists = [d for d in runtime_distributions() if canonical(d.metadata["Name"]) != PROJECT]
    entries = [own, *components(prefix), *(distribution_entry(d, prefix) for d in dists)]
    paragraphs = [
        "\n".join(
            [
                f"Format: {FORMAT}",
                f"Upstream-Name: {PROJECT}",
                f"Upstream-Contact: {project.metadata.get('Author') or 'Briefing Reader developers'}",
                _field(
                    "Comment",
                    "The binary package bundles a private Python and the libraries below\n"
                    "(PyInstaller). This file is generated from their installed metadata by\n"
                    "packaging/copyright.py.",
                ),
            ]
        )
    ]
    for entry in entries:
        lines = [_field("Files", "\n".join(entry.files)), f"Copyright: {entry.copyright}"]
        lines.append(_licence_field(entry))
        if entry.comment:
            lines.append(_field("Comment", entry.comment))
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + "\n"


_MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--prefix", default="usr/lib/briefing-reader/_internal")
    args = parser.parse_args()
    args.output.write_text(render(args.prefix.rstrip("/")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
