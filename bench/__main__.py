"""`python -m bench` runs the complete performance harness (bench/run.py)."""

import sys

from bench.run import main

sys.exit(main())
