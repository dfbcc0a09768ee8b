#!/bin/sh
# Build the one-folder desktop program with PyInstaller, then smoke-test what was built:
# --version, then the demo tender opened on the offscreen platform and quit with exit status 0.
#   sh packaging/build.sh        ->  dist/svi-workbench/svi-workbench
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -e . "pyinstaller>=6.5" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build \
  packaging/svi-workbench.spec
app=dist/svi-workbench/svi-workbench
want=$(.venv/bin/python -c "import svi_desktop; print(svi_desktop.__version__)")
got=$("$app" --version)
echo "$got"
[ "$got" = "SVI Workbench $want" ] || { echo "build.sh: --version said '$got', expected '$want'" >&2; exit 1; }
data=$(mktemp -d)
SVI_DATA_DIR="$data" QT_QPA_PLATFORM=offscreen "$app" --demo --quit-after 500 > "$data/out.txt" 2>&1 || {
  cat "$data/out.txt" >&2; echo "build.sh: the built program failed to open the demo" >&2; exit 1; }
grep -q "^shown demo-" "$data/out.txt" || { cat "$data/out.txt" >&2; echo "build.sh: no window shown" >&2; exit 1; }
ls "$data"/demo/*.svi > /dev/null
rm -rf "$data"
echo "build.sh: built $(du -sh dist/svi-workbench | cut -f1) in dist/svi-workbench; smoke test passed."
