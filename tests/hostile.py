"""Files built to exhaust time or memory, made by the tests themselves."""

from __future__ import annotations

import zlib
from pathlib import Path


def pdf_of(path: Path, objects: list[bytes]) -> Path:
    """A PDF of these objects (1 0 obj is the catalog), with its cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path


def raw_pdf(path: Path, content: bytes) -> Path:
    """A one-page PDF whose content stream is `content`, compressed."""
    data = zlib.compress(content, 9)
    return pdf_of(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            (
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>"
            ),
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
    )


def cyclic_pdf(path: Path) -> Path:
    """A page tree whose node lists itself among its children."""
    return pdf_of(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ],
    )


def nested_pdf(path: Path, depth: int = 100_000) -> Path:
    """A page carrying an array nested a hundred thousand deep."""
    deep = b"[" * depth + b"]" * depth
    return pdf_of(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Deep " + deep + b" >>",
        ],
    )


def inflating_pdf(path: Path, megabytes: int = 200) -> Path:
    """A PDF of a few hundred KB whose content stream inflates to `megabytes` of zeros."""
    return raw_pdf(path, b"BT /F1 12 Tf 72 720 Td (Testo) Tj ET\n" + b"\0" * (megabytes * 1024 * 1024))


def many_pages_pdf(path: Path, pages: int = 20000) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def crowded_page(path: Path, paragraphs: int = 400_000) -> Path:
    """An HTML page of hundreds of thousands of paragraphs: hundreds of MB once read."""
    body = "".join(f"<p>parola numero {i} del testo</p>" for i in range(paragraphs))
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return path
