"""`python -m svi_desktop.cli`: the `svi` command."""

import sys

from svi_desktop.cli import main

sys.exit(main())
