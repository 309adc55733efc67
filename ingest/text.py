"""Small text measures shared by the cleaning and structure steps."""

from __future__ import annotations

import re

TERMINAL = (".", ";", ":", "!", "?", "»", "”", '"')  # how a sentence or a lead may end


def normalize(text: str) -> str:
    """Comparison key: lowercase letters and digits only."""
    return " ".join(re.findall(r"\w+", text.lower()))


def upper_share(text: str) -> tuple[float, int]:
    """Share of upper-case letters among the letters of `text`, and how many letters it has."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0, 0
    return sum(c.isupper() for c in letters) / len(letters), len(letters)
