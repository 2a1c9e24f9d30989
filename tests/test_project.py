"""Project hygiene that users and CI rely on."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, flags=re.DOTALL)
    test_command = next(b for b in blocks if "pytest" in b).strip()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_seeds_are_the_sample_articles_unchanged() -> None:
    names = sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert names == ["000_fbe3ab94d1539b22.txt", "004_38e00efcb30f302b.txt"]
    if SHARED_SEEDS.is_dir():
        for name in names:
            assert (ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()
