"""The chat: history in st.chat_message, answers with [n] markers, each citation an expander
with the passage and the quoted words highlighted; refusals said plainly with the closest
passages; quick starts for the three kinds of user; the conversation as a Markdown download."""

from __future__ import annotations

import time

import streamlit as st

from assistant.answer import Answer
from assistant.conversation import Conversation, Turn
from assistant.layout import bullets_markdown, citation_label, lay_out, lead_markdown
from assistant.quickstart import PERSONAS
from assistant.render import conversation_markdown, md_escape, short_source
from assistant.service import Service

from .common import Scope, show_in_context
from .state import examples, writer

HISTORY = "conversation"
PENDING = "pending_question"


def _ask(question: str) -> None:
    st.session_state[PENDING] = question


def show_turn(turn: Turn, service: Service, n: int, seconds: float | None = None) -> None:
    """`n`: the turn's place in the conversation, which keeps its sources' anchors and buttons apart."""
    if turn.understood_as != turn.question:
        st.caption(f"Ho inteso: «{md_escape(turn.understood_as)}»")
    show_answer(turn.answer, service, f"fonte-{n}", seconds)


def show_answer(answer: Answer, service: Service, anchor: str, seconds: float | None = None) -> None:
    if answer.refused:
        st.warning(md_escape(answer.headline), icon=":material/search_off:")
        if answer.leads:
            st.markdown("**Passaggi più vicini, da verificare:**")
            for n, passage in enumerate(answer.leads, start=1):
                with st.expander(f"{n}. {md_escape(short_source(passage))}"):
                    show_in_context(passage, "", service, key=f"{anchor}-lead-{n}")
        return
    layout = lay_out(answer)
    st.markdown(lead_markdown(layout, anchor))
    if layout.shown:
        st.markdown(bullets_markdown(layout.shown, anchor))
    if layout.more:
        with st.expander(f"Altri passaggi ({len(layout.more)})"):
            st.markdown(bullets_markdown(layout.more, anchor))
    if answer.note:
        st.caption(md_escape(answer.note))
    for c in answer.citations:
        st.markdown(f'<div id="{anchor}-{c.n}"></div>', unsafe_allow_html=True)  # where [n] leads
        with st.expander(md_escape(citation_label(c))):
            show_in_context(c.passage, c.quote, service, key=f"{anchor}-open-{c.n}", page=c.page)
    if seconds is not None:
        st.caption(f"Risposta in {seconds * 1000:.0f} ms · solo frasi dei documenti, con la fonte di ciascuna")


SHORT = 48  # characters of an example question on its button; the whole question is its tooltip


def _quick_starts() -> None:
    found = examples()
    if not any(found.values()):
        return
    with st.expander("Domande di esempio, tratte dai documenti caricati", expanded=True):
        for key, label in PERSONAS.items():
            if not found.get(key):
                continue
            st.markdown(f"*{label}:*")
            with st.container(horizontal=True):
                for n, question in enumerate(found[key]):
                    short = question if len(question) <= SHORT else question[: SHORT - 1].rsplit(" ", 1)[0] + "…"
                    st.button(
                        short, key=f"qs-{key}-{n}", on_click=_ask, args=(question,), help=question, width="content"
                    )


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
        for n, turn in enumerate(conversation.turns):
            with st.chat_message("user"):
                st.markdown(md_escape(turn.question))
            with st.chat_message("assistant"):
                st.empty()  # where a new answer streams: the same layout, no stale elements on rerun
                show_turn(turn, service, n)
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
                show_turn(turn, service, len(conversation.turns) - 1, took)
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
