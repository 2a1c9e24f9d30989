#!/usr/bin/env bash
# Build a Debian package of Briefing Reader from a PyInstaller one-folder build.
#
# Usage: packaging/build-deb.sh            (run from anywhere; works on the project root)
# Env:   PYTHON      interpreter used to read pyproject.toml and run PyInstaller
#                    (default: .venv/bin/python if present, else python3)
#        SKIP_PYINSTALLER=1   reuse an existing dist/briefing-reader/ folder
#        MAINTAINER  value of the Maintainer field
#        DEB_COMPRESS  dpkg-deb compression: xz (default, at level 4) or zstd
# Output: dist/briefing-reader_<version>-1_<arch>.deb
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "${SCRIPT_DIR}/.." && pwd)"
cd "${ROOT}"

if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x "${ROOT}/.venv/bin/python" ]]; then
        PYTHON="${ROOT}/.venv/bin/python"
    else
        PYTHON="python3"
    fi
fi

APP="briefing-reader"
APP_ID="io.github.briefingreader.BriefingReader"
MAINTAINER="${MAINTAINER:-Briefing Reader developers <maintainers@briefing-reader.invalid>}"
SPEC="${ROOT}/packaging/${APP}.spec"
DIST="${ROOT}/dist"
FROZEN="${DIST}/${APP}"
PKGROOT="${ROOT}/build/deb/${APP}"

for tool in dpkg-deb dpkg; do
    if ! command -v "${tool}" >/dev/null 2>&1; then
        echo "error: ${tool} not found; build the .deb on Debian or Ubuntu." >&2
        exit 1
    fi
done

UPSTREAM="$("${PYTHON}" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
VERSION="${UPSTREAM}-1"  # Debian revision 1 of the upstream release
ARCH="$(dpkg --print-architecture)"
DEB="${DIST}/${APP}_${VERSION}_${ARCH}.deb"
SECONDS=0

# 1. PyInstaller one-folder build -> dist/briefing-reader/
if [[ "${SKIP_PYINSTALLER:-0}" != "1" ]]; then
    if ! "${PYTHON}" -c 'import PyInstaller' >/dev/null 2>&1; then
        echo "error: PyInstaller is not installed for ${PYTHON}." >&2
        echo "Install it with:  ${PYTHON} -m pip install pyinstaller" >&2
        echo "(the app and its dependencies must be installed there too:  ${PYTHON} -m pip install -e .)" >&2
        exit 1
    fi
    echo "==> PyInstaller build (${PYTHON})"
    "${PYTHON}" -m PyInstaller --noconfirm --clean \
        --distpath "${DIST}" --workpath "${ROOT}/build/pyinstaller" "${SPEC}"
fi
if [[ ! -x "${FROZEN}/${APP}" ]]; then
    echo "error: ${FROZEN}/${APP} not found; the PyInstaller build failed or was skipped." >&2
    exit 1
fi

# 2. Package tree
echo "==> Laying out ${PKGROOT}"
rm -rf "${PKGROOT}"
install -d -m 0755 \
    "${PKGROOT}/DEBIAN" \
    "${PKGROOT}/usr/lib" \
    "${PKGROOT}/usr/bin" \
    "${PKGROOT}/usr/share/applications" \
    "${PKGROOT}/usr/share/icons/hicolor/scalable/apps" \
    "${PKGROOT}/usr/share/metainfo" \
    "${PKGROOT}/usr/share/doc/${APP}" \
    "${PKGROOT}/usr/share/man/man1"

# The bundle is private to the package: /usr/lib/<package>/ (Debian policy 9.1.1; /opt is for
# software outside the distribution's package system).
cp -a "${FROZEN}" "${PKGROOT}/usr/lib/${APP}"
ln -s "../lib/${APP}/${APP}" "${PKGROOT}/usr/bin/${APP}"
install -m 0644 "resources/${APP_ID}.desktop" "${PKGROOT}/usr/share/applications/${APP_ID}.desktop"
install -m 0644 "resources/icons/${APP_ID}.svg" "${PKGROOT}/usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg"
install -m 0644 "resources/${APP_ID}.metainfo.xml" "${PKGROOT}/usr/share/metainfo/${APP_ID}.metainfo.xml"

# Lintian overrides, each justified in packaging/README.md.
install -d -m 0755 "${PKGROOT}/usr/share/lintian/overrides"
install -m 0644 packaging/lintian-overrides "${PKGROOT}/usr/share/lintian/overrides/${APP}"

