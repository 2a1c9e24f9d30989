"""What the PyInstaller bundle leaves out, what it strips, and why.

The spec (``briefing-reader.spec``) imports this module; ``EXCLUDED.md`` is generated from it
(``python packaging/lean.py --markdown > packaging/EXCLUDED.md``) and a unit test checks the two
agree, so the list of exclusions and their reasons lives in one place. Pure Python: no
PyInstaller, no Qt, so the tests can check the rules without building anything.
"""

from __future__ import annotations

import fnmatch
import sys
import textwrap
from dataclasses import dataclass

#: spaCy languages the app loads: the vendored en_core_web_sm declares ``lang = "en"``, and
#: loading any pipeline fills spaCy's registry, which imports these others' tokenizer modules.
SPACY_LANGUAGES = frozenset({"en", "ja", "ko", "th", "vi", "xx", "zh"})
#: Modules of spacy.lang every language shares.
SPACY_SHARED = (
    "punctuation",
    "char_classes",
    "tokenizer_exceptions",
    "norm_exceptions",
    "lex_attrs",
)
#: dateparser locales the app asks for (``core/dates.py`` parses with ``languages=["en"]``).
DATEPARSER_LOCALES = frozenset({"en"})


@dataclass(frozen=True)
class Rule:
    """Leave out every bundled file whose destination matches ``pattern`` (fnmatch)."""

    pattern: str
    reason: str
    keep: tuple[str, ...] = ()  # patterns that stay although ``pattern`` matches

    def matches(self, dest: str) -> bool:
        path = dest.replace("\\", "/")
        if not fnmatch.fnmatchcase(path, self.pattern):
            return False
        return not any(fnmatch.fnmatchcase(path, keep) for keep in self.keep)


@dataclass(frozen=True)
class ModuleRule:
    """Leave out Python modules named ``prefix`` or below it.

    A rule with exceptions (``keep``) leaves the package ``prefix`` itself in place.
    """

    prefix: str
    reason: str
    keep: tuple[str, ...] = ()

    def matches(self, module: str) -> bool:
        inside = module.startswith(self.prefix + ".") or (module == self.prefix and not self.keep)
        if not inside:
            return False
        return not any(module == k or module.startswith(k + ".") for k in self.keep)


_TESTS = "test suites of the dependencies; never imported at run time"
_SPACY_LANGS = (
    "spaCy's other languages: the vendored en_core_web_sm loads spacy.lang.en, and spaCy's "
    "registry imports the languages with their own tokenizers (ja, ko, th, vi, xx, zh)"
)
_DATEPARSER = (
    "dateparser locales other than English: the app parses dates with languages=['en'] "
    "(trafilatura's htmldate calls dateparser only in its extensive search, which the app "
    "turns off)"
)
_QT_UNUSED = "Qt modules the app never imports (it uses QtCore, QtGui, QtWidgets, QtNetwork, QtSvg)"

