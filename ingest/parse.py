"""File -> passages, pure (no store involved): read, clean, structure, chunk, with what the
document is. Files that can be built to exhaust time or memory are read through sandbox.py."""

from __future__ import annotations

from pathlib import Path

from assistant.core.errors import UnreadableFile
from assistant.core.types import Passage

from .chunk import passages as make_passages
from .clean import clean
from .manifest import document_info
from .readers import read
from .structure import sections


def parse(path: Path, progress=None) -> list[Passage]:
    """UnreadableFile, with the reason in Italian, when nothing usable is left. `progress`: a
    tqdm-compatible factory for long reads (the OCR of a scan)."""
    blocks = clean(read(path, progress))
    found = make_passages(sections(path.name, blocks), document_info(path, blocks))
    if not found:
        raise UnreadableFile("nessun testo utilizzabile dopo la pulizia")
    return found
