"""The packaging's pure parts: what the bundle leaves out, and the generated copyright file."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"packaging_{name}", ROOT / "packaging" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


lean = _load("lean")
sys.modules.setdefault("lean", lean)  # icudata.py imports it by that name, as the spec does
icudata = _load("icudata")
system_deps = _load("system_deps")


def _modules_loaded_by(code: str, prefix: str) -> list[str]:
    """The modules under ``prefix`` a fresh interpreter imports to run ``code``."""
    script = (
        f"import sys\n{code}\nprint('\\n'.join(m for m in sys.modules if m.startswith({prefix!r})))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_excluded_md_is_generated_from_the_rules() -> None:
    assert (ROOT / "packaging" / "EXCLUDED.md").read_text() == lean.markdown()


def test_dates_need_only_the_kept_dateparser_locales() -> None:
    code = (
        "from briefing_reader.core.dates import parse_date\n"
        "assert parse_date('Dec. 12, 2024') is not None"
    )
    loaded = _modules_loaded_by(code, "dateparser")
    assert any(m.startswith("dateparser.data.date_translation_data.") for m in loaded)
    assert [m for m in loaded if lean.excluded_module(m)] == []


def test_the_pipeline_needs_only_the_kept_spacy_modules() -> None:
    code = "from briefing_reader.core.analysis.pipeline import build_pipeline\nbuild_pipeline()"
    loaded = _modules_loaded_by(code, "spacy")
    assert "spacy.lang.en" in loaded
    assert [m for m in loaded if lean.excluded_module(m)] == []


def test_a_session_of_the_app_needs_no_module_the_rules_drop() -> None:
    code = (
        "import markdown, rich.progress\n"
        "import briefing_reader.cli, briefing_reader.core.extract.markdown_reader\n"
        "from briefing_reader.core.analysis.pipeline import build_pipeline\n"
        "build_pipeline()('The minister said on Monday that talks would resume.')\n"
        "markdown.markdown('```\\nx = 1\\n```', extensions=['fenced_code', 'tables'])\n"
        "rich.progress.Progress().add_task('reading files', total=3)"
    )
    loaded = _modules_loaded_by(code, "")
    assert {"lxml.etree", "pygments", "spacy.lang.en", "numpy"} <= set(loaded)
    assert [m for m in loaded if lean.excluded_module(m)] == []


@pytest.mark.parametrize(
    ("dest", "excluded"),
    [
        ("spacy/tests/lang/test_x.json", True),
        ("spacy/lang/de/stop_words.json", True),
        ("spacy/lang/en/lex_attrs.json", False),
        ("spacy/lang/punctuation.pyc", False),
        ("dateparser/data/date_translation_data/fr.py", True),
        ("dateparser/data/date_translation_data/en.py", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", True),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", False),
        ("PySide6/Qt/lib/libQt6Quick.so.6", True),
        ("babel/locale-data/de.dat", True),
        ("babel/locale-data/en_GB.dat", False),
        ("briefing_reader/models/en_core_web_sm/meta.json", False),
        ("spacy/tokens/doc.pyx", True),
        ("spacy/tokens/doc.pxd", True),
        ("srsly/msgpack/_packer.cpp", True),
        ("PySide6/QtCore.pyi", True),
        ("spacy/tokens/doc.cpython-311-x86_64-linux-gnu.so", False),
        ("docx/templates/default.docx", False),
        ("docx/templates/default-styles.xml", False),
        ("docx/templates/default-docx-template/word/styles.xml", True),
    ],
)
def test_file_rules(dest: str, excluded: bool) -> None:
    assert (lean.excluded_file(dest) is not None) is excluded


@pytest.mark.parametrize(
    ("module", "excluded"),
    [
        ("spacy.lang", False),
        ("spacy.lang.en", False),
        ("spacy.lang.en.stop_words", False),
        ("spacy.lang.punctuation", False),
        ("spacy.lang.de", True),
        ("spacy.tests.conftest", True),
        ("spacy.language", False),
        ("dateparser.data.date_translation_data", False),
        ("dateparser.data.date_translation_data.ru", True),
        ("PySide6.QtNetwork", False),
        ("PySide6.QtQml", True),
        ("tkinter", True),
        ("lxml.objectify", True),
        ("lxml.etree", False),
        ("lxml.html", False),
        ("lxml.html.diff", True),
        ("PySide6.QtDBus", True),
        ("pygments", False),
        ("pygments.lexers", False),
        ("pygments.lexers._mapping", False),
        ("pygments.lexers.python", True),
        ("numpy.fft", True),
        ("numpy.linalg", False),
        ("mypy.nodes", True),
        ("mypy_extensions", False),
    ],
)
def test_module_rules(module: str, excluded: bool) -> None:
    assert (lean.excluded_module(module) is not None) is excluded


def test_libraries_only_a_dropped_plugin_needed_are_dropped() -> None:
    needed = {
        "libqxcb.so": ["libQt6XcbQpa.so.6", "libxcb.so.1"],
        "libQt6XcbQpa.so.6": ["libxcb.so.1"],
        "libxcb.so.1": [],
        "libgtk-3.so.0": ["libcairo.so.2", "libxcb.so.1"],
        "libcairo.so.2": [],
        "_struct.so": ["libpython3.11.so.1.0"],
        "libpython3.11.so.1.0": [],
    }
    roots = {"libqxcb.so", "_struct.so"}
    assert lean.unreachable(needed, roots) == {"libgtk-3.so.0", "libcairo.so.2"}


def test_search_paths_outside_the_bundle_are_dropped() -> None:
    assert lean.bundle_runpath("/root/.pyenv/versions/3.11.7/lib") == ""
    assert (
        lean.bundle_runpath("$ORIGIN/:$ORIGIN/Qt/lib:/usr/local/lib") == "$ORIGIN/:$ORIGIN/Qt/lib"
    )
    assert lean.bundle_runpath("${ORIGIN}/../lib") == "${ORIGIN}/../lib"


def test_wheel_grafted_libraries_are_never_stripped() -> None:
    assert not lean.may_strip("numpy.libs/libscipy_openblas64_-32a4b2a6.so")
    assert lean.may_strip("spacy/tokens/doc.cpython-311-x86_64-linux-gnu.so")
    assert lean.may_strip("PySide6/Qt/lib/libQt6Core.so.6")


def test_copyright_covers_every_runtime_distribution() -> None:
    copyright_ = _load("copyright")
    text = copyright_.render("usr/lib/briefing-reader/_internal")
    paragraphs = text.strip().split("\n\n")
    assert paragraphs[0].startswith("Format: https://www.debian.org/doc/packaging-manuals/")
    for paragraph in paragraphs:
        for line in paragraph.splitlines():  # fields, or continuation lines (blank ones as " .")
            assert line.startswith(" ") or ": " in line or line.endswith(":"), line
    files = [p for p in paragraphs[1:] if p.startswith("Files:")]
    assert all("\nLicense: " in p and "\nCopyright: " in p for p in files)
    assert "License: unknown" not in text
    names = [d.metadata["Name"] for d in copyright_.runtime_distributions()]
    for name in ("spacy", "PySide6_Essentials", "whoosh-reloaded", "numpy", "dateparser"):
        assert any(n.lower() == name.lower() for n in names), name
        assert (
            f"Python distribution {name}" in text or f"distribution {name.lower()}" in text.lower()
        )
    assert "License: LGPL-3.0-only" in text and "download.qt.io" in text  # Qt's notice
    assert "briefing_reader/models/en_core_web_sm" in text and "Explosion" in text
    assert "pytest" not in names  # test tools are not bundled
    # Licences Debian ships are pointed to, not copied (Apache-2.0 of trafilatura and others).
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" not in text
    assert "/usr/share/common-licenses/Apache-2.0" in text


def test_libraries_of_the_build_machine_come_from_the_system() -> None:
    assert lean.system_library("libssl.so.3", "/lib/x86_64-linux-gnu/libssl.so.3")
    assert lean.system_library("libX11.so.6", "/usr/lib/x86_64-linux-gnu/libX11.so.6")
    # The bundle's own Python stays, wherever it comes from; so do the wheels' libraries.
    assert not lean.system_library(
        "libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"
    )
    assert not lean.system_library("libpython3.11.so.1.0", "/root/.pyenv/lib/libpython3.11.so")
    site = "/work/.venv/lib/python3.11/site-packages"
    assert not lean.system_library("libQt6Core.so.6", f"{site}/PySide6/Qt/lib/libQt6Core.so.6")
    assert not lean.system_library("numpy.libs/libgfortran.so.5", "/usr/lib/libgfortran.so.5")


def test_icu_rules_keep_what_qt_asks_for() -> None:
    items = ["brkitr/char.brk", "coll/de.res", "zone/de.res", "curr/de.res", "lang/de.res",
             "region/de.res", "unit/de.res", "rbnf/de.res", "translit/el_Latn.res", "de.res",
             "root.res", "ibm-1252_P100-2000.cnv", "cnvalias.icu", "zoneinfo64.res",
             "metaZones.res", "likelySubtags.res", "nfkc.nrm", "uts46.nrm"]  # fmt: skip
    dropped = icudata.dropped_items(items)
    assert dropped == items[:1] + items[3:9]


READELF_SYMS = """
Symbol table '.dynsym' contains 2 entries:
   Num:    Value          Size Type    Bind   Vis      Ndx Name
     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND
     1: 0000000000201000 0x1e8bb80 OBJECT  GLOBAL DEFAULT    5 icudt73_dat
