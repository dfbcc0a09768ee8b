#!/bin/sh
# Set up SVI Workbench from a checkout, then run it on its demo tender or run its tests.
#   sh packaging/dev.sh demo         install, then open the demo tender in the window
#   sh packaging/dev.sh test [ARGS]  install with the test needs, then run the whole suite
#   sh packaging/dev.sh test-fast    the Qt-free tests alone (domain, store, workflows, imports, exports, svi)
set -eu
cd "$(dirname "$0")/.."
mode=${1:-demo}
[ $# -gt 0 ] && shift

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# System libraries Qt needs on a bare Debian or Ubuntu, plus, for the tests, the
# real readers the exports are checked with (LibreOffice, poppler).
pkgs="python3-venv libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0"
pkgs="$pkgs libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0"
pkgs="$pkgs libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core"
case "$mode" in test*) pkgs="$pkgs poppler-utils libreoffice-calc-nogui";; esac
if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  # python3-venv is not needed where the interpreter already has venv (pyenv, python.org builds).
  case "$missing" in *python3-venv*) python3 -c "import venv, ensurepip" 2>/dev/null && missing=$(echo "$missing" | sed 's/python3-venv//');; esac
  if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
    echo "Installing system packages:$missing"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
case "$mode" in
  demo)
    .venv/bin/python -m pip install -q -e . 2>&1 | grep -v "^WARNING: Location" || true
    exec .venv/bin/svi-workbench --demo "$@"
    ;;
  test)
    .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
    QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} exec .venv/bin/python -m pytest "$@"
    ;;
  test-fast)
    .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
    # No test here opens a window; the slow fault-injection runs stay in the full suite. Two workers, each
    # taking whole files (a file's tests run in order on one worker).
    QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} exec .venv/bin/python -m pytest -q -m "not slow" -n 2 --dist loadfile \
      tests/unit "$@"
    ;;
  *)
    echo "usage: sh packaging/dev.sh demo|test|test-fast [ARGS]" >&2
    exit 2
    ;;
esac
