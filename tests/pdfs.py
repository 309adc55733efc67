"""Real PDFs made by the tests (fpdf2), with a running header and a page footer."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF


class _Doc(FPDF):
    header_text = "Comune di Prova - Accordo di programma 2024"

    def header(self):
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, self.header_text, new_x="LMARGIN", new_y="NEXT")

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, f"Pagina {self.page_no()} di {{nb}}", align="C")


def make_pdf(path: Path, pages: list[list[str]], header: str | None = None) -> Path:
    """Each page is a list of paragraphs; a paragraph may be a heading line."""
    pdf = _Doc()
    if header is not None:
        pdf.header_text = header
    pdf.alias_nb_pages()
    for paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for para in paragraphs:
            pdf.multi_cell(0, 6, para, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(path))
    return path


def make_image_only_pdf(path: Path, pages: int = 2) -> Path:
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_fill_color(120, 120, 120)
        pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(path.with_suffix(".plain.pdf"), [["Testo riservato dell'accordo."]])
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="segreta", owner_password="segreta", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


def make_scanned_pdf(path: Path, pages: list[list[str]], angle: float = 1.2) -> Path:
    """Each page's lines drawn in an image, turned, blurred and speckled like a scan: a PDF of
    images only (benchmarks.corpus_scan)."""
    from benchmarks.corpus_scan import scanned_pdf

    return scanned_pdf(path, pages, angle)


def make_table_pdf(path: Path, rows: list[list[str]], before: str = "", after: str = "", widths=None) -> Path:
    """A paragraph, a table drawn by fpdf2 as boxed cells (the first row its header; long tables
    run over the page break), a paragraph."""
    pdf = _Doc()
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    if before:
        pdf.multi_cell(0, 6, before, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=False) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    if after:
        pdf.ln(3)
        pdf.multi_cell(0, 6, after, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_ruled_table_pdf(path: Path, rows: list[list[str]], col_width: float = 60, row_height: float = 14) -> Path:
    """A table drawn as ruled lines (no boxes), its text placed line by line, as office suites do."""
    pdf = _Doc()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    x0, y0 = 15.0, 40.0
    n_cols = len(rows[0])
    for r in range(len(rows) + 1):
        pdf.line(x0, y0 + r * row_height, x0 + n_cols * col_width, y0 + r * row_height)
    for c in range(n_cols + 1):
        pdf.line(x0 + c * col_width, y0, x0 + c * col_width, y0 + len(rows) * row_height)
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            for k, line in enumerate(cell.split("\n")):
                pdf.text(x0 + c * col_width + 2, y0 + r * row_height + 5 + 4 * k, line)
    pdf.output(str(path))
    return path
