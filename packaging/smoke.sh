#!/usr/bin/env bash
# Packaging smoke test: build the bundle and use it as a user would, then report sizes and times.
#
#   packaging/smoke.sh                 build dist/briefing-reader/ and the .deb, then test them
#   SKIP_BUILD=1 packaging/smoke.sh    test the existing dist/briefing-reader/ (and .deb)
#   SKIP_DEB=1 packaging/smoke.sh      no .deb
#
# Through the bundle's own executable: import 150 news-4k articles with analysis (from 100
# documents up the analysis runs in spawned workers, which a frozen app must support), search,
# export notes, and start the window offscreen for 5 s. Exits non-zero on the first failure.
# Env: NEWS (articles.jsonl, default ../shared/data/news-4k/articles.jsonl), ARTICLES (150),
#      PYTHON (default .venv/bin/python). Slow (PyInstaller): not part of CI.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
PYTHON="${PYTHON:-${ROOT}/.venv/bin/python}"
NEWS="${NEWS:-${ROOT}/../shared/data/news-4k/articles.jsonl}"
ARTICLES="${ARTICLES:-150}"
APP="${ROOT}/dist/briefing-reader/briefing-reader"
WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
REPORT=()

say() { printf '%s\n' "$*"; REPORT+=("$*"); }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
elapsed() { "${PYTHON}" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"; }

# 1. Build
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
    start=$(date +%s.%N)
    nice -n 5 "${PYTHON}" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath dist --workpath build/pyinstaller packaging/briefing-reader.spec
    say "bundle build: $(elapsed "${start}") s"
fi
[[ -x "${APP}" ]] || fail "${APP} missing: build the bundle first"

# 2. What the bundle holds
internal="${ROOT}/dist/briefing-reader/_internal"
say "bundle: $(du -sm dist/briefing-reader | cut -f1) MB, $(find dist/briefing-reader -type f | wc -l) files"
say "  test folders: $(find "${internal}" -type d -name tests | wc -l)," \
    "spaCy language data folders: $(find "${internal}/spacy/lang" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)," \
    "dateparser locale files: $(find "${internal}" -path '*date_translation_data*' -type f | wc -l) (the kept languages are modules in the archive)," \
    "Qt platform plugins: $(ls "${internal}/PySide6/Qt/plugins/platforms" | tr '\n' ' ')"
unstripped=$(find "${internal}" -name '*.so*' -type f -exec file {} + | grep -c 'not stripped' || true)
say "  shared objects not stripped: ${unstripped} (numpy.libs/ is left as shipped)"
missing=$(find "${internal}" -name '*.so*' -type f -exec ldd {} + 2>/dev/null | grep -c 'not found' || true)
say "  unresolved library references (ldd): ${missing}"
[[ "${missing}" == "0" ]] || { find "${internal}" -name '*.so*' -type f -exec ldd {} + 2>/dev/null | grep -B20 'not found' | grep -E '^/|not found' >&2; fail "libraries missing"; }

icu=$(find "${internal}/PySide6/Qt/lib" -name 'libicudata.so.*' -type f | head -1)
icu_check=$("${PYTHON}" packaging/icu_check.py "${icu}") \
    || { printf '%s\n' "${icu_check}" >&2; fail "the trimmed ICU data answers Qt differently"; }
say "  ICU data: $(du -m "${icu}" | cut -f1) MB; ${icu_check##*$'\n'} (packaging/icu_check.py)"

# 3. Import with analysis through the bundle's CLI
mkdir -p "${WORK}/articles"
"${PYTHON}" - "${NEWS}" "${WORK}/articles" "${ARTICLES}" <<'PY'
import json, sys
from pathlib import Path
source, out, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
with source.open(encoding="utf-8") as handle:
    for n, line in zip(range(count), handle):
        article = json.loads(line)
        (out / f"{n:04d}.txt").write_text(f"{article['title']}\n\n{article['body']}\n", encoding="utf-8")
PY
LIB="${WORK}/library"
start=$(date +%s.%N)
status=0
"${APP}" --library "${LIB}" import --json "${WORK}/articles" > "${WORK}/import.json" \
    2> "${WORK}/import.err" || status=$?
if [[ "${status}" != "0" ]]; then
    grep -v '^importing' "${WORK}/import.err" | tail -20 >&2
    head -c 2000 "${WORK}/import.json" >&2
    fail "import exited ${status}"
fi
say "import of ${ARTICLES} articles with analysis: $(elapsed "${start}") s"
"${APP}" --library "${LIB}" entities --json > "${WORK}/entities.json" || fail "entities"
"${PYTHON}" - "${WORK}/import.json" "${WORK}/entities.json" "${ARTICLES}" <<'PY' || fail "import result"
import json, sys
result, entities = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))["entities"]
want = int(sys.argv[3])
imported, failed = len(result["imported"]), result["failed"] + result["analysis_failed"]
named = {doc for entity in entities for doc in entity["documents"]}
print(f"  imported {imported}, analysis failed {len(failed)}, documents with entities {len(named)}")
assert imported == want and not failed, "not every article was imported and analysed"
assert len(named) >= 0.9 * want, "the analysis found entities in too few documents"
PY

