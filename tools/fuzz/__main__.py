"""``python -m tools.fuzz --cases 2000 [--seed N]``."""

import sys

from tools.fuzz.cli import main

sys.exit(main())
