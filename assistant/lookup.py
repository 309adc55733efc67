"""Answers read from the knowledge base's typed records, for the questions they answer whole:
the field asked of a body the question names ("chi coordina la Cabina di Regia?"), what a party
the question names commits to ("cosa garantisce l'ASST?"), what an acronym stands for ("cosa
vuol dire OMI?"). Each returns the statements (verbatim spans of the passages where the record
was read) that open the answer, or nothing, and then the learned ranking answers alone."""

from __future__ import annotations

import re

from .core.lexicon import ADMIN_WORDS
from .core.partynames import WORDS as PARTY_WORDS
from .core.partynames import is_collective, kinds
from .core.query import DOCUMENT_WORDS, content_words, fold, undot
from .core.records import Provenance
from .core.statements import Statement, statements_of
from .core.types import Passage
from .kinds import fields_asked
from .question import Question
from .retrieve import Filters, Retriever
from .storage.kb import KnowledgeBase

COMMITMENT = re.compile(
    # "impegni" with the verb that takes them on ("quali impegni prende / si assume / ha preso l'ATS?")
    r"\bimpegn\w*(?: (?:si )?(?:(?:ha|hanno|abbiamo|avete|e|sono) )?(?:prend\w*|pres[oi]\b|assum\w*|assunt\w*|port\w*)|"
    r" (?:ha|hanno)\b)?|\bgarantisc|"
    r"\bdev(?:e|ono) (?:fare|garantire|mettere|assicurare)|\bcosa (?:fa|fanno|fara)\b|"
    r"\bmette(?:re)? a disposizione|\bcompiti\b|"
    # the party of the one who asks: "cosa dobbiamo fare?", "a cosa ci siamo impegnati?"
    r"\bdobbiamo (?:fare|garantire|mettere|assicurare)|\bci siamo impegnat\w*|\bci impegniamo\b|"
    r"\bnostri (?:impegni|compiti)\b"
)
# a question in the first person plural: the asker's party commits
WE = re.compile(r"\b(?:dobbiamo|ci siamo|ci impegniamo|nostr[oaie]|noi|facciamo|abbiamo)\b")
SUMMARY = re.compile(
    r"\bin breve\b|\briassum\w*|\bdi (?:che )?cosa (?:parla|tratta)|\bsintesi\b|\bpanoramica\b|\bcosa contiene\b|"
    r"\bin due parole\b|\bscheda\b"
)
# what a request for a summary says besides the document: "mi fai una sintesi", "puoi riassumere"
SUMMARY_WORDS = set(
    "breve cosa parla parlano tratta trattano dice dicono dimmi spiegami fai fare puoi potresti dammi darmi "
    "vorrei serve servirebbe riassunto veloce".split()
)
CARD_LINES = 10  # a document's card: its opening, then its records
# who signed the act: "chi sono i firmatari", "chi ha sottoscritto", "tra chi è stato firmato"
SIGNED = re.compile(
    r"\bfirmatar\w*|\bsottoscrittor\w*|\bchi (?:(?:lo|la|l'|li|le) )?(?:ha |hanno )?(?:firmat\w*|firma|firmano|"
    r"sottoscritt\w*|sottoscrive|sottoscrivono)\b|\btra chi\b|\bchi sono le parti\b|\bquali sono le parti\b"
)
# what a question on the signatories says besides them and the document
SIGNED_WORDS = set("chi quali sono parti stato stata stati firmato firmata sottoscritto sottoscritta tra fra".split())
OPENING_PASSAGES = 12  # an act names its parties before its premises
# a list of a document's dates as the knowledge base read them: "quali scadenze ci sono
# nell'accordo?", "quali incontri periodici prevede l'intesa?" (recurring ones first)
DATES_LISTED = (
    (re.compile(r"\bscadenz\w*|\btermini\b"), ("scadenza", "validità")),
    (re.compile(r"\bincontr\w*|\briunion\w*|\bsedute\b|\bappuntament\w*"), ("ricorrente", "incontro")),
)
# the end of a document's own validity, asked of it alone: "quando scade l'accordo di Melzo?",
# "fino a quando vale il protocollo?", "quanto dura l'intesa?"
VALIDITY_ASKED = re.compile(
    r"\b(?:entro |fino a )?quando (?:scad\w*|vale|valgono|dura|durano|resta\w* in vigore)|\bscad\w*|\bquanto dur\w*|"
    r"\bdurata\b|\bvalidit\w*|\bin vigore\b"
)
VALIDITY_WORDS = set("qual data termine fino entro valido valida sua suo".split())
LIST_ASKED = re.compile(r"\bquali\b|\bquante\b|\belenc\w*|\btutt[ei]\b|\bche (?:scadenze|incontri|riunioni)\b")
LIST_WORDS = set(
    "quali quante sono ci previsti previste prevede prevedono fissati fissate indicati indicate principali periodici "
    "periodiche ricorrenti tutti tutte elenco elenca elencami dimmi stabilite stabiliti".split()
)
PARTY_HEAD = 3  # the first words of a party's name, by which its line is found
MAX_PARTY_LINES = 40
DEFINITION = re.compile(
    r"\bcosa (?:vuol dire|significa|sono)|\bsta(?:nno)? per\b|\bsigla\b|\bsignificato\b|\bcos['e ]+(?:e|è)\b"
)


