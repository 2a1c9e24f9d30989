#!/usr/bin/env bash
# Build a .deb from the PyInstaller folder: /opt/briefing-reader plus desktop integration.
#   bash packaging/build-deb.sh        (from the project root; writes dist/*.deb)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v pyinstaller >/dev/null; then
    echo "pyinstaller is not installed: pip install pyinstaller" >&2
    exit 1
fi
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
app_id=io.github.briefingreader.BriefingReader

pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/briefing-reader.spec

tree=build/deb/briefing-reader_${version}_${arch}
rm -rf "$tree"
mkdir -p "$tree/DEBIAN" "$tree/opt" "$tree/usr/bin" "$tree/usr/share/applications" \
    "$tree/usr/share/icons/hicolor/scalable/apps" "$tree/usr/share/metainfo"
cp -a dist/briefing-reader "$tree/opt/briefing-reader"
ln -s /opt/briefing-reader/briefing-reader "$tree/usr/bin/briefing-reader"
cp "resources/$app_id.desktop" "$tree/usr/share/applications/"
cp resources/icons/briefing-reader.svg "$tree/usr/share/icons/hicolor/scalable/apps/"
cp "resources/$app_id.metainfo.xml" "$tree/usr/share/metainfo/"
cat > "$tree/DEBIAN/control" <<CONTROL
Package: briefing-reader
Version: $version
Architecture: $arch
Maintainer: Briefing Reader developers <briefing-reader@users.noreply.github.com>
Depends: libegl1, libgl1, libxkbcommon0, libfontconfig1, libdbus-1-3, libxcb-cursor0
Section: text
Priority: optional
Description: offline reader for briefing material
 Import articles, search them instantly, read them with entities and key
 claims, annotate passages and export notes to Markdown. No network needed.
CONTROL
dpkg-deb --build --root-owner-group "$tree" dist/
