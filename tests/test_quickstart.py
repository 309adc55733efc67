"""Quick starts come from what the knowledge base found, and only answerable ones are offered."""

from __future__ import annotations

from assistant.answer import refuse
from assistant.core.records import Body, Dated, Records, Term
from assistant.quickstart import PERSONAS, candidates, quick_starts
from assistant.service import Service
from assistant.storage.kb import KnowledgeBase
from assistant.storage.settings import Settings

WHERE = dict(
    source="v.md", title="Protocollo", locator="Art. 1", page=1, passage_id="p", territory="Comune di Valfiorita"
)


def test_candidates_are_built_from_the_records():
    kb = KnowledgeBase(
        Records(
            bodies=[
                Body(
                    name="Consulta del Volontariato (CV)",
                    role="organo consultivo",
                    coordinator="il Sindaco",
                    quote="q",
                    **WHERE,
                )
            ],
            terms=[Term(acronym="CV", expansion="Consulta del Volontariato", quote="q", **WHERE)],
            dates=[
                Dated(
                    what="si riunisce ogni tre mesi",
                    kind="ricorrente",
                    rrule="FREQ=MONTHLY;INTERVAL=3",
                    party="Consulta",
                    quote="la Consulta si riunisce",
                    **WHERE,
                ),
                Dated(what="fino al 31 dicembre 2030", kind="validità", date="2030-12-31", quote="q", **WHERE),
            ],
        )
    )
    found = candidates(kb)
    assert set(found) == set(PERSONAS)
    assert "Chi coordina la Consulta del Volontariato?" in found["staff"]
    assert "Che cos'è la Consulta del Volontariato?" in found["staff"]
    assert "Ogni quanto si riunisce la Consulta di Valfiorita?" in found["sindaci"]
    assert "Fino a quando è valido l'accordo di Valfiorita?" in found["sindaci"]
    assert found["sindacati"] == []  # no axes, no commitments: nothing made up


def test_quick_starts_on_the_corpus_are_answered(corpus_store):
    service = Service(Settings.resolve(corpus_store))
    chosen = quick_starts(service.kb, service.answerer)
    for key in PERSONAS:
        assert 1 <= len(chosen[key]) <= 3, key
        for question in chosen[key]:
            answer = service.answerer.answer(question)
            assert not answer.refused and answer.citations, question


def test_refused_candidates_are_left_out(corpus_store):
    service = Service(Settings.resolve(corpus_store))

    class RefusesAll:
        def answer(self, question):
            return refuse(question, "nulla", [])

    assert quick_starts(service.kb, RefusesAll()) == {key: [] for key in PERSONAS}
