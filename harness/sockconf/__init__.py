"""sockconf: conformance suite and portability harness for the Tcl socket command."""

__version__ = "1.5.0"
SCHEMA = "sockconf-results/1"
