"""The kinds of fact a question can ask for, in one table: how a question asks for each (its
cues), what a statement must hold to answer it, how a refusal names what is missing, and
which fields of a knowledge-base body can answer it.

General Italian, not fitted to any question: the cues are the ordinary ways of asking "when",
"how much", "how often"; the facts are dates, sums of money, frequencies, numbers, addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .core.lexicon import ARTICLES, BEFORE_ARTICLE, PREPOSITIONS
from .core.query import fold

MONTHS = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
# what a sum of money is named by: "quanti soldi", "quante risorse" ask an amount, not a count
MONEY_NOUNS = r"(?:soldi|euro|risorse|fondi|denari?|finanziamenti)\b"
# what a party is bound to, named as its obligations: "quali obblighi / doveri ha l'ATS?" asks its commitments
DUTIES = r"\bobblig\w*|\bdoveri\b"
NUMBER_WORDS = "due|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici|quindici|venti|trenta|cento|mille"

# a day, or a month of a year
DAY = (
    rf"\b\d{{1,2}}[/.\s]\d{{1,2}}[/.\s]\d{{2,4}}\b|\b\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?\b|"
    rf"\b(?:{MONTHS})\s+\d{{4}}\b"
)
DAY_DATE = re.compile(DAY, re.I)
# ... or a year ("da quando": "sin dal 2018")
DATE = re.compile(rf"{DAY}|(?<![0-9.,])(?:19|20)\d{{2}}(?:[/-]\d{{2,4}})?(?![0-9])", re.I)
# a question that asks for a day ("in che giorni", "in che data"): a year does not answer it
ASKS_DAY = re.compile(r"\bgiorn|\bquale data\b|\bche data\b")
# ... a deadline ("entro quando", "quando scade"; asked before ASKS_DAY): the day of an act ("l'intesa del
# 25 ottobre 2021") does not answer it, a day the words of a deadline lead to does ("entro e non oltre il
# giorno 29 luglio 2021")
ASKS_DEADLINE = re.compile(r"\bentro (?:quando|che|qual[ei]?)\b|\bscad")
DEADLINE_DATE = re.compile(
    rf"\b(?:entro|fino\s+al?|non\s+oltre|scad\w*|termine|prorogat\w*|valid\w*)\b[^.;?]{{0,60}}?(?:{DAY})", re.I
)
# "€ 5", "5 euro", "451.031,79", "11,17 miliardi" (millions and billions are of money in these acts; thousands,
# "8mila abitanti", are not)
MONEY = re.compile(
    r"€\s*\d|\d[\d.,]*\s*(?:€|euro\b)|\beuro\s+\d|\d{1,3}(?:\.\d{3})+,\d{2}\b|\d[\d.,]*\s*(?:milion[ei]|miliard[oi])\b",
    re.I,
)
NUMBER = re.compile(rf"\b\d+(?:[.,]\d+)*\b|\b(?:{NUMBER_WORDS})\b", re.I)
FREQUENCY = re.compile(
    rf"\b(?:una|{NUMBER_WORDS}|\d+)\s+volt[ae]\b|\bogni\s+(?:\d+|{NUMBER_WORDS})?\s*(?:giorn|settiman|mes|ann)\w*|"
    r"\b(?:quotidian|settimanal|mensil|bimestral|trimestral|semestral|annual|periodic)\w*|\bcadenza\b|"
    r"\ball'anno\b|\bl'anno\b|\bal mese\b",
    re.I,
)
CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:tel\.?|telefono)\s*[:.]?\s*\+?\d|\b0\d{2,3}[\s/.-]?\d{3,}|www\.\w", re.I
)
# a person named with a title: "dott. Walter Bergamaschi", "Dott.ssa Rossi", "d.ssa Maria Raciti"
PERSON = re.compile(
    r"\b(?i:dott(?:\.?ssa)?|d\.ssa|dr(?:\.?ssa)?|sig(?:\.?ra)?|avv|prof(?:\.?ssa)?|ing)\.?\s+[A-ZÀ-Ý][a-zà-ÿ]+"
)
# a named party or body: a capitalised phrase not at the start of the sentence, or an acronym
NAME = re.compile(r"(?<=[\w,;:(] )[A-ZÀ-Ý][a-zà-ÿ]+(?:\s+(?:di|del|della|dei|per)?\s*[A-ZÀ-Ý][\wà-ÿ]+)*|\b[A-Z]{2,}\b")


# an office one person holds, asked of: "chi è il sindaco di Sesto?" wants the name of who holds it
# (not "chi è il responsabile dell'attuazione?", which a role answers)
OFFICE = re.compile(
    r"\bchi (?:e|è) (?:il|la|l') ?(?:attuale |nuov[oa] )?(sindac[oa]|assessor[ea]|direttor[ea]|direttrice|"
    r"dirigente|segretari[oa])\b"
)


@dataclass(frozen=True)
class QuestionKind:
    name: str
    cues: str  # how a question asks for this kind (regular expression over folded text)
    fact: re.Pattern | None = None  # what a statement must hold to answer it
    missing: str = ""  # how a refusal names it: "Nei documenti non ho trovato la data richiesta"
    body_fields: tuple[str, ...] = ()  # fields of a knowledge-base body that answer it
    records: tuple[str, ...] = ()  # knowledge-base records that answer it (see kbindex.tags)

    def held_by(self, text: str) -> bool:
        return self.fact is None or bool(self.fact.search(text))


# "quando si riunisce?", "quando ci vediamo?": a body that meets is met by a recurrence ("due volte
# l'anno", "mensilmente"), as "ogni quanto" asks, not by the date of an act
MEETING = r"(?:si|ci) (?:riuni|incontr|ved|trov)\w*"

# Order matters: the first match is a question's main kind; a question may carry several.
KINDS: tuple[QuestionKind, ...] = (
    QuestionKind(
        "amount",
        # with up to three auxiliaries: "quanto ha messo", "quanto si è speso", "quanti ne sono stati spesi"
        r"\bquant[oi] (?:(?:ha|hanno|e|è|sono|viene|vengono|si|ne|stat[oaie]) ){0,3}"
        # the verbs' stems and their irregular participles ("quanto ha messo / preso / speso")
        r"(?:cost|si paga|mett|mess[oi]\b|stanzi|vers|ricev|entra|prend|pres[oi]\b|spend|spes[oi]\b|vale|"
        r"sono preventiv|destin|finanzi|guadagn|percepisc|incass)|\bcost[oi]\b|"
        # what a person is paid: "qual è lo stipendio / il compenso del responsabile?"
        r"\bstipendi\w*|(?<!\bin )\bcompens[oi]\b|\bretribuzion\w*|\bgetton\w* di presenza|"
        rf"\btariff|\bimport[oi]\b|\bquant[ie] {MONEY_NOUNS}|"
        # "a quanto ammonta", "l'ammontare"; "quanto era il totale delle entrate", "quant'è la spesa"
        r"\bammont\w*|\bquant(?:[oa] |')(?:e|è|era|erano|sono|sara|saranno) (?:il |la |lo |le |i |gli |l')?"
        rf"(?:totale|somma|spes[ae]|stanziament\w*|entrate|uscite|{MONEY_NOUNS})|"
        r"\bbudget\b|\bin euro\b|\bquanto (?:deve|devono|dobbiamo) (?:versare|pagare|mettere)",
        MONEY,
        "l'importo richiesto",
    ),
    QuestionKind(
        "commitment",
        rf"\bimpegn|{DUTIES}|\bgarantisc|\bdeve (?:fare|garantire|mettere|assicurare)|\bdevono\b|"
        r"\bcosa (?:fa|fanno|fara)\b|"
        r"\bmette(?:re)? a disposizione|\bruolo\b|\bcompiti\b",
        records=("impegni",),
    ),
    QuestionKind(
        "frequency",
        r"\bogni quant[oi]\b|\bcon che (?:frequenza|cadenza)|\bquante volte|\bquanto spesso|\bcadenza\b|"
        rf"\bquando {MEETING}",
        FREQUENCY,
        "la frequenza richiesta",
        ("frequency",),
        ("organi.frequency", "scadenze.ricorrente"),
    ),
    QuestionKind(
        "count",
        # money is measured, not counted: "quanti soldi", "quante risorse" ask an amount
        rf"\bquant[ie]\b(?! volte| {MONEY_NOUNS})|\bnumero di\b|\bquanti sono\b",
        NUMBER,
        "il numero richiesto",
    ),
    QuestionKind(
        "date",
        rf"\bquando\b(?! {MEETING})|\bin che (?:giorn|data|anno|mese)|\bentro (?:quando|che)\b|"
        r"\bscadenz|\bscade\b|\bda quando\b|"
        # "fino a quando vale", "quanto dura", "la validità": the verb asks the end date with them
        r"\bfino a quando(?: (?:vale|valgono|e valid[oa]|sono valid[ie]|dura|durano|resta|restano|rimane|"
        r"rimangono)\b)?|"
        r"\bin quale data|\bche data|\bdi che data\b|\bquanto dura\b|\bdurata\b|\bvalidita\b|"
        r"\bqual\S* (?:e|è) la data\b|\bla data (?:del|della|dello|dell'|dei|delle|di|in cui)\b|"
        r"\b(?:che|quale|in quale) giorno\b",
        DATE,
        "la data richiesta",
        records=("scadenze.scadenza", "scadenze.validità", "scadenze.incontro", "scadenze.data", "scadenze.atto"),
    ),
    QuestionKind(
        "contact",
        r"\bmail\b|\be-mail\b|\bpec\b|\btelefono\b|\brecapito\b|\bcontatt|\bindirizzo\b|\bsito\b|\bdove trovo\b|"
        # where something is sent: "dove si manda l'adesione?", "dove vanno inviate le domande?"
        r"\bdove (?:(?:si|va|vanno|devo|dobbiamo|posso|possiamo) )?(?:mand|invi|spedi|trasmett|inoltr)\w*",
        CONTACT,
        "il recapito richiesto",
    ),
    QuestionKind(
        "definition",
        r"\bcos['e ]+(?:e|è)\b|\bcosa (?:e|è)\b|\bcosa (?:vuol dire|significa|sono|si intende)|\bsta per\b|"
        r"\bsigla\b|\bsignificato\b|\bdefinizion|\bsi intende\b",
        records=("glossario", "organi.role"),
    ),
    QuestionKind(
        "person",
        r"\bnome e cognome\b|"
        r"\b(?:come si chiama|il nome del(?:la)?) (?:responsabile|president|dirett|dirigent|coordinat|sindac)|"
        # an office one person holds: "chi è il sindaco di Sesto?" asks who holds it, by name
        + OFFICE.pattern,
        PERSON,
        "il nome della persona richiesta",
    ),
    QuestionKind(
        "who",
        r"\bchi\b|\bda chi\b|\bquali (?:soggetti|enti|organi|parti|comuni|strutture)\b|\bcompost[oa]\b|\bcoordin|"
        r"\bpresied|\bfirmatari|\bcapofila\b|\bnome\b",
        NAME,
        "",
        ("coordinator", "composition"),
        ("organi.coordinator", "organi.composition"),
    ),
    QuestionKind(
        "yesno", r"^(?:ma |e |anche )?(?:si puo|puo|possono|posso|possiamo|c'e|ci sono|ha |hanno |e previst|e stat)"
    ),
    QuestionKind("list", r"\bquali\b|\bin quali\b|\belenc"),
    QuestionKind("how", r"\bcome\b|\bin che modo\b|\bperche\b"),
)
BY_NAME = {k.name: k for k in KINDS}

# which field of a governance body a question asks for ("cos'è", "chi la coordina", "chi ne fa
# parte", "ogni quanto si riunisce"): the knowledge base read these at ingest, with their quotes
FIELD_CUES = {
    # what the body is or does ("cos'è l'Ufficio di Piano?", "a cosa serve il Tavolo Tecnico?"): the
    # line that names it and says its role
    "role": re.compile(
        r"\bcos['e ]+(?:e|è)\b|\bcosa (?:e|è)\b|\bche cosa sono\b|\bcosa (?:fa|fanno|si intende)\b|"
        r"\ba (?:che|cosa) serv|"
        r"\bdi (?:che )?cosa si occupa|\b(?:che|quale) (?:ruolo|funzion|compit)|\bcompiti\b|\bfunzioni\b"
    ),
    "coordinator": re.compile(r"\bcoordin|\bpresied|\bpresident|\bguid[ai]\b|\bresponsabile\b"),
    "composition": re.compile(r"\bcompost|\bcompon|\bfa(?:nno)? parte\b|\bmembri\b|\bpartecip|\bsied"),
    "frequency": re.compile(BY_NAME["frequency"].cues + r"|\bsi riunisc|\bsi incontr"),
}
WHAT = QuestionKind("what", "")
_PATTERNS = [(k, re.compile(k.cues)) for k in KINDS]
KIND_NAMES = tuple(k.name for k in KINDS)


# a clause that sets a condition or a time before the question ("Quando si coprogetta con le
# cooperative, …?", "Se la nostra associazione aderisce …, che ruolo avrà?", "Dopo aver mandato
# l'adesione, come …?"): its "quando" does not ask a date
CONDITION = re.compile(
    r"^\s*(?:quando|se|qualora|nel caso|dopo|prima che|prima di|una volta che|siccome|poiche|visto che|dato che)\b"
    r"[^,?]{3,}?,\s*(?!e\s|ed\s)(?=\S)"
)


def kinds_of(text: str) -> list[QuestionKind]:
    """The kinds of fact the question asks for, read in its main clause."""
    low = main_clause(text)
    return [k for k, cue in _PATTERNS if any(_asks(k, low, m) for m in cue.finditer(low))]


# the words that ask, which a preposition before them does not turn into a complement ("a chi", "in che data",
# "a quanto costa"), inflected ("quanto", "quale") as well
INTERROGATIVE = re.compile(r"(?:quand\w*|quant\w*|qual\w*|che|chi|come|dove|cosa|ogni)\b")


def _asks(kind: QuestionKind, low: str, match: re.Match) -> bool:
    """The cue asks for its fact, unless it is the fact's name in a complement: "si può modificare
    prima della scadenza?" and "l'atto di indirizzo" ask no date and no address."""
    if kind.name not in FACT_NAMING or INTERROGATIVE.match(match.group(0)):
        return True
    before = re.findall(r"[\w']+", low[: match.start()])
    if not before or not (low[: match.start()].endswith((" ", "'"))):
        return True
    if before[-1] in PREPOSITIONS:
        return False
    return not (before[-1] in ARTICLES and len(before) > 1 and before[-2] in BEFORE_ARTICLE | PREPOSITIONS)