MODULE_RULES: tuple[ModuleRule, ...] = (
    ModuleRule("spacy.tests", _TESTS),
    ModuleRule("thinc.tests", _TESTS),
    ModuleRule("srsly.tests", _TESTS),
    ModuleRule("catalogue.tests", _TESTS),
    ModuleRule("confection.tests", _TESTS),
    ModuleRule("weasel.tests", _TESTS),
    ModuleRule("numpy.tests", _TESTS),
    ModuleRule("whoosh.tests", _TESTS),
    ModuleRule("lxml.tests", _TESTS),
    ModuleRule(
        "spacy.lang",
        _SPACY_LANGS,
        keep=tuple(f"spacy.lang.{x}" for x in (*sorted(SPACY_LANGUAGES), *SPACY_SHARED)),
    ),
    ModuleRule(
        "dateparser.data.date_translation_data",
        _DATEPARSER,
        keep=tuple(
            f"dateparser.data.date_translation_data.{x}" for x in sorted(DATEPARSER_LOCALES)
        ),
    ),
    ModuleRule("tkinter", "no Tk user interface"),
    ModuleRule("_tkinter", "no Tk user interface"),
    ModuleRule("torch", "not a dependency; never bundled by accident"),
    ModuleRule("tensorflow", "not a dependency; never bundled by accident"),
    ModuleRule("IPython", "interactive shell, optional import of some dependencies"),
    ModuleRule("matplotlib", "plots are made by the benchmarks only"),
    ModuleRule("pytest", "test runner"),
    ModuleRule("pytestqt", "test runner"),
    ModuleRule("PyQt5", "other Qt bindings"),
    ModuleRule("PyQt6", "other Qt bindings"),
    ModuleRule("PySide2", "other Qt bindings"),
    ModuleRule("PySide6.QtQml", _QT_UNUSED),
    ModuleRule("PySide6.QtQuick", _QT_UNUSED),
    ModuleRule("PySide6.QtQuickWidgets", _QT_UNUSED),
    ModuleRule("PySide6.QtQuickControls2", _QT_UNUSED),
    ModuleRule("PySide6.QtOpenGL", _QT_UNUSED),
    ModuleRule("PySide6.QtOpenGLWidgets", _QT_UNUSED),
    ModuleRule("PySide6.QtPrintSupport", _QT_UNUSED),
    ModuleRule("PySide6.QtSql", _QT_UNUSED),
    ModuleRule("PySide6.QtTest", _QT_UNUSED),
    ModuleRule("PySide6.QtDesigner", _QT_UNUSED),
    ModuleRule("PySide6.QtHelp", _QT_UNUSED),
    ModuleRule("PySide6.QtUiTools", _QT_UNUSED),
    ModuleRule("PySide6.QtXml", _QT_UNUSED),
    ModuleRule("PySide6.QtConcurrent", _QT_UNUSED),
    ModuleRule(
        "PySide6.QtDBus", _QT_UNUSED + "; Qt's own D-Bus library stays for its platform code"
    ),
    ModuleRule(
        "lxml.objectify",
        "lxml's object API: trafilatura, justext and python-docx use lxml.etree and lxml.html",
    ),
    ModuleRule("lxml.html.diff", "lxml's HTML diff; nothing the app uses imports it"),
    ModuleRule("lxml.html._difflib", "the copy of difflib only lxml.html.diff uses"),
    ModuleRule(
        "numpy.fft",
        "numpy loads numpy.fft on first use and neither thinc nor spaCy uses it",
    ),
    ModuleRule("numpy._core._multiarray_tests", _TESTS),
    ModuleRule(
        "mypy",
        "the type checker: a build environment with the test tools has it, and thinc's and "
        "pydantic's mypy plugins (never loaded at run time) import it",
    ),
    ModuleRule("mypyc", "mypy's compiler (see mypy)"),
    ModuleRule("librt", "mypyc's run-time library (see mypy)"),
    ModuleRule("thinc.mypy", "thinc's mypy plugin (see mypy)"),
    ModuleRule("pydantic.mypy", "pydantic's mypy plugin (see mypy)"),
    ModuleRule("pydantic.v1.mypy", "pydantic's mypy plugin (see mypy)"),
    *(
        ModuleRule(
            f"pygments.{part}",
            "Pygments' lexers, formatters and styles: rich and Markdown import Pygments, but only "
            "syntax highlighting loads these, and the app highlights no code (Markdown without "
            "codehilite, no rich Syntax); the name tables stay",
            keep=(f"pygments.{part}._mapping",),
        )
        for part in ("lexers", "formatters", "styles")
    ),
    ModuleRule("numpy.f2py", "numpy's Fortran wrapper generator, a build tool"),
    ModuleRule("pydoc_data", "the topics of the interactive help(); the app has no prompt"),
    ModuleRule("readline", "line editing for an interactive Python prompt; the app has none"),
    ModuleRule("curses", "terminal screen handling; the progress display uses rich"),
    ModuleRule("_curses", "terminal screen handling; the progress display uses rich"),
    ModuleRule("_curses_panel", "terminal screen handling; the progress display uses rich"),
)

_PLUGINS = "PySide6/Qt/plugins"
_NO_NETWORK = "the app opens no network connection (QtNetwork serves only the local socket)"

