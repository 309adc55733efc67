"""The territory a document is of, read from its text: "Ambito territoriale 5 di Melzo",
"Distretto 4 di Cernusco sul Naviglio", "Città metropolitana di Milano", "Comune di Bologna"."""

from __future__ import annotations

import re
from collections import Counter

from assistant.core.types import Block

HEAD_CHARS = 4000  # the opening text, where the territory is named

NAME = r"[A-ZÀ-Ý][\wà-ÿ'’]*"
PLACE_NAME = rf"{NAME}(?:[ -](?:sul|sulla|San|Santa|de'|d'|del|di|{NAME}))*"
# "Ambito territoriale 5 di Melzo", "AMBITO TERRITORIALE 5 MELZO", "Ambito di Sesto San Giovanni",
# "Distretto 4", "Città metropolitana di Milano", "Comune di Bologna", "Città di CERNUSCO SUL NAVIGLIO"
_TERRITORY = re.compile(
    rf"\b(?P<kind>(?i:ambito|distretto|citt[aà]'?\s+metropolitana|comune|citt[aà]))"
    rf"(?P<qual>(?:\s+(?i:territoriale|sociale|distrettuale|socio-sanitario|sociosanitario|sanitario)){{0,2}})"
    rf"(?P<num>\s+(?:n\.?\s*)?\d+)?"
    rf"(?:\s+(?i:di|del|della|dell['’]))?\s*(?P<place>{PLACE_NAME})?"
)
_RANK = {"ambito": 0, "distretto": 0, "città metropolitana": 1, "comune": 2, "città": 2}
# a capitalised word that is not a place: what follows "Ambito" in "Ambito Sociale ritiene …"
_NOT_PLACE = {
    "territoriale", "sociale", "distrettuale", "socio-sanitario", "sociosanitario", "sanitario",
    "ats", "asst", "metropolitana", "capofila",
    "dei", "degli", "della", "delle", "del", "il", "la", "lo", "si", "ha", "è",
}  # fmt: skip
# words that join a place to the rest of a sentence, never inside a place's name
_JOINS = {"e", "ed", "le", "la", "il", "lo", "gli", "i", "per", "tra", "fra", "che", "al", "ai", "agli", "alle", "nel"}


def _titled(place: str, casing: dict[str, str]) -> str:
    words = place.split()
    out = []
    for i, w in enumerate(words):
        form = casing.get(w.lower(), w)
        if form.isupper() or (i == 0 and form.islower()):
            form = w[:1].upper() + w[1:].lower()
        out.append(form)
    return " ".join(out)


def _mentions(text: str, casing: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(kind, number, place, qualifier) of each territory the text names."""
    out = []
    for m in _TERRITORY.finditer(text):
        kind = " ".join(m.group("kind").lower().replace("'", "").replace("citta", "città").split())
        num = re.sub(r"\D", "", m.group("num") or "")
        words = (m.group("place") or "").split()
        cut = next((i for i, w in enumerate(words) if w.lower().strip("()") in _NOT_PLACE | _JOINS), len(words))
        # "Distretto 4 ATS Milano …", "AMBITO DI RHOVILLE E LE ORGANIZZAZIONI …": the place ends
        # where an institution or the rest of the sentence begins (capitals say nothing there)
        words = [w.strip("()") for w in words[: min(cut, 4)]]
        while words and words[-1].lower() in {"sul", "sulla", "san", "santa", "de'", "d'", "del", "di"}:
            words.pop()
        place = _titled(" ".join(words), casing) if words else ""
        if place or num:
            out.append((kind, num, place, " ".join((m.group("qual") or "").split()).lower()))
    return out


def _label(kind: str, num: str, place: str, qual: str = "") -> str:
    name = {"città metropolitana": "Città metropolitana", "città": "Comune"}.get(kind, kind.capitalize())
    name += f" {qual}" if qual else ""
    if num and place:
        return f"{name} {num} di {place}"
    if num:
        return f"{name} {num}"
    return f"{name} di {place}"


def territory_of(blocks: list[Block], casing: dict[str, str], title: str, letterhead: list[str]) -> str:
    """The territory the document is of: named in its title or letterhead, else in its opening
    text, an Ambito or Distretto before a Città metropolitana before a Comune, the most named."""
    text = "\n".join(b.text for b in blocks)
    found = _mentions(text, casing)
    if not found:
        return ""
    in_title = {m[:3] for m in _mentions(title, casing)}
    on_top = {m[:3] for m in _mentions("\n".join(letterhead), casing)}
    in_head = [m[:3] for m in _mentions(text[:HEAD_CHARS], casing)]
    counts = Counter(m[:3] for m in found)
    quals = Counter((m[:3], m[3]) for m in found)

    def score(key: tuple[str, str, str]) -> tuple:
        kind, num, place = key
        similar = sum(c for (k, n, p), c in counts.items() if k == kind and n in (num, "") and p in (place, ""))
        return (key in in_title, key in on_top, key in in_head, -_RANK.get(kind, 3), similar, bool(place) + bool(num))

    kind, num, place = max(counts, key=score)
    qual = next((q for (key, q), _ in quals.most_common() if key == (kind, num, place)), "")
    if num and not place:  # "Distretto 4": named by its place elsewhere, or by its letterhead's town
        named = [p for k, n, p in counts if k == kind and n == num and p]
        towns = [p for k, _, p in in_head if k in ("comune", "città") and p]
        place = (named or towns or [""])[0]
    return _label(kind, num, place, qual)
