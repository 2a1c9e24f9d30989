#!/usr/bin/env bash
# Build a Debian package of Briefing Reader from a PyInstaller one-folder build.
#
# Usage: packaging/build-deb.sh            (run from anywhere; works on the project root)
# Env:   PYTHON      interpreter used to read pyproject.toml and run PyInstaller
#                    (default: .venv/bin/python if present, else python3)
#        SKIP_PYINSTALLER=1   reuse an existing dist/briefing-reader/ folder
#        MAINTAINER  value of the Maintainer field
# Output: dist/briefing-reader_<version>_<arch>.deb
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

VERSION="$("${PYTHON}" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(dpkg --print-architecture)"
DEB="${DIST}/${APP}_${VERSION}_${ARCH}.deb"

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
    "${PKGROOT}/opt" \
    "${PKGROOT}/usr/bin" \
    "${PKGROOT}/usr/share/applications" \
    "${PKGROOT}/usr/share/icons/hicolor/scalable/apps" \
    "${PKGROOT}/usr/share/metainfo"

cp -a "${FROZEN}" "${PKGROOT}/opt/${APP}"
ln -s "/opt/${APP}/${APP}" "${PKGROOT}/usr/bin/${APP}"
install -m 0644 "resources/${APP_ID}.desktop" "${PKGROOT}/usr/share/applications/${APP_ID}.desktop"
install -m 0644 "resources/icons/${APP}.svg" "${PKGROOT}/usr/share/icons/hicolor/scalable/apps/${APP}.svg"
install -m 0644 "resources/${APP_ID}.metainfo.xml" "${PKGROOT}/usr/share/metainfo/${APP_ID}.metainfo.xml"

# Normalise permissions: directories and executables 0755, everything else 0644.
find "${PKGROOT}" -type d -exec chmod 0755 {} +
find "${PKGROOT}/opt" -type f -perm /111 -exec chmod 0755 {} +
find "${PKGROOT}/opt" -type f ! -perm /111 -exec chmod 0644 {} +

INSTALLED_SIZE="$(du -sk --exclude=DEBIAN "${PKGROOT}" | cut -f1)"

cat > "${PKGROOT}/DEBIAN/control" <<CONTROL
Package: ${APP}
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: ${MAINTAINER}
Installed-Size: ${INSTALLED_SIZE}
Depends: libegl1, libgl1, libxkbcommon0, libfontconfig1, libdbus-1-3, libxcb-cursor0
Section: text
Priority: optional
Description: offline desktop reader for briefing material
 Briefing Reader imports news articles, press statements and think-tank notes
 (text, HTML, Markdown, PDF, DOCX) and works with no network: full-text
 search, named entities highlighted, a side panel of key claims (who claimed
 what, how hedged), highlights, notes and tags that survive re-import, and
 export of notes as Markdown.
CONTROL
chmod 0644 "${PKGROOT}/DEBIAN/control"

# 3. Build the .deb
echo "==> Building ${DEB}"
dpkg-deb --build --root-owner-group "${PKGROOT}" "${DEB}"
echo "Built ${DEB}"
