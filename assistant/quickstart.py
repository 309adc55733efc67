"""Example questions for the three kinds of user, drawn from what the knowledge base found in the
loaded documents (bodies, acronyms, axes, parties, recurring meetings, validity dates), and kept
only when the answerer can answer them from those documents."""

from __future__ import annotations

import re
from collections import Counter

from .render import ARTICLES, of, place, short_body, with_article
from .storage.kb import KnowledgeBase

PERSONAS = {
    "staff": "Nuovo personale",
    "sindacati": "Delegati sindacali",
    "sindaci": "Sindaci e staff",
}
PER_PERSONA = 3


def candidates(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Questions for each persona, before checking them: one of each kind in turn."""
    article = _articles(kb)
    bodies = kb.bodies()
    staff = (
        [f"Chi {_verb(b.coordinator)} {with_article(short_body(b.name))}?" for b in bodies if b.coordinator],
        [f"Cosa significa {t.acronym}?" for t in kb.glossary() if t.acronym.isupper() and len(t.acronym) >= 3],
        [f"Che cos'è {with_article(short_body(b.name))}?" for b in bodies if b.role],
    )
    axes_places = Counter(place(a.territory) for a in kb.axes() if a.territory)
    parties = Counter((article(c.party), place(c.territory)) for c in kb.commitments() if c.territory)
    unions = (
        [f"Quali sono gli assi strategici di {where}?" for where, _ in axes_places.most_common()],
        [f"Quali sono gli impegni {of(party)} a {where}?" for (party, where), _ in parties.most_common()],
    )
    meetings = [(article(m.party) if m.party else "le parti", place(m.territory)) for m in kb.dates(kind="ricorrente")]
    mayors = (
        [f"Ogni quanto {_meet(who)} {who} di {where}?" for who, where in meetings],
        [f"Fino a quando è valido l'accordo di {place(d.territory)}?" for d in kb.dates(kind="validità")],
        [f"Quali scadenze ci sono per {place(d.territory)}?" for d in kb.dates(kind="scadenza")],
    )
    return {key: _interleave(groups) for key, groups in zip(PERSONAS, (staff, unions, mayors))}


def _interleave(groups: tuple[list[str], ...]) -> list[str]:
    out: list[str] = []
    for i in range(max(map(len, groups), default=0)):
        out += [g[i] for g in groups if i < len(g)]
    return list(dict.fromkeys(out))


def _verb(coordinator: str) -> str:
    return "presiede" if coordinator.lower().startswith("presidente") else "coordina"


def _meet(who: str) -> str:
    return "si riuniscono" if who.split()[0] in ("le", "i", "gli") else "si riunisce"


_ARTICLE = r"\b(" + "|".join(a.replace("'", "['’]") for a in ARTICLES) + r")\s*"


def _articles(kb: KnowledgeBase):
    """name -> the name with the article the documents give it ("le parti firmatarie"), looked
    up in every record's quote; a guessed article where none says."""
    quotes = [r.quote for _, recs in kb.records.items() for r in recs]
    cache: dict[str, str] = {}

    def article(name: str) -> str:
        if name not in cache:
            pattern = re.compile(_ARTICLE + re.escape(name), re.IGNORECASE)
            found = next((m for q in quotes if (m := pattern.search(q))), None)
            art = found.group(1).lower() if found else ""
            if not art:
                cache[name] = with_article(name)
            else:
                cache[name] = art + name if art.endswith(("'", "’")) else f"{art} {name}"
        return cache[name]

    return article


def quick_starts(kb: KnowledgeBase, answerer, per_persona: int = PER_PERSONA) -> dict[str, list[str]]:
    """Up to `per_persona` questions per persona that the answerer does not refuse."""
    chosen: dict[str, list[str]] = {}
    for key, questions in candidates(kb).items():
        kept: list[str] = []
        for q in questions:
            if len(kept) == per_persona:
                break
            if not answerer.answer(q).refused:
                kept.append(q)
        chosen[key] = kept
    return chosen
