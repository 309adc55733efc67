"""The labelled questions (`../shared/eval/*.jsonl`) and how an answer is matched against them:
what `pdz eval` scores and what the ranker's training learns from."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.text import strip_markup


def norm(text: str) -> str:
    """Lowercase, straight apostrophes, markup out, single spaces."""
    text = strip_markup(text).lower().replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def holds_gold(passage_text: str, gold: str) -> bool:
    """The passage contains the gold quote, or a contiguous half of a long one."""
    text, quote = norm(passage_text), norm(gold)
    if not quote:
        return False
    if quote in text:
        return True
    words = quote.split()
    if len(words) < 8:
        return False
    half = len(words) // 2
    return " ".join(words[:half]) in text or " ".join(words[half:]) in text


def load_items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