"""
READELF_SECTIONS = """
  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al
  [ 4] .dynstr           STRTAB          0000000000000210 000210 00003f 00   A  0   0  1
  [ 5] .rodata           PROGBITS        0000000000200000 001000 1e8cb80 00   A  0   0 16
"""


def test_icu_data_is_found_where_its_symbol_points() -> None:
    symbol = icudata.data_symbol(READELF_SYMS, READELF_SECTIONS)
    assert symbol == icudata.DataSymbol("icudt73_dat", 0x2000, 0x1E8BB80)
    with pytest.raises(ValueError, match="not an ICU data library"):
        icudata.data_symbol(READELF_SYMS.replace("icudt73_dat", "something"), READELF_SECTIONS)


def test_icu_data_library_source_names_the_symbol_and_the_package() -> None:
    source = icudata.assembly("icudt73_dat", Path("/tmp/icudt73l.dat"))
    assert "\t.globl icudt73_dat\n" in source and '.incbin "/tmp/icudt73l.dat"' in source
    assert ".note.GNU-stack" in source  # no executable stack in the library


def _icu_library() -> Path | None:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


@pytest.mark.skipif(
    bool(icudata.missing_tools()), reason="needs icupkg (icu-devtools) and binutils"
)
def test_trimmed_icu_data_answers_qt_as_the_full_data_does(tmp_path: Path) -> None:
    library = _icu_library()
    if library is None:
        pytest.skip("this PySide6 links the system's ICU")
    trimmed = tmp_path / library.name
    trimmed.write_bytes(library.read_bytes())
    count, before, after = icudata.trim(trimmed)
    assert count > 1000 and after < before * 0.6
    check = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "icu_check.py"), str(trimmed)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout[-3000:]
    assert "different: 0" in check.stdout


def test_system_libraries_are_found_for_this_architecture() -> None:
    ldconfig = (
        "3 libs found in cache `/etc/ld.so.cache'\n"
        "\tlibssl.so.3 (libc6,x86-64) => /lib/x86_64-linux-gnu/libssl.so.3\n"
        "\tlibssl.so.3 (libc6) => /lib/i386-linux-gnu/libssl.so.3\n"
        "\tlibz.so.1 (libc6,AArch64) => /lib/aarch64-linux-gnu/libz.so.1\n"
    )
    assert system_deps.system_paths(ldconfig, "x86-64") == {
        "libssl.so.3": "/lib/x86_64-linux-gnu/libssl.so.3"
    }
    assert system_deps.system_paths(ldconfig, "aarch64") == {
        "libz.so.1": "/lib/aarch64-linux-gnu/libz.so.1"
    }
