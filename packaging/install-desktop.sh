#!/bin/sh
# Register the built program with the desktop for this user: launcher, icons and the .svi file type,
# so that a double-click on a tender opens it.
#   sh packaging/install-desktop.sh [PREFIX]     (PREFIX defaults to ~/.local)
set -eu
cd "$(dirname "$0")/.."
prefix=${1:-$HOME/.local}
[ -x dist/svi-workbench/svi-workbench ] || { echo "Build first: sh packaging/build.sh" >&2; exit 2; }
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications" "$prefix/share/mime/packages"
rm -rf "$prefix/lib/svi-workbench"
cp -r dist/svi-workbench "$prefix/lib/svi-workbench"
ln -sf "$prefix/lib/svi-workbench/svi-workbench" "$prefix/bin/svi-workbench"
for size in 16 24 32 48 64 128 256 512; do
  dir="$prefix/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  cp "packaging/icons/svi-workbench-$size.png" "$dir/svi-workbench.png"
  mkdir -p "$prefix/share/icons/hicolor/${size}x${size}/mimetypes"
  cp "packaging/icons/svi-workbench-$size.png" "$prefix/share/icons/hicolor/${size}x${size}/mimetypes/application-x-svi-tender.png"
done
cp packaging/svi-workbench.desktop "$prefix/share/applications/"
cp packaging/svi-workbench-mime.xml "$prefix/share/mime/packages/svi-workbench.xml"
command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
echo "Installed SVI Workbench under $prefix."
