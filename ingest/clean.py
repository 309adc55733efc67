"""Text hygiene: pages -> clean blocks (paragraphs, list items, table rows, headings).

Removes what would otherwise leak into every passage: running headers and footers, page
numbers, hyphenation across lines, Markdown emphasis, HTML inside table cells."""

from __future__ import annotations

import re

from assistant.core.types import Block, Page

from .running import drop_repeated_headers, drop_running_lines, join_repeated_lines, letterhead_repeats
from .tables import is_table_line, render_table
from .text import TERMINAL, strip_markup, upper_share

_PAGE_WORD = re.compile(r"^pag(?:ina|\.)?(?:\s*\d{1,4}(?:\s*(?:di|/)\s*\d{1,4})?)?$", re.IGNORECASE)
_ITEM = re.compile(r"^(?:[-*•–·▪]|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s+")
_BULLET = re.compile(r"^\s*[-*•·▪]\s+")
_BOLD_LEAD = re.compile(r"^-\s+\*\*(.{3,120}?)\*\*")  # "- **Tavolo Tecnico:** persegue …"
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_DECORATION = re.compile(r"^[=\-_*~]{3,}$")


def clean(pages: list[Page]) -> list[Block]:
    """Cleaned blocks of a document, each with the page on which it starts."""
    pages = drop_running_lines(pages)
    lines = _dehyphenate(_lines_with_pages(pages))
    paged = any(p.page is not None for p in pages) and not _has_blank_lines(lines)
    blocks = _pdf_blocks(lines) if paged else _markdown_blocks(lines)
    blocks = _merge_broken_paragraphs(blocks)
    return drop_repeated_headers(blocks)


# ---------------------------------------------------------------- lines and hyphenation


def _lines_with_pages(pages: list[Page]) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    for page in pages:
        text = page.text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
        out.extend((line.rstrip(" "), page.page) for line in text.split("\n"))
    return out


def _has_blank_lines(lines: list[tuple[str, int | None]]) -> bool:
    return sum(1 for line, _ in lines if not line.strip()) > len(lines) // 20


