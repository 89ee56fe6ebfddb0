"""`python -m bot`: the same as the `tanya` command."""

import sys

from bot.cli import main

sys.exit(main())