def main_clause(text: str) -> str:
    """The question folded, without a condition set before it ("Quando si coprogetta …, …?")."""
    return CONDITION.sub("", fold(text).strip(), count=1)


# which dates of the knowledge base answer which date question, the first that matches: "quando
# scade" wants an end (a validity, a deadline), not the date of an act the statement cites
DATES_ASKED = (
    (
        re.compile(r"\bscad|\bfino a quando\b|\bquanto dura\b|\bdurata\b|\bvalid|\bentro (?:quando|che)\b|\btermine\b"),
        ("scadenze.scadenza", "scadenze.validità"),
    ),
    (re.compile(r"\briuni|\bincontr|\bseduta\b|\bassemblea\b"), ("scadenze.incontro", "scadenze.ricorrente")),
    (re.compile(r"\bfirmat|\bsottoscritt|\bapprovat|\bdeliber|\badottat"), ("scadenze.atto", "scadenze.data")),
)


def records_asked(kind: QuestionKind, text: str) -> tuple[str, ...]:
    """The knowledge-base records that answer this kind as the question asks it."""
    if kind.name == "date":
        low = fold(text)
        return next((records for cue, records in DATES_ASKED if cue.search(low)), kind.records)
    return kind.records


# the kinds whose cue names the fact itself ("quando scade", "qual è l'importo", "ogni quanto"): a
# statement that holds the date, the sum, the frequency answers it without the cue's words
FACT_NAMING = ("date", "amount", "frequency", "contact")


