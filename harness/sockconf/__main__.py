"""python -m sockconf: the same as the `sockconf` command."""

import sys

from .cli import main

sys.exit(main())
