"""Running headers and footers: lines repeated at the top or bottom of PDF pages, and the
letterheads and title lines that survive a conversion to Markdown."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from assistant.core.types import Block, Page

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


def letterhead_repeats(texts: list[str], short_below: int = 150) -> set[int]:
    """Indices of later copies of the letterhead: the run of short pieces (paragraphs, or PDF
    lines shorter than a full line) that opens the document, found again further on.
    Converters split or retouch it, so the words are compared loosely."""
    keys = [normalize(t) for t in texts]
    short = [0 < len(t) <= short_below for t in texts]
    head: list[str] = []
    for text, key, ok in zip(texts[:8], keys, short):
        if not ok:
            break
        head.append(key)
        if text.endswith((".", ";")):  # the first sentence closes the letterhead
            break
    head_text = " ".join(head)
    drop: set[int] = set()
    if len(head) < 2 or len(head_text.split()) < 6:
        return drop
    i = len(head)
    while i < len(texts):
        j, covered = i, ""
        while j < len(texts) and short[j]:
            candidate = (covered + " " + keys[j]).strip()
            if _similar(candidate, head_text[: len(candidate)]) < 0.85:
                break
            covered, j = candidate, j + 1
        if j - i >= 2 and len(covered.split()) >= 6:
            drop.update(range(i, j))
            i = j
        else:
            i += 1
    return drop


def drop_repeated_headers(blocks: list[Block]) -> list[Block]:
    """Running headers that survived conversion to Markdown: a letterhead repeated later, or a
    short title line repeated three or more times. The first occurrence stays."""
    # only paragraphs and headings can be letterhead pieces: a list item or table row ends the run
    texts = [b.text if b.kind in ("para", "heading") else "" for b in blocks]
    drop = {i for i in letterhead_repeats(texts) if blocks[i].kind == "para"}
    keys = [normalize(b.text) for b in blocks]
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


def join_repeated_lines(lines: list[tuple[str, int | None]]) -> tuple[list[tuple[str, int | None]], set[int]]:
    """A title repeated through a PDF outside the page margins (an annex's running title, a
    header the converter left mid-page), possibly wrapped over two lines: each copy becomes one
    line of its own, so it cannot glue itself to the paragraph around it.

    Takes and returns (line, page) pairs, wrapped copies joined on the page of their first line,
    with the indices of the lines that are copies."""
    keys = [_line_key(line) if _title_like(line) else "" for line, _ in lines]
    counts = Counter(k for k in keys if k)
    pairs = Counter((a, b) for a, b in pairwise(keys) if a and b)
    out: list[tuple[str, int | None]] = []
    marks: set[int] = set()
    i = 0
    while i < len(lines):
        key = keys[i]
        if not (key and counts[key] >= 3 and len(key.split()) >= 3):
            out.append(lines[i])
            i += 1
            continue
        j = i + 1  # the wrapped rest of the title follows it every time
        while j < len(lines) and j - i < 3 and keys[j] and pairs[(keys[j - 1], keys[j])] >= 3:
            j += 1
        marks.add(len(out))
        out.append((" ".join(line.strip() for line, _ in lines[i:j]), lines[i][1]))
        i = j
    return out, marks


def _title_like(line: str) -> bool:
    text = line.strip()
    return len(text.split()) >= 2 and not text.endswith(TERMINAL) and not re.match(r"^[-*•–·▪◆]", text)
