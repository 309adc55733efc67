"""What the ranker reads about each candidate statement: generic signals only (similarities,
ranks, word overlap with the question, the kind of fact asked and whether the statement holds
it, the statement's shape, the document scope). No word of any particular question."""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from .candidates import Candidate
from .core.lexicon import ADMIN_WORDS
from .core.query import DOCUMENT_WORDS, content_words, fold
from .core.statements import is_item
from .counting import counts, counts_any
from .kbindex import KBIndex
from .kinds import ASKS_DAY, ASKS_DEADLINE, DAY_DATE, DEADLINE_DATE, OFFICE, records_asked
from .question import Question
from .wordweights import STEMS_CACHE, Weights, WordStats

FEATURES = (
    "fused",
    "passage_rank",
    "passage_dense",
    "passage_dense_rank",
    "passage_bm25",
    "overlap",
    "overlap_context",
    "overlap_unit",
    "overlap_framing",
    "overlap_rank",
    "overlap_gap",
    "overlap_passage",
    "overlap_near",
    "fact",
    "fact_weak",
    "fact_missing",
    "counted",
    "in_scope",
    "out_scope",
    "in_unit",
    "is_lead",
    "is_item",
    "has_lead",
    "short",
    "log_len",
    "upper",
    "first_in_passage",
    "in_list",
    "kb_match",
    "kb_any",
    "about",
    "enumeration",
    "statement_dense",
)


WEAK_FACTS = ("count", "who")
LETTER, CAPITAL = re.compile(r"[^\W\d_]"), re.compile(r"[A-ZÀ-ÖØ-Þ]")
PLACE_WORDS = ADMIN_WORDS | DOCUMENT_WORDS
# the share of the question's topic (by idf) a statement and its headings must share to be about
# it; 0.1 by CV on train (0.787/0.698; any shared word: 0.796/0.708, but then a date of another
# act answers "entro quando … il bilancio delle antenne sociali?"; 0.2: 0.778/0.689)
ABOUT = 0.1
NAMED_SHARE = 0.5
# four or more short names in a row: "i comuni di Bellinzago Lombardo, Bussero, Cambiago, …"
ENUMERATION = re.compile(r"(?:[A-ZÀ-Ý][\w'’à-ÿ]*(?:\s+[\w'’à-ÿ]+){0,2}?,\s+){3,}(?:e\s+)?[A-ZÀ-Ý]")
# the parties of an agreement, named after "tra": "tra Comune di Bologna, Città metropolitana e
# Arcidiocesi di Bologna" (three or more, each a capitalised name)
_ARTICLE = r"(?:(?:il|lo|la|l'|i|gli|le)\s*)?"
_PARTY = rf"{_ARTICLE}[A-ZÀ-Ý][^,;.:()]{{1,50}}?"
BETWEEN_PARTIES = re.compile(rf"\b(?:tra|fra)\s+{_PARTY}(?:,\s+{_PARTY})+\s+e\s+{_ARTICLE}[A-ZÀ-Ý]")
# the kind of question a run of names can answer: "quali comuni", "chi ne fa parte", "quali enti"
NAMING_KINDS = ("who",)


def strong_kinds(q: Question) -> list:
    """The kinds of fact asked that a statement must hold to answer: a date, a sum, a frequency,
    an address, a count of a named noun ("quanti posti" wants "12 posti"); not a bare number
    or a name, which nearly every statement has."""
    return [
        k for k in q.kinds if k.fact is not None and (k.name not in WEAK_FACTS or (k.name == "count" and q.counted))
    ]


def holds_fact(kind, text: str, q: Question, stem) -> bool:
    """`text` holds the fact `kind` asks for, as this question asks it: a count of the noun it
    counts ("quanti posti" -> "12 posti"); a date in the year it names ("il bando 2022")."""
    if kind.name == "count" and q.counted:
        if any(counts(text, noun, stem) for noun in q.counted):
            return True
        # "quanti e quali comuni": the names, listed, count them
        return q.asks_list and _enumerates(text)
    if kind.name == "person" and (office := OFFICE.search(fold(q.asked))):
        # the name of who holds the office asked, said with it ("il Direttore Generale, dott. …")
        said = {stem(w) for w in content_words(text)}
        return stem(office.group(1)) in said and kind.held_by(text)
    if kind.name == "date":
        low = fold(q.asked)
        # a deadline asked wants a day its words lead to, a day asked any day, else a year will do
        dated = DEADLINE_DATE if ASKS_DEADLINE.search(low) else DAY_DATE if ASKS_DAY.search(low) else kind.fact
        held = dated.search(text)
        return bool(held) and (not q.years or any(year in text for year in q.years))
    return kind.held_by(text)