FILE_RULES: tuple[Rule, ...] = (
    Rule("*/tests/*", _TESTS),
    Rule(
        "spacy/lang/*",
        _SPACY_LANGS,
        keep=("spacy/lang/*.py*", *(f"spacy/lang/{x}/*" for x in sorted(SPACY_LANGUAGES))),
    ),
    Rule(
        "dateparser/data/date_translation_data/*",
        _DATEPARSER,
        keep=tuple(
            f"dateparser/data/date_translation_data/{x}.py*" for x in sorted(DATEPARSER_LOCALES)
        ),
    ),
    Rule(
        "babel/locale-data/*",
        "Babel's CLDR data for 900 locales: courlan (under trafilatura) asks Babel about a "
        "language only when a target language is set, which the app never does; root and "
        "English stay",
        keep=(
            "babel/locale-data/root.dat",
            "babel/locale-data/en.dat",
            "babel/locale-data/en_*.dat",
        ),
    ),
    Rule(
        "PySide6/Qt/translations/*",
        "Qt's own translations: the app installs no QTranslator and its interface is English",
    ),
    Rule(
        f"{_PLUGINS}/platforms/*",
        "platform plugins for framebuffers, EGL, VNC, Vulkan displays and Wayland; kept: xcb "
        "(X11, and Wayland desktops through XWayland) and offscreen (headless runs). Qt's "
        "Wayland plugin links against libwayland-client, which the build machine need not "
        "have and the package would have to depend on",
        keep=(f"{_PLUGINS}/platforms/libqxcb.so", f"{_PLUGINS}/platforms/libqoffscreen.so"),
    ),
    Rule(
        f"{_PLUGINS}/wayland-*", "Wayland integrations (the Wayland platform plugin is not shipped)"
    ),
    Rule(
        "PySide6/Qt/lib/libQt6Wayland*",
        "Wayland client (the Wayland platform plugin is not shipped)",
    ),
    Rule("PySide6/Qt/lib/libQt6WlShell*", "Wayland shell integration (no Wayland platform plugin)"),
    Rule(
        f"{_PLUGINS}/generic/*",
        "evdev and TUIO input plugins for framebuffer and touch-table setups; Qt loads them only "
        "when QT_QPA_GENERIC_PLUGINS asks",
    ),
    Rule(
        f"{_PLUGINS}/platformthemes/libqgtk3.so",
        "the GTK 3 theme plugin pulls GTK, GDK, cairo, pango and ATK of the build machine "
        "into the bundle; the XDG desktop portal theme stays (native file dialogs)",
    ),
    Rule(f"{_PLUGINS}/egldeviceintegrations/*", "EGLFS device integrations (eglfs is not shipped)"),
    Rule(
        f"{_PLUGINS}/imageformats/*",
        "image formats the app never shows; kept: SVG (its icon), JPEG and GIF (images in notes)",
        keep=(
            f"{_PLUGINS}/imageformats/libqsvg.so",
            f"{_PLUGINS}/imageformats/libqjpeg.so",
            f"{_PLUGINS}/imageformats/libqgif.so",
        ),
    ),
    Rule(
        f"{_PLUGINS}/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "Qt's on-screen keyboard needs Qt Quick; desktop input methods (ibus, compose) stay",
    ),
    Rule(f"{_PLUGINS}/tls/*", _NO_NETWORK),
    Rule(f"{_PLUGINS}/networkinformation/*", _NO_NETWORK),
    Rule(f"{_PLUGINS}/sqldrivers/*", "Qt SQL is not used (the library uses Python's sqlite3)"),
    Rule(f"{_PLUGINS}/qmltooling/*", "QML is not used"),
    Rule(f"{_PLUGINS}/qmllint/*", "QML is not used"),
    Rule(f"{_PLUGINS}/designer/*", "Qt Designer plugins"),
    Rule(f"{_PLUGINS}/printsupport/*", "the app does not print"),
    Rule("PySide6/Qt/lib/libQt6Quick*", "Qt Quick is not used"),
    Rule("PySide6/Qt/lib/libQt6Qml*", "QML is not used"),
    Rule("PySide6/Qt/lib/libQt6VirtualKeyboard*", "Qt's on-screen keyboard needs Qt Quick"),
    Rule("PySide6/Qt/lib/libQt6Pdf*", "Qt PDF is not used (the app reads PDFs with pypdf)"),
    Rule("PySide6/Qt/lib/libQt6EglF[Ss]*", "EGLFS device integrations (eglfs is not shipped)"),
    Rule(
        "docx/templates/default-docx-template/*",
        "the unpacked source of python-docx's default.docx; it reads default.docx and the "
        "default-*.xml parts only",
    ),
    *(
        Rule(f"*.{ext}", "sources and headers the wheels were compiled from; nothing reads them")
        for ext in ("pyx", "pxd", "pxi", "c", "cpp", "h", "hpp")
    ),
    Rule("*.pyi", "type stubs, read by type checkers only"),
)

