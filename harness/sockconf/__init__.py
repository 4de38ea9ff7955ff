"""sockconf: conformance suite and portability harness for the Tcl socket command."""

SCHEMA = "sockconf-results/1"
