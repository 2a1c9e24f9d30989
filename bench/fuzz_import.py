"""Import fuzzing: seeded generators of hostile files, imported in batches with good ones.

Every batch mixes generated bad files (malformed PDF, DOCX, HTML, Markdown/YAML, text
in odd encodings, huge and pathological files, odd names, special files) with good
articles, imports it through the app (reading in the worker, analysis on) and checks:
no traceback (no "unexpected error"), no hang, no file over the time ceiling, every
good file imported and searchable. Prints the slowest files.

    python bench/fuzz_import.py [--files 10000] [--batch 90] [--seed 15] [--no-analysis]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from briefing_reader.app.importing import import_paths
from briefing_reader.app.progress import Progress
from briefing_reader.app.searching import search
from briefing_reader.core.library import Library

WORDS = [
    "minister",
    "talks",
    "Tokyo",
    "alliance",
    "defence",
    "briefing",
    "said",
    "reported",
    "according",
    "forces",
    "agreement",
    "treaty",
    "government",
    "officials",
    "security",
    "region",
    "plans",
    "statement",
]


def _prose(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(5, 14))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def _docx(body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


# Each generator: rng → (suffix, bytes). Names say what they attack.
def g_laughs(rng: random.Random) -> tuple[str, bytes]:
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)
    ]
    return ".md", ("---\n" + "\n".join(lines) + "\ntitle: *i\n---\n" + _prose(rng, 3)).encode()


def g_bad_dates(rng: random.Random) -> tuple[str, bytes]:
    date = rng.choice(
        ["2024-02-30", "2024-13-01", "0000-01-01", "9999-99-99", "yesterday", "[1, 2]"]
    )
    return ".md", f"---\ntitle: T {rng.random()}\ndate: {date}\n---\n{_prose(rng, 3)}".encode()


def g_self_alias(rng: random.Random) -> tuple[str, bytes]:
    return ".md", f"---\ntitle: &a [*a]\nauthor: &b {{x: *b}}\n---\n{_prose(rng, 2)}".encode()


def g_yaml_deep(rng: random.Random) -> tuple[str, bytes]:
    depth = rng.randint(50, 3000)
    return ".md", ("---\ntitle: " + "[" * depth + "]" * depth + "\n---\n" + _prose(rng, 2)).encode()


def g_md_brackets(rng: random.Random) -> tuple[str, bytes]:
    char = rng.choice(["[", "*", "_", "`", "<", "(", "!["])
    return ".md", (_prose(rng, 1) + " " + char * rng.randint(1000, 8000) + " end").encode()


def g_html_attributes(rng: random.Random) -> tuple[str, bytes]:
    count = rng.randint(1000, 40000)
    attrs = " ".join(f'a{i}="v"' for i in range(count))
    return ".html", f"<html><body><div {attrs}>{_prose(rng, 3)}</div></body></html>".encode()


def g_html_nesting(rng: random.Random) -> tuple[str, bytes]:
    depth = rng.randint(500, 20000)
    tag = rng.choice(["div", "span", "b", "table", "li"])
    return ".html", (f"<{tag}>" * depth + _prose(rng, 2) + f"</{tag}>" * depth).encode()


def g_html_broken(rng: random.Random) -> tuple[str, bytes]:
    parts = [
        "<html",
        "<body",
        "<p>",
        _prose(rng, 2),
        "<!--",
        "<script>",
        "&#xFFFFFF;",
        "\x00",
        "</",
    ]
    rng.shuffle(parts)
    return ".html", "".join(parts).encode("utf-8", "surrogatepass")


def g_carriage_returns(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", b"line\r" * rng.randint(10000, 100000)


def g_encoding(rng: random.Random) -> tuple[str, bytes]:
    text = _prose(rng, 5)
    choice = rng.randint(0, 4)
    if choice == 0:
        return ".txt", text.encode("utf-16")
    if choice == 1:
        return ".txt", text.encode("utf-8")[: rng.randint(5, 40)] + bytes(
            rng.randrange(256) for _ in range(200)
        )
    if choice == 2:
        return ".txt", b"\x00" * rng.randint(1, 5000)
    if choice == 3:
        return ".txt", "\ufeff\u202e\u200b".encode() + text.encode("utf-32")
    return ".txt", bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000)))


def g_pdf(rng: random.Random) -> tuple[str, bytes]:
    choice = rng.randint(0, 3)
    if choice == 0:
        return ".pdf", b"%PDF-1.4\n" + bytes(
            rng.randrange(256) for _ in range(rng.randint(10, 4000))
        )
    if choice == 1:
        return (
            ".pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        )
    if choice == 2:
        return ".pdf", b"%PDF-1.4\n" + b"[" * rng.randint(1000, 50000)
    return ".pdf", b"not a pdf at all"


def g_docx(rng: random.Random) -> tuple[str, bytes]:
    choice = rng.randint(0, 3)
    if choice == 0:
        return ".docx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(500))
    if choice == 1:
        return ".docx", _docx(b"<w:document><w:body>" + b"<w:p>" * 5000 + b"</w:body></w:document>")
    if choice == 2:
        bomb = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'
        return ".docx", _docx(bomb.encode())
    return ".docx", _docx(b"")


def g_huge_text(rng: random.Random) -> tuple[str, bytes]:
    size = rng.choice([1_100_000, 1_500_000, 3_000_000])
    unit = (_prose(rng, 3) + "\n\n").encode()
    return ".txt", (unit * (size // len(unit) + 1))[:size]


def g_empty(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice([".txt", ".md", ".html", ".pdf", ".docx"]), rng.choice(
        [b"", b" \n\t ", b"---\n---\n"]
    )


GENERATORS: list[tuple[str, Callable[[random.Random], tuple[str, bytes]], int]] = [
    ("yaml-laughs", g_laughs, 3),
    ("yaml-bad-date", g_bad_dates, 4),
    ("yaml-self-alias", g_self_alias, 3),
    ("yaml-deep", g_yaml_deep, 3),
    ("md-delimiters", g_md_brackets, 4),
    ("html-attributes", g_html_attributes, 2),
    ("html-nesting", g_html_nesting, 3),
    ("html-broken", g_html_broken, 4),
    ("text-cr", g_carriage_returns, 1),
    ("encoding", g_encoding, 6),
    ("pdf", g_pdf, 5),
    ("docx", g_docx, 5),
    ("huge-text", g_huge_text, 1),
    ("empty", g_empty, 3),
]
_ODD_NAMES = [
    "bad\udcff\udcfename",
    "spaces  and\ttabs",
    "-starts-with-dash",
    "ünïcödé",
    "😀",
    "a" * 120,
]


def _file_name(rng: random.Random, number: int, kind: str, suffix: str) -> str:
    if rng.random() < 0.15:
        return f"{rng.choice(_ODD_NAMES)}-{number}{suffix}"
    return f"{kind}-{number}{suffix}"


def write_batch(rng: random.Random, folder: Path, start: int, count: int) -> dict[str, str]:
    """Write ``count`` files (about a third good); return name → kind ('good' or generator)."""
    kinds: dict[str, str] = {}
    weights = [w for _, _, w in GENERATORS]
    for number in range(start, start + count):
        if rng.random() < 0.33:
            text = f"Good article {number}\n\n" + _prose(rng, rng.randint(3, 12))
            name, data, kind = f"good-{number}.txt", text.encode(), "good"
        else:
            kind, make, _ = rng.choices(GENERATORS, weights=weights)[0]
            suffix, data = make(rng)
            name = _file_name(rng, number, kind, suffix)
        path = folder / name
        with open(os.fsencode(path), "wb") as handle:
            handle.write(data)
        kinds[name] = kind
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / f"pipe-{start}.txt")
        kinds[f"pipe-{start}.txt"] = "fifo"
    return kinds


def run(files: int, batch: int, seed: int, analyse: bool, ceiling: float) -> dict:
    rng = random.Random(seed)
    timings: list[tuple[float, str]] = []
    problems: list[str] = []
    good_total = good_found = 0
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        with Library.open(root / "library") as library:
            for start in range(0, files, batch):
                folder = root / f"batch-{start}"
                folder.mkdir()
                kinds = write_batch(rng, folder, start, min(batch, files - start))
                last: list = [time.perf_counter(), "", False]

                def progress(p: Progress, last: list = last) -> None:
                    # Reading reports a file before it; analysis reports a document after it.
                    now = time.perf_counter()
                    analysing = last[2] or p.message == "analysing entities"
                    name = p.message if last[2] else last[1]
                    if name and name != "analysing entities":
                        timings.append((now - last[0], name))
                    last[:] = [now, p.message, analysing]

                began = time.perf_counter()
                result = import_paths(
                    library,
                    [folder],
                    progress=progress,
                    analyse=analyse,
                    time_limit=ceiling * 0.8,
                )
                elapsed = time.perf_counter() - began
                for failure in result.failed:
                    if "unexpected error" in failure.reason:
                        problems.append(f"traceback: {failure.path}: {failure.reason}")
                good = [n for n, k in kinds.items() if k == "good"]
                good_total += len(good)
                stored = {doc.file_name for doc in library.store.get_many(result.imported).values()}
                good_found += sum(1 for n in good if n in stored)
                problems += [f"good file not imported: {n}" for n in good if n not in stored]
                if elapsed > ceiling * max(1, len(kinds)):
                    problems.append(f"batch {start} took {elapsed:.0f} s")
                shown = search(library, "minister").total
                if good and shown == 0:
                    problems.append(f"batch {start}: good files not searchable")
                print(
                    f"batch {start // batch + 1}: {len(kinds)} files in {elapsed:.1f} s, "
                    f"{len(result.imported)} imported, {len(result.failed)} refused, "
                    f"{len(result.analysis_failed)} not analysed",
                    file=sys.stderr,
                )
    timings.sort(reverse=True)
    over = [(t, n) for t, n in timings if t > ceiling]
    problems += [f"over {ceiling:g} s: {n} ({t:.1f} s)" for t, n in over]
    return {
        "files": files,
        "seed": seed,
        "good_files": good_total,
        "good_imported": good_found,
        "problems": problems,
        "slowest": [{"seconds": round(t, 2), "step": Path(n).name} for t, n in timings[:10]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    # under 100 documents a batch is analysed in this process, so timings are per file
    parser.add_argument("--batch", type=int, default=90)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--no-analysis", action="store_true")
    parser.add_argument("--ceiling", type=float, default=10.0, help="seconds one file may take")
    args = parser.parse_args()
    report = run(args.files, args.batch, args.seed, not args.no_analysis, args.ceiling)
    print(json.dumps(report, indent=2, ensure_ascii=True))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
