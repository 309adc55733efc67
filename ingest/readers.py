"""File -> pages. The only module that imports pypdf (and python-docx).

Every failure becomes `UnreadableFile` with an Italian reason, so the pipeline can skip the
file and go on."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.core.errors import UnreadableFile
from assistant.core.types import Page

from .office import checked_zip, html_text, odt_text

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx", ".odt"}
_CONTROL_OK = {"\n", "\r", "\t", "\f"}
MAX_TEXT_CHARS = 30_000_000  # a hundred times the longest accordo di programma


def read(path: Path, progress=None) -> list[Page]:
    """Read a file into pages; raises UnreadableFile with the reason in Italian. `progress`: a
    tqdm-like factory for long reads (the OCR of a scan, page by page)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableFile(
            f"formato non supportato ({suffix or 'senza estensione'}): "
            "si accettano PDF, Markdown, testo, DOCX, ODT (LibreOffice) e pagine HTML"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"impossibile leggere il file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableFile("file vuoto")
    if suffix == ".pdf":
        pages = _read_pdf(path, data, progress)
    elif suffix == ".docx":
        pages = _read_docx(path, data)
    elif suffix == ".odt":
        pages = [Page(path.name, None, odt_text(data))]
    elif suffix in HTML_SUFFIXES:
        text = html_text(data, decode_text)
        if not _reads_as_text(text):
            raise UnreadableFile("il file sembra binario, non una pagina HTML (estensione sbagliata?)")
        pages = [Page(path.name, None, text)]
    else:
        pages = _read_text(path, data)
    if not any(p.text.strip() for p in pages):
        raise UnreadableFile("il file non contiene testo")
    chars = sum(len(p.text) for p in pages)
    if chars > MAX_TEXT_CHARS:
        raise UnreadableFile(
            f"testo troppo grande: {chars // 1_000_000} milioni di caratteri (limite {MAX_TEXT_CHARS // 1_000_000})"
        )
    return pages


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else the legacy Windows/Latin-1 encodings."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("codifica del testo non riconosciuta")  # latin-1 never fails; kept for clarity


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:4096]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in _CONTROL_OK)
    return control > max(4, len(sample) // 100)


def _reads_as_text(text: str) -> bool:
    """No NUL or run of control characters, and words separated by spaces, mostly letters and
    digits, no C1 control characters (what the Latin-1 fallback makes of bytes that are not
    text): not random bytes under a text extension."""
    if _looks_binary(text):
        return False
    sample = text[:20000]
    chars = [c for c in sample if not c.isspace()]
    if len(chars) < 200:
        return True  # too little to judge; empty is said elsewhere
    tokens = sample.split()
    return (
        (len(sample) - len(chars)) / len(sample) >= 0.04
        and sum(len(t) > 30 for t in tokens) <= 0.3 * len(tokens)
        and sum(c.isalnum() for c in chars) >= 0.5 * len(chars)
        and sum("\x80" <= c <= "\x9f" for c in chars) <= 0.005 * len(chars)
    )


def _read_text(path: Path, data: bytes) -> list[Page]:
    text = decode_text(data)
    if not _reads_as_text(text):
        raise UnreadableFile("il file sembra binario, non testo (estensione sbagliata?)")
    # A form feed marks a page break in text exported from PDF; otherwise there are no pages.
    parts = text.split("\f")
    if len(parts) == 1:
        return [Page(path.name, None, text)]
    return [Page(path.name, i, part) for i, part in enumerate(parts, start=1)]


def _read_pdf(path: Path, data: bytes, progress=None) -> list[Page]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError

    from .pdftables import page_text

    if not data.lstrip().startswith(b"%PDF"):
        raise UnreadableFile("non è un PDF valido (intestazione %PDF mancante)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported crypto
                raise UnreadableFile("PDF protetto da password: sbloccarlo prima di caricarlo") from exc
            if not ok:
                raise UnreadableFile("PDF protetto da password: sbloccarlo prima di caricarlo")
        pages = [Page(path.name, i, page_text(page)) for i, page in enumerate(reader.pages, start=1)]
        pages = _with_ocr(path, reader.pages, pages, progress)
    except UnreadableFile:
        raise
    except LimitReachedError as exc:  # a stream that inflates to gigabytes, millions of operators
        raise UnreadableFile(
            "PDF sospetto: un suo flusso supera i limiti di lettura (troppo grande una volta decompresso, "
            "o con troppe istruzioni)"
        ) from exc
    except FileNotDecryptedError as exc:
        raise UnreadableFile("PDF protetto da password: sbloccarlo prima di caricarlo") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise UnreadableFile(f"PDF danneggiato o troncato ({type(exc).__name__})") from exc
    if not pages:
        raise UnreadableFile("PDF senza pagine")
    if not any(p.text.strip() for p in pages):
        raise UnreadableFile(
            f"il PDF non ha testo selezionabile né immagini da leggere con l'OCR ({len(pages)} pagine)"
        )
    return pages


def _with_ocr(path: Path, pdf_pages, pages: list[Page], progress) -> list[Page]:
    """Pages with no text of their own but an image as large as a page (a scan) read by OCR;
    without Tesseract, a scan is skipped with what to install (a PDF with some text keeps it)."""
    from .ocr import missing, ocr_pages, page_images

    scans = {p.page: page_images(pdf_pages[p.page - 1]) for p in pages if p.page and len(p.text.strip()) < 20}
    scans = {n: images for n, images in scans.items() if images}
    if not scans:
        return pages
    lacking = missing()
    if lacking:
        if any(p.text.strip() for p in pages):
            return pages
        raise UnreadableFile(
            f"il PDF è una scansione ({len(scans)} pagine di sole immagini): serve l'OCR, ma {lacking}"
        )
    read_by_ocr = ocr_pages(scans, progress, path.name)
    # Tesseract puts blank lines where it guesses a paragraph ends, often inside a sentence: the
    # lines alone go to the cleaner, which rebuilds paragraphs from their shapes as for any PDF
    return [
        Page(p.source, p.page, re.sub(r"\n\s*\n", "\n", read_by_ocr[p.page]) if p.page in read_by_ocr else p.text)
        for p in pages
    ]


def _read_docx(path: Path, data: bytes) -> list[Page]:
    import io
    import zipfile

    try:
        import docx  # python-docx
    except ImportError as exc:  # optional dependency
        raise UnreadableFile("per i file DOCX serve il pacchetto python-docx") from exc
    checked_zip(data, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile("DOCX danneggiato o non valido") from exc
    lines: list[str] = []
    for para in document.paragraphs:
        style = (para.style.name or "").lower() if para.style is not None else ""
        text = para.text.strip()
        if not text:
            lines.append("")
        elif style.startswith("heading") or style.startswith("titolo"):
            lines.extend(["", "# " + text, ""])
        elif style.startswith("list"):
            lines.append("- " + text)
        else:
            lines.extend([text, ""])
    for table in document.tables:
        lines.append("")
        for row in table.rows:
            lines.append("\t".join(cell.text.replace("\n", "<br>") for cell in row.cells))
    return [Page(path.name, None, "\n".join(lines))]
