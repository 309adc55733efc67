"""The glossary: acronyms with the expansion the text gives them, in the forms acts use:

- the words, then the acronym in brackets or between commas: "Agenzia di Tutela della Salute
  (ATS)", "l'Azienda Sociale Sud Est Milano, ASSEMI, come ente capofila";
- the acronym, then its words in brackets: "CTS (coordinamento tecnico strategico)";
- the acronym, then its words after a comma or a label: "OMI, Servizio Distrettuale di
  Orientamento, Mediazione ed Inclusione", "SID Servizio Integrato Domiciliarità";
- a name given for later: "… D.Lgs. n.267 del 18.08.2000 (d'ora in poi "TUEL")", "(di seguito PNRR)";
- a plural or mixed-case acronym the act uses without spelling it out next to it ("le OO.SS.",
  "l'UdP"), spelled by the words it writes most often elsewhere ("organizzazioni sindacali").

An expansion is kept only when its words spell the acronym (assistant/acronyms.spells), except a
name given for later, which says itself what it stands for. An acronym keeps every expansion the
act gives it ("PNRR": "Piano Nazionale per la Ripresa e la Resilienza", "… di Ripresa e Resilienza")."""

from __future__ import annotations

import re
from collections import Counter

from assistant.core.acronyms import FUNCTION_WORDS, letters, spells
from assistant.core.query import fold
from assistant.core.records import Term

from .lines import Line

_ACRONYM = r"[A-Za-z][A-Za-z.]{1,11}"
# the words, then "(ATS)" or ", ASSEMI,"
_BEFORE = re.compile(rf"\(({_ACRONYM})\)|,\s+([A-Z][A-Z.]{{2,11}})\s*,")
# "CTS (coordinamento tecnico strategico)"
_AFTER = re.compile(r"\b([A-Z][A-Za-z.]{1,11})\s*\(([^()]{4,120})\)")
# "OMI, Servizio …", "SID Servizio …", "CIAO! Capacitazione, …"
_LEADING = re.compile(
    r"(?:^|(?<=[\s(]))([A-Z][A-Z.]{1,11}[A-Z.]|[A-Z][a-z]?[A-Z]{1,5}[a-z]?)[!,]?(?=\s+(?:[-–]\s+)?[A-Za-z])"
)
# "(d'ora in poi "TUEL")", "(di seguito PNRR)", "(in seguito: «ATS»)"
_NAMED = re.compile(
    r"\((?:d['’]\s*ora\s+in\s+(?:poi|avanti)|di\s+seguito(?:\s+denominat[oaie])?|in\s+seguito|da\s+ora\s+in\s+poi)"
    rf"\s*[:,]?\s*[\"“«]?({_ACRONYM})[\"”»]?\s*\)",
    re.IGNORECASE,
)
# an acronym used bare: plural by doubled letters ("OO.SS.", "PP.AA.") or mixed case ("UdP")
_BARE = re.compile(r"\b((?:[A-Z]{2}\.){1,3}[A-Z]{2}\b\.?|[A-Z][a-z]{1,2}[A-Z][A-Za-z]?\b)")
_WORD = re.compile(r"[^\s\-/’'()!,;:.«»\"“”]+(?:\.[^\s\-/’'()!,;:«»\"“”]+)*\.?")
_STOPS = re.compile(r"[;:()\t]|\s(?:che|il\s+cui|la\s+cui)\s|\.\s")


