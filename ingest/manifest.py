"""What a document is (title, territory, type, date, parties), from the `manifest.json` beside it where
it speaks, else from the text itself (docfacts.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from assistant.core.types import Block, DocumentInfo, Passage

from .docfacts import Reading, guess_type

MANIFEST = "manifest.json"
FIELDS = ("title", "territory", "type", "date", "parties")


def manifest_entry(path: Path) -> dict:
    """What the manifest beside `path` says of it ({} when nothing): recorded at ingest, so that
    an edit to it is followed by the next ingest."""
    manifest = path.parent / MANIFEST
    try:
        stat = manifest.stat()
    except OSError:
        return {}
    data = _read_manifest(str(manifest), stat.st_mtime_ns, stat.st_size)
    documents = data.get("documents", {}) if isinstance(data, dict) else {}
    entry = documents.get(path.name, {}) if isinstance(documents, dict) else {}
    if not isinstance(entry, dict):
        return {}
    # parties: a list, or one string with the parties separated by ";"
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else str(v) for k in FIELDS if (v := entry.get(k))}


@lru_cache(maxsize=8)  # read once per folder and version, not once per file (500 files: 500 readings)
def _read_manifest(path: str, mtime_ns: int, size: int) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def store_edits(store: Path) -> dict[str, dict]:
    """The entries a person edited in the app (title, territory, type), kept in the store's own
    `manifest.json` in the same form as a folder's: file name -> fields. They win over the
    folder's manifest and the text, at every ingest."""
    try:
        data = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    documents = data.get("documents", {}) if isinstance(data, dict) else {}
    return {k: v for k, v in documents.items() if isinstance(v, dict)} if isinstance(documents, dict) else {}


def with_edits(p: Passage, edited: dict[str, str]) -> Passage:
    """A passage with the title, territory and type a person set in the app."""
    if not edited:
        return p
    return replace(
        p,
        title=edited.get("title") or p.title,
        territory=edited.get("territory") or p.territory,
        doc_type=edited.get("type") or p.doc_type,
    )


def document_info(path: Path, blocks: list[Block]) -> DocumentInfo:
    entry = manifest_entry(path)
    text = Reading(blocks)
    return DocumentInfo(
        source=path.name,
        title=entry.get("title") or text.title(path.stem),
        territory=entry.get("territory") or text.territory(),
        doc_type=entry.get("type") or guess_type("\n".join(b.text for b in blocks[:40])),
        date=entry.get("date") or text.date(),
        parties=tuple(p.strip() for p in entry["parties"].split(";") if p.strip())
        if entry.get("parties")
        else text.parties(),
    )
