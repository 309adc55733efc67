"""Who does something: the subject of a commitment, read from the words before its verb
("Ferme restando …, le parti firmatarie del presente Accordo si impegnano" -> "Parti firmatarie
del presente Accordo"), or from the lead of its list ("In particolare, i Comuni:")."""

from __future__ import annotations

import re

from .text import ONE_DOT, mask_abbreviations

# verbs by which a party takes something on; the strong ones need no other evidence
STRONG = (
    r"si\s+impegn(?:ano\s+(?:inoltre|altresì)|a\s+(?:inoltre|altresì)|ano|a)(?:\s+(?:a|ad))?|"
    r"(?:è|sono)\s+tenut[oaie]\s+(?:a|ad)|si\s+obblig(?:ano|a)|"
    r"si\s+f(?:a|anno)\s+carico\s+d[ie]|si\s+assum(?:e|ono)\s+(?:l['’]impegno|l['’]onere|il\s+compito)\s+d[ie]"
)
WEAK = (
    r"garantisc(?:ono|e)|garantirà|garantiranno|assicur(?:eranno|erà|ano|a)|concorr(?:eranno|erà|ono|e)|"
    r"partecip(?:eranno|erà|ano|a)|rend(?:ono|e)\s+disponibil[ei]|mett(?:ono|e)\s+a\s+disposizione|"
    r"individu(?:ano|a)|fornisc(?:ono|e)|provved(?:ono|e)|collabor(?:ano|a)|supportano|"
    r"d(?:anno|à)\s+(?:la\s+)?disponibilità|contribuisc(?:ono|e)|sostengono|sostiene|"
    # what an office or an agency is charged with, said in the present of an act's articles
    # (in lower case: "CURA" in a heading in capitals is a noun)
    r"(?-i:gestisc(?:ono|e)|trasmett(?:ono|e)|predispon(?:gono|e)|redig(?:ono|e)|erog(?:ano|a)|cur(?:ano|a)|"
    r"coordin(?:ano|a)|convoc(?:ano|a)|comunic(?:ano|a))"
)
# whole words only: "partecipa" is a verb, "partecipazione" is not
CUE = re.compile(rf"\b(?:(?P<strong>{STRONG})|(?P<weak>{WEAK}))\b", re.IGNORECASE)
# weaker still, read only in the act's own text (not its annexes, where a plan says what it
# means to do): a declared intention ("AFOL … intende proseguire il lavoro avviato") and the
# prescriptive future ("L'Ufficio di Piano … riferirà all'Assemblea", "predisporrà", "dovrà"), not
# what will be or may be ("sarà", "avrà", "potrà", "verrà")
INTENT = re.compile(
    r"\b(?:intend(?:e|ono)\s+(?=[a-zà-ù]+(?:are|ere|ire)\b)|"
    r"(?!(?:sar|avr|potr|verr|andr)(?:à|anno)\b)[a-zà-ù]{2,}r(?:à|anno))\b",
    re.IGNORECASE,
)

