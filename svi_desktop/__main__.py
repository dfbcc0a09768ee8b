"""`python -m svi_desktop` starts the desktop program."""

from __future__ import annotations

import sys

from svi_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
