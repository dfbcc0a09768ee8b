"""Entry point for the frozen build: the same start-up as `python -m svi_desktop`."""

import sys

from svi_desktop.app import main

sys.exit(main())
