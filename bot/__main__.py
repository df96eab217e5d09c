"""`python -m bot …` is `campaign-bot …` (useful where the console script is not on PATH)."""

import sys

from bot.cli.main import main

sys.exit(main())