#: Folders of the build machine's own libraries (its distribution's packages).
SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")
SYSTEM_REASON = (
    "Libraries PyInstaller copies from the build machine's system folders (X11, fonts, GLib, "
    "D-Bus, Kerberos, OpenSSL, SQLite, compression, the C++ runtime) are files of its "
    "distribution's packages: the .deb depends on those packages (found with `dpkg -S`) instead "
    "of carrying copies the distribution's security updates never reach (Debian Policy 4.13). "
    "Qt and the wheels are built to use the system's: the manylinux policy lists libstdc++, "
    "libgcc_s, X11 and GLib as system libraries, and PyInstaller itself leaves out libxcb and "
    "libGL, which must match the display server and the GL driver. The Python the bundle "
    "carries (libpython) stays even when it comes from there."
)


def system_library(dest: str, source: str) -> bool:
    """Whether the library ``dest`` (top of ``_internal/``), copied from ``source``, is the system's."""
    name = dest.replace("\\", "/")
    if "/" in name or name.startswith("libpython"):
        return False
    return source.startswith(SYSTEM_DIRS)


_ICU_FORMATTING = (
    "for ICU's own formatting and display names; Qt formats numbers, dates and names with its "
    "own CLDR tables"
)

#: Items of ICU's data library (``libicudata``) the bundle leaves out, by name inside the
#: package (``tree/item``). Qt Core calls ICU for case mapping (compiled into libicuuc),
#: converters (``*.cnv``, ``cnvalias.icu``), collation (``coll/``) and time-zone names (``zone/``,
#: ``zoneinfo64``, ``metaZones``, the locales' calendars); those stay, as does every locale.
ICU_ITEM_RULES: tuple[Rule, ...] = (
    Rule("brkitr/*", "break iterators: Qt finds text boundaries with its own Unicode tables"),
    Rule("unit/*", f"unit names, {_ICU_FORMATTING}"),
    Rule("curr/*", f"currency names, {_ICU_FORMATTING}"),
    Rule("lang/*", f"language names, {_ICU_FORMATTING}"),
    Rule("region/*", f"region names, {_ICU_FORMATTING}"),
    Rule("rbnf/*", f"spelled-out numbers, {_ICU_FORMATTING}"),
    Rule("translit/*", "transliteration rules; Qt has no transliteration API"),
)

#: Shared objects never stripped: wheels' grafted libraries (``numpy.libs/`` and the like) are
#: rewritten by patchelf, and strip corrupts such files: stripping numpy's OpenBLAS broke numpy.
STRIP_NEVER = ("*.libs/*",)


def unreachable(needed: dict[str, list[str]], roots: set[str]) -> set[str]:
    """Libraries nothing kept loads any more.

    ``needed`` maps each bundled shared object (by file name) to the sonames it links
    against (ELF ``NEEDED``); ``roots`` are the ones Python or Qt load by path (extension
    modules, plugins, libpython). Dropping a plugin drops the libraries only it needed.
    """
    reached: set[str] = set()
    todo = [r for r in roots if r in needed]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        todo += [n for n in needed.get(name, []) if n in needed and n not in reached]
    return set(needed) - reached


