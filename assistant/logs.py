"""The product's log: one named logger per module (`logging.getLogger(__name__)`), silent unless
asked for with `pdz --verbose …` or PDZ_LOG (debug, info, warning, error), on stderr. What a user
must know is said to them in Italian anyway; the log is for whoever runs the service."""

from __future__ import annotations

import logging
import os
import sys

ENV = "PDZ_LOG"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(verbose: bool = False) -> int | None:
    """Turn the log on at the level PDZ_LOG names (INFO for --verbose); None when it stays off.
    An unknown level name turns it on at INFO rather than failing."""
    name = os.environ.get(ENV, "").strip().upper()
    if not name and not verbose:
        return None
    level = logging.getLevelNamesMapping().get(name, logging.INFO) if name else logging.INFO
    for package in ("assistant", "ingest"):
        logger = logging.getLogger(package)
        logger.setLevel(level)
        if not any(getattr(h, "_pdz", False) for h in logger.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(_FORMAT))
            handler._pdz = True  # type: ignore[attr-defined]
            logger.addHandler(handler)
    return level
