"""Text for people, without Streamlit: a passage with its quoted words highlighted, an answer and
a whole conversation as Markdown (the export), the short names the quick starts use."""

from __future__ import annotations

import html
import re
from datetime import datetime

from .answer import Answer
from .core.query import fold

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:-])")


def counted(n: int, one: str, many: str) -> str:
    """ "1 documento", "5 documenti"."""
    return f"{n} {one if n == 1 else many}"


def md_escape(text: str) -> str:
    """Text shown as it is by st.markdown: no emphasis, links, lists or directives of its own."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def highlight(text: str, quote: str) -> str:
    """The passage as Markdown-with-HTML (st.markdown(unsafe_allow_html=True)): escaped, line
    breaks kept, a list item's "- " shown as a bullet, the quoted words inside <mark>."""
    text = ITEM_DASH.sub("• ", text)
    quote = ITEM_DASH.sub("• ", quote)
    start = text.find(quote) if quote else -1
    if start < 0:
        return _lines(text)
    end = start + len(quote)
    return _lines(text[:start]) + "<mark>" + _lines(quote) + "</mark>" + _lines(text[end:])


ITEM_DASH = re.compile(r"^- (?=\S)", re.MULTILINE)


def _lines(text: str) -> str:
    return "  \n".join(md_escape(html.escape(line, quote=False)) for line in text.split("\n"))


def answer_markdown(answer: Answer) -> str:
    """One answer with its sources and exact words, as the export writes it."""
    lines = [answer.text, ""]
    if answer.citations:
        lines.append("**Fonti**")
        lines.append("")
        for c in answer.citations:
            lines.append(f"{c.n}. *{c.reference}* — «{c.quote}»")
    elif answer.leads:
        lines.append("**Passaggi più vicini**")
        lines.append("")
        for n, p in enumerate(answer.leads, start=1):
            lines.append(f"{n}. *{p.reference}*")
    return "\n".join(lines).rstrip() + "\n"


def conversation_markdown(turns: list, when: datetime | None = None) -> str:
    """The export: each turn (a conversation.Turn) with what it was understood as, when that
    differs, its answer, sources and exact words."""
    when = when or datetime.now()
    out = [
        "# Conversazione con PDZ Assistant",
        "",
        f"Esportata il {when.strftime('%d/%m/%Y alle %H:%M')}. Ogni risposta riporta documento, "
        "articolo o sezione, pagina e parole esatte.",
        "",
    ]
    for n, turn in enumerate(turns, start=1):
        out += [f"## {n}. {turn.question}", ""]
        if turn.understood_as != turn.question:
            out += [f"*Intesa come: «{turn.understood_as}»*", ""]
        out.append(answer_markdown(turn.answer))
    return "\n".join(out)


_CONNECTORS = {"di", "del", "della", "dei", "degli", "delle", "e", "per"}


def short_body(name: str) -> str:
    """ "Cabina di Regia unificata e territoriale ATS …" -> "Cabina di Regia": the name without
    its acronym, cut where the capitalised words end."""
    words = re.sub(r"\s*\([^)]*\)", "", name).split()
    kept: list[str] = []
    for w in words:
        if w in _CONNECTORS and any(k in _CONNECTORS for k in kept[:-1]):
            break  # "Assemblea dei Sindaci | di Ambito …": the name is whole already
        if w[:1].isupper() or (w in _CONNECTORS and kept):
            kept.append(w)
        elif kept:
            break
    while kept and kept[-1] in _CONNECTORS:
        kept.pop()
    return " ".join(kept) or name


# Italian definite articles, and how each joins a preposition: "de" + "lla" = "della" (la)
ARTICLES = ("il", "lo", "la", "i", "gli", "le", "l'")
JOINED = {"il": "l", "lo": "llo", "la": "lla", "i": "i", "gli": "gli", "le": "lle", "l'": "ll'"}


def of(named: str) -> str:
    """ "le parti" -> "delle parti", "l'ATS" -> "dell'ATS"; "di …" without an article."""
    if named[:2] in ("l'", "l’"):
        return "del" + named  # the apostrophe as the name writes it
    first, _, rest = named.partition(" ")
    return f"de{JOINED[first]} {rest}" if first in JOINED else f"di {named}"


def with_article(noun: str) -> str:
    """Italian definite article for a name: l'Assemblea, lo Sportello, la Cabina, il Tavolo,
    i Laboratori, gli Enti."""
    first = noun.split()[0].lower() if noun.split() else ""
    impure = (
        first[:1] in "aeiouh"
        or first.startswith(("z", "gn", "ps", "x", "y"))
        or (first[:1] == "s" and first[1:2] not in "aeiou")
    )
    if first.endswith("i"):
        words = noun.lower().split()
        if len(words) > 1 and words[1].endswith("e"):  # "Parti firmatarie": the adjective says feminine
            return f"le {noun}"
        return f"gli {noun}" if impure else f"i {noun}"
    if first[:1] in "aeiouh":
        return f"l'{noun}"
    if impure:
        return f"lo {noun}"
    # feminine: "-a", and the endings that are feminine whatever their vowel ("la Direzione", "la Città")
    feminine = first.endswith(("a", "zione", "sione", "gione", "tà", "tù", "ie"))
    return f"la {noun}" if feminine else f"il {noun}"


def short_source(record) -> str:
    """ "Melzo · Art. 5 › Tavolo Tecnico · p. 6": the place of the act, its unit, the page."""
    return place_and_unit(record) + (f" · p. {record.page}" if record.page else "")


def place_and_unit(record) -> str:
    """ "Melzo · Art. 5 › Tavolo Tecnico": the act's place (its title when it has no territory)
    and the unit, the article's title left out."""
    where = place(record.territory) if record.territory else short_body(record.title)
    parts = [p.split(" – ")[0].strip() for p in record.locator.split("›") if p.strip()]
    unit = " › ".join([parts[0], parts[-1]] if len(parts) > 1 else parts)
    unit = unit if len(unit) <= 60 else unit[:59].rstrip() + "…"
    return f"{where} · {unit}" if unit else where


def place(territory: str) -> str:
    """ "Ambito territoriale 5 di Melzo" -> "Melzo"; "Distretto 4 – Cernusco sul Naviglio" ->
    "Cernusco sul Naviglio"."""
    for sep in (" – ", " - "):
        if sep in territory:
            territory = territory.split(sep)[-1]
    match = re.search(r"\bdi ([A-Z].*)$", territory)
    return (match.group(1) if match else territory).strip()


def as_written(text: str, words: set[str]) -> str:
    """The first word of `text` that is one of these folded words, as the person wrote it ("Sesto",
    "priorità" for "priorita", "orto" in "nell'orto"); "" if none."""
    return next((token for token in re.findall(r"[\wÀ-ÿ]+", text) if fold(token) in words), "")


def guillemets(words) -> str:
    """Words in quotes, one after the other: "«Bergamo», «Modena»"."""
    return ", ".join(f"«{w}»" for w in words)


def quoted(text: str, words) -> str:
    """The folded words, each as `text` wrote it, in quotes: "«priorità», «RSA»"."""
    return guillemets(as_written(text, {w}) or w for w in words)
