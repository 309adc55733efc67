"""What a question names that the documents do not hold: the refusal's reasons. A place the
closest passages never mention ("il piano di zona di Bergamo"), a document no document is named
by ("l'avviso del Distretto 9"), a topic the one document named never speaks of ("l'intesa di
Sesto … sulla casa"), what no document speaks of ("la ricetta della torta di mele"), the share
of the question's names the best passages never mention, a field asked of a body that the best
statement gives of another body ("chi fa parte dell'Ufficio di Piano?"); and what an answer to one
part says the documents do not state for another ("… ? Da quando?"). A sigla no document spells
out is in siglas.py."""

from __future__ import annotations

import re
from difflib import get_close_matches

from .candidates import Candidate
from .choose import SUPPORTING, Ranked, in_scope_first
from .core.lexicon import ADMIN_WORDS, complements, verb_like
from .core.partynames import WORDS as PARTY_WORDS
from .core.pointers import DOCUMENT_KINDS, DocumentPointers, numbered_places
from .core.query import DOCUMENT_WORDS, content_words, fold, words_of
from .features import PLACE_WORDS, strong_kinds
from .kbindex import KBIndex
from .kinds import MONEY_NOUNS, fields_asked
from .question import Question
from .ranker import lacks_fact
from .render import of, with_article
from .retrieve import Retriever
from .storage.kb import KnowledgeBase
from .wordweights import WordStats

SOURCE_STEMS = 8  # documents whose stems are kept between questions
# what no document speaks of: at least this many words of what is asked, holding at least this
# share of its weight, in no passage ("la ricetta della torta di mele": «torta», «mele»). One word
# alone never refuses: it may be spelled otherwise, or be a colloquial form ("fanno"); nor does a
# verb, said otherwise as often as not. Over the four stores (Markdown and PDFs, with and without
# manifest) it fires on none of the 202 labelled questions (train, dev, held-out), answerable or not
ABSENT_WORDS, ABSENT_SHARE = 2, 0.5
MONEY_WORD = re.compile(MONEY_NOUNS)  # "ci sono soldi per …": the kind of fact, as "quanto" is
# a capitalised name after a preposition of place or belonging ("di Bergamo", "a Modena"), unless it
# heads a name of its own ("dell'Ufficio di Piano di Sesto": the office is not a place, Sesto is)
PLACED_NAME = re.compile(
    r"\b(?:di|a|ad|da|in|per|del|della|dell'|nel|nella|nell')\s*([A-ZÀ-Ý][a-zà-ÿ]{2,})\b"
    r"(?!\s+d(?:i|el|ello|ella|elle|ei|egli|ell')\s*[A-ZÀ-Ý])"
)
# a kind of document and the preposition that ties it to what it is of
_DOCUMENT = rf"\b(?:{DOCUMENT_KINDS})\s+(?:di|del|della|dell'|per)"
# a document of a place: "il piano di zona di Bergamo", "l'accordo di Melzo", "l'intesa di Sesto"
DOCUMENT_OF = re.compile(_DOCUMENT + r"\s+([A-ZÀ-Ý][a-zà-ÿ]{2,})", re.I)

# a document of a territory named by its number: "l'avviso del Distretto 9", "il piano di zona dell'Ambito 7"
DOCUMENT_OF_NUMBERED = re.compile(_DOCUMENT + r"\s*((?:ambito|distretto)\b[^,;?]{0,20}?\d{1,2})\b", re.I)


# a question whether a thing exists ("C'è una quota di iscrizione per le imprese …?", "L'accordo prevede
# un fondo per gli affitti?"), not one that asks what or how many ("cosa prevede …?", "quanti … ci sono?"):
# the thing, up to four words joined by "di", before what it is for or where
EXISTS = re.compile(
    r"^(?:(?!\b(?:quant\w*|qual\w*|chi|come|dove|quando|cosa)\b).)*?"
    r"\b(?:c'e|ci sono|ci sara|ci saranno|esiste|esistono|e previst[oaie]|sono previst[ie]|prevede|prevedono)\s+"
    r"(?:(?:anche|pure|gia|ancora)\s+)?"
    r"(?:(?:una|uno|un|dei|delle|degli|della|dello|del|il|la|lo|i|gli|le|qualche)\s+|(?:un|l|dell)'\s*)?"
    r"([a-z]+(?:\s+(?:di\s+|d')[a-z]+|\s+(?!(?:per|a|ad|da|in|con|su|tra|fra|che|e|o|se|non)\b)[a-z]+){0,3})"
)

# an opening clause that ends at a comma before the words that ask ("Per la riunione di verifica,
# cosa …?", "In breve, di cosa parla …?"): the occasion or the manner of the question
OCCASION = re.compile(
    r"^[^,?]{3,80},\s*(?=(?:(?:e|ma|allora|quindi)\s+)?(?:(?:a|di|da|per|con|in|su)\s+)?"
    r"(?:quand\w*|quant\w*|qual\w*|che|chi|come|dove|cosa|ogni)\b)",
    re.IGNORECASE,
)

