"""Draw the growth curve measured by ``bench_growth.py`` (matplotlib, the ``bench`` extra).

    python bench/bench_growth_plot.py results.json docs/growth.png

Four panels against the number of documents (log scale): import rates, search p95 by
query kind, window start and RSS, index and library size. Baselines measured in the
same run are drawn dashed in the colour of the figure they belong to.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any


def _series(rows: dict[int, dict[str, Any]], *path: str) -> tuple[list[int], list[float]]:
    sizes, values = [], []
    for size, row in sorted(rows.items()):
        value: Any = row
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
            if value is None:
                break
        if isinstance(value, int | float) and not math.isnan(value):
            sizes.append(size)
            values.append(float(value))
    return sizes, values


def plot(rows: dict[int, dict[str, Any]], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(11, 8), constrained_layout=True)
    imports, search, window, disk = axes.flat

    def line(ax: Any, path: tuple[str, ...], label: str, colour: str, dashed: bool = False) -> None:
        x, y = _series(rows, *path)
        if x:
            style = "--" if dashed else "-"
            marker = "s" if dashed else "o"
            ax.plot(
                x,
                y,
                style,
                marker=marker,
                color=colour,
                label=label,
                fillstyle="none" if dashed else "full",
            )

    line(imports, ("import_per_s",), "import, no analysis", "C0")
    line(imports, ("bare_import_per_s",), "bare Whoosh build", "C0", dashed=True)
    line(imports, ("with_analysis_per_s",), "import with analysis (sample)", "C1")
    line(
        imports,
        ("bare_with_analysis_per_s",),
        "bare Whoosh build + bare spaCy pipeline (2 processes)",
        "C1",
        dashed=True,
    )
    imports.set_ylabel("documents / s")
    imports.set_yscale("log")
    imports.set_title("Import rate")

    kinds = [k for k in next(iter(rows.values())).get("search", {}) if k != "all"]
    for number, kind in enumerate(["all", *kinds]):
        colour = f"C{number}"
        line(search, ("search", kind, "app_p95"), f"{kind} p95", colour)
    line(search, ("search", "all", "bare_p95"), "all p95, bare Whoosh", "C0", dashed=True)
    search.set_ylabel("ms")
    search.set_yscale("log")
    search.set_title("Search p95 by query kind (200 news-4k queries)")

    line(window, ("start_ms",), "window start (ms)", "C2")
    line(window, ("bare_start_ms",), "bare PySide6 window start (ms)", "C2", dashed=True)
    line(window, ("rss_mb",), "window RSS, 10 documents read (MB)", "C3")
    line(window, ("bare_rss_mb",), "bare PySide6 window RSS (MB)", "C3", dashed=True)
    line(window, ("open_ms",), "open a document (ms)", "C4")
    window.set_yscale("log")
    window.set_title("Window")

    line(disk, ("index_mb",), "index", "C5")
    line(disk, ("bare_index_mb",), "bare Whoosh index", "C5", dashed=True)
    line(disk, ("library_mb",), "whole library", "C6")
    disk.set_ylabel("MB")
    disk.set_title("Size on disk")

    for ax in axes.flat:
        ax.set_xscale("log")
        ax.set_xticks(sorted(rows), [f"{size // 1000}k" for size in sorted(rows)])
        ax.minorticks_off()
        ax.set_xlabel("documents in the library")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("Briefing Reader growth curve (synthetic libraries from news-4k, 2 cores)")
    fig.savefig(target, dpi=90)
    plt.close(fig)


def main() -> int:
    rows = {int(k): v for k, v in json.loads(Path(sys.argv[1]).read_text()).items()}
    plot(rows, Path(sys.argv[2]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
