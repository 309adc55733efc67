"""Italian administrative structure: clean blocks -> sections with a locator a person recognises.

Units, from the outside in: Allegato; Art./Articolo, Sezione, recitals (Premessa, Visto,
Richiamati…), Markdown headings; numbered headings (2.1, 3.2 POOL TERRITORIALE); numbered
points 1) 2); upper-case headings; rows of headed tables; list items with a lead
("**Tavolo Tecnico:** …"); footnotes. No block is ever dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.lexicon import RECITALS
from assistant.core.types import Block, Heading, Section

from .text import normalize, upper_share

L_ANNEX, L_ARTICLE, L_NUMBERED, L_POINT, L_CAPS, L_ROW, L_LEAD, L_NOTE = 0, 1, 2, 6, 7, 8, 9, 10
TRANSIENT = {L_ROW, L_LEAD, L_NOTE}  # units that end with the block kind that made them

_ARTICLE = re.compile(r"^art(?:icolo|\.)?\s*(\d{1,3})\s*(?:[-–—.:)]\s*|\s+|$)(.*)$", re.I)
_SECTION = re.compile(r"^\.?sezione\s+(\d{1,2})\s*(?:[-–—:.]\s*|\s+|$)(.*)$", re.I)
_ANNEX = re.compile(r"^allegato\s+(\d{1,2}|[A-Z])\b\)?\s*(?:[-–—:.]\s*)?(.*)$", re.I)
_NUMBERED_TITLE = re.compile(r"^[1-9]\d?[.)]\s+[A-ZÀ-Ý]")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*[-–]?\s+([A-Za-zÀ-ÿ*\"“'].{1,140})$")
_POINT = re.compile(r"^(\d{1,2})\)\s+\S")
_NOTE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*\S")
_RECITAL = re.compile(rf"^({RECITALS}|tra|indice|sommario)[\s:,]*$", re.I)
# where the operative part begins; may go on: "Tutto ciò premesso, si conviene e si sottoscrive"
_AGREED = re.compile(
    r"^(tutto ci[oò]'? premesso|(?:le parti\s+)?(?:si\s+)?(?:convengono|concordano|conviene|stabiliscono)"
    r"(?:\s+e\s+(?:si\s+)?(?:stipula|stipulano|sottoscrivono))?\s+quanto\s+segue)\b[\s:,.]*",
    re.I,
)
_LEAD_COLON = re.compile(r"^-\s+(.{3,120}?)\s*:\s+\S")
_LEAD_SENTENCE = re.compile(r"^-\s+([A-ZÀ-Ý][^.:;]{10,110}?)\.\s+[A-ZÀ-Ý]")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_STOP = set(
    "a ad al alla alle agli ai che con da dal dalla dei del della delle degli di e ed gli i il in la "
    "le lo nel nella nei per su sul tra un una uno l d".split()
)


@dataclass
class _Candidate:
    heading: Heading
    number: int | None = None
    kind: str = ""


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"


def _caps(text: str) -> bool:
    share, letters = upper_share(text)
    return letters >= 4 and share >= 0.8


def _ends_sentence(text: str) -> bool:
    """Ends like a sentence, not like a heading; 'la rete V.I.O.L.A.' still counts as a heading."""
    if re.search(r"(?:\b[A-Z]\.){2,}$", text):
        return False
    return text.endswith((".", ";", ","))


def _titled(label: str, rest: str) -> str:
    rest = rest.strip(" -–—:.").strip()
    return f"{label} – {rest}" if rest else label


def classify(block: Block) -> _Candidate | None:
    """The heading a block opens, if any (context-free; `sections` applies the context)."""
    text = block.text.strip()
    if block.kind == "row":
        return (
            _Candidate(Heading(_short(block.label), _short(block.label, 90), L_ROW), kind="row")
            if block.label
            else None
        )
    if block.kind == "item":
        if block.label:  # a bold lead names a unit whatever its length ("**Cabina di Regia:** …")
            name = block.label.strip(" :–-")
            return _Candidate(Heading(_short(name), _short(name, 90), L_LEAD), kind="lead")
        lead = next((m.group(1) for m in (_LEAD_COLON.match(text), _LEAD_SENTENCE.match(text)) if m), "")
        if lead and len(text) > 200:
            name = lead.strip(" :–-")
            return _Candidate(Heading(_short(name), _short(name, 90), L_LEAD), kind="lead")
        return None
    if block.kind == "heading":
        return _Candidate(Heading(_short(text), _short(text, 120), L_ARTICLE), kind="md")
    if m := _POINT.match(text):
        label = f"{m.group(1)})"
        return _Candidate(Heading(label, _short(text, 70), L_POINT), kind="point")
    if m := _NOTE.match(text):
        label = f"Nota {m.group(1).translate(_SUPERSCRIPT)}"
        return _Candidate(Heading(label, label, L_NOTE), kind="note")
    if len(text) > 200:
        return None
    if m := _ANNEX.match(text):
        label = f"Allegato {m.group(1).upper()}"
        return _Candidate(Heading(label, _titled(label, m.group(2)), L_ANNEX), kind="annex")
    if (m := _ARTICLE.match(text)) and len(text) <= 160 and len(text.split()) <= 22:
        label = f"Art. {int(m.group(1))}"
        return _Candidate(Heading(label, _titled(label, m.group(2)), L_ARTICLE), int(m.group(1)), "article")
    if m := _SECTION.match(text):
        label = f"Sezione {int(m.group(1))}"
        return _Candidate(Heading(label, _titled(label, m.group(2)), L_ARTICLE), int(m.group(1)), "section")
    agreed = _AGREED.match(text)
    if (m := _RECITAL.match(text) or agreed) and len(text) <= 100 and (agreed or not text.endswith((".", ";"))):
        word = " ".join(m.group(1).split())
        label = word[0].upper() + re.sub(r"ci[oò]'?", "ciò", word[1:].lower())
        return _Candidate(Heading(label, label, L_ARTICLE), kind="recital")
    if (m := _NUMBERED.match(text)) and len(text) <= 150 and not _ends_sentence(text):
        number, title = m.group(1), m.group(2)
        depth = number.count(".") + 1
        parts = [int(p) for p in number.split(".")]
        if max(parts) <= 20 and (depth > 1 or _caps(title)):
            full = text.rstrip(" :")
            return _Candidate(Heading(_short(full), _short(full, 120), L_NUMBERED + depth - 1), kind="numbered")
    if _caps(text) and len(text) <= 150 and not _ends_sentence(text):
        return _Candidate(Heading(_short(text), _short(text, 120), L_CAPS), kind="caps")
    return None


def _content_words(text: str) -> set[str]:
    return {w for w in normalize(text).split() if w not in _STOP and len(w) > 1}


def _title_match(block: Block, cand: _Candidate | None, words: set[str]) -> float:
    """How well a heading-like line matches an announced annex title (0 when it cannot)."""
    if cand is not None and cand.kind not in ("caps", ""):
        return 0.0
    if block.kind != "para" or len(block.text) > 150 or block.text.endswith((".", ";", ",")):
        return 0.0
    found = _content_words(block.text)
    overlap = len(words & found)
    if not words or overlap < 2:
        return 0.0
    ratio = overlap / min(len(words), len(found))
    return ratio if ratio >= 0.5 else 0.0


def _resolve(blocks: list[Block]) -> list[_Candidate | None]:
    """Context rules over the context-free candidates:
    - a table of contents: Sezione/Art. headings whose number appears again later are entries
      of an index, not units;
    - an annex index ('Allegato 1: …', 'Allegato 2: …' with nothing between them) is text; each
      annex then starts at the first later heading-like line that shares its title's words;
    - article numbers must grow within a part."""
    cands = [classify(b) for b in blocks]
    for kind in ("section", "article"):
        last_index: dict[int, int] = {}
        for i, c in enumerate(cands):
            if c and c.kind == kind and c.number is not None:
                last_index[c.number] = i
        for i, c in enumerate(cands):
            if c and c.kind == kind and c.number is not None and last_index[c.number] != i:
                cands[i] = None
    annex_titles: list[tuple[Heading, set[str]]] = []
    after_index = 0
    i = 0
    while i < len(cands):
        run = i
        while run < len(cands) and (c := cands[run]) is not None and c.kind == "annex":
            run += 1
        if run - i >= 2:
            for j, annex in enumerate(cands[i:run], start=i):
                m = _ANNEX.match(blocks[j].text.strip())
                if annex is not None:
                    annex_titles.append((annex.heading, _content_words(m.group(2) if m else "")))
                cands[j] = None
            i = after_index = run
        else:
            i += 1
    if annex_titles:
        start = after_index
        for heading, words in annex_titles:
            # the heading-like line that shares most of the title's words (the earliest among
            # equals), before the line that the next annex matches best
            best: tuple[float, int] | None = None
            for j in range(start, len(blocks)):
                ratio = _title_match(blocks[j], cands[j], words)
                if ratio and (best is None or ratio > best[0]):
                    best = (ratio, j)
            if best is not None:
                j = best[1]
                cands[j] = _Candidate(Heading(heading.label, heading.title, L_ANNEX), kind="annex")
                start = j + 1
    # "1. Tariffe e ISEE" then a paragraph: a short numbered title with text under it heads a unit
    # (a run of short numbered lines is a list or an index, and stays text)
    for i, c in enumerate(cands[:-1]):
        text, following = blocks[i].text.strip(), blocks[i + 1].text.strip()
        if (
            c is None
            and _NUMBERED_TITLE.match(text)
            and len(text.split()) <= 10
            and not _ends_sentence(text)
            and not _NUMBERED.match(following)
            and len(following) > 100
        ):
            cands[i] = _Candidate(Heading(_short(text), _short(text, 120), L_NUMBERED), kind="numbered")
    last_article = 0
    for i, c in enumerate(cands):
        if c and c.kind == "annex":
            last_article = 0
        elif c and c.kind == "article" and c.number is not None:
            if c.number <= last_article:
                cands[i] = None
            else:
                last_article = c.number
    return cands


def sections(source: str, blocks: list[Block]) -> list[Section]:
    """Group blocks into sections; every block lands in exactly one section."""
    cands = _resolve(blocks)
    path: list[Heading] = []
    groups: list[tuple[tuple[Heading, ...], list[Block]]] = []
    for block, cand in zip(blocks, cands):
        # transient units end when a block of another kind arrives
        while path and path[-1].level in TRANSIENT and not _continues(path[-1], block, cand):
            path.pop()
        if cand is not None and cand.kind == "recital" and any(h.label.startswith(("Sezione", "Art.")) for h in path):
            # "Premessa" inside a Sezione is that section's premise, not a new top-level unit
            cand = _Candidate(Heading(cand.heading.label, cand.heading.title, L_NUMBERED), kind="recital")
        if cand is not None:
            while path and path[-1].level >= cand.heading.level:
                path.pop()
            path.append(cand.heading)
        key = tuple(path)
        if groups and groups[-1][0] == key and cand is None:
            groups[-1][1].append(block)
        else:
            groups.append((key, [block]))
    return _fold_bare_headings([_section(source, key, blks) for key, blks in groups])


def _continues(unit: Heading, block: Block, cand: _Candidate | None) -> bool:
    if cand is not None:
        return False
    if unit.level == L_ROW:
        return block.kind == "row"
    if unit.level == L_LEAD:
        return block.kind == "item" and len(block.text) <= 200
    return False  # a note is one paragraph


def locator(path: tuple[Heading, ...]) -> str:
    """'Allegato 1 › Sezione 6 › 3.1 La matrice organizzativa': ancestors short, the unit in full."""
    if not path:
        return ""
    parts = [h.label if h.level in (L_ANNEX, L_ARTICLE) else _short(h.title, 50) for h in path[:-1]]
    return " › ".join(parts + [path[-1].title])


def _section(source: str, path: tuple[Heading, ...], blocks: list[Block]) -> Section:
    marks, offset = [], 0
    for b in blocks:
        marks.append((offset, b.page))
        marks.extend((offset + at, page) for at, page in b.breaks)
        offset += len(b.text) + 1
    pages = [b.page for b in blocks if b.page is not None]
    return Section(
        source=source,
        path=path,
        locator=locator(path),
        page_start=pages[0] if pages else None,
        page_end=pages[-1] if pages else None,
        text="\n".join(b.text for b in blocks),
        marks=tuple(marks),
    )


def _fold_bare_headings(secs: list[Section]) -> list[Section]:
    """A section that is only its heading line joins the unit it opens (its first child)."""
    out: list[Section] = []
    pending: Section | None = None
    for sec in secs:
        if pending is not None:
            if sec.path[: len(pending.path)] == pending.path and len(sec.path) > len(pending.path):
                shift = len(pending.text) + 1
                sec = Section(
                    sec.source,
                    sec.path,
                    sec.locator,
                    pending.page_start or sec.page_start,
                    sec.page_end,
                    pending.text + "\n" + sec.text,
                    ((0, pending.page_start),) + tuple((o + shift, p) for o, p in sec.marks),
                )
            else:
                out.append(pending)
            pending = None
        bare = sec.path and "\n" not in sec.text and len(sec.text) <= 200
        if bare:
            pending = sec
        else:
            out.append(sec)
    if pending is not None:
        out.append(pending)
    return out
