"""Candidates at two grains for one question: the passages of the hybrid search (dense and
BM25, over the whole store and over the documents the question names, fused by RRF) and the
statements of those passages (lines, sentences, list items, each with its list lead), with
the similarity signals the ranker reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .alone import notes
from .core.statements import ANAPHOR, Statement, is_item, lead_before, pointed_back_to, statements, statements_of
from .core.types import Passage
from .retrieve import Filters, Retriever, rrf

DEPTH = 40  # passages read from each ranked list
PASSAGES = 24  # passages whose statements become candidates


@dataclass(frozen=True)
class Candidate:
    statement: Statement
    passage_rank: int  # 0 = the best passage of the fused ranking
    fused: float  # the passage's RRF score
    passage_dense: float  # cosine of question and passage
    passage_bm25: float  # the passage's BM25 score over the best one's (0 if not in the BM25 list)
    in_list: bool = False  # reached by following a list into the next passage
    statement_dense: float | None = None  # cosine of question and statement (None: no vector)
    antecedent: str = ""  # the sentence it points back to ("A tale call …"), when it opens so
    footnotes: str = ""  # the footnotes it calls ("… della CTSSM¹" -> "¹ Approvato … il 10 maggio 2018")

    @property
    def passage(self) -> Passage:
        return self.statement.passage

    @property
    def text(self) -> str:
        return self.statement.text


class CandidateFinder:
    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def find(
        self, query_text: str, lexical_text: str, scope: Filters, named: Filters | None, extra: Sequence[Passage] = ()
    ) -> list[Candidate]:
        """`scope`: the user's filters; `named`: narrowed to the documents the question names;
        `extra`: passages the knowledge base points to, fused as one more ranked list."""
        r = self.retriever
        qvec = r.embedder.embed_query(query_text)
        lists: list[list[Passage]] = []
        bm25: dict[str, float] = {}
        for filters in [scope] + ([named] if named is not None else []):
            dense = [p for p, _ in r.vectors_query(qvec, DEPTH, filters)]
            lexical = [(p, b) for p, b in r.lexical.search(lexical_text, DEPTH * 3) if filters.accepts(p)][:DEPTH]
            for p, score in lexical:
                bm25[p.id] = max(bm25.get(p.id, 0.0), score)
            lists += [dense, [p for p, _ in lexical]]
        if extra:
            lists.append([p for p in extra if scope.accepts(p)])
        fused = rrf(lists)[:PASSAGES]
        top_bm25 = max(bm25.values(), default=0.0) or 1.0
        statements: list[tuple[Statement, int, float, bool]] = []
        seen_passages = {p.id for p, _ in fused}
        for rank, (passage, score) in enumerate(fused):
            own = statements_of(passage, rank, self._lead_before(passage))
            statements += [(s, rank, score, False) for s in own]
            # a list whose lead closes the passage goes on in the next one
            following = r.neighbor(passage, +1, same_unit=False)
            if own and own[-1].text.rstrip().endswith(":") and following and following.id not in seen_passages:
                for s in statements_of(following, rank, own[-1].text.strip()):
                    if not is_item(s.text) and statements and statements[-1][3]:
                        break
                    statements.append((s, rank, score, True))
        passages = {s.passage.id: s.passage for s, *_ in statements}
        pvecs = r.passage_vectors(list(passages.values()))
        pdense = {pid: float(v @ qvec) if v is not None else 0.0 for pid, v in zip(passages, pvecs)}
        svecs = r.statement_vectors([s for s, *_ in statements])
        out = []
        for (s, rank, score, in_list), sv in zip(statements, svecs):
            pd = pdense[s.passage.id]
            out.append(
                Candidate(
                    statement=s,
                    passage_rank=rank,
                    fused=score,
                    passage_dense=pd,
                    passage_bm25=bm25.get(s.passage.id, 0.0) / top_bm25,
                    in_list=in_list,
                    statement_dense=float(sv @ qvec) if sv is not None else None,
                    antecedent=self._antecedent(s),
                    footnotes=" ".join(n.text for n in notes(r, s)),
                )
            )
        return out

    def _antecedent(self, s: Statement) -> str:
        """The sentence before a statement that opens by pointing back ("Tale servizio …"), in its
        passage or at the end of the passage before it in the same unit (a passage's cut)."""
        if not ANAPHOR.match(s.text):
            return ""
        span = pointed_back_to(s)
        if span is not None:
            return s.passage.text[span[0] : span[1]]
        prev = self.retriever.neighbor(s.passage, -1)
        before = [prev.text[a:b] for a, b in statements(prev.text)] if prev is not None else []
        return before[-1] if before else ""

    def _lead_before(self, passage: Passage) -> str:
        prev = self.retriever.neighbor(passage, -1)
        return lead_before(prev.text, passage.text) if prev is not None else ""
