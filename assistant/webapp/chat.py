"""The chat: history in st.chat_message, answers with [n] markers, each citation an expander
with the passage and the quoted words highlighted; refusals said plainly with the closest
passages; quick starts for the three kinds of user; the conversation as a Markdown download."""

from __future__ import annotations

import time

import streamlit as st

from assistant.answer import Answer
from assistant.conversation import Conversation, Turn
from assistant.quickstart import PERSONAS
from assistant.render import answer_body, conversation_markdown, md_escape
from assistant.service import Service

from .common import Scope, show_passage
from .state import examples, writer

HISTORY = "conversation"
PENDING = "pending_question"


def _ask(question: str) -> None:
    st.session_state[PENDING] = question


def show_turn(turn: Turn, seconds: float | None = None) -> None:
    if turn.understood_as != turn.question:
        st.caption(f"Ho inteso: «{md_escape(turn.understood_as)}»")
    show_answer(turn.answer, seconds)


def show_answer(answer: Answer, seconds: float | None = None) -> None:
    if answer.refused:
        st.warning(md_escape(answer.headline), icon=":material/search_off:")
        if answer.leads:
            st.markdown("**Passaggi più vicini, da verificare:**")
            for n, passage in enumerate(answer.leads, start=1):
                with st.expander(f"{n}. {md_escape(passage.reference)}"):
                    show_passage(passage)
        return
    st.markdown(answer_body(answer.text))
    if answer.note:
        st.caption(md_escape(answer.note))
    for c in answer.citations:
        with st.expander(f"\\[{c.n}\\] {md_escape(c.reference)}"):
            show_passage(c.passage, c.quote)
    if seconds is not None:
        st.caption(f"Risposta in {seconds * 1000:.0f} ms · solo frasi dei documenti, con la fonte di ciascuna")


def _quick_starts() -> None:
    found = examples()
    if not any(found.values()):
        return
    st.markdown("**Domande di esempio**, tratte dai documenti caricati:")
    for key, label in PERSONAS.items():
        if not found.get(key):
            continue
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"*{label}:*", width=150)
            for n, question in enumerate(found[key]):
                st.button(question, key=f"qs-{key}-{n}", on_click=_ask, args=(question,), width="content")


def render(service: Service, scope: Scope) -> None:
    conversation: Conversation = st.session_state.setdefault(HISTORY, Conversation(service.answerer))
    conversation.answerer = service.answerer  # a new upload opened the store again
    intro, messages = st.empty(), st.container()
    typed = st.chat_input("Scrivi una domanda sui documenti…", key="chat_input")
    question = (typed or st.session_state.pop(PENDING, None) or "").strip()
    if conversation.turns or question:
        intro.empty()  # cleared now, not at the end of the run
    else:
        with intro.container():
            st.markdown(
                "Chiedi in italiano, come lo chiederesti a un collega: *chi coordina il Tavolo Tecnico?*, "
                "*ogni quanto si riunisce l'assemblea?*, *quali impegni hanno i Comuni?* "
                "Ogni frase della risposta è presa dai documenti e porta la sua fonte. "
                "Le domande brevi seguono le precedenti: *e chi la coordina?*, *e per Sesto?*, *entro quando?*"
            )
            _quick_starts()
    with messages:
        for turn in conversation.turns:
            with st.chat_message("user"):
                st.markdown(md_escape(turn.question))
            with st.chat_message("assistant"):
                st.empty()  # where a new answer streams: the same layout, no stale elements on rerun
                show_turn(turn)
        if question:
            with st.chat_message("user"):
                st.markdown(md_escape(question))
            with st.chat_message("assistant"):
                conversation.writer = writer(service)
                live = st.empty()
                written: list[str] = []

                def stream(token: str) -> None:  # the model's words as they come, before the check
                    written.append(token)
                    live.markdown(md_escape("".join(written)) + " ▌")

                with st.spinner("Cerco nei documenti…"):
                    started = time.perf_counter()
                    turn = conversation.ask(question, scope.filters, on_token=stream)
                    took = time.perf_counter() - started
                live.empty()
                show_turn(turn, took)
        if conversation.turns:
            left, right = st.columns(2)
            left.download_button(
                "Scarica la conversazione (Markdown)",
                conversation_markdown(conversation.turns),
                file_name="conversazione-pdz.md",
                mime="text/markdown",
                on_click="ignore",
                icon=":material/download:",
            )
            right.button("Nuova conversazione", on_click=lambda: st.session_state.pop(HISTORY, None))
