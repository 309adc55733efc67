"""Tables in a PDF page as rows: cells found from the rules and boxes the page draws.

pypdf reads a table's text in the order it was drawn, usually column by column, so a row's
cells end up lines apart ("Promuovere occasioni di … Oltre alla presenza …"). Its layout mode
keeps the columns but not the rows: cells of different heights interleave their lines. Here
the page is read once with pypdf's visitors: the text as pypdf gives it, each piece with its
position, and the rectangles and line segments the page strokes or fills. Where those edges
form a grid (at least two columns and two rows), the text inside it becomes one tab-separated
line per row, put where the table's first text was; the rest of the page keeps pypdf's text
unchanged. The cleaner then reads those lines as it reads a converter's table rows
(ingest/tables.py: "OBIETTIVO: …; AZIONI: …").
"""

from __future__ import annotations

from dataclasses import dataclass, field

SNAP = 2.0  # points: edges this close are the same rule
MIN_CELL = 6.0  # points: narrower bands are double rules, not rows or columns
MAX_SHAPES = 2000  # a page drawing more (a chart, a map) is read as text, without looking for tables


@dataclass
class _Grid:
    xs: list[float]
    ys: list[float]  # top to bottom
    cells: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] - SNAP <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0] + SNAP):
            return None
        col = max(i for i, edge in enumerate(self.xs[:-1]) if x >= edge - SNAP)
        row = max(i for i, edge in enumerate(self.ys[:-1]) if y <= edge + SNAP)
        return row, col

    def rows(self) -> list[str]:
        out = []
        for r in range(len(self.ys) - 1):
            cells = [_cell(self.cells.get((r, c), [])) for c in range(len(self.xs) - 1)]
            if any(cells):
                out.append("\t".join(cells))
        return out


def _cell(lines: list[str]) -> str:
    """A cell's lines as one line; a bullet starts a line of its own (cell_text reads <br>)."""
    text = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if not text:
            text = line
        elif line[0] in "-•–" and line[1:2] == " ":
            text += "<br>" + line
        elif text.endswith("-") and line[0].islower():
            text = text[:-1] + line
        else:
            text += " " + line
    return text


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _grids(boxes: list[tuple[float, float, float, float]]) -> list[_Grid]:
    """Boxes (x0, y0, x1, y1, from rectangles and segments alike) -> grids of cells.

    Boxes that touch belong to one table; a table's rules are the edges of its boxes, a thin
    box (a rule drawn as a filled rectangle, or a segment) counting as one edge."""
    groups: list[list[tuple[float, float, float, float]]] = []
    for box in sorted(boxes, key=lambda b: (-b[3], b[0])):
        touching = [g for g in groups if any(_touch(box, other) for other in g)]
        merged = [box] + [b for g in touching for b in g]
        groups = [g for g in groups if g not in touching] + [merged]
    grids = []
    for group in groups:
        xs, ys = [], []
        for x0, y0, x1, y1 in group:
            if x1 - x0 >= MIN_CELL:
                ys += [y0, y1] if y1 - y0 >= MIN_CELL else [(y0 + y1) / 2]
            if y1 - y0 >= MIN_CELL:
                xs += [x0, x1] if x1 - x0 >= MIN_CELL else [(x0 + x1) / 2]
        xs = _snap(xs)
        ys = _snap(ys)
        xs = [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] >= MIN_CELL]
        ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] >= MIN_CELL]
        if len(xs) >= 3 and len(ys) >= 3:  # two columns and two rows at least
            grids.append(_Grid(xs, ys[::-1]))
    return grids


def _touch(a, b) -> bool:
    return a[0] <= b[2] + SNAP and b[0] <= a[2] + SNAP and a[1] <= b[3] + SNAP and b[1] <= a[3] + SNAP


def page_text(page) -> str:
    """The page's text as pypdf reads it, with each ruled table as tab-separated rows."""
    boxes: list[tuple[float, float, float, float]] = []
    pen: list[tuple[float, float]] = []

    def before(op, args, cm, tm):
        if op == b"re" and len(args) == 4:
            x, y, w, h = (float(a) for a in args)
            corners = [_apply(cm, x, y), _apply(cm, x + w, y + h)]
            boxes.append(_box(corners))
        elif op == b"m" and len(args) == 2:
            pen[:] = [_apply(cm, float(args[0]), float(args[1]))]
        elif op == b"l" and len(args) == 2 and pen:
            end = _apply(cm, float(args[0]), float(args[1]))
            boxes.append(_box([pen[0], end]))
            pen[:] = [end]

    pieces: list[tuple[str, float, float]] = []

    def text(chunk, cm, tm, font, size):
        x, y = _apply(cm, tm[4], tm[5])
        pieces.append((chunk, x, y))

    plain = page.extract_text(visitor_operand_before=before, visitor_text=text) or ""
    if not 4 <= len(boxes) <= MAX_SHAPES:
        return plain
    grids = _grids(boxes)
    if not grids:
        return plain
    return _rebuild(pieces, grids)


def _box(corners) -> tuple[float, float, float, float]:
    (ax, ay), (bx, by) = corners
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _rebuild(pieces: list[tuple[str, float, float]], grids: list[_Grid]) -> str:
    out: list[str] = []
    placed: set[int] = set()
    current: tuple[int, tuple[int, int]] | None = None  # the grid and cell the last text went to
    broken = False  # a line ended since the last text
    for chunk, x, y in pieces:
        if not chunk:
            continue
        if chunk.strip() == "" and "\n" in chunk:
            if current is None:
                out.append(chunk)
            broken = True
            continue
        where = next(((g, cell) for g, grid in enumerate(grids) if (cell := grid.locate(x, y))), None)
        if where is None and current is not None and (x, y) == (0.0, 0.0):
            where = current  # a piece without a position of its own continues the last one
        if where is None:
            current, broken = None, False
            out.append(chunk)
            continue
        g, cell = where
        lines = grids[g].cells.setdefault(cell, [])
        if current == where and lines and not broken:
            lines[-1] += chunk
        else:
            lines.append(chunk)
        current, broken = where, False
        if g not in placed:
            placed.add(g)
            if out and not out[-1].endswith("\n"):
                out.append("\n")
            out.append(f"\0table{g}\0\n")
    text = "".join(out)
    for g in placed:
        text = text.replace(f"\0table{g}\0", "\n".join(grids[g].rows()))
    return text
