"""Pages of a PDF that are only images (a scanned, signed act) read by OCR: Tesseract's Italian
model through pytesseract, page by page, each within a time limit. The images are the ones the
page draws (a scanner puts one per page), taken out by pypdf; the text then goes through the same
cleaning as any PDF page."""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from assistant.core.errors import UnreadableFile

log = logging.getLogger(__name__)

LANGUAGE = "ita"
PAGE_SECONDS = 120  # one page's OCR, at most
MIN_SIDE = 300  # pixels: smaller images are logos and stamps, not pages
INSTALL = "installare Tesseract con il modello italiano (Debian/Ubuntu: apt install tesseract-ocr tesseract-ocr-ita)"


def missing() -> str:
    """What is missing for OCR, in Italian ("" when it can run)."""
    if shutil.which("tesseract") is None:
        return f"Tesseract non è installato: {INSTALL}"
    try:
        import pytesseract
    except ImportError:
        return "manca il pacchetto Python pytesseract: pip install pytesseract"
    try:
        languages = pytesseract.get_languages(config="")
    except Exception as exc:  # noqa: BLE001 - a broken installation raises several types
        return f"Tesseract non risponde ({type(exc).__name__}): {INSTALL}"
    if LANGUAGE not in languages:
        return f"manca il modello italiano di Tesseract: {INSTALL}"
    return ""


def page_images(page) -> list:
    """The page's images large enough to be the page itself (PIL images), in drawing order."""
    out = []
    try:
        for image in page.images:
            picture = image.image
            if picture is not None and min(picture.size) >= MIN_SIDE:
                out.append(picture)
    except Exception:  # noqa: BLE001 - pypdf raises many types on a damaged image; the page stays empty
        log.info("immagini della pagina illeggibili: pagina senza OCR", exc_info=True)
        return out
    return out


@contextmanager
def _one_thread_each():
    """Tesseract's OpenMP threads fight over two cores (5 pages: 34 s, 6 s with one thread
    each); the pages run side by side instead. Set only while Tesseract runs, then restored."""
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["OMP_THREAD_LIMIT"]
        else:
            os.environ["OMP_THREAD_LIMIT"] = before


# Tesseract reads a capital I at the start of a line or after a space as "|" ("| soggetti
# indicati …"): a bar alone before a word in small letters is that I (tables reach the cleaner as
# tabs, never as bars)
_BAR_FOR_I = re.compile(r"(?:(?<=^)|(?<=[\s(«\"]))\|(?=\s+[a-zà-ù])", re.MULTILINE)


def mended(text: str) -> str:
    """What Tesseract commonly misreads in Italian prose, put right."""
    return _BAR_FOR_I.sub("I", text)


def _read_image(picture, number: int) -> str:
    import pytesseract

    try:
        return mended(pytesseract.image_to_string(picture.convert("L"), lang=LANGUAGE, timeout=PAGE_SECONDS))
    except RuntimeError as exc:  # pytesseract's timeout
        raise UnreadableFile(f"OCR troppo lento a pagina {number} (oltre {PAGE_SECONDS} s)") from exc
    except pytesseract.TesseractError as exc:
        raise UnreadableFile(f"OCR non riuscito a pagina {number} (Tesseract ha dato l'errore {exc.status})") from exc


def ocr_pages(scans: dict[int, list], progress: Callable | None = None, label: str = "") -> dict[int, str]:
    """{page number: text} for `scans` ({page number: its images}), one Tesseract process per core."""
    images = [(n, picture) for n, pictures in scans.items() for picture in pictures]
    texts: dict[int, list[str]] = {n: [] for n in scans}
    bar = progress(total=len(scans), desc=f"  OCR di {label}", unit="pagine", leave=False) if progress else None
    left = {n: len(pictures) for n, pictures in scans.items()}
    try:
        with _one_thread_each(), ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            futures = [pool.submit(_read_image, picture, n) for n, picture in images]
            for (n, _), future in zip(images, futures):
                texts[n].append(future.result())
                left[n] -= 1
                if bar is not None and left[n] == 0:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return {n: "\n".join(parts) for n, parts in texts.items()}
