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
import contextlib
import io
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from briefing_reader.app.analysing import DocumentAnalyser
from briefing_reader.app.file_worker import FileWorker
from briefing_reader.app.importing import READING, import_paths
from briefing_reader.app.progress import Progress
from briefing_reader.app.searching import search
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.core.paths import readable
from briefing_reader.core.search.index import IndexBatch

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


class FileClock:
    """Each file's own time, from the import's progress reports; never a batch's.

    Reading reports a file before it and one closing report when reading ends, so a
    file's read time is the time to the next report, less what it spent waiting for
    the analysis workers to take more (:meth:`waited`: the earlier files' analysis, not
    its own). Analysis runs in the workers while files are read, so no report times
    one document's analysis: the harness times each stored document's analysis alone
    afterwards. Indexing is timed per document at the index writer. What is left after
    the last report (linking names, the index commit) is the batch's own line,
    ``finish``.
    """

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._now = clock
        self.reading: dict[str, float] = {}
        self.indexing: dict[str, float] = {}  # file name → seconds
        #: seconds starting the reader process, and the file during which it started
        self.worker_starts: list[float] = []
        self.startup: dict[str, float] = {}
        #: seconds files waited for the analysis workers (the batch's, no file's)
        self.waiting = 0.0
        #: seconds after the last file: linking names, the index entries, the commit
        self.finish = 0.0
        self._last = clock()
        self._file: str | None = None
        self._waited = 0.0
        self._finish_from: float | None = None

    def __call__(self, p: Progress) -> None:
        now = self._now()
        spent, self._last = now - self._last, now
        if self._file is not None:  # any report ends the file being read
            own = max(0.0, spent - self._waited)
            self.reading[self._file] = self.reading.get(self._file, 0.0) + own
            self._file = None
        self._waited = 0.0
        if p.phase == READING and p.done < p.total:
            self._file = p.message
        if p.phase == READING and p.message == "done":
            self.finish = now - (self._finish_from or now)
        else:
            self._finish_from = now

    def waited(self, seconds: float) -> None:
        """The file being read waited ``seconds`` for the analysis of earlier files."""
        self._waited += seconds
        self.waiting += seconds

    @property
    def current(self) -> str | None:
        """The file being read."""
        return self._file

    @property
    def commit(self) -> float:
        """The batch's finish without the documents' own index entries."""
        return max(0.0, self.finish - sum(self.indexing.values()))


@contextlib.contextmanager
def timed_index_adds(clock: FileClock) -> Iterator[None]:
    """Time each document's entry at the index writer (Whoosh tokenises it there), the
    reader process's starts (after a file past its deadline) and the waits for the
    analysis workers, which are no file's."""
    original = IndexBatch.add
    start_worker = FileWorker._start
    feed = DocumentAnalyser.feed

    def fed(analyser: DocumentAnalyser, doc: Document) -> None:
        began = time.perf_counter()
        try:
            feed(analyser, doc)
        finally:
            clock.waited(time.perf_counter() - began)

    def started(worker: FileWorker) -> Any:
        began = time.perf_counter()
        try:
            return start_worker(worker)
        finally:
            clock.worker_starts.append(time.perf_counter() - began)
            if clock.current is not None:
                clock.startup[clock.current] = clock.worker_starts[-1]

    def add(batch: IndexBatch, doc: Document, *args: Any, **kwargs: Any) -> None:
        began = time.perf_counter()
        original(batch, doc, *args, **kwargs)
        name = doc.file_name
        clock.indexing[name] = clock.indexing.get(name, 0.0) + time.perf_counter() - began

    IndexBatch.add = add  # type: ignore[method-assign]
    FileWorker._start = started  # type: ignore[method-assign]
    DocumentAnalyser.feed = fed  # type: ignore[method-assign]
    try:
        yield
    finally:
        IndexBatch.add = original  # type: ignore[method-assign]
        FileWorker._start = start_worker  # type: ignore[method-assign]
        DocumentAnalyser.feed = feed  # type: ignore[method-assign]


def analysis_alone(docs: Iterable[Document], deadline: float) -> dict[str, float]:
    """File name → seconds to analyse the document alone (as the import did, bounded)."""
    from briefing_reader.core.analysis.pipeline import analyse

    seconds: dict[str, float] = {}
    for doc in docs:
        began = time.perf_counter()
        next(analyse([(doc.text, doc.source)], deadline=deadline))
        seconds[doc.file_name] = time.perf_counter() - began
    return seconds


#: Ordinary prose of about 5,000 characters: the bare model's time on it, taken with
#: every batch, says how loaded the machine was when the batch's files were timed.
REFERENCE = " ".join(
    f"The {w} said on Tuesday that talks in Tokyo had gone well, according to officials."
    for w in WORDS * 4
)


class BareReference:
    """The bare spaCy model (no rules, no claims) on :data:`REFERENCE`, in seconds."""

    def __init__(self) -> None:
        import spacy

        from briefing_reader.core.analysis.pipeline import MODEL_DIR

        self.nlp = spacy.load(MODEL_DIR)
        self.nlp(REFERENCE)

    def __call__(self) -> float:
        began = time.perf_counter()
        self.nlp(REFERENCE)
        return time.perf_counter() - began


def _peak_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    import resource

    scale = 1024 if sys.platform != "darwin" else 1024 * 1024
    return {
        "harness": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale,
        "largest_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale,
    }


