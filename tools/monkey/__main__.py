"""``python -m tools.monkey --events 20000 [--seed N]``."""

import sys

from tools.monkey.cli import main

sys.exit(main())
