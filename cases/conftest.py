# Lets a plain `pytest cases/` run the suite (./sockconf run is the usual way).
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "harness"))

pytest_plugins = ["sockconf.plugin"]
