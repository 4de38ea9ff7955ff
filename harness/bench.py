"""make bench: the entry point; the benchmarks are harness/sockconf/bench.py.

Usage: /usr/bin/python3 harness/bench.py [--target T]... [--runs N] [--smoke]
                                         [--suite] [--suite-runs] [--out-dir DIR]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sockconf.bench import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