def bundle_runpath(runpath: str) -> str:
    """The part of an ELF RUNPATH that stays inside the bundle (``$ORIGIN``-relative).

    A Python built by pyenv records its own prefix (``/root/.pyenv/.../lib``) in libpython
    and every extension module: on the user's machine that path means nothing, or worse,
    a folder someone else may write to. Wheels' ``$ORIGIN`` paths are how they find their
    own libraries and stay.
    """
    kept = [p for p in runpath.split(":") if p.startswith(("$ORIGIN", "${ORIGIN}"))]
    return ":".join(kept)


def excluded_module(module: str) -> ModuleRule | None:
    return next((r for r in MODULE_RULES if r.matches(module)), None)


def excluded_file(dest: str) -> Rule | None:
    return next((r for r in FILE_RULES if r.matches(dest)), None)


def excluded_icu_item(item: str) -> Rule | None:
    return next((r for r in ICU_ITEM_RULES if r.matches(item)), None)


def may_strip(dest: str) -> bool:
    """Whether ``dest`` (a shared object's path inside the bundle) is safe to strip."""
    path = dest.replace("\\", "/")
    return not any(fnmatch.fnmatchcase(path, p) for p in STRIP_NEVER)


def markdown() -> str:
    """``EXCLUDED.md``: every rule with its reason."""
    lines = [
        "# What the bundle leaves out",
        "",
        "Generated from `packaging/lean.py` (`python packaging/lean.py --markdown`); edit the rules",
        "there. The spec drops every module and file matched below; `keep` patterns stay.",
        "",
        "## Python modules",
        "",
        "| Module (and below) | Kept | Why |",
        "| --- | --- | --- |",
    ]
    for m in MODULE_RULES:
        lines.append(f"| `{m.prefix}` | {', '.join(f'`{k}`' for k in m.keep)} | {m.reason} |")
    lines += [
        "",
        "## Files (path inside `_internal/`)",
        "",
        "| Pattern | Kept | Why |",
        "| --- | --- | --- |",
    ]
    for r in FILE_RULES:
        lines.append(f"| `{r.pattern}` | {', '.join(f'`{k}`' for k in r.keep)} | {r.reason} |")
    lines += [
        "",
        "## Libraries taken from the system",
        "",
        f"Left out: every library copied from {', '.join(f'`{d}`' for d in SYSTEM_DIRS)}.",
        "",
        *textwrap.wrap(SYSTEM_REASON, 92),
        "",
        "## Libraries nothing loads",
        "",
        "After the rules above, every shared library at the top of `_internal/` or in",
        "`PySide6/Qt/lib/` that no kept extension module, plugin or library links against",
        "(ELF `NEEDED`) is left out too: the system libraries PyInstaller copied only for a",
        "plugin that is gone, and Qt libraries only a dropped Qt module used.",
        "",
        "## ICU data",
        "",
        "`icudata.py` rebuilds Qt's `libicudata` without these items (names inside ICU's data",
        "package), with ICU's `icupkg`, which refuses to drop an item a kept one depends on:",
        "",
        "| Items | Why |",
        "| --- | --- |",
        *(f"| `{r.pattern}` | {r.reason} |" for r in ICU_ITEM_RULES),
        "",
        "## Search paths",
        "",
        "RUNPATH entries that point outside the bundle (the build machine's Python prefix in",
        "libpython and the standard library's extension modules) are removed with patchelf;",
        "`$ORIGIN`-relative entries (how wheels find their own libraries) stay.",
        "",
        "## Stripping",
        "",
        "Every shared object is stripped (`strip --strip-unneeded`) except these, which stay as",
        "the wheels ship them:",
        "",
        *(f"- `{p}`" for p in STRIP_NEVER),
        "",
        "Wheels' grafted libraries (auditwheel copies them into `<package>.libs/` and rewrites",
        "them with patchelf); stripping numpy's OpenBLAS there made numpy fail to load. The",
        "executable `briefing-reader` is PyInstaller's bootloader with its archive appended and",
        "is not stripped either.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] != ["--markdown"]:
        raise SystemExit("usage: python packaging/lean.py --markdown")
    sys.stdout.write(markdown())
