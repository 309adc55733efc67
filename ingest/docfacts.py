"""What a document is, read from its own text when no manifest says it: a title a person
recognises, the territory it is of, its type and the act's date.

The title skips what letterheads and registry stamps put first ("Fascicolo 13.3\\2020\\36",
"Prot. n. …", "Allegato A)", "AMBITO TERRITORIALE 5 MELZO", "Città di", a list of municipalities)
and prefers the first line that names a kind of act; a title in capitals is written in the
document's own casing ("AVVISO PUBBLICO … PIANO SOCIALE DI ZONA" -> "Avviso pubblico … Piano
sociale di Zona"). The territory is the Ambito, Distretto, Città metropolitana or Comune the
document names in its opening lines and most often; the date, the one under the signature
("Milano, 20 luglio 2020"), in the title, or after "in data", never that of a law it cites."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from assistant.core.lexicon import RECITALS
from assistant.core.types import Block

from .dates import find_dates
from .signatories import read_parties
from .territory import PLACE_NAME, territory_of
from .text import upper_share

HEAD_BLOCKS = 30  # where a title and a letterhead are
TITLE_CHARS = 120  # a longer title is cut at a comma or a word, with "…"

TYPES = [
    ("accordo di programma", r"accordo di programma"),
    ("atto d'intesa", r"atto d[i'’] ?intesa|protocollo d[i'’] ?intesa"),
    ("avviso", r"\bavviso pubblico\b|\bavviso\b"),
    ("delibera", r"\bdelibera(?:zione)?\b"),
    ("regolamento", r"\bregolamento\b"),
    ("convenzione", r"\bconvenzione\b"),
    ("piano di zona", r"\bpiano (?:sociale )?di zona\b"),
    ("integrazione di programma", r"\bintegrazione allegato\b|programma di intervento"),
    ("protocollo/indirizzi", r"\bprotocollo\b|\bindirizzi\b"),
]
_TYPE_RES = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in TYPES]
# words that make a line a candidate title: it names a kind of act
_ACT = re.compile(
    r"\b(?:accordo|intesa|avviso|protocollo|indirizzi|delibera(?:zione)?|regolamento|convenzione|piano|"
    r"programma|integrazione|bando|linee guida|verbale|decreto|determina(?:zione)?)\b",
    re.IGNORECASE,
)
# registry stamps and page furniture, wherever they are on the line
_STAMP = re.compile(
    r"\b(?:fascicolo|prot(?:ocollo)?\.?\s*(?:n\.?|nr\.?|gen\.?)|class(?:ificazione)?\.?|cod\.?)\s*[\w./\\-]*\d[\w./\\-]*"
    r"|\bpagina\s*(?:\d+\s*(?:di\s*\d+)?)?$",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^\s*oggetto\s*:\s*", re.IGNORECASE)
# a line that is only a unit's label or a section's name: "Allegato A)", "Premessa"
_BARE = re.compile(
    r"^(?:allegato\s*\w{0,3}\)?|premessa|premesso che|indice|sommario|ai sensi|tra)\s*[:.]?$", re.IGNORECASE
)
# a letterhead: an institution's name, alone ("AMBITO TERRITORIALE 5 MELZO", "Città di", "Provincia di Milano")
_LETTERHEAD = re.compile(
    r"^(?:(?:ambito|distretto|comune|citt[aà]|provincia|regione|unione|azienda|ufficio|settore|direzione|ats|asst)\b"
    r"[^.:;]{0,60}|citt[aà] di|comune di)$",
    re.IGNORECASE,
)
# four or more names in a row: the municipalities of a letterhead
_NAMES_LIST = re.compile(r"^(?:[A-ZÀ-Ý][\w'’]*(?:\s+[\w'’]+){0,3},\s+){3,}")

# "Milano, 20 luglio 2020", "Melzo, lì 30/11/2021": the date the act was signed
# (opening its line, or after a sentence that ends: a PDF's line joined to the paragraph above)
_SIGNED = re.compile(rf"(?:^|(?<=[.;:] ))\s*{PLACE_NAME}\s*,\s*(?:l[iì]\s*,?\s*)?(?=\d)")

_OPENS_PART = re.compile(rf"^(?:{RECITALS}|tra|fra)\b", re.IGNORECASE)
# "Approvato dall'Assemblea dei Sindaci … con delibera n. 7 del 30/11/2021", "Approvata con DGR …"
_APPROVED = re.compile(r"^\s*(?:[-*]\s*)?approvat[oa]\b", re.IGNORECASE)


def guess_type(text: str) -> str:
    head = text[:3000].lower()
    for name, pattern in _TYPE_RES:
        if pattern.search(head):
            return name
    return ""


# ------------------------------------------------------------------ title
def _unstamped(text: str) -> str:
    text = _STAMP.sub(" ", text.replace("**", ""))
    return " ".join(_SUBJECT.sub("", " ".join(text.split())).split()).strip(" -–:")


def _is_upper(text: str) -> bool:
    share, letters = upper_share(text)
    return letters > 0 and share > 0.8


def _head_lines(blocks: list[Block]) -> list[str]:
    """The opening blocks without stamps; a title in capitals cut into lines (a PDF) joined."""
    lines: list[str] = []
    for b in blocks[:HEAD_BLOCKS]:
        text = _unstamped(b.text)
        if not text:
            continue
        joined = lines and _is_upper(lines[-1]) and _is_upper(text) and not lines[-1].endswith((".", ";"))
        joined = joined and not _OPENS_PART.match(text)  # "VISTI", "TRA" open the premises, not the title
        if joined and not _LETTERHEAD.match(lines[-1]) and not _LETTERHEAD.match(text):
            lines[-1] = f"{lines[-1]} {text}"
            continue
        lines.append(text)
    return lines


def _skipped(line: str) -> bool:
    return bool(_BARE.match(line) or _LETTERHEAD.match(line) or _NAMES_LIST.match(line)) or len(line) < 8


def _casing(blocks: list[Block]) -> dict[str, str]:
    """How the document writes each word in its running text: "Zona", "Terzo", "DGR", "sociale"."""
    seen: dict[str, Counter[str]] = {}
    for b in blocks:
        if _is_upper(b.text):
            continue
        for sentence in re.split(r"[.!?:;]\s+|\n", b.text):
            for word in re.findall(r"[\wÀ-ÿ]+", sentence)[1:]:  # not a sentence's capital
                seen.setdefault(word.lower(), Counter())[word] += 1
    return {low: forms.most_common(1)[0][0] for low, forms in seen.items()}


def _recased(title: str, casing: dict[str, str]) -> str:
    """Words in capitals written as the document writes them in its running text ("PIANO DI
    ZONA" -> "Piano di Zona", "CGIL" stays); in a run of words in capitals (a title shouted,
    whole or in part), a word the running text never writes in small letters is written so."""
    parts = re.split(r"([\wÀ-ÿ]+)", title)  # "D'INTESA": "D", "INTESA"
    words = [i for i, w in enumerate(parts) if i % 2]
    caps = {i for i in words if parts[i].isupper() or not any(c.isalpha() for c in parts[i])}
    for n, i in enumerate(words):
        w = parts[i]
        if not w.isupper():
            continue
        near = words[max(0, n - 2) : n + 3]
        shouted = sum(j in caps for j in near) >= 3
        form = casing.get(w.lower())
        if form is None or (form.isupper() and len(form) > 5) or len(w) < 2 or (len(w) <= 3 and not form.isupper()):
            parts[i] = w.lower() if shouted else w  # an unknown word, or "PER", "DI", "LA"
        else:
            parts[i] = form
    text = re.sub(r"( – )(\w)", lambda m: m.group(1) + m.group(2).upper(), "".join(parts))
    return text[:1].upper() + text[1:]


def _shortened(title: str) -> str:
    title = title.strip(" .;:")
    if len(title) <= TITLE_CHARS:
        return title
    cut = title[:TITLE_CHARS]
    comma = cut.rfind(",")
    cut = cut[:comma] if comma > 50 else cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


def _title_and_letterhead(blocks: list[Block]) -> tuple[str, list[str]]:
    """The opening line that titles the document, as written (stamps removed), or "", and the
    lines before it (a letterhead)."""
    head = _head_lines(blocks)
    lines = [line for line in head if not _skipped(line)]
    # the first line that names a kind of act, among the opening ones; else the first line that
    # reads as a title (not a long paragraph)
    chosen = next((i for i, line in enumerate(lines[:12]) if _ACT.search(line) and len(line) <= 600), None)
    if chosen is None:
        chosen = next((i for i, line in enumerate(lines[:12]) if len(line) <= 160), None)
    if chosen is None:
        return "", []
    title = lines[chosen]
    before = head[: head.index(title)]
    following = lines[chosen + 1] if chosen + 1 < len(lines) else ""
    if len(title) < 40 and following and _is_upper(following) and len(following) <= 400:
        title = f"{title} – {following}"  # "Integrazione Allegato 1° – PROGRAMMA DI INTERVENTO …"
    elif len(title) < 40 and re.match(r"^(?:tra|fra)\s+\S", following, re.IGNORECASE) and len(following) <= 400:
        title = f"{title} {following}"  # "PROTOCOLLO D'INTESA" / "tra la Conferenza dei Sindaci … e …"
    return title, before


class Reading:
    """One document's blocks, read once for all its facts: the casing of its running text and
    its title line are computed once, not once for each fact."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks

    @cached_property
    def casing(self) -> dict[str, str]:
        return _casing(self.blocks)

    @cached_property
    def opening(self) -> tuple[str, list[str]]:
        return _title_and_letterhead(self.blocks)

    def title(self, fallback: str) -> str:
        line = self.opening[0]
        return _shortened(_recased(line, self.casing)) if line else fallback

    def territory(self) -> str:
        return territory_of(self.blocks, self.casing, *self.opening)

    def date(self) -> str:
        return _date(self.blocks, self.opening[0])

    def parties(self) -> tuple[str, ...]:
        return read_parties(self.blocks, _recased(self.opening[0], self.casing))