def _by_kind(per_file: dict[str, dict[str, float]], kind_of: dict[str, str]) -> dict:
    """Per generator: how many files, their median and slowest time in seconds."""
    times: dict[str, list[float]] = {}
    for name, stages in per_file.items():
        own = sum(stages.values()) - stages["bare_reference"]
        times.setdefault(kind_of[name], []).append(own)
    return {
        kind: {
            "files": len(t),
            "median": round(statistics.median(t), 2),
            "max": round(max(t), 2),
        }
        for kind, t in sorted(times.items())
    }


def run(files: int, batch: int, seed: int, analyse: bool, ceiling: float) -> dict:
    """Import ``files`` generated files in batches of ``batch``; the harness's report."""
    rng = random.Random(seed)
    per_file: dict[str, dict[str, float]] = {}
    kind_of: dict[str, str] = {}
    finishes: list[float] = []
    references: list[float] = []
    reference = BareReference()
    written = 0
    worker_starts: list[float] = []
    problems: list[str] = []
    good_total = good_found = not_analysed = 0
    # a file's read and its analysis each get half the ceiling, so together they fit in it
    limit = ceiling / 2
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        with Library.open(root / "library") as library:
            try:
                for start in range(0, files, batch):
                    folder = root / f"batch-{start}"
                    folder.mkdir()
                    kinds = write_batch(rng, folder, start, min(batch, files - start))
                    shown = {readable(Path(n)): k for n, k in kinds.items()}
                    clock = FileClock()
                    references.append(reference())
                    began = time.perf_counter()
                    with timed_index_adds(clock):
                        result = import_paths(
                            library,
                            [folder],
                            progress=clock,
                            analyse=analyse,
                            time_limit=limit,
                        )
                    elapsed = time.perf_counter() - began
                    if result.interrupted:
                        print(f"stopped during the batch from file {start}", file=sys.stderr)
                        break
                    written += len(kinds)
                    for failure in result.failed:
                        if "unexpected error" in failure.reason:
                            problems.append(f"traceback: {failure.path}: {failure.reason}")
                    docs = library.store.get_many(result.changed_ids)
                    analysed = analysis_alone(docs.values(), limit) if analyse else {}
                    for path, seconds in clock.reading.items():
                        name = Path(path).name
                        per_file[f"{start}/{name}"] = {
                            "read": seconds - clock.startup.get(path, 0.0),
                            "analyse": analysed.get(name, 0.0),
                            "index": clock.indexing.get(name, 0.0),
                            "bare_reference": references[-1],
                        }
                        kind_of[f"{start}/{name}"] = shown.get(name, "?")
                    finishes.append(clock.commit)
                    worker_starts += clock.worker_starts
                    not_analysed += len(result.analysis_failed)
                    good = [n for n, k in kinds.items() if k == "good"]
                    good_total += len(good)
                    stored = {doc.file_name for doc in docs.values()}
                    good_found += sum(1 for n in good if n in stored)
                    problems += [f"good file not imported: {n}" for n in good if n not in stored]
                    if elapsed > ceiling * max(1, len(kinds)):
                        problems.append(f"batch {start} took {elapsed:.0f} s")
                    shown = search(library, "minister").total
                    if good and shown == 0:
                        problems.append(f"batch {start}: good files not searchable")
                    print(
                        f"batch {start // batch + 1}: {len(kinds)} files in {elapsed:.1f} s "
                        f"(then linking and index commit {clock.commit:.1f} s), "
                        f"{len(result.imported)} imported, {len(result.failed)} refused, "
                        f"{len(result.analysis_failed)} not analysed, "
                        f"{clock.waiting:.1f} s waiting for the analysis workers; bare model on the "
                        f"reference {references[-1]:.2f} s",
                        file=sys.stderr,
                    )
            except KeyboardInterrupt:  # Ctrl+C or SIGTERM between imports: report so far
                print("stopped", file=sys.stderr)
    totals = sorted(
        ((sum(t.values()) - t["bare_reference"], name) for name, t in per_file.items()),
        reverse=True,
    )
    problems += [f"over {ceiling:g} s: {n} ({t:.1f} s)" for t, n in totals if t > ceiling]
    finishes.sort()
    references.sort()
    return {
        "files": written,
        "seed": seed,
        "analysis": analyse,
        "good_files": good_total,
        "good_imported": good_found,
        "not_analysed": not_analysed,
        "problems": problems,
        "slowest": [
            {
                "file": Path(name).name,
                "seconds": round(total, 2),
                **{stage: round(t, 2) for stage, t in per_file[name].items()},
            }
            for total, name in totals[:10]
        ],
        "linking_and_commit_per_batch_seconds": {
            "median": round(statistics.median(finishes), 2) if finishes else 0.0,
            "max": round(finishes[-1], 2) if finishes else 0.0,
        },
        "by_kind": _by_kind(per_file, kind_of),
        "reader_process_starts": {
            "count": len(worker_starts),
            "median_seconds": round(statistics.median(worker_starts), 2) if worker_starts else 0,
        },
        "bare_model_reference_seconds": {
            "chars": len(REFERENCE),
            "median": round(statistics.median(references), 3) if references else 0.0,
            "max": round(references[-1], 3) if references else 0.0,
        },
        "peak_memory_mb": {k: round(v) for k, v in _peak_mb().items()},
    }


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    # under 100 documents a batch is analysed in this process, so timings are per file
    parser.add_argument("--batch", type=int, default=90)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--no-analysis", action="store_true")
    parser.add_argument("--ceiling", type=float, default=10.0, help="seconds one file may take")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)
    report = run(args.files, args.batch, args.seed, not args.no_analysis, args.ceiling)
    print(json.dumps(report, indent=2, ensure_ascii=True))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
