"""PDZ Assistant: grounded answers over Italian social-planning documents."""

__version__ = "0.1.0"

import logging

# silent unless the log is turned on (assistant/logs.py): a library does not write to stderr
logging.getLogger(__name__).addHandler(logging.NullHandler())
