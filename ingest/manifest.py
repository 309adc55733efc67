"""What a document is (title, territory, type, date), from the `manifest.json` beside it or,
for a file it does not list, from the text itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.types import Block, DocumentInfo

MANIFEST = "manifest.json"

_TYPES = [
    ("accordo di programma", r"accordo di programma"),
    ("atto d'intesa", r"atto d[i'’] ?intesa|protocollo d[i'’] ?intesa"),
    ("avviso", r"\bavviso pubblico\b|\bavviso\b"),
    ("integrazione di programma", r"\bintegrazione allegato\b|programma di intervento"),
    ("protocollo/indirizzi", r"\bprotocollo\b|\bindirizzi\b"),
]


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("documents", {}) if isinstance(data, dict) else {}


def guess_type(text: str) -> str:
    head = text[:3000].lower()
    for name, pattern in _TYPES:
        if re.search(pattern, head):
            return name
    return ""


def document_info(path: Path, blocks: list[Block]) -> DocumentInfo:
    entry = _read_manifest(path.parent).get(path.name, {})
    text = "\n".join(b.text for b in blocks[:40])
    title = entry.get("title") or next(
        (b.text for b in blocks if 8 <= len(b.text) <= 160 and b.kind in ("heading", "para")), path.stem
    )
    return DocumentInfo(
        source=path.name,
        title=title,
        territory=entry.get("territory", ""),
        doc_type=entry.get("type") or guess_type(text),
        date=entry.get("date", ""),
    )
