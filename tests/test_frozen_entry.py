"""A frozen bundle's workers: each spawned child runs the bundle's executable again, with
multiprocessing's arguments, and must run the worker, not the app.

The bundle is simulated: an executable that sets ``sys.frozen``, runs PyInstaller's own
multiprocessing runtime hook (as the bundle's bootloader does) and then the app's entry
point, ``python -m briefing_reader``. Without ``freeze_support()`` in the entry point the
children's arguments reach argparse, every worker dies at once and the pool starts new ones
for ever: the run below would time out.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FROZEN_APP = """
import runpy, sys
sys.frozen = True
runpy.run_path({hook!r})
runpy.run_module("briefing_reader", run_name="__main__", alter_sys=True)
"""

# What the app does with workers: a pool (analysis of 100 documents or more) and the
# file reader process, both started with the "spawn" method.
DRIVER = """
import multiprocessing, operator, sys
from pathlib import Path

if __name__ == "__main__":
    sys.frozen = True
    multiprocessing.set_executable({executable!r})
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        print("pool", pool.map(operator.neg, range(4)))
    from briefing_reader.app.file_worker import FileWorker

    worker = FileWorker()
    try:
        document, _, _ = worker.build(Path("note.txt"), b"Officials said the talks went well.")
        print("reader", document.text)
    finally:
        worker.stop()
"""


def _runtime_hook() -> Path:
    spec = importlib.util.find_spec("PyInstaller")
    assert spec is not None and spec.origin is not None, "PyInstaller is a test dependency"
    hook = Path(spec.origin).parent / "hooks" / "rthooks" / "pyi_rth_multiprocessing.py"
    assert hook.is_file(), hook
    return hook


@pytest.fixture(scope="module")
def frozen_executable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle")
    app = folder / "frozen_app.py"
    app.write_text(FROZEN_APP.format(hook=str(_runtime_hook())))
    executable = folder / "briefing-reader"
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{app}" "$@"\n')
    executable.chmod(0o755)
    return executable


def test_spawned_workers_of_a_frozen_app_run_and_exit(
    frozen_executable: Path, tmp_path: Path
) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(textwrap.dedent(DRIVER.format(executable=str(frozen_executable))))
    proc = subprocess.run(
        [sys.executable, str(driver)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert proc.returncode == 0, proc.stderr
    assert "pool [0, -1, -2, -3]" in proc.stdout
    assert "reader Officials said the talks went well." in proc.stdout
    assert "usage:" not in proc.stderr and "error:" not in proc.stderr, proc.stderr


def test_the_frozen_app_itself_still_runs_commands(frozen_executable: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(frozen_executable), "--library", str(tmp_path / "lib"), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith("{")
