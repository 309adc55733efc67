"""What the monitoring tracks: each commitment and dated deadline of the knowledge base, by an
identity that survives re-ingests (its document, kind and words), and a row as the review reads it
(the item with its latest update). The database that keeps their history is monitor_db.py."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from .core.query import fold
from .core.records import Commitment, Dated
from .storage.kb import AGENDA_KINDS, KnowledgeBase

STATES = ("da avviare", "in corso", "realizzato", "sospeso", "non più pertinente")
DEFAULT_STATE = STATES[0]


@dataclass(frozen=True)
class Row:
    """An item with its latest update (state `da avviare` and no date when it has none)."""

    id: str
    kind: str
    source: str
    title: str
    territory: str
    party: str
    what: str
    due: str | None
    locator: str
    page: int | None
    quote: str
    present: bool
    state: str
    note: str
    responsible: str
    author: str
    updated: datetime | None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "stato": self.state,
            "nota": self.note,
            "responsabile": self.responsible,
            "autore": self.author,
            "aggiornato": self.updated.isoformat() if self.updated else None,
            "testo": self.what,
            "soggetto": self.party,
            "scadenza": self.due,
            "nel_documento": self.present,
            "source": self.source,
            "title": self.title,
            "territory": self.territory,
            "locator": self.locator,
            "page": self.page,
            "quote": self.quote,
        }


def identity(kind: str, source: str, words: str) -> str:
    """The same commitment across re-ingests: its document, kind and words, whatever the spaces,
    the punctuation, the page or the unit's number."""
    key = " ".join(re.findall(r"\w+", fold(words)))
    return hashlib.sha1(f"{kind}\0{source}\0{key}".encode()).hexdigest()[:12]


def commitment_id(c: Commitment) -> str:
    return identity("impegno", c.source, f"{c.party} {c.quote}")


def deadline_id(d: Dated) -> str:
    return identity("scadenza", d.source, f"{d.date} {d.quote}")


def current_items(kb: KnowledgeBase) -> list[dict]:
    """The commitments and the act's own dated deadlines, validity and meetings of the knowledge
    base, as rows of `items`."""
    out = []
    for c in kb.commitments():
        out.append(
            {
                "id": commitment_id(c),
                "kind": "impegno",
                "source": c.source,
                "title": c.title,
                "territory": c.territory,
                "party": c.party,
                "what": c.commitment,
                "due": c.deadline,
                "locator": c.locator,
                "page": c.page,
                "quote": c.quote,
            }
        )
    for d in kb.agenda():
        if d.kind in AGENDA_KINDS and d.date:
            out.append(
                {
                    "id": deadline_id(d),
                    "kind": "scadenza",
                    "source": d.source,
                    "title": d.title,
                    "territory": d.territory,
                    "party": d.party or "",
                    "what": d.what,
                    "due": d.date,
                    "locator": d.locator,
                    "page": d.page,
                    "quote": d.quote,
                }
            )
    return list({row["id"]: row for row in out}.values())
