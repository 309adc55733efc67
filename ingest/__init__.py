"""Ingestion: files -> pages -> clean blocks -> sections -> passages -> store."""

import logging

# silent unless the log is turned on (assistant/logs.py)
logging.getLogger(__name__).addHandler(logging.NullHandler())
