"""Typed, frozen records passed between the stages: Page → Block → Section → Passage → Hit (the
README's "Layout" names the module of each stage)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """Text of one page of a file; `page` counts from 1, None when the format has no pages."""

    source: str
    page: int | None
    text: str


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, table row or heading line after cleaning."""

    text: str
    page: int | None
    kind: str = "para"  # para | item | row | heading
    label: str = ""  # for a row of a headed table: its heading cell ("TITOLO OBIETTIVO")
    # (offset in text, page) where the text goes on to another page: a sentence across a page break
    breaks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Heading:
    """A unit of the document: `label` is short ("Art. 5"), `title` the full heading line."""

    label: str
    title: str
    level: int


@dataclass(frozen=True)
class Section:
    source: str
    path: tuple[Heading, ...]
    locator: str
    page_start: int | None
    page_end: int | None
    text: str
    marks: tuple[tuple[int, int | None], ...] = ()  # (offset in text, page) where each block starts

    def page_at(self, offset: int) -> int | None:
        page = self.page_start
        for start, block_page in self.marks:
            if start > offset:
                break
            if block_page is not None:
                page = block_page
        return page

    def page_marks(self, start: int, end: int) -> tuple[tuple[int, int], ...]:
        """Where the text between `start` and `end` goes on to another page, relative to `start`."""
        page, out = self.page_at(start), []
        for at, later in self.marks:
            if start < at < end and later is not None and later != page:
                out.append((at - start, later))
                page = later
        return tuple(out)


@dataclass(frozen=True)
class DocumentInfo:
    """What the citations and the UI show about a file instead of its name."""

    source: str
    title: str
    territory: str = ""
    doc_type: str = ""
    date: str = ""
    parties: tuple[str, ...] = ()  # who the act is between, as it names them


def party_name(party: str) -> str:
    """ "Enti del Terzo Settore: Cooperativa A, Cooperativa B" -> "Enti del Terzo Settore"."""
    return party.split(":", 1)[0].strip()


def reference(title: str, locator: str, page: int | None) -> str:
    """How a person finds a passage: "Title — Art. 5 › Tavolo Tecnico, p. 6"."""
    return f"{title} — {locator}" + (f", p. {page}" if page else "")


@dataclass(frozen=True)
class Passage:
    id: str
    source: str
    title: str
    locator: str
    page: int | None
    text: str
    heading: str = ""  # heading path, prefixed to the text for embedding
    order: int = 0  # position in its document
    doc_type: str = ""
    territory: str = ""
    date: str = ""  # the document's act date (ISO, or a year), from the manifest or its text
    # (offset in text, page) where the text goes on to another page; `page` is where it starts
    page_marks: tuple[tuple[int, int], ...] = ()
    parties: tuple[str, ...] = ()  # the document's parties (DocumentInfo.parties)

    def __post_init__(self) -> None:
        # read back from JSON as lists: a passage stays hashable
        if not isinstance(self.page_marks, tuple) or (self.page_marks and not isinstance(self.page_marks[0], tuple)):
            object.__setattr__(self, "page_marks", tuple(tuple(m) for m in self.page_marks))
        if not isinstance(self.parties, tuple):
            object.__setattr__(self, "parties", tuple(self.parties))

    @property
    def reference(self) -> str:
        return reference(self.title, self.locator, self.page)

    def page_at(self, offset: int) -> int | None:
        """The page of the character at `offset` of the text."""
        page = self.page
        for start, later in self.page_marks:
            if start > offset:
                break
            page = later
        return page

    def page_of(self, quote: str) -> int | None:
        """The page where `quote` (words of this passage) starts: a statement that opens the next
        page is cited with that page."""
        at = self.text.find(quote.strip()[:80]) if quote else -1
        return self.page_at(at) if at >= 0 else self.page

    @property
    def indexed_text(self) -> str:
        """Heading path and text: what the lexical index reads."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text

    def dense_text(self, limit: int = 0) -> str:
        """What the embedder reads: the heading path and the passage's opening `limit`
        characters (cut at a word; 0 = all of it)."""
        text = self.text
        if limit and len(text) > limit:
            cut = text[:limit]
            text = cut if text[limit].isspace() else cut.rsplit(" ", 1)[0]
        return f"{self.heading}\n{text}" if self.heading else text


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    via: str  # dense | lexical | fused | lookup


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    documents: int
    passages: int
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    seconds: float = 0.0
    tokens_embedded: int = 0
    embed_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """At least one file was ingested or already up to date (or there was nothing to do)."""
        return bool(self.added or self.updated or self.unchanged or self.removed) or not self.skipped

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "passages": self.passages,
            "added": list(self.added),
            "updated": list(self.updated),
            "unchanged": list(self.unchanged),
            "removed": list(self.removed),
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "seconds": round(self.seconds, 3),
        }