class RecordLookup:
    def __init__(self, kb: KnowledgeBase, retriever: Retriever, stem) -> None:
        self.kb, self.retriever, self.stem = kb, retriever, stem

    def answer(self, q: Question, filters: Filters, scope_words=frozenset()) -> list[Statement]:
        """`scope_words`: the names by which the question chose its documents ("Sesto")."""
        scope = tuple(q.sources or filters.source or ())
        return (
            self.body_fields(q, scope, filters)
            or self.commitments(q, scope, filters, scope_words)
            or self.acronym(q, scope, filters)
        )

    def listed(self, q: Question, filters: Filters, scope_words=frozenset()) -> list[Statement]:
        """What the one document named lists, when the question asks nothing else: its parties
        ("chi sono i firmatari dell'intesa di Sesto?"), its deadlines or meetings ("quali scadenze
        ci sono nell'accordo di Melzo?"); each line as the document writes it."""
        scope = tuple(q.sources or filters.source or ())
        if len(scope) != 1:
            return []
        source = scope[0]
        return (
            self.signatories(q, source, filters, scope_words)
            or self.dates_listed(q, source, filters, scope_words)
            or self.validity(q, source, filters, scope_words)
        )

    def body_fields(self, q: Question, scope: tuple[str, ...], filters: Filters) -> list[Statement]:
        """The fields asked of the body named, where the knowledge base read each."""
        fields = fields_asked(q.asked)
        body = self.kb.body_named(list(q.words), scope, having=fields) if fields else None
        if body is None:
            return []
        quotes = []
        for f in fields:
            if f == "role" and body.role:  # said where the body was read, mostly in the line that names it
                quotes.append((body.passage_id, body.quote if body.role in body.quote else body.role))
            elif f in body.evidence:
                quotes.append((body.evidence[f].passage_id, body.evidence[f].quote))
        return self._holding(quotes, filters)

    def commitments(
        self, q: Question, scope: tuple[str, ...], filters: Filters, scope_words=frozenset()
    ) -> list[Statement]:
        """'Cosa garantisce l'ASST?': every commitment of the party named, in document order."""
        if not COMMITMENT.search(fold(q.asked)):
            return []
        parties = self._parties_named(q, scope)
        if not parties:
            return []
        records = [c for c in self.kb.commitments() if c.party in parties and (not scope or c.source in scope)]
        # the acts where the party commits by name before those where it is one of "le parti", and
        # in an act, what it commits to by name first ("In particolare, i Comuni: …")
        named_in = {c.source for c in records if not is_collective(c.party)}
        records.sort(key=lambda c: (c.source not in named_in, is_collective(c.party)))
        # "… sulla disabilità?": a topic besides the party that none of its commitments speaks of
        # is asked of something else (an axis, an article): the ranking answers
        cue = {self.stem(w) for w in content_words(" ".join(m.group(0) for m in COMMITMENT.finditer(fold(q.asked))))}
        named = {self.stem(w) for p in parties for w in content_words(p)} | cue | set(map(self.stem, scope_words))
        named |= {self.stem(w) for w in q.words if w in PARTY_WORDS}  # "sindacati", "oo", "ss" name the party
        words = [w for w in q.words if w not in DOCUMENT_WORDS and w not in ADMIN_WORDS]
        topic = {self.stem(w) for w in words} - named
        said = {self.stem(w) for c in records for w in content_words(c.quote)}
        if topic and not topic & said:
            return []
        return self._holding([(c.passage_id, c.quote) for c in records], filters)

    def acronym(self, q: Question, scope: tuple[str, ...], filters: Filters) -> list[Statement]:
        """'Cosa vuol dire OMI?': the line where the acronym is spelled out."""
        if not DEFINITION.search(fold(q.asked)):
            return []
        asked = {fold(w).replace(".", "") for w in re.findall(r"[\w.]+", undot(q.asked))}  # "OO.SS." too
        terms = [
            t
            for t in self.kb.glossary()
            if fold(t.acronym.replace(".", "")) in asked and (not scope or t.source in scope)
        ]
        return self._holding([(t.passage_id, t.quote) for t in terms[:1]], filters)

    def card(self, q: Question, filters: Filters, scope_words=frozenset()) -> list[Statement]:
        """'In breve, di cosa parla l'avviso di Cernusco?': a short card of the one document the
        question names: its opening sentence, then what the knowledge base read in it (axes,
        deadlines, validity, recurring meetings, each party's commitments, its acts), each line
        verbatim where it was read."""
        if len(q.sources) != 1 or not SUMMARY.search(fold(q.asked)):
            return []
        # "in due parole, cosa regola l'accordo rispetto al Piano di Zona?" asks something: not a card
        if not _nothing_else(SUMMARY.sub(" ", fold(q.asked)), SUMMARY_WORDS, scope_words):
            return []
        (source,) = q.sources
        scope = {"source": source}
        dates = self.kb.dates(**scope)
        order = ("scadenza", "validità", "ricorrente", "incontro", "atto", "data")
        dated = sorted(dates, key=lambda d: (order.index(d.kind) if d.kind in order else len(order), d.date or ""))
        parties: dict[str, Provenance] = {}
        for c in self.kb.commitments(**scope):
            parties.setdefault(c.party, c)  # the first commitment of each party
        records: list[Provenance] = [*self.kb.axes(**scope), *dated[:3], *list(parties.values())[:3]]
        opening = self._opening(source, filters)
        lines = opening + self._holding([(r.passage_id, r.quote) for r in records], filters)
        return lines[:CARD_LINES]

    def signatories(self, q: Question, source: str, filters: Filters, scope_words=frozenset()) -> list[Statement]:
        """'Chi sono i firmatari dell'intesa di Sesto?': the lines of `source` where it names its
        parties (read at ingest from its opening or its title), in document order. Nothing when
        the question asks anything else of them ("a cosa si impegnano i firmatari?")."""
        if not SIGNED.search(fold(q.asked)):
            return []
        if not _nothing_else(SIGNED.sub(" ", fold(q.asked)), SIGNED_WORDS, scope_words):
            return []
        parties = self.kb.documents.get(source, {}).get("parties") or []
        left = _party_heads(parties)
        block: list[Statement] = []
        for passage in self.retriever.passages_of(source)[:OPENING_PASSAGES]:
            for s in statements_of(passage, 0) if filters.accepts(passage) else ():
                words = " ".join(content_words(s.text))
                named = {h for h in left if h in words}
                if named or block:  # the block opens at the first party's line, closes at the last's
                    block.append(s)
                    left -= named
                if (block and not left) or len(block) > MAX_PARTY_LINES:
                    return block if not left else []
        return []

    def dates_listed(self, q: Question, source: str, filters: Filters, scope_words=frozenset()) -> list[Statement]:
        """'Quali scadenze ci sono nell'accordo di Melzo?': the deadlines (or the meetings) the
        knowledge base read in `source`, each where it was read: the recurring ones first, then
        by date. Nothing when the question asks anything else of them."""
        asked = fold(q.asked)
        if not LIST_ASKED.search(asked):
            return []
        for cue, wanted in DATES_LISTED:
            if not cue.search(asked):
                continue
            if not _nothing_else(cue.sub(" ", asked), LIST_WORDS, scope_words):
                return []
            dates = [d for d in self.kb.dates(source=source) if d.kind in wanted]
            dates.sort(key=lambda d: (d.rrule is None, d.date or ""))
            return self._holding([(d.passage_id, d.quote) for d in dates], filters)
        return []

    def validity(self, q: Question, source: str, filters: Filters, scope_words=frozenset()) -> list[Statement]:
        """'Da sindaco, quando scade l'accordo di Melzo?': the lines where the knowledge base read
        how long `source` itself is valid. Nothing when the question asks of anything else
        ("entro quando si aderisce …?") or the document states no validity."""
        asked = fold(q.asked)
        if not VALIDITY_ASKED.search(asked) or not _nothing_else(
            VALIDITY_ASKED.sub(" ", asked), VALIDITY_WORDS, scope_words
        ):
            return []
        dates = self.kb.dates("validità", source=source)
        return self._holding([(d.passage_id, d.quote) for d in dates], filters)

    # ------------------------------------------------------------------ helpers
    def _opening(self, source: str, filters: Filters) -> list[Statement]:
        """The first sentence of the document that says something (not a heading or a letterhead)."""
        for passage in self.retriever.passages_of(source):
            if not filters.accepts(passage):
                return []
            for s in statements_of(passage, 0):
                text = s.text.strip()
                words = re.findall(r"[^\W\d]+", text)
                prose = sum(w[0].islower() for w in words) >= len(words) / 2  # not a list of names
                if len(text) >= 80 and prose and text[-1:] in ".;:":
                    return [s]
        return []

    def _parties_named(self, q: Question, scope: tuple[str, ...]) -> set[str]:
        """The party whose name's head (its first two words, "enti aderenti"; one if it has one,
        "Comuni") or acronym ("ASST") the question holds, by stems; else every party of the kind
        the question names as people do ("i sindacati", "le OO.SS.": partynames.py), with the
        collective parties ("Le parti …") of the acts that kind signed."""
        asked = {self.stem(w) for w in q.words}
        best, score = None, 0
        for c in self.kb.commitments():
            if scope and c.source not in scope:
                continue
            words = content_words(c.party)
            acronyms = {self.stem(fold(a)) for a in re.findall(r"\b[A-Z]{3,}\b", c.party)}
            head = {self.stem(w) for w in words[:2]}
            if not ((head and head <= asked) or acronyms & asked):
                continue
            hits = len(asked & {self.stem(w) for w in words})
            if hits > score:
                best, score = c.party, hits
        if best is not None:
            return {best}
        named = q.asked
        if not kinds(q.asked) - {"parti"}:
            # "Da sindaco: cosa dobbiamo fare?", "Come CGIL, a cosa ci siamo impegnati?": the party
            # of the one who asks, named by the framing
            if not (WE.search(fold(q.asked)) and kinds(q.framing) - {"parti"}):
                return set()
            named = q.framing
        return {c.party for c in self.kb.commitments(party=named) if not scope or c.source in scope}

    def _holding(self, quotes: list[tuple[str, str]], filters: Filters) -> list[Statement]:
        """The statements of each passage that hold each quote, in the order given, once."""
        out: list[Statement] = []
        seen: set[tuple[str, int]] = set()
        for passage_id, quote in quotes:
            passage: Passage | None = self.retriever.passage(passage_id)
            if passage is None or not filters.accepts(passage):
                continue
            start = passage.text.find(quote)
            if start < 0:
                continue
            for s in statements_of(passage, 0):  # with the lead of the list they are items of
                if s.start < start + len(quote) and s.end > start and (passage.id, s.start) not in seen:
                    seen.add((passage.id, s.start))
                    out.append(s)
        return out


def _nothing_else(text: str, allowed: set[str], scope_words) -> bool:
    """`text`, a question without the words that ask for a record, names nothing but documents,
    the places it chose them by and `allowed` words ("quali", "sono", "previste")."""
    return not [w for w in content_words(text) if w not in DOCUMENT_WORDS and w not in scope_words and w not in allowed]


def _party_heads(parties: list[str]) -> set[str]:
    """The first words of each party's name; of a group, of its own name and of its last member
    ("Enti del Terzo Settore: ACLI …, …, CGIL Milano"), so that its members are read too."""
    names = []
    for party in parties:
        group, _, members = party.partition(":")
        names += [group, members.split(",")[-1]] if members else [group]
    return {h for h in (" ".join(content_words(n)[:PARTY_HEAD]) for n in names) if h}
