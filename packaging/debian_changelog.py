"""Print the Debian changelog of the package (``changelog.Debian``, gzipped by build-deb.sh).

    python packaging/debian_changelog.py --version 0.1.0-1 --maintainer "Name <mail>"

One entry per packaged version: it points to the upstream changelog shipped beside it
(``changelog.gz``, from CHANGELOG.md). The date is ``SOURCE_DATE_EPOCH`` when set (a
reproducible build), else now.
"""

from __future__ import annotations

import argparse
import os
import time
from email.utils import formatdate


def entry(version: str, maintainer: str, when: float) -> str:
    upstream = version.rsplit("-", 1)[0]
    return (
        f"briefing-reader ({version}) unstable; urgency=medium\n\n"
        f"  * Package Briefing Reader {upstream}: a PyInstaller build installed in\n"
        "    /opt/briefing-reader, with the desktop file, AppStream metadata, icon and\n"
        "    man page. Upstream changes: /usr/share/doc/briefing-reader/changelog.gz.\n\n"
        f" -- {maintainer}  {formatdate(when, usegmt=False)}\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True)
    parser.add_argument("--maintainer", required=True)
    args = parser.parse_args()
    when = float(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    print(entry(args.version, args.maintainer, when), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
