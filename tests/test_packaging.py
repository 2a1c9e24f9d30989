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
