"""File -> passages, pure (no store involved): read, clean, structure, chunk, with what the
document is; in the reading worker for the formats that can be built to exhaust time or memory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import UnreadableFile
from assistant.types import Passage

from .chunk import passages as make_passages
from .clean import clean
from .manifest import document_info
from .readers import read
from .structure import sections

if TYPE_CHECKING:
    from .sandbox import Sandbox

# formats read in the worker (a PDF or a zip can be built to exhaust time or memory); plain text
# and Markdown are read in place
SANDBOXED = {".pdf", ".docx", ".odt", ".html", ".htm"}


def parse(path: Path, progress=None) -> list[Passage]:
    """UnreadableFile, with the reason in Italian, when nothing usable is left. `progress`: a
    tqdm-compatible factory for long reads (the OCR of a scan)."""
    blocks = clean(read(path, progress))
    found = make_passages(sections(path.name, blocks), document_info(path, blocks))
    if not found:
        raise UnreadableFile("nessun testo utilizzabile dopo la pulizia")
    return found


def parse_safely(path: Path, sandbox: Sandbox, progress=None) -> list[Passage]:
    """`parse`, in the sandbox's worker for the formats that can be built to exhaust time or memory."""
    return sandbox.parse(path, progress) if path.suffix.lower() in SANDBOXED else parse(path, progress)
