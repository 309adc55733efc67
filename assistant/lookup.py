"""Answers read from the knowledge base's typed records, for the questions they answer whole:
the field asked of a body the question names ("chi coordina la Cabina di Regia?"), what a party
the question names commits to ("cosa garantisce l'ASST?"), what an acronym stands for ("cosa
vuol dire OMI?"). Each returns the statements (verbatim spans of the passages where the record
was read) that open the answer, or nothing, and then the learned ranking answers alone."""

from __future__ import annotations

import re
from dataclasses import replace

from .core.acronyms import acronym_key
from .core.lexicon import ADMIN_WORDS
from .core.partynames import WORDS as PARTY_WORDS
from .core.partynames import is_collective, kinds
from .core.query import DOCUMENT_WORDS, content_words, fold, undot
from .core.records import Term
from .core.statements import Statement, statements_of
from .kinds import DATE, DUTIES, TIME_LIMIT, fields_asked
from .listing import holding
from .question import Question
from .retrieve import Filters, Retriever
from .storage.kb import KnowledgeBase

COMMITMENT = re.compile(
    # "impegni" with the verb that takes them on ("quali impegni prende / si assume / ha preso l'ATS?")
    r"\bimpegn\w*(?: (?:si )?(?:(?:ha|hanno|abbiamo|avete|e|sono) )?(?:prend\w*|pres[oi]\b|assum\w*|assunt\w*|port\w*)|"
    rf" (?:ha|hanno)\b)?|\bgarantisc|{DUTIES}|"
    r"\bdev(?:e|ono) (?:fare|garantire|mettere|assicurare)|\bcosa (?:fa|fanno|fara)\b|"
    r"\bmette(?:re)? a disposizione|\bcompiti\b|"
    # the role of a party named ("il ruolo dell'ATS", "che ruolo ha l'ASST?"), not a role in something
    r"\bruol[oi] d(?:i|el|ell|ello|ella|elle|ei|egli)\b|\b(?:che|quale) ruolo (?:ha|hanno|svolg\w*|avr\w*)\b|"
    # the party of the one who asks: "cosa dobbiamo fare?", "a cosa ci siamo impegnati?"
    r"\bdobbiamo (?:fare|garantire|mettere|assicurare)|\bci siamo impegnat\w*|\bci impegniamo\b|"
    r"\bnostri (?:impegni|compiti)\b"
)
# a question in the first person plural: the asker's party commits
WE = re.compile(r"\b(?:dobbiamo|ci siamo|ci impegniamo|nostr[oaie]|noi|facciamo|abbiamo)\b")
GLOSS_CHARS = 200  # a line longer than this that spells an acronym out is narrowed to where it does
DEFINITION = re.compile(
    r"\bcosa (?:vuol(?:e)? dire|vogliono dire|significa(?:no)?|sono|indica(?:no)?)|\bsta(?:nno)? per\b|\bsigl[ae]\b|"
    r"\bsignificat[oi]\b|\bcos['e ]+(?:e|è)\b|\bche (?:vuol dire|significa)"
)


def commitments_undated(q: Question, record: list[Statement]) -> str:
    """'A cosa si impegna l'ASST, ed entro quando?' answered by commitments that state no date: a
    note that says so, so that a date read elsewhere under them is not taken for theirs."""
    asks_date = any(k.name == "date" for k in q.kinds)
    if asks_date and COMMITMENT.search(fold(q.asked)) and not any(DATE.search(s.text) for s in record):
        return "Gli impegni citati non indicano una scadenza."
    return ""


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
        return holding(self.retriever, quotes, filters)

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
        when = set(content_words(" ".join(m.group(0) for m in TIME_LIMIT.finditer(q.asked))))  # "entro il 2023"
        when |= q.asking_words  # "… ed entro quando?": how it asks, not what about
        words = [w for w in q.words if w not in DOCUMENT_WORDS and w not in ADMIN_WORDS and w not in when]
        topic = {self.stem(w) for w in words} - named
        said = {self.stem(w) for c in records for w in content_words(c.quote)}
        if topic and not topic & said:
            return []
        return holding(self.retriever, [(c.passage_id, c.quote) for c in records], filters)

    def acronym(self, q: Question, scope: tuple[str, ...], filters: Filters) -> list[Statement]:
        """'Cosa vuol dire OMI?': the line where the acronym is spelled out; 'cosa vogliono dire
        ATS e ASST?': each one's, in the order asked."""
        if not DEFINITION.search(fold(q.asked)):
            return []
        words = _keys_asked(q)
        terms: dict[str, Term] = {}
        for t in self.kb.glossary():
            key = acronym_key(t.acronym)
            if key in words and key not in terms and (not scope or t.source in scope):
                terms[key] = t
        out: list[Statement] = []
        for t in (terms[key] for key in sorted(terms, key=words.index)):
            lines = holding(self.retriever, [(t.passage_id, t.quote)], filters)
            if read_from_initials(t):  # "l'UdP": first the line that uses it, then where its words are written
                lines = self._using(t, filters)[:1] + lines
            out += [s for s in [_spelled_out(s, t) for s in lines[:1]] + lines[1:] if s not in out]
        return out

    def _using(self, term: Term, filters: Filters) -> list[Statement]:
        """The first statement of the term's document that uses the acronym."""
        used = _used(term.acronym)
        for p in self.retriever.passages_of(term.source):
            found = used.search(p.text)
            if found and filters.accepts(p):
                return [s for s in statements_of(p, 0) if s.start <= found.start() < s.end][:1]
        return []

    # ------------------------------------------------------------------ helpers
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


def _keys_asked(q: Question) -> list[str]:
    """The question's words as acronyms are compared, in order ("OO.SS." too)."""
    return [acronym_key(w) for w in re.findall(r"[\w.]+", undot(q.asked))]


def _used(acronym: str) -> re.Pattern:
    return re.compile(rf"(?<![\w.]){re.escape(acronym)}(?![\w])")


def read_from_initials(term: Term) -> bool:
    """The act uses the acronym without spelling it out next to it ("l'UdP", "le OO.SS."): the
    glossary read it from the words the act writes most often with its initials."""
    return not _used(term.acronym).search(term.quote)


def initials_note(q: Question, record: list[Statement], glossary: list[Term]) -> str:
    """What an answer from the glossary says of an acronym asked that the act never spells out
    (read from its initials), so that the reading is not taken for the act's own words."""
    asked = set(_keys_asked(q))
    cited = {s.passage.id for s in record}
    read = {
        t.acronym: t
        for t in glossary
        if read_from_initials(t) and t.passage_id in cited and acronym_key(t.acronym) in asked
    }.values()
    return " ".join(
        f"I documenti non sciolgono la sigla «{t.acronym}»: «{t.expansion}» è la lettura delle sue iniziali, "
        "dalle parole che il documento scrive per esteso più spesso."
        for t in read
    )


def _spelled_out(s: Statement, term: Term) -> Statement:
    """A long line that spells the acronym out among other things (a list of parties) narrowed to
    where it does: "Azienda Socio-Sanitaria Territoriale (ASST)", verbatim."""
    if len(s.text) <= GLOSS_CHARS:
        return s
    words = r"[\s-]+".join(map(re.escape, re.findall(r"[\w']+", term.expansion)))
    acronym = re.escape(term.acronym)
    spelled = re.compile(rf"{words}\s*\(\s*{acronym}\s*\)|{acronym}\s*[(:–-]\s*{words}\)?", re.IGNORECASE)
    found = spelled.search(s.passage.text, s.start, s.end)
    return replace(s, start=found.start(), end=found.end()) if found else s
