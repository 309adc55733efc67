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