def _split(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_acronym(token: str) -> bool:
    return bool(re.search(r"[A-Z].*[A-Z]|[A-Z]{2}", token))


def extract_terms(lines: list[Line]) -> list[Term]:
    out: dict[tuple[str, str], Term] = {}
    for line in lines:
        text = line.body
        for m in _NAMED.finditer(text):
            acronym = m.group(1)
            if _is_acronym(acronym):
                spelled = _spelled_before(acronym, text[max(0, m.start() - 160) : m.start()])
                _add(out, acronym, spelled or _named_before(text[max(0, m.start() - 160) : m.start()]), line)
        for m in _BEFORE.finditer(text):
            acronym = m.group(1) or m.group(2)
            if _is_acronym(acronym):
                _add(out, acronym, _spelled_before(acronym, text[max(0, m.start() - 160) : m.start()]), line)
        for m in _AFTER.finditer(text):
            acronym, inside = m.group(1), m.group(2)
            if re.search(r"[A-Z].*[A-Z]", acronym) and spells(acronym, _split(inside)):
                _add(out, acronym, inside.strip(), line)
        for m in _LEADING.finditer(text):
            acronym = m.group(1).rstrip(".")
            if fold(acronym) not in FUNCTION_WORDS:  # "IN", "PER" in a heading in capitals
                _add(out, acronym, _spelled_after(acronym, text[m.end() : m.end() + 160]), line)
    _bare(out, lines)
    return list(out.values())


_PLACE_AFTER = re.compile(
    r"\s+(?:di|del|della|dell['’]|dei|degli|delle)\s*[A-ZÀ-Ý][\w'’]*(?:\s+(?:(?:di|del|della|dell['’])\s*)?[A-ZÀ-Ý][\w'’]*)*\s*$"
)


def _spelled_before(acronym: str, window: str) -> str:
    """The shortest run of words ending the window that spells the acronym, verbatim, or ""."""
    spans = [(w.start(), w.group()) for w in _WORD.finditer(window)]
    for n in range(1, min(len(spans), 2 * len(letters(acronym)) + 4) + 1):
        if fold(spans[-n][1]) not in FUNCTION_WORDS and spells(acronym, [w for _, w in spans[-n:]]):
            return window[spans[-n][0] :]
    # the name then where it is: "Azienda Unità Sanitaria Locale di Piacenza (AUSL)"
    place = _PLACE_AFTER.search(window)
    return _spelled_before(acronym, window[: place.start()]) if place else ""


def _spelled_after(acronym: str, after: str) -> str:
    """ "Servizio Distrettuale di Orientamento, Mediazione ed Inclusione, che …" -> the shortest
    run, among the first words of the clause, that starts with a capital and spells the acronym."""
    stop = _STOPS.search(after)
    clause = after[: stop.start()] if stop else after
    spans = list(_WORD.finditer(clause))
    capitals = clause.upper() == clause  # a table label in capitals: every word is
    for s in range(min(4, len(spans))):
        first = spans[s].group()
        if not first[:1].isupper() or fold(first) in FUNCTION_WORDS:
            continue
        if first.isupper() and len(first) > 1 and not capitals:
            continue  # another acronym: "ATS, ASST, Terzo Settore" does not spell ATS
        for e in range(s + 1, min(len(spans), s + 2 * len(letters(acronym)) + 3) + 1):
            if spells(acronym, [w.group() for w in spans[s:e]]):
                return clause[spans[s].start() : spans[e - 1].end()]
    return ""


def _named_before(window: str) -> str:
    """What a name given for later stands for: the words from the last capitalised one among the
    last few ("ai sensi dell'art.34 del D.Lgs. n.267 del 18.08.2000" -> "D.Lgs. n.267 del 18.08.2000")."""
    spans = list(_WORD.finditer(window))[-6:]
    starts = [w.start() for w in spans if w.group()[:1].isupper()]
    return window[starts[-1] :].strip() if starts else ""


def _bare(out: dict[tuple[str, str], Term], lines: list[Line]) -> None:
    """Plural and mixed-case acronyms that the act uses without spelling them out next to them:
    the run of words that spells them most often in the act, if it is clearly the most frequent."""
    known = {letters(t.acronym) for t in out.values()}
    seen: dict[str, tuple[str, Line]] = {}
    for line in lines:
        for m in _BARE.finditer(line.body):
            acronym = m.group(1).rstrip(".")
            key = _singular(acronym)
            if key not in known and key not in seen:
                seen[key] = (acronym, line)
    for key, (acronym, line) in seen.items():
        runs: Counter[str] = Counter()
        for other in lines:
            words = _split(other.body)
            for s, first in enumerate(words):
                if not first or fold(first)[0] != key[0] or fold(first) in FUNCTION_WORDS:
                    continue
                for e in range(s + len(key), min(len(words), s + 2 * len(key) + 1) + 1):
                    if spells(key, words[s:e]):
                        runs[fold(" ".join(words[s:e]))] += 1
                        break
        ranked = runs.most_common(2)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            spelled, where = _verbatim(ranked[0][0], lines)
            _add(out, acronym, spelled, where or line)  # cited where the words are written out


def _singular(acronym: str) -> str:
    """ "OO.SS" -> "os": a plural doubles each letter; "UdP" -> "udp"."""
    parts = [p for p in acronym.split(".") if p]
    if len(parts) >= 2 and all(len(p) == 2 and p[0] == p[1] for p in parts):
        return "".join(p[0] for p in parts).lower()
    return letters(acronym)


def _verbatim(folded: str, lines: list[Line]) -> tuple[str, Line | None]:
    """The run as the act writes it the first time, and that line (folded character by character,
    so that the offsets stay those of the text: "unita d offerta" -> "Unità d'offerta")."""
    words = [re.escape(w) for w in folded.split()]
    pattern = re.compile(r"[\W_]+".join(words))
    for line in lines:
        m = pattern.search("".join(fold(c)[:1] or c for c in line.body))
        if m:
            return line.body[m.start() : m.end()], line
    return folded, None


def _add(out: dict[tuple[str, str], Term], acronym: str, expansion: str, line: Line) -> None:
    expansion = expansion.strip(" ,;:")
    content = [w for w in _split(fold(expansion)) if w not in FUNCTION_WORDS]
    if len(content) < 2:  # an acronym shortens several words: "UILP" does not spell UIL
        return
    # "Orientamento, Mediazione ed Inclusione" and "… e Inclusione" are one expansion
    key = (_singular(acronym), " ".join(content))
    if key not in out:
        out[key] = Term.of(line.passage, line.text, acronym=acronym, expansion=expansion[:1].upper() + expansion[1:])