# the verb a "who" question asks of ("chi firma l'avviso?", "chi lo paga?"): a word that ends like a noun
ASKED_VERB = re.compile(r"\bchi\s+(?:(?:lo|la|li|le|ne|ci|si|gli|ha|hanno|l')\s*)*([a-z]+)")


class Absences:
    def __init__(self, retriever: Retriever, stats: WordStats, pointers: DocumentPointers, named_by: set[str]) -> None:
        self.retriever, self.stats, self.pointers = retriever, stats, pointers
        self._stem = stats.stem
        self._named_by = named_by  # the words documents are named by: titles, territories, headers, places
        self._source_stems: dict[str, frozenset[str]] = {}

    def topic_absent(self, q: Question) -> list[str]:
        """The words of what a question asks of the one document it names, when that document
        contains none of them and other documents do ("l'intesa di Sesto … sulla casa"): not the
        words that ask for a fact, name a document, a place or an office. [] when any of them is
        there, and for a question asking a date, a sum, a count …: its verb is often said otherwise
        ("entro quando bisogna aderire?" against "manifestare interesse entro il …"). Not the words
        of an opening clause that says on what occasion or how it is asked ("Per la riunione di
        verifica, cosa dobbiamo controllare …?"): the document need not speak of them."""
        if len(q.sources) != 1 or strong_kinds(q):
            return []
        main = OCCASION.sub("", q.asked, count=1)
        scope = self.pointers.keys_of(q.sources)
        # who is asked of ("i sindacati", "il Comune") and how ("impegni", "chi") are not what about:
        # "cosa chiedono i sindacati per gli anziani a Sesto?" asks of the elderly, and the intesa
        # naming its unions does not make it speak of them
        cue = q.asking_words | PARTY_WORDS
        words = words_of(main)
        topic = [w for w in words if w not in scope and w not in cue and w not in PLACE_WORDS and not w.isdigit()]
        if not topic:
            return []
        stems = self._stems_of(q.sources[0])
        if any(self._stem(w) in stems for w in topic):
            return []
        # a verb is said otherwise as often as not ("come si aderisce?" against "adesione"), and a
        # word no document has is a paraphrase as often as a topic: only nouns others speak of,
        # the words after an article or a preposition ("sulla casa", not "cosa chiede l'avviso")
        low = fold(main)
        asked = set(ASKED_VERB.findall(low))  # "chi firma", "chi lo paga"
        named = [w for w in topic if not verb_like(w, main) and w not in asked]
        nouns = complements(low)
        # named by the words it asks of, not by its verbs ("cosa abbiamo ottenuto sulla non autosufficienza"),
        # and a refusal names those only ("chiede" in "cosa chiede l'intesa sulla …?" is no topic)
        of = [w for w in named if w in nouns]
        return of if any(self._stem(w) in self.stats.stems for w in of) else []

    def existence_absent(self, q: Question, sources: tuple[str, ...] = ()) -> list[str]:
        """The words of the thing a question of one part asks whether it exists ("C'è una quota di
        iscrizione per le imprese …?"), when the documents it is about (`sources`: those it names,
        or those a conversation goes on in; none: all of them) hold none of them: then they do not
        say it exists, whatever else of the question they hold ("imprese", "Albo"). [] otherwise."""
        found = EXISTS.search(fold(q.asked)) if len(q.parts) <= 1 else None
        if found is None:
            return []
        words = [w for w in content_words(found.group(1)) if w not in PLACE_WORDS and not w.isdigit()]
        stems = frozenset().union(*map(self._stems_of, sources)) if sources else self.stats.stems
        missing = [w for w in words if self._stem(w) not in stems]
        return missing if words and len(missing) == len(words) else []

    def store_absent(self, q: Question) -> list[str]:
        """The words of what is asked that no passage of the store holds, when they are at least
        ABSENT_WORDS and hold ABSENT_SHARE of the weight of what is asked (not the words that ask
        for a kind of fact, nor those that say where): then no document speaks of it. [] otherwise."""
        cue = q.asking_words  # "nome e cognome", "quando": how it asks, not what
        topic = [
            w
            for w in dict.fromkeys(q.words)
            if w not in cue and w not in PLACE_WORDS and not w.isdigit() and not MONEY_WORD.fullmatch(w)
        ]
        # a verb is said otherwise as often as not ("aderire" against "le domande vanno inviate")
        missing = [w for w in topic if not self.stats.held(self._stem(w)) and not verb_like(w, q.asked)]
        if len(missing) < ABSENT_WORDS:
            return []
        weights = self.stats.weights(topic)
        share = sum(weights[self._stem(w)] for w in missing) / sum(weights.values())
        return missing if share >= ABSENT_SHARE else []

    def spoken_of(self, q: Question, sources: tuple[str, ...]) -> bool:
        """Every word of what the question asks (not the words that ask, verbs, places or numbers) is in
        these documents: a question of a conversation that names none of them may go on in them
        ("a che indirizzo mando la domanda?" after a question on the avviso of Cernusco)."""
        topic = [
            w
            for w in q.words
            if w not in q.asking_words and w not in PLACE_WORDS and not w.isdigit() and not verb_like(w, q.asked)
        ]  # a verb is said otherwise as often as not ("mando" against "invio")
        stems = frozenset().union(*(self._stems_of(source) for source in sources)) if sources else frozenset()
        return bool(topic) and all(self._stem(w) in stems for w in topic)

    def _stems_of(self, source: str) -> frozenset[str]:
        """The stems of a document's passages, as its statistics were saved at ingest (a few
        documents kept)."""
        if source not in self._source_stems:
            if len(self._source_stems) >= SOURCE_STEMS:
                self._source_stems.clear()
            self._source_stems[source] = self.retriever.lexical.stems_of(source)
        return self._source_stems[source]

    def documents_missing(self, q: Question) -> list[str]:
        """The places of the documents a question asks about ("il piano di zona di Bergamo",
        "l'intesa di Modena", "l'avviso del Distretto 9") that no document is named by (title,
        territory, opening lines), nor by a word one or two letters away."""
        out = []
        for m in DOCUMENT_OF.finditer(q.asked):
            words = content_words(m.group(1))
            if words and not any(w in self._named_by or spelled_like(w, self._named_by) for w in words):
                out.append(m.group(1))
        for m in DOCUMENT_OF_NUMBERED.finditer(q.asked):  # "l'avviso del Distretto 9": no document is of it
            if not set(numbered_places(m.group(1))) & (self.pointers.all_keys | self._named_by):
                out.append(m.group(1))
        return out

    def places_missing(self, q: Question, ranked: Ranked) -> list[str]:
        """The names the question places its subject in ("di Bergamo", "a Modena") that the
        passages of the best statements never mention and their documents are not of, nor a
        word one or two letters away (a name spelled differently is the same name)."""
        names = [m.group(1) for m in PLACED_NAME.finditer(q.asked)]
        if not names:
            return []
        words: set[str] = set()
        # the statements an answer would open with: in the documents the question names, when they have some
        for c in (ranked.candidates[i] for i in in_scope_first(ranked)[: SUPPORTING + 1]):
            p = c.passage  # its words, and the places its document is of ("Sesto" for the intesa)
            words |= set(content_words(f"{p.text} {p.heading} {p.locator} {p.title}")) | self.pointers.keys.get(
                p.source, set()
            )
        stems = {self._stem(w) for w in words}
        return [
            name
            for name in names
            if any(self._stem(w) not in stems and not spelled_like(w, words) for w in content_words(name))
        ]

    def names_missing(self, q: Question, top: list[Candidate]) -> float:
        """The share of the names in the question (a body, a place, an acronym) that none of the
        best statements' passages mentions: then they answer another question."""
        names = [
            w for w in q.names if w not in self.pointers.all_keys and w not in ADMIN_WORDS and w not in DOCUMENT_WORDS
        ]
        if not names or not top:
            return 0.0
        seen: set[str] = set()
        for c in top:
            p = c.passage
            seen |= self.stats.stems_of(f"{p.text} {p.heading} {p.locator} {p.title} {c.statement.lead}")
        return sum(self._stem(w) not in seen for w in names) / len(names)


