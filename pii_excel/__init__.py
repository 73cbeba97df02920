"""pii-excel: collect, check and report agencies' progress on a provincial PII/PCI plan."""

__version__ = "0.1.0"
