"""Claims report over the re3d dev documents, for reading by eye (no gold to score against).

Runs the app's analysis (``rules=True``) over ``../shared/data/re3d-dev/*/documents.json``
(JSON lines: ``title``, ``text``, ``sourceName``; folders in name order, documents in
file order) with ``sourceName`` as the publication, and prints each document's claims,
one a line: kind, speaker ("—" when none; "*" marks an attributed speaker, the others
are the publication's editorial voice), hedges, score and the first 100 characters.

    .venv/bin/python bench/report_claims.py [--data PATH] [--limit N] [--json PATH]

Totals: claims found, the share with a speaker (any), the share with an attributed
speaker, and the share of quotation-mark quotes that are attributed. A quotation-mark
quote is a claim of kind ``quote`` or a claim holding a stretch in quotation marks
(“…” or "…") of 4 words or more.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from briefing_reader.core.analysis.pipeline import analyse

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "re3d-dev"
_QUOTED = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")
_PREVIEW = 100


def load_documents(data: Path) -> list[dict]:
    documents = []
    for path in sorted(data.glob("*/documents.json")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    row["folder"] = path.parent.name
                    documents.append(row)
    return documents


def has_quotation(text: str) -> bool:
    """True when ``text`` holds a stretch in quotation marks of 4 words or more."""
    for match in _QUOTED.finditer(text):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if len(inner.split()) >= 4:
            return True
    return False


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 1] + "…"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}% ({part}/{whole})" if whole else "   —"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="re3d-dev folder")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="first N documents")
    parser.add_argument("--json", type=Path, help="also write claims and totals to this file")
    args = parser.parse_args()

    documents = load_documents(args.data)
    if args.limit:
        documents = documents[: args.limit]
    items = [(d["text"], d.get("sourceName") or None) for d in documents]
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    dump = []
    for document, analysis in zip(documents, analyse(items, rules=True, processes=1), strict=True):
        print(f"\n## {document['title']}  [{document['folder']}, {document.get('sourceName')}]")
        claims = []
        for claim in analysis.claims:
            speaker = claim.speaker or "—"
            if claim.attributed:
                speaker += "*"
            hedges = ",".join(claim.hedges) or "-"
            print(
                f"  {claim.kind:<10} {speaker:<28.28} {hedges:<16.16} {claim.score:.2f}  "
                f"{_preview(claim.text)}"
            )
            quoted = claim.kind == "quote" or has_quotation(claim.text)
            totals["claims"] += 1
            totals["speaker"] += bool(claim.speaker)
            totals["attributed"] += bool(claim.attributed and claim.speaker)
            totals["quoted"] += quoted
            totals["quoted_attributed"] += quoted and bool(claim.attributed and claim.speaker)
            kinds[claim.kind] += 1
            claims.append({**claim.to_json(), "attributed": claim.attributed})
        totals["documents"] += 1
        dump.append({"title": document["title"], "folder": document["folder"], "claims": claims})

    n = totals["claims"]
    print(f"\n== totals over {totals['documents']} documents ==")
    print(f"claims found                       {n}")
    print(f"  kinds                            {dict(kinds.most_common())}")
    print(f"with a speaker (any)               {_pct(totals['speaker'], n)}")
    print(f"with an attributed speaker         {_pct(totals['attributed'], n)}")
    print(
        f"quotation-mark quotes attributed   {_pct(totals['quoted_attributed'], totals['quoted'])}"
    )
    if args.json:
        payload = {
            "data": str(args.data),
            "totals": dict(totals),
            "kinds": dict(sorted(kinds.items())),
            "documents": dump,
        }
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
