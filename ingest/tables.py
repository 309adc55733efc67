"""Tables from the converter (tab-separated cells with HTML inside) -> readable rows.

Three shapes occur in administrative documents:
- headed tables, a label column and a value column ("TITOLO OBIETTIVO | Sostegno del lavoro"):
  each row becomes "LABEL: value" and keeps its label, so structure can make it a unit;
- tables with a header row ("OBIETTIVO | AZIONI | ESITO"): each row repeats the column names,
  "OBIETTIVO: …; AZIONI: …", so a row read alone still says what each cell is;
- anything else: cells joined by " | ".

A cell of paragraphs goes to the end of its row, so that the row's first line holds its short
cells together ("Organo: Direzione Strategica; Componenti: Tavolo Tecnico; Tempi: Ogni 3 mesi;
Processi in capo: …").
"""

from __future__ import annotations

import re
import statistics

from assistant.core.types import Block

from .text import strip_markup, upper_share

Row = list[str]


def is_table_line(line: str) -> bool:
    return "\t" in line and any(cell.strip() for cell in line.split("\t"))


def cell_text(raw: str) -> str:
    """HTML inside a cell -> plain text; paragraphs and list items on their own lines."""
    text = re.sub(r"</p>\s*<p>|<br\s*/?>|</?p>", "\n", raw, flags=re.IGNORECASE)
    text = re.sub(r"<li[^>]*>", "\n- ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*•\s+", "\n- ", text)
    lines = [strip_markup(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _is_separator(cells: Row) -> bool:
    return all(re.fullmatch(r"[-–—:| ]*", c) for c in cells)


def _label_like(cell: str) -> bool:
    share, letters = upper_share(cell)
    return letters >= 3 and len(cell) <= 160 and share >= 0.7


def _numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[-+€%\s\d.,]+", cell)) and any(ch.isdigit() for ch in cell)


def render_table(lines: list[tuple[str, int | None]]) -> list[Block]:
    rows: list[tuple[Row, int | None]] = []
    for line, page in lines:
        cells = [cell_text(c) for c in line.split("\t")]
        if any(cells) and not _is_separator(cells):
            rows.append((cells, page))
    if not rows:
        return []
    out: list[Block] = []
    # leading rows with one filled cell are captions ("POPOLAZIONE ANZIANA RESIDENTE 31.12.2020")
    while rows and sum(1 for c in rows[0][0] if c) == 1 and len(rows) > 1 and not _is_headed(rows):
        cells, page = rows.pop(0)
        out.append(Block(next(c for c in cells if c), page, "para"))
    if not rows:
        return out
    if _is_headed(rows):
        return out + _headed_rows(rows)
    header, page = rows[0]
    if len(rows) > 1 and _is_header(header):
        return out + _rows_with_header(header, rows[1:])
    return out + [Block(" | ".join(c for c in cells if c), page, "row") for cells, page in rows]


def _is_headed(rows: list[tuple[Row, int | None]]) -> bool:
    """Label cell on the left, mostly one value per row, values not numeric."""
    labelled = [cells for cells, _ in rows if cells[0]]
    if len(labelled) < 2:
        return False
    label_share = sum(_label_like(c[0]) for c in labelled) / len(labelled)
    filled = [sum(1 for c in cells if c) for cells, _ in rows]
    values = [c for cells, _ in rows for c in cells[1:] if c]
    numeric_share = sum(_numeric(v) for v in values) / len(values) if values else 1
    return label_share >= 0.6 and statistics.median(filled) <= 3 and numeric_share < 0.5


def _is_header(cells: Row) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(len(c) <= 60 and not _numeric(c) or re.fullmatch(r"\d{4}", c) for c in filled)


def _headed_rows(rows: list[tuple[Row, int | None]]) -> list[Block]:
    out: list[Block] = []
    for cells, page in rows:
        label_parts = [cells[0]]
        rest = cells[1:]
        # a label cut in two by the converter ("RISORSE PERSONALE DEDICATE | DI | …")
        while len(rest) > 1 and rest[0] and _label_like(rest[0]) and len(rest[0]) <= 20:
            label_parts.append(rest.pop(0))
        value = "\n".join(c for c in rest if c)
        label = " ".join(p for p in label_parts if p).replace("\n", " ").strip()
        if not label and out:
            prev = out[-1]  # continuation of the previous row's value, split by a page break
            out[-1] = Block(prev.text + "\n" + value, prev.page, "row", prev.label)
            continue
        text = f"{label}: {value}" if value else label
        out.append(Block(text, page, "row", label.rstrip("?: ")))
    return out


def _rows_with_header(header: Row, rows: list[tuple[Row, int | None]]) -> list[Block]:
    out: list[Block] = []
    names = [h.replace("\n", " ") for h in header]
    for cells, page in rows:
        cells = cells + [""] * (len(names) - len(cells))
        # the first column holds row names: "Cassano — 2015: 18.880; 2016: 18.911"
        named = 1 if not names[0] and cells[0] else 0
        # a cell of paragraphs goes last: its lines would cut the row, and the cells after it (a
        # frequency, a figure) would be read apart from the row's name on its first line
        pairs = sorted(zip(names[named:], cells[named:]), key=lambda nc: "\n" in nc[1])
        text = "; ".join(f"{n}: {c}" if n else c for n, c in pairs if c)
        if named:
            text = f"{cells[0]} — {text}"
        extra = [c for c in cells[len(names) :] if c]
        if extra:
            text += "; " + "; ".join(extra)
        out.append(Block(text, page, "row"))
    return out