@lru_cache(maxsize=STEMS_CACHE)  # statements recur from part to part and question to question
def _upper(text: str) -> bool:
    """Mostly capitals: a heading ("RISORSE ECONOMICHE PREVENTIVATE")."""
    letters = len(LETTER.findall(text))
    return bool(letters) and len(CAPITAL.findall(text)) / letters > 0.7


@lru_cache(maxsize=STEMS_CACHE)
def _enumerates(text: str) -> bool:
    return bool(ENUMERATION.search(text) or BETWEEN_PARTIES.search(text))


def _inverse_rank(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: -values[i])
    out = [0.0] * len(values)
    for r, i in enumerate(order):
        out[i] = 1.0 / (1 + r)
    return out


def in_unit(locator: str, labels) -> bool:
    parts = [p.strip() for p in locator.split("›")]
    return any(p == u.label or p.startswith(u.label + " ") for u in labels for p in parts)


def featurize(
    q: Question, cands: list[Candidate], stats: WordStats, scope_words=frozenset(), kb: KBIndex | None = None
) -> np.ndarray:
    """One row of FEATURES per candidate. `scope_words`: the names by which the question chose
    its documents ("Sesto"), which say where to look, not what."""
    if not cands:
        return np.zeros((0, len(FEATURES)))
    asked = Weights(stats.weights([w for w in q.words if w not in scope_words]))
    # words that say where (the place, "ambito", "comune") or in what ("accordo", "art") are not
    # what is asked, unless counted ("quanti comuni"): a statement that shares only those with
    # the question is not about it
    topic_words = [w for w in q.words if w not in scope_words and (w not in PLACE_WORDS or w in q.counted)]
    topic = Weights(stats.weights(topic_words))
    # the words that ask for the kind of fact ("quando scade", "l'importo") are met by a statement
    # that holds that fact: "fino al 31 dicembre 2023" answers "quando scade" without the word. (Not
    # counting them at all refused "entro quando bisogna aderire …?" where the statement says
    # "manifestare il proprio interesse … entro il 29 luglio": the rest of a question is often
    # paraphrased; so "quanto costa aderire …?" is answered by a sum of the budget.)
    cue_stems = frozenset(stats.stem(w) for w in q.cue_words)
    framing = Weights(stats.weights(q.framing_words))
    # the names the question asks about ("il Tavolo metropolitano", "il progetto CIAO!"): a fact
    # stated of something else is not the fact asked, so its statement (with its headings) must
    # name most of them (by CV on train: unanswerable refused 9.3 -> 12 of 12; naming them in the
    # passage instead: 11 of 12)
    named = Weights(stats.weights([w for w in q.names if w not in scope_words and w not in PLACE_WORDS]))
    # a date, a sum, a frequency, an address are specific; a number or a name nearly always present
    strong = strong_kinds(q)
    weak_kinds = [k for k in q.kinds if k.fact is not None and k not in strong]

    def holds(text: str) -> bool:
        return any(holds_fact(k, text, q, stats.stem) for k in strong)

    # what a refusal reads ("none of the best statements holds the fact asked"): a number whose
    # noun phrase holds a word of the question, as the documents may name what is counted otherwise
    # ("quante case … dell'ALER?" -> "611 Unità Immobiliari all'ALER", "quanti incontri di
    # laboratorio" -> "3 momenti laboratoriali"): a word spelled differently must not by itself refuse
    counted_loosely = {stats.stem(w) for w in topic_words} if any(k.name == "count" for k in strong) else set()

    wanted = {tag for k in q.kinds for tag in records_asked(k, q.asked)}
    # a governance body's field answers only when the question names that body
    body = kb.body_named(list(q.words), q.sources) if kb is not None and wanted else None
    names_asked = any(k.name in NAMING_KINDS for k in q.kinds)
    # the dense cosine within this question's candidates, 0 (worst) to 1 (best): its scale
    # depends on the embedding model (e5 ~0.8, the hash embedder ~0.2), its order does not
    dense = [c.passage_dense for c in cands]
    low, spread = min(dense), (max(dense) - min(dense)) or 1.0
    ordered = sorted(set(dense), reverse=True)  # by passage: its statements share one cosine
    dense_rank = [1.0 / (1 + ordered.index(d)) for d in dense]
    # the statement's own cosine, on the same scale; its passage's where it has no vector
    own_dense = [c.statement_dense if c.statement_dense is not None else c.passage_dense for c in cands]
    own_low, own_spread = min(own_dense), (max(own_dense) - min(own_dense)) or 1.0
    rows = []
    overlaps = []
    stems = [stats.stems_of(c.text) for c in cands]
    passage_stems: dict[str, frozenset[str]] = {}
    for i, c in enumerate(cands):
        p = c.passage
        text = c.text
        own = stems[i]
        if p.id not in passage_stems:
            passage_stems[p.id] = stats.stems_of(p.text)
        near = set().union(*(stems[j] for j in (i - 1, i + 1) if 0 <= j < len(cands) and cands[j].passage.id == p.id))
        context = own | stats.stems_of(f"{p.heading} {p.locator} {c.statement.lead} {p.title}")
        if c.antecedent:  # "A tale call sono seguiti 3 momenti …": about what the sentence before names
            context |= stats.stems_of(c.antecedent)
        if c.footnotes:  # "… della CTSSM¹": its note says what the line does not ("approvato … il 10 maggio 2018")
            context |= stats.stems_of(c.footnotes)
        unit = stats.stems_of(p.locator.split("›")[-1])
        overlap, overlap_ctx = asked.share(own), asked.share(context)
        overlaps.append(overlap + overlap_ctx)
        # the fact asked, in a statement about the question (a word of it in the statement or its
        # headings, not outside the documents it names): a date on something else is not the date asked
        in_scope = bool(q.sources) and p.source in q.sources
        out_scope = bool(q.sources) and not in_scope
        # a question whose words all say where ("quali comuni compongono l'ambito?") has no topic to miss
        has_fact = holds(text) or (bool(c.footnotes) and holds(c.footnotes))
        met = context | cue_stems if has_fact else context
        # the noun counted, counted by another name ("quante persone" by "41.200 abitanti")
        counted = [n for n in q.counted if counts(text, n, stats.stem)]
        met |= {stats.stem(n) for n in counted}
        about = (not topic or topic.share(met) >= ABOUT) and not out_scope
        of_named = not named or named.share(context) >= NAMED_SHARE
        held = has_fact and about and of_named
        held_loosely = held or (about and of_named and counts_any(text, counted_loosely, stats.stem))
        tags = kb.tags(p.id, text, body) if kb is not None else set()
        rows.append(
            {
                "fused": c.fused * 30,
                "passage_rank": 1.0 / (1 + c.passage_rank),
                "passage_dense": (c.passage_dense - low) / spread,
                "passage_dense_rank": dense_rank[i],
                "passage_bm25": c.passage_bm25,
                "overlap": overlap,
                "overlap_context": overlap_ctx,
                "overlap_unit": asked.share(unit),
                "overlap_passage": asked.share(passage_stems[p.id]),
                "overlap_near": asked.share(near - own),
                "overlap_framing": framing.share(context),
                "fact": float(held),
                "fact_weak": float(any(k.held_by(text) for k in weak_kinds)),
                "fact_missing": float(bool(strong) and not held_loosely),
                "counted": float(bool(counted)),
                "in_scope": float(in_scope),
                "out_scope": float(out_scope),
                "in_unit": float(bool(q.units) and in_unit(p.locator, q.units)),
                "is_lead": float(text.rstrip().endswith(":")),
                "is_item": float(is_item(text)),
                "has_lead": float(bool(c.statement.lead)),
                "short": float(len(text.strip()) < 40),
                "log_len": math.log(1 + len(text.strip())) / 6,
                "upper": float(_upper(text)),
                "first_in_passage": float(c.statement.start == 0),
                "in_list": float(c.in_list),
                "kb_match": float(bool(tags & wanted)),
                "kb_any": float(bool(tags)),
                "about": float(about),
                "enumeration": float(names_asked and _enumerates(text)),
                "statement_dense": (own_dense[i] - own_low) / own_spread,
            }
        )
    best = max(overlaps)
    for row, rank, value in zip(rows, _inverse_rank(overlaps), overlaps):
        row["overlap_rank"], row["overlap_gap"] = rank, value - best
    return np.array([[row[f] for f in FEATURES] for row in rows], dtype=np.float64)
