"""Who an act is between: its parties, read from its opening.

Acts name their parties in two ways: a block that opens with "Tra" (or a lead such as "Sono
soggetti sottoscrittori del presente Accordo:") followed by one party per paragraph or list item,
a list under a group's name ("gli Enti del Terzo Settore" + items) counting as that group; or a
title "Atto d'intesa tra A e B". Each party is kept as the act writes it, without its article and
without what follows its name ("…, rappresentata dal Direttore Generale …", "che compongono …").
"""

from __future__ import annotations

import re

from assistant.core.types import Block

OPENING_BLOCKS = 60  # the parties are named before the premises
MAX_PARTIES = 40
_ARTICLE = r"(?:l['’]\s*|il\s+|lo\s+|la\s+|i\s+|gli\s+|le\s+)"
_TRA = re.compile(rf"^(?:tra|fra)\b\s*:?\s*(?=$|{_ARTICLE}?[A-ZÀ-Ý])", re.IGNORECASE)
_LEAD = re.compile(
    r"(?:soggetti\s+(?:sottoscrittori|firmatari)|sottoscritt[oa]\s+(?:da|tra)|stipulat[oa]\s+tra|parti\s+firmatarie)"
    r"[^:]{0,80}:$",
    re.IGNORECASE,
)
# what ends the list of parties: the premises, the articles, a sentence of the act
_END = re.compile(
    r"\b(?:premess[oaie]|vist[oaie]|considerat[oaie]|dato\s+atto|richiamat[oaie]|si\s+conviene|convengono|"
    r"tutto\s+ciò|stipulano|sottoscrivono)\b|^(?:art\.?|articolo|il\s+presente|ai\s+sensi)\b",
    re.IGNORECASE,
)
_TAIL = re.compile(
    r"(?:,\s*|\s+)(?:rappresentat[oaie]|in\s+persona|nella\s+persona|con\s+sede|che\s+compongono|"
    r"c\.\s?f\.|p\.\s?iva|codice\s+fiscale)\b.*$",
    re.IGNORECASE,
)
# a new party starts, inside one paragraph that joined them, where an article opens a capitalised
# name after a name ("… di Melzo l'Azienda …", not "che compongono l'Ambito …")
_NEXT = re.compile(rf"(?<=\s)(?={_ARTICLE}[A-ZÀ-Ý])")
# " e " between two parties, not inside a list of acronyms ("SPI-CGIL, FNP-CISL e UILP-UIL")
_AND = re.compile(rf"\s+e\s+(?={_ARTICLE})|(?<![A-Z]{{3}})\s+e\s+(?=[A-Z]{{2,}}\b)")
# what names no party of its own: "Tra i sottoscrittori" opens the list
_COLLECTIVE = re.compile(
    r"^(?:i\s+|le\s+|gli\s+)?(?:sottoscrittori|parti|firmatari|soggetti(?:\s+sottoscrittori)?)$", re.I
)


def read_parties(blocks: list[Block], title: str = "") -> tuple[str, ...]:
    """The act's parties, in the order it names them; () when it names none."""
    found = _listed(blocks[:OPENING_BLOCKS])
    return tuple(found[:MAX_PARTIES]) if found else _from_title(title)


def _listed(blocks: list[Block]) -> list[str]:
    start = next((i for i, b in enumerate(blocks) if _TRA.match(b.text) or _LEAD.search(b.text)), None)
    if start is None:
        return []
    first = blocks[start].text
    rest = first[opening.end() :] if (opening := _TRA.match(first)) else ""
    if _COLLECTIVE.match(rest.strip(" :")):
        rest = ""
    elif " e " in rest and len(rest) > 80 and (between := _from_title(f"tra {rest}")):
        return list(between)  # "tra la Conferenza dei Sindaci … e le Confederazioni sindacali …" in one line
    parties: list[str] = []
    group: str | None = None  # a paragraph followed by list items names their group
    for block in [Block(rest, None)] + blocks[start + 1 :]:
        text = block.text.strip()
        if not text:
            continue
        end = _END.search(text)
        if end or block.kind == "heading" or len(text) > 400:
            if end and end.start() > 0 and block.kind != "heading":
                parties += _split(text[: end.start()], block.kind == "item", group)
            break
        if block.kind == "item":
            parties += _split(text, True, group)
        else:
            group = None
            names = _split(text, False, None)
            parties += names
            if names and not text.endswith((";", ".")):
                group = names[-1]
    return _grouped(parties)


def _split(text: str, item: bool, group: str | None) -> list[str]:
    text = re.sub(r"^[-•*]\s*", "", text.strip())
    names = [_clean(part) for part in (_after_names(text) if not item else [text])]
    return [f"{group}\0{n}" if group else n for n in names if n]


def _after_names(text: str) -> list[str]:
    parts, start = [], 0
    for m in _NEXT.finditer(text):
        word = text[: m.start()].split()[-1] if text[: m.start()].split() else ""
        if word[:1].isupper() or word[-1:].isdigit() or word.endswith((")", ";")):
            parts.append(text[start : m.start()])
            start = m.start()
    return parts + [text[start:]]


def _clean(name: str) -> str:
    name = _TAIL.sub("", name.strip())
    name = re.sub(rf"^{_ARTICLE}", "", name, flags=re.IGNORECASE).strip(" ,;:.-–")
    return name[:1].upper() + name[1:] if len(name) >= 3 else ""


def _grouped(parties: list[str]) -> list[str]:
    """'Enti del Terzo Settore' followed by its members -> 'Enti del Terzo Settore: A, B, C'."""
    out: list[str] = []
    members: dict[str, list[str]] = {}
    for party in parties:
        if "\0" in party:
            group, member = party.split("\0", 1)
            members.setdefault(group, []).append(member)
        else:
            out.append(party)
    return [f"{p}: {', '.join(members[p])}" if p in members else p for p in out]


def _from_title(title: str) -> tuple[str, ...]:
    """'Atto d'intesa tra l'Assemblea dei Sindaci … e le organizzazioni sindacali … del 25 ottobre 2021'."""
    m = re.search(r"\b(?:tra|fra)\s+(.+)$", title, re.IGNORECASE)
    if not m:
        return ()
    between = re.split(r"\s+(?:del|in\s+data|sottoscritt[oa])\s+\d", m.group(1))[0]
    between = re.split(r"\s+(?:per|sul|sulla|sulle|sui|sugli|sullo|sull['’]|in\s+materia|relativ[oa])\b", between)[0]
    parts = [_clean(p) for p in _AND.split(between)]
    return tuple(p for p in parts if p) if len(parts) >= 2 else ()