# 4. Search, annotate, export
start=$(date +%s.%N)
"${APP}" --library "${LIB}" search --json "profits" > "${WORK}/search.json" || fail "search"
hits=$("${PYTHON}" -c "import json,sys; print(json.load(open(sys.argv[1]))['total'])" "${WORK}/search.json")
[[ "${hits}" -gt 0 ]] || fail "search found nothing"
say "search 'profits': ${hits} hits in $(elapsed "${start}") s"
"${APP}" --library "${LIB}" annotate 1 --quote "the" --occurrence 1 --note "smoke test" > /dev/null || fail "annotate"
"${APP}" --library "${LIB}" export --combined --out "${WORK}/notes.md" > /dev/null || fail "export"
grep -q "briefing-reader://doc/1#annotation=" "${WORK}/notes.md" || fail "export has no note link"
say "export: $(wc -c < "${WORK}/notes.md") bytes of Markdown with note links"

# 5. The window, offscreen, for 5 s
set +e
QT_QPA_PLATFORM=offscreen timeout 5 "${APP}" --library "${LIB}" > "${WORK}/window.log" 2>&1
status=$?
set -e
[[ "${status}" == "124" ]] || { cat "${WORK}/window.log" >&2; fail "the window exited with ${status} within 5 s"; }
! grep -q "Traceback" "${WORK}/window.log" || { cat "${WORK}/window.log" >&2; fail "traceback in the window"; }
say "window: ran 5 s offscreen, no traceback"
# On X11 (xcb) as well when Xvfb is installed: Qt's X11 libraries come from the system.
if command -v xvfb-run > /dev/null; then
    set +e
    xvfb-run -a -s "-screen 0 1280x800x24" timeout 5 "${APP}" --library "${LIB}" > "${WORK}/xcb.log" 2>&1
    status=$?
    set -e
    [[ "${status}" == "124" ]] || { cat "${WORK}/xcb.log" >&2; fail "the window on X11 exited with ${status} within 5 s"; }
    ! grep -q "Traceback" "${WORK}/xcb.log" || { cat "${WORK}/xcb.log" >&2; fail "traceback in the window on X11"; }
    say "window: ran 5 s on X11 (Xvfb), no traceback; $(grep -c . "${WORK}/xcb.log" || true) lines of output"
fi

# 6. The .deb
if [[ "${SKIP_DEB:-0}" != "1" ]]; then
    start=$(date +%s.%N)
    SKIP_PYINSTALLER=1 PYTHON="${PYTHON}" packaging/build-deb.sh > "${WORK}/deb.log" || { cat "${WORK}/deb.log" >&2; fail "build-deb.sh"; }
    deb=$(ls -t dist/*.deb | head -1)
    size=$(dpkg-deb -f "${deb}" Installed-Size)
    bytes=$(stat -c %s "${deb}")
    megabytes=$("${PYTHON}" -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.1f}')" "${bytes}")
    say ".deb build (from the bundle): $(elapsed "${start}") s; ${megabytes} MB (${bytes} bytes); installed $((size / 1024)) MiB"
    if command -v lintian > /dev/null; then
        lintian --tag-display-limit 0 "${deb}" > "${WORK}/lintian.txt" 2>&1 || true
        say "lintian: $(grep -c '^E:' "${WORK}/lintian.txt" || true) errors, $(grep -c '^W:' "${WORK}/lintian.txt" || true) warnings"
        grep '^E:' "${WORK}/lintian.txt" | cut -d' ' -f3 | sort | uniq -c | sed 's/^/    /' || true
    fi
fi

printf '\n== smoke test passed ==\n'
printf '%s\n' "${REPORT[@]}"
