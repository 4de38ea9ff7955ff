"""Where things are: the project root and its fixed folders."""

import os
from pathlib import Path

ROOT = Path(os.environ.get("SOCKCONF_ROOT") or Path(__file__).resolve().parents[2])
CASES = ROOT / "cases"
SPEC = ROOT / "spec"
HARNESS = ROOT / "harness"
TCL = HARNESS / "tcl"
REPORTS = ROOT / "reports"