def spelled_like(word: str, words) -> bool:
    """`word` is one of `words` spelled a letter or two differently ("Alfaa", "Melzzo"): the same name."""
    return bool(get_close_matches(word, words, n=1, cutoff=0.8))


# how a refusal names the field asked of a body
FIELD_NAMES = {
    "composition": "la composizione",
    "coordinator": "chi coordina",
    "frequency": "la frequenza delle riunioni",
}


def field_of_another_body(q: Question, ranked: Ranked, kb: KnowledgeBase | None, kb_index: KBIndex) -> str:
    """What a refusal names when the question asks a field of a body the knowledge base knows
    without that field ("chi fa parte dell'Ufficio di Piano?") and the best statement is that
    field of another body ("Il Comitato è composto …"): "la composizione dell'Ufficio di Piano"."""
    fields = [f for f in fields_asked(q.asked) if f in FIELD_NAMES]
    body = kb.body_named(list(q.words), q.sources) if fields and kb is not None else None
    if body is None or ranked.best is None or any(f in body.evidence for f in fields):
        return ""
    best = ranked.best
    if "organi.altro" not in kb_index.tags(best.passage.id, best.text, body.name):
        return ""
    return f"{FIELD_NAMES[fields[0]]} {of(with_article(body.name))}"


def fact_unstated(q: Question, ranked: Ranked) -> str:
    """What an answer says when it answers one part of the question and none of its best
    statements holds the fact another part asks ("… ? Da quando?")."""
    if not (q.open_part and lacks_fact(ranked.features)):
        return ""
    missing = next((kind.missing for kind in q.kinds if kind.missing), "il dato richiesto")
    return f"I passaggi citati non indicano {missing}."
