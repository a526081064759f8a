"""Start the kiosk: ``python main.py`` (see README)."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
