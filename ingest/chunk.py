"""Sections -> passages. A passage never crosses a section; long sections split on line,
sentence and clause boundaries (langchain-text-splitters) into pieces of similar size, with no
overlap: every character is embedded once."""

from __future__ import annotations

import hashlib
import math

from assistant.core.types import DocumentInfo, Passage, Section

from .text import normalize

MAX_CHARS = 1000


def passage_id(source: str, locator: str, text: str, occurrence: int = 0) -> str:
    """Content-derived id: re-ingesting the same text yields the same id."""
    raw = "\x1f".join((source, locator, text, str(occurrence)))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def first_words(text: str, n: int = 7) -> str:
    words = text.split()
    return "«" + " ".join(words[:n]) + ("…»" if len(words) > n else "»")


def split_text(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Pieces of `text`, each a verbatim substring, balanced in length."""
    if len(text) <= max_chars:
        return [text]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    pieces = math.ceil(len(text) / max_chars)
    size = min(max_chars, int(len(text) / pieces * 1.15) + 1)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=0,
        separators=["\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
        strip_whitespace=True,
    )
    return [p for p in splitter.split_text(text) if p.strip()]


def _prefix(section: Section, piece: str) -> str:
    """The heading path prefixed to the text for embedding, without repeating the heading
    line that opens the piece."""
    if not section.path:
        return ""
    first_line = normalize(piece.split("\n", 1)[0])
    last = normalize(section.path[-1].title)
    if last and first_line.startswith(last[: max(12, len(last) // 2)]):
        return " › ".join(h.label for h in section.path[:-1])
    return section.locator


def passages(sections: list[Section], info: DocumentInfo) -> list[Passage]:
    out: list[Passage] = []
    seen: dict[tuple[str, str], int] = {}
    for section in sections:
        cursor = 0
        for piece in split_text(section.text):
            start = section.text.find(piece, cursor)
            cursor = start + len(piece)
            locator = section.locator or first_words(piece)
            key = (locator, piece)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            out.append(
                Passage(
                    id=passage_id(info.source, locator, piece, occurrence),
                    source=info.source,
                    title=info.title,
                    locator=locator,
                    page=section.page_at(start),
                    page_marks=section.page_marks(start, start + len(piece)),
                    text=piece,
                    heading=_prefix(section, piece),
                    order=len(out),
                    doc_type=info.doc_type,
                    territory=info.territory,
                    date=info.date,
                    parties=info.parties,
                )
            )
    return out
