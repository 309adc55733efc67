"""Render the shipped Markdown corpus as PDFs (running header, 'Pagina N di M' footer), with a
manifest beside them, so that ingestion and answers can be measured over PDFs of the same
documents. `python -m benchmarks.corpus_pdf corpus OUT_DIR`"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from fpdf import FPDF

from ingest.tables import cell_text

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class _Pdf(FPDF):
    title_line = ""

    def header(self):
        self.set_font(self.family_name, size=8)
        self.cell(0, 6, self.title_line[:110], new_x="LMARGIN", new_y="NEXT")

    def footer(self):
        self.set_y(-12)
        self.set_font(self.family_name, size=8)
        self.cell(0, 6, f"Pagina {self.page_no()} di {{nb}}", align="C")


def _plain(text: str, unicode_font: bool) -> str:
    if not unicode_font:
        table = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-", "€": "EUR"}
        text = "".join(table.get(c, c) for c in text).encode("latin-1", "replace").decode("latin-1")
    return text


def render(md: Path, out: Path, title: str) -> Path:
    pdf = _Pdf()
    unicode_font = FONT.exists()
    if unicode_font:
        pdf.add_font("DejaVu", "", str(FONT))
        pdf.family_name = "DejaVu"
    else:
        pdf.family_name = "Helvetica"
    pdf.title_line = _plain(title, unicode_font)
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    table: list[list[str]] = []
    for para in re.split(r"\n\s*\n", md.read_text(encoding="utf-8")):
        lines = []
        for line in para.split("\n"):
            if "\t" in line:  # tables are drawn as tables, as in the original PDFs
                table.append([_plain(cell_text(x), unicode_font) for x in line.split("\t")])
                continue
            line = re.sub(r"</?[a-zA-Z][^>]*>", "", line).replace("**", "").lstrip("# ").strip()
            line = re.sub(r"^=+\s*|\s*=+$", "", line)
            if line:
                lines.append(_plain(line, unicode_font))
        if not lines:
            continue
        _table(pdf, table)
        table = []
        pdf.set_font(pdf.family_name, size=10)
        pdf.multi_cell(0, 5, "\n".join(lines), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    _table(pdf, table)
    pdf.output(str(out))
    return out


def _table(pdf: FPDF, rows: list[list[str]]) -> None:
    if not rows:
        return
    width = max(len(r) for r in rows)
    rows = [part for r in rows for part in _split_tall(r + [""] * (width - len(r)))]
    widths = (30, 70) if width == 2 else tuple([1] * width)
    pdf.set_font(pdf.family_name, size=8)
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=False) as t:
        for r in rows:
            row = t.row()
            for cell in r:
                row.cell(cell)
    pdf.ln(2)


def _split_tall(row: list[str], limit: int = 1200) -> list[list[str]]:
    """A row too tall for one page goes on in rows with an empty label, as page breaks do."""
    pieces = [_chunks(cell, limit) for cell in row]
    height = max(len(p) for p in pieces)
    return [[p[i] if i < len(p) else "" for p in pieces] for i in range(height)]


def _chunks(text: str, limit: int) -> list[str]:
    out, current = [], ""
    for sentence in re.split(r"(?<=[.;:])\s+", text):
        if current and len(current) + len(sentence) > limit:
            out.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    return out + [current] if current else out or [""]


def main() -> None:
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    dst.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))["documents"]
    out_manifest = {}
    for md in sorted(src.glob("*.md")):
        entry = manifest.get(md.name, {"title": md.stem})
        pdf = render(md, dst / (md.stem + ".pdf"), entry["title"])
        out_manifest[pdf.name] = entry
        print(pdf, file=sys.stderr)
    (dst / "manifest.json").write_text(
        json.dumps({"documents": out_manifest}, ensure_ascii=False, indent=1), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
