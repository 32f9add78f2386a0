"""``python -m game`` does what the ``brinkmanship`` command does."""

import sys

from .cli import main

sys.exit(main())