# a time or a place that opens a sentence before its subject
_WHEN_WHERE = re.compile(
    r"^(?:entro|dal|dalla|dall['’]|a partire|nel|nella|nell['’]|in data|al termine|prima|dopo)\b", re.I
)
_ARTICLES_IN = re.compile(r"(?<=\s)(?:il|lo|la|l['’]|i|gli|le)\s*(?=\w)", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:il|lo|la|l['’]|i|gli|le)\s*", re.IGNORECASE)
# a clause that opens a sentence is not its subject: "Ferme restando …", "In particolare"
_OPENER = re.compile(
    r"^(?:ferm[oaie]|in particolare|inoltre|pertanto|al fine|nel|nella|nei|per|come|così|anche|infatti|quindi|"
    r"altresì|oltre|sia|secondo|ai sensi|a tal|in |con |dopo|prima|qualora|ove|laddove|mentre|che|e |ed |ma |"
    r"rispetto|tutto ciò|premesso|considerato|visto|dato|tal[ei]\b|ciò|quest|si\b|ogni|e['’]|è|pur\b|di\b|dell|"
    r"un\b|una\b|uno\b|numero|nessun|tutt|art\b|art\.|articolo|sezione|allegato|punto)",
    re.IGNORECASE,
)
_INCIDENTAL = re.compile(
    r"^(?:così|come|per\b|ai sensi|secondo|anche|inoltre|pertanto|infatti|quindi|altresì|nel|nella|nei|in\b|con\b|"
    r"ferm|oltre|sempre|già|di norma|tramite|attraverso|mediante|previa|sentit|d'intesa|a partire|"
    r"\w+(?:ando|endo)\b)",  # a gerund's clause: "…, aderendo all'accordo …, mette a disposizione"
    re.IGNORECASE,
)
_VERBISH = re.compile(r"\b(?:che|è|e'|sono|siano|sia|viene|vengono|ha|hanno|era|erano|sarà|saranno|non)\b", re.I)
# collective nouns that name parties without a capital letter
_INSTITUTIONAL = {
    "comuni", "comune", "parti", "sindaci", "enti", "ente", "soggetti", "organizzazioni", "sottoscrittori",
    "firmatari", "sindacati", "aziende", "azienda", "amministrazioni", "uffici", "ufficio", "ambiti", "ambito",
    "associazioni", "cooperative", "istituzioni", "partner", "territori", "servizi", "università", "regione",
    "agenzia", "assemblea", "tavolo", "cabina", "comitato", "collegio", "consulta", "terzo",
}  # fmt: skip
# what a document or its parts are called: they say things, they take nothing on
_DOCUMENTS = {
    "piano", "accordo", "protocollo", "documento", "programma", "progetto", "presente", "intesa", "atto",
    "articolo", "allegato", "testo", "avviso", "percorso", "processo",
}  # fmt: skip

# the name a phrase ends with, after its article or preposition: "… all'Ente Capofila"
_NAME_AT_END = re.compile(
    r"(?:^|\s|['’])((?:[A-ZÀ-Ý][\w'’]*|[A-Z]{2,})(?:\s+(?:di|del|della|dei|degli|delle|e|[A-ZÀ-Ý][\w'’]*))*)$"
)


def find_cue(text: str) -> re.Match | None:
    return CUE.search(text)


def find_intent(text: str) -> re.Match | None:
    return INTENT.search(text)


def subject(before: str) -> str | None:
    """The party named in the words before a verb, or None."""
    # the sentence the verb is in; the dots of "OO.SS." or "R.E.T.I." end none
    before = re.split(r"[.;:!?](?:\s+|$)", mask_abbreviations(before.strip()))[-1].replace(ONE_DOT, ".")
    before = re.sub(r"^[-•*]\s*", "", before).strip(" ,")
    before = re.sub(r"\s*\([^()]*\)", "", before)  # "(Ambito 3 Pioltello, Ambito 4 …)" names no subject
    if not before:
        return None
    # "all'Ente Capofila, che ne assicurerà …": a relative clause's subject is what it follows
    relative = re.search(r",\s*che(?:\s+(?:ne|ci|vi|si|lo|la|li|le))?$", before)
    if relative:  # the name the clause follows: "… destinate all'Ente Capofila"
        named = _NAME_AT_END.search(before[: relative.start()])
        before = named.group(1) if named else before[: relative.start()]
    before = re.sub(r"\s+(?:si|s['’])$", "", before)  # "L'Ambito si doterà": the verb's, not the party's
    segments = [s.strip() for s in re.split(r",\s*", before) if s.strip()]
    # a gerund's clause inside a segment: "AFOL Metropolitana aderendo all'accordo …, intende"
    segments = [re.sub(r"\s+[a-zà-ù]+(?:ando|endo)\b.*$", "", s) if s[:1].isupper() else s for s in segments]
    # the last run of segments that read as a party: "L'Università di Padova, Dipartimento FISPPA",
    # past incidental clauses only ("I Comuni …, così come deliberato dall'Assemblea (…), individuano")
    run: list[str] = []
    for seg in reversed(segments):
        party = _as_party(seg)
        if party is None and not run and _WHEN_WHERE.match(seg):
            # the noun phrase after a time or a place: "Entro il 31 marzo 2024 le parti"
            tail = next((seg[m.start() :] for m in _ARTICLES_IN.finditer(seg) if is_party(seg[m.start() :])), None)
            return normalise(tail) if tail else None
        if party is not None:
            run.insert(0, party)
        elif run or not _INCIDENTAL.match(seg):
            break
    return normalise(", ".join(run)) if run else None


def _as_party(segment: str) -> str | None:
    """The segment as a party, or its head before a restrictive clause ("Gli Enti … che aderiscono
    al presente Accordo"), or None."""
    if is_party(segment):
        return segment
    head = re.split(r"\s+che\s+", segment)[0]
    return head if head != segment and is_party(head) else None


def is_party(segment: str) -> bool:
    text = segment.strip()
    if not text or _OPENER.match(text) or _VERBISH.search(text):
        return False
    words = text.split()
    if not 1 <= len(words) <= 16:
        return False
    core = _ARTICLE.sub("", text)
    if not core.split():
        return False
    first, rest = core.split()[0], core.split()[1:]
    if first.lower() in _DOCUMENTS:  # "Il Piano di Zona dovrà focalizzarsi …": a text, not a party
        return False
    if first.lower() in _INSTITUTIONAL:
        return True
    if re.fullmatch(r"[A-Z]{2,5}|[a-z]{0,4}[A-Z]{2,5}", first.strip(",")):  # ATS, CGIL, labGO
        return True
    if not first[:1].isupper():
        return False
    # a capital at the start of a sentence proves nothing: an article before it ("La ASST", "Il
    # Comune"), another capitalised word ("Città Metropolitana di Milano") or, in a longer name,
    # most of its words in capitals ("Dipartimento di Filosofia Sociologia Pedagogia … FISPPA") do
    named = [w for w in rest if len(w) > 3]
    capitals = sum(w[:1].isupper() for w in named)
    return (
        core != text
        or (len(words) <= 8 and capitals > 0)
        or (len(words) <= 14 and bool(named) and capitals >= 0.6 * len(named))
    )


def normalise(party: str) -> str:
    """ "le parti firmatarie" -> "Parti firmatarie"; brackets and trailing adverbs kept out."""
    party = _ARTICLE.sub("", party.strip(" ,:;.-–"))
    party = re.sub(r"\s+(?:inoltre|altresì|pertanto|stess[oaie])$", "", party, flags=re.I)
    return party[:1].upper() + party[1:]


def lead_party(lead: str) -> tuple[str | None, re.Match | None]:
    """The party a list lead names, and its verb if it has one: "In particolare, i Comuni:" ->
    ("Comuni", None); "Le parti … si impegnano:" -> ("Parti …", match)."""
    if not lead:
        return None, None
    last = re.split(r"(?<=[.;!?])\s+|\n", lead.strip())
    for sentence in reversed(last):  # the cue may sit in the sentence before a colon line
        m = find_cue(sentence)
        if m:
            return subject(sentence[: m.start()]) or ("Parti" if m.group("strong") else None), m
    bare = subject(last[-1].rstrip(": "))  # "In particolare, i Comuni:" -> "Comuni"
    if bare and len(bare.split()) <= 10:
        return bare, None
    return None, None