def cue_words(text: str, kinds: tuple[str, ...] = FACT_NAMING) -> set[str]:
    """The words with which the question asks for its kind of fact ("scade" in "Quando scade
    l'accordo?", "importo", "cadenza"): they say what kind of fact, not what it is about.
    `kinds`: the kinds whose cues are read (all of them: KIND_NAMES)."""
    low = main_clause(text)
    return {
        word
        for k, cue in _PATTERNS
        if k.name in kinds
        for match in cue.finditer(low)
        if _asks(k, low, match)
        for word in re.findall(r"[a-z0-9]+", _whole_words(low, match.start(), match.end()))
    }


def _whole_words(text: str, start: int, end: int) -> str:
    """The span widened to the words it cuts ("scadenz" -> "scadenza")."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


# a year named alone ("il bando 2022", "nel 2022"), not a period ("2021-2023") nor part of a number
YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/-])")
# a time the question limits what it asks to ("entro il 2023", "entro fine anno", "nel 2022",
# "entro il 31 dicembre"): when, not what about
TIME_LIMIT = re.compile(
    rf"\b(?:entro|fino al?|nel|dal|prima del|dopo il|per il)\s+(?:(?:il|l'|la)\s*)?(?:(?:fine\s+)?(?:19|20)\d{{2}}|"
    rf"fine\s+(?:anno|mese)|(?:fine\s+)?(?:{MONTHS})(?:\s+(?:19|20)\d{{2}})?|{DAY})",
    re.IGNORECASE,
)


def fields_asked(text: str) -> list[str]:
    """The body fields a question asks for, in the order of FIELD_CUES."""
    low = fold(text)
    return [name for name, cue in FIELD_CUES.items() if cue.search(low)]
