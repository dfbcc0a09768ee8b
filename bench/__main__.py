"""`python -m bench` runs the complete performance harness (bench/run.py)."""

import sys

if "--scale" in sys.argv:
    from bench.scale import main as scale

    sys.exit(scale(sys.argv[1:]))
from bench.run import main

sys.exit(main())