def _dehyphenate(lines: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """'prog-' + 'rammazione' -> 'programmazione' when a line ends in a word cut by a hyphen."""
    out = list(lines)
    i = 0
    while i < len(out) - 1:
        line, page = out[i]
        following = out[i + 1][0].lstrip()
        if re.search(r"[a-zà-ù]{2}-$", line) and following[:1].islower():
            head, _, rest = following.partition(" ")
            out[i] = (line[:-1] + head, page)
            if rest:
                out[i + 1] = (rest, out[i + 1][1])
            else:
                del out[i + 1]
        i += 1
    return out


# ---------------------------------------------------------------- blocks from Markdown / text


def _markdown_blocks(lines: list[tuple[str, int | None]]) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    para_page: int | None = None
    i = 0

    def flush() -> None:
        nonlocal para, para_page
        if para:
            text = strip_markup(" ".join(part.strip() for part in para))
            if text and not _DECORATION.match(text) and not _PAGE_WORD.match(text):
                kind = "item" if _ITEM.match(para[0].strip()) and _BULLET.match(para[0]) else "para"
                bold = _BOLD_LEAD.match(para[0]) if kind == "item" else None
                lead = strip_markup(bold.group(1)).strip(" :–-") if bold else ""
                blocks.append(Block(text, para_page, kind, lead))
        para, para_page = [], None

    while i < len(lines):
        line, page = lines[i]
        if is_table_line(line):
            flush()
            table, i = _collect_table(lines, i)
            blocks.extend(render_table(table))
            continue
        stripped = line.strip()
        if not stripped:
            flush()
        elif _MD_HEADING.match(stripped):
            flush()
            text = strip_markup(_MD_HEADING.sub("", stripped).strip("# "))
            if text:
                blocks.append(Block(text, page, "heading"))
        elif _DECORATION.match(stripped):
            flush()
        elif _BULLET.match(line) or (
            # an item under a bulleted one, or a lettered item after a line that ends its clause
            # ("a) realizzare le azioni …;" / "b) alimentare il sistema …")
            para and _ITEM.match(stripped) and (_BULLET.match(para[0]) or para[-1].rstrip().endswith((";", ":", ".")))
        ):
            flush()
            para, para_page = [_strip_bullet(line)], page
        else:
            stripped = re.sub(r"^=+\s*|\s*=+$", "", stripped)  # '==== Città di ====' decorations
            if not para:
                para_page = page
            para.append(stripped)
        i += 1
    flush()
    return blocks


def _strip_bullet(line: str) -> str:
    """Normalise any bullet to '- ' and keep nested items readable."""
    return "- " + _BULLET.sub("", line).strip()


def _collect_table(lines: list[tuple[str, int | None]], start: int) -> tuple[list[tuple[str, int | None]], int]:
    """Consecutive tab lines; blank lines inside the table (page breaks) do not end it."""
    rows: list[tuple[str, int | None]] = []
    i = start
    while i < len(lines):
        line, page = lines[i]
        if is_table_line(line):
            rows.append((line, page))
            i += 1
            continue
        if not line.strip():
            j = i
            while j < len(lines) and not lines[j][0].strip():
                j += 1
            if j < len(lines) and is_table_line(lines[j][0]):
                i = j
                continue
        break
    return rows, i


# ---------------------------------------------------------------- blocks from PDF text


def _pdf_blocks(lines: list[tuple[str, int | None]]) -> list[Block]:
    """PDF text has no blank lines between paragraphs: rebuild them from line shapes."""
    widths = sorted(len(line) for line, _ in lines if line.strip())
    full = widths[int(len(widths) * 0.9)] if widths else 80
    lines, titles = _without_repeats(lines, int(0.75 * full))
    blocks: list[Block] = []
    para: list[str] = []
    page0: int | None = None
    turns: list[tuple[str, int]] = []  # lines of the paragraph that open another page

    def flush() -> None:
        nonlocal para, page0, turns
        if para:
            text = strip_markup(" ".join(para))
            if text:
                kind = "item" if _BULLET.match(para[0]) else "para"
                blocks.append(Block(text, page0, kind, breaks=_breaks(text, turns)))
        para, page0, turns = [], None, []

    table_end = 0
    for n, (line, page) in enumerate(lines):
        if n < table_end:  # read with the table above
            continue
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if n in titles:  # a repeated title stands alone (drop_repeated_headers keeps the first)
            flush()
            blocks.append(Block(strip_markup(stripped), page, "para"))
            continue
        if is_table_line(line):  # a table's rows, over page breaks, read together (header, labels)
            flush()
            table, table_end = _collect_table(lines, n)
            blocks.extend(render_table(table))
            continue
        starts_unit = bool(_BULLET.match(stripped) or _ITEM.match(stripped) or _looks_like_heading(stripped))
        if para and starts_unit:
            flush()
        if not para:
            page0 = page
        elif page is not None and page != (turns[-1][1] if turns else page0):
            turns.append((strip_markup(stripped), page))
        para.append(_strip_bullet(stripped) if _BULLET.match(stripped) else stripped)
        short = len(stripped) < 0.75 * full
        structural = bool(_STRUCTURAL.match(stripped)) and len(para) == 1
        # justified text fills every line but a paragraph's last: a line that ends a sentence
        # and stops short of the margin ends the paragraph
        ends_paragraph = stripped.endswith(TERMINAL) and len(stripped) < 0.9 * full
        # "- Cabina di Regia …:" then "garantisce la programmazione …": a colon the sentence runs on from
        following = lines[n + 1][0].lstrip() if n + 1 < len(lines) else ""
        ends_paragraph = ends_paragraph and not (stripped.endswith(":") and following[:1].islower())
        # a list item whose line stops well short of the margin is over ("- CGIL Milano", then
        # "AFOL Metropolitana"), or short of it with a capital next ("- … all'art 8", then "In
        # particolare, i Comuni:"); a wrapped line fills the line
        ends_paragraph = ends_paragraph or (
            (_BULLET.match(para[0]) is not None or (len(para) == 1 and _ITEM.match(para[0]) is not None))
            and (len(stripped) < 0.6 * full or (len(stripped) < 0.8 * full and following[:1].isupper()))
        )
        if ends_paragraph or ((short or structural) and _looks_like_heading(stripped)):
            flush()  # a heading line stands alone even when it fills the line
    flush()
    return _join_wrapped_labels(blocks)


def _breaks(text: str, turns: list[tuple[str, int]]) -> tuple[tuple[int, int], ...]:
    """Where the lines that open another page begin in the paragraph's text."""
    out, cursor = [], 0
    for line, page in turns:
        at = text.find(line[:40], cursor) if line else -1
        if at > 0:
            out.append((at, page))
            cursor = at
    return tuple(out)


def _without_repeats(lines: list[tuple[str, int | None]], short: int) -> tuple[list[tuple[str, int | None]], set[int]]:
    """Later copies of the letterhead out; repeated (possibly wrapped) titles joined and marked."""
    drop = letterhead_repeats([line.strip() for line, _ in lines], short)
    return join_repeated_lines([pair for i, pair in enumerate(lines) if i not in drop])


def _join_wrapped_labels(blocks: list[Block]) -> list[Block]:
    """An upper-case label wrapped over lines in a table cell ("L'OBIETTIVO E' TRASVERSALE ED",
    "INTEGRATO CON ALTRE AREE DI", "POLICY") is one label."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _is_caps_label(prev.text)
            and not re.search(r"[\d€]$|€", prev.text)  # "… PREVENTIVATE € 203.000,00" is label and value
            and _is_caps_label(block.text)
            and not _STRUCTURAL.match(block.text)
            and len(prev.text) + len(block.text) < 150
        ):
            out[-1] = Block(prev.text + " " + block.text, prev.page, prev.kind)
        else:
            out.append(block)
    return out


def _is_caps_label(text: str) -> bool:
    share, letters = upper_share(text)
    return len(text) <= 60 and letters >= 2 and share > 0.8 and not text.endswith(TERMINAL)


_STRUCTURAL = re.compile(r"^(art(\.|icolo)\s*\d+|\.?sezione\s+\d+|allegato\s+\w+|premessa\b|\d+(\.\d+)+\.?\s)", re.I)


def _looks_like_heading(line: str) -> bool:
    if len(line) > 120 or line.endswith((".", ";", ",")):
        return False
    if _STRUCTURAL.match(line):
        return True
    share, letters = upper_share(line)
    return letters >= 4 and share > 0.8


# ---------------------------------------------------------------- repairs across blocks


def _merge_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """A paragraph that starts in lowercase continues the previous one (a page break split it)."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and block.kind == "para"
            and prev.kind in ("para", "item")
            and block.text[:1].islower()
            and len(prev.text) > 60
            and not prev.text.endswith(TERMINAL)
        ):
            shift = len(prev.text) + 1
            last = prev.breaks[-1][1] if prev.breaks else prev.page
            turn = ((shift, block.page),) if block.page is not None and block.page != last else ()
            breaks = prev.breaks + turn + tuple((shift + at, page) for at, page in block.breaks)
            out[-1] = Block(prev.text + " " + block.text, prev.page, prev.kind, prev.label, breaks)
        else:
            out.append(block)
    return out