def read_title(blocks: list[Block], fallback: str) -> str:
    return Reading(blocks).title(fallback)


def read_territory(blocks: list[Block]) -> str:
    return Reading(blocks).territory()


def read_date(blocks: list[Block]) -> str:
    return Reading(blocks).date()


# ------------------------------------------------------------------ date
def _date(blocks: list[Block], title: str) -> str:
    """The act's date, ISO: under the signature, else in the title, else after "in data"."""
    for b in reversed(blocks):
        if not _SIGNED.search(b.text):  # dates are read only where a signature may be
            continue
        dates = {d.start: d for d in find_dates(b.text)}
        signed = [dates[m.end()] for m in _SIGNED.finditer(b.text) if m.end() in dates]
        if signed:
            return signed[-1].iso
    found = [d for d in find_dates(title) if d.kind != "atto"]  # not a cited DGR's date
    if found:
        return found[0].iso
    head = "\n".join(b.text for b in blocks[:HEAD_BLOCKS])
    for d in find_dates(head):
        # "… sottoscritto in data 3 maggio", a record's "Il giorno 11 febbraio 2025, … si sono incontrati"
        if re.search(
            r"\bin data\s*$|(?:^|\n)(?:il|in)\s+(?:giorno|data)\s*$",
            head[max(0, d.start - 12) : d.start],
            re.IGNORECASE,
        ):
            return d.iso
    # an unsigned act: the note of its approval standing on its own line ("Approvato
    # dall'Assemblea dei Sindaci … con delibera n. 7 del 30/11/2021"), the first one
    for b in blocks:
        if _APPROVED.match(b.text) and len(b.text) < 240 and (found := find_dates(b.text)):
            return found[0].iso
    return ""