# Documentation: copyright (generated from the installed distributions' metadata), the
# upstream changelog, the Debian changelog, and the man page (generated from the parser).
DOC="${PKGROOT}/usr/share/doc/${APP}"
"${PYTHON}" packaging/copyright.py "${DOC}/copyright" --prefix "usr/lib/${APP}/_internal"
gzip -9n < CHANGELOG.md > "${DOC}/changelog.gz"
"${PYTHON}" packaging/debian_changelog.py --version "${VERSION}" --maintainer "${MAINTAINER}" \
    | gzip -9n > "${DOC}/changelog.Debian.gz"
"${PYTHON}" -c "import sys; from argparse_manpage.cli import main; sys.exit(main())" --module briefing_reader.cli --function build_parser \
    --project-name "Briefing Reader" --prog "${APP}" --version "${UPSTREAM}" \
    --description "offline reader for briefing material: import, search, entities, claims, notes" \
    --author "Briefing Reader developers" --url "https://github.com/briefingreader/briefing-reader" \
    --manual-title "Briefing Reader manual" --include packaging/man-extra.txt \
    --output "${ROOT}/build/${APP}.1"
# A help text that starts with a quote would read as a roff control line: escape it.
sed -e "s/^'/\\\\\&'/" "${ROOT}/build/${APP}.1" | gzip -9n > "${PKGROOT}/usr/share/man/man1/${APP}.1.gz"

# Normalise permissions: directories and the executable 0755, everything else (shared
# objects included: the loader maps them without the executable bit) 0644.
find "${PKGROOT}" -type d -exec chmod 0755 {} +
find "${PKGROOT}/usr/lib/${APP}" -type f -exec chmod 0644 {} +
chmod 0755 "${PKGROOT}/usr/lib/${APP}/${APP}"

# The bundled binaries need the build machine's glibc or newer, and the packages of the
# system libraries the bundle leaves out (packaging/system_deps.py).
LIBC="$(dpkg-query -W -f='${Version}' libc6 | cut -d- -f1)"
SYSTEM_DEPENDS="$("${PYTHON}" packaging/system_deps.py "${FROZEN}" --without libc6)"
INSTALLED_SIZE="$(du -sk --exclude=DEBIAN "${PKGROOT}" | cut -f1)"
(cd "${PKGROOT}" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
    | xargs -0 md5sum) > "${PKGROOT}/DEBIAN/md5sums"
chmod 0644 "${PKGROOT}/DEBIAN/md5sums"

cat > "${PKGROOT}/DEBIAN/control" <<CONTROL
Package: ${APP}
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: ${MAINTAINER}
Installed-Size: ${INSTALLED_SIZE}
Depends: libc6 (>= ${LIBC}), ${SYSTEM_DEPENDS}
Section: text
Priority: optional
Homepage: https://github.com/briefingreader/briefing-reader
Description: offline desktop reader for briefing material
 Briefing Reader imports news articles, press statements and think-tank notes
 (text, HTML, Markdown, PDF, DOCX) and works with no network: full-text
 search, named entities highlighted, a side panel of key claims (who claimed
 what, how hedged), highlights, notes and tags that survive re-import, and
 export of notes as Markdown.
CONTROL
chmod 0644 "${PKGROOT}/DEBIAN/control"

# 3. Build the .deb. xz at level 4, the first level that searches matches thoroughly: 79 MB
# where level 3 gives 83 MB and level 1 89 MB, in half the CPU time of the default level 6
# (79 MB too, about 2.5 times as long); zstd -3 is fastest but older dpkg cannot read it.
echo "==> Building ${DEB}"
case "${DEB_COMPRESS:-xz}" in
    xz) COMPRESS=(-Zxz -z4) ;;
    zstd) COMPRESS=(-Zzstd -z3) ;;
    *) echo "error: DEB_COMPRESS must be xz or zstd" >&2; exit 1 ;;
esac
# Both cores when dpkg-deb can use them (dpkg 1.21.9 and later).
if dpkg-deb --help | grep -q -- --threads-max; then
    COMPRESS+=(--threads-max=2)
fi
dpkg-deb "${COMPRESS[@]}" --build --root-owner-group "${PKGROOT}" "${DEB}"
echo "Built ${DEB} ($(du -h "${DEB}" | cut -f1), installed ${INSTALLED_SIZE} KiB) in ${SECONDS} s"
