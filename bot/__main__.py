"""`python -m bot`: the same as the `tanya` command."""

import sys

from bot.cli import main

if __name__ == "__main__":  # not when a worker process re-imports the main module
    sys.exit(main())
