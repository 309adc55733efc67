"""Running headers and footers: lines repeated at the top or bottom of PDF pages, and the
letterheads and title lines that survive a conversion to Markdown."""

from __future__ import annotations

import re
from collections import Counter

from assistant.types import Block, Page

from .text import TERMINAL, normalize

PAGE_NUMBER = re.compile(
    r"^(?:pag(?:ina|\.)?\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:di|/|of)\s*\d{1,4})?$|^pagina$", re.IGNORECASE
)


def _zone(lines: list[str], size: int = 3) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:size] + filled[-size:]))


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", normalize(line))


def drop_running_lines(pages: list[Page]) -> list[Page]:
    """Lines repeating at the top or bottom of many pages, and bare page numbers, go."""
    if len(pages) < 2 or all(p.page is None for p in pages):
        return pages
    split = [p.text.splitlines() for p in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({_line_key(lines[i]) for i in _zone(lines) if _line_key(lines[i])})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in counts.items() if n >= threshold}
    out = []
    for page, lines in zip(pages, split):
        zone = set(_zone(lines))
        kept = [
            line
            for i, line in enumerate(lines)
            if not (i in zone and (_line_key(line) in running or PAGE_NUMBER.match(line.strip())))
        ]
        out.append(Page(page.source, page.page, "\n".join(kept)))
    return out


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def drop_repeated_headers(blocks: list[Block]) -> list[Block]:
    """Running headers that survived conversion to Markdown: a letterhead repeated later, or a
    short title line repeated three or more times. The first occurrence stays."""
    keys = [normalize(b.text) for b in blocks]
    drop: set[int] = set()
    # the letterhead: the run of short paragraphs that opens the document, found again later
    # (converters split or retouch it, so compare the words, loosely)
    head: list[str] = []
    for b, key in zip(blocks[:8], keys):
        if not (b.kind in ("para", "heading") and len(b.text) <= 150 and key):
            break
        head.append(key)
        if b.text.endswith((".", ";")):  # the first sentence closes the letterhead
            break
    head_text = " ".join(head)
    if len(head) >= 2 and len(head_text.split()) >= 6:
        i = len(head)
        while i < len(blocks):
            j, covered = i, ""
            while j < len(blocks) and blocks[j].kind == "para" and len(blocks[j].text) <= 150 and keys[j]:
                candidate = (covered + " " + keys[j]).strip()
                if _similar(candidate, head_text[: len(candidate)]) < 0.85:
                    break
                covered, j = candidate, j + 1
            if j - i >= 2 and len(covered.split()) >= 6:
                drop.update(range(i, j))
                i = j
            else:
                i += 1
    counts = Counter(
        key
        for b, key in zip(blocks, keys)
        if b.kind == "para" and 0 < len(b.text) <= 150 and not b.text.endswith(TERMINAL)
    )
    seen: set[str] = set()
    for i, (b, key) in enumerate(zip(blocks, keys)):
        if counts.get(key, 0) >= 3 and b.kind == "para":
            if key in seen:
                drop.add(i)
            seen.add(key)
    return [b for i, b in enumerate(blocks) if i not in drop]
