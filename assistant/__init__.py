"""PDZ Assistant: grounded answers over Italian social-planning documents."""

__version__ = "0.1.0"
