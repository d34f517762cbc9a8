"""pap-guide: session clock, phased music and monitor log for dosing sessions."""

__version__ = "0.1.0"
