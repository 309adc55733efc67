"""Scadenze: the dated items on a timeline around today, the coming and the past ones, the
recurring meetings; the calendar (.ics) of what is shown and the review-meeting brief as
downloads."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from assistant.briefing import briefing
from assistant.core.records import Dated
from assistant.monitor_items import deadline_id
from assistant.render import md_escape, short_source
from assistant.service import Service
from assistant.storage.kb import KIND_LABELS

from . import review
from .common import Scope, show_record
from .tracked import table


def _kind(d: Dated, today: date) -> str:
    """The kind as read, and a validity that has passed said to be so: the act may have been extended."""
    label = KIND_LABELS.get(d.kind, d.kind)
    if d.kind == "validità" and d.date and d.date < today.isoformat():
        return f"{label} — scaduta, verificare la proroga"
    return label


def _frame(rows: list[Dated], titles: dict[str, str], today: date) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Data": [date.fromisoformat(d.date).strftime("%d/%m/%Y") if d.date else "" for d in rows],
            "Tipo": [_kind(d, today) for d in rows],
            "Che cosa": [d.what for d in rows],
            "Documento": [titles.get(d.source, d.source) for d in rows],
            "Fonte": [d.reference for d in rows],
        }
    )


def timeline_chart(rows: list[Dated], today: date, titles: dict[str, str]) -> alt.LayerChart:
    """Dated items by act on a time axis, a red rule at today. Each kind keeps its colour whatever
    is shown (the colour scale lists every kind), and the rule shares the points' time field, so it
    is drawn on their axis."""
    data = pd.DataFrame(
        {
            "data": [pd.Timestamp(d.date) for d in rows],
            "tipo": [KIND_LABELS.get(d.kind, d.kind) for d in rows],
            "documento": [titles.get(d.source, d.source)[:60] for d in rows],
            "che cosa": [d.what[:120] for d in rows],
            "quando": ["in arrivo" if (d.date or "") >= today.isoformat() else "passata" for d in rows],
        }
    )
    points = (
        alt.Chart(data)
        .mark_circle(size=140, opacity=0.85)
        .encode(
            x=alt.X("data:T", title=None, axis=alt.Axis(format="%m/%Y")),
            y=alt.Y("documento:N", title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("tipo:N", title="Tipo", scale=alt.Scale(domain=list(KIND_LABELS.values()))),
            shape=alt.Shape("quando:N", title="Rispetto a oggi"),
            tooltip=["data:T", "tipo:N", "che cosa:N", "documento:N"],
        )
    )
    now = (
        alt.Chart(pd.DataFrame({"data": [pd.Timestamp(today)]}))
        .mark_rule(color="red", strokeDash=[4, 4], size=2)
        .encode(x="data:T")
    )
    return (points + now).properties(height=60 + 45 * data["documento"].nunique())


def _timeline(rows: list[Dated], today: date, titles: dict[str, str]) -> None:
    st.altair_chart(timeline_chart(rows, today, titles), width="stretch")
    st.caption(f"La linea rossa è oggi, {today.strftime('%d/%m/%Y')}. Passa sui punti per leggere la voce.")


def _cards(coming: list[Dated], past: list[Dated], today: date) -> None:
    """The timeline as dated cards, the coming ones first, for a narrow screen."""
    for heading, group in (("In arrivo", coming), ("Passate", past)):
        st.markdown(f"**{heading}** ({len(group)})")
        for d in group:
            with st.container(border=True):
                when = date.fromisoformat(d.date).strftime("%d/%m/%Y") if d.date else "—"
                st.markdown(f"**{when}** · {md_escape(_kind(d, today))}")
                st.markdown(md_escape(d.what[:200]))
                st.caption(md_escape(short_source(d)))


def _listing(
    title: str, rows: list[Dated], titles: dict[str, str], key: str, service: Service, today: date, states
) -> None:
    """`states`: review.states(), read once for the page's listings."""
    st.markdown(f"#### {title} ({len(rows)})")
    if not rows:
        st.markdown("Nessuna.")
        return
    frame = _frame(rows, titles, today)
    widths = {"Data": 90, "Tipo": 150, "Che cosa": 340, "Documento": 140}
    table(frame, rows, [deadline_id(d) for d in rows], key, service, states, widths)


def render(service: Service, scope: Scope, today: date | None = None) -> None:
    today = today or date.today()
    titles = service.titles
    everything = st.toggle("Mostra anche gli atti e le date citate (delibere, leggi)", key="sca_all")
    items = [d for d in (service.kb.dates() if everything else service.kb.agenda()) if scope.keeps(d)]
    dated = sorted((d for d in items if d.date), key=lambda d: d.date or "")
    recurring = [d for d in items if d.rrule]
    coming = [d for d in dated if (d.date or "") >= today.isoformat()]
    past = [d for d in reversed(dated) if (d.date or "") < today.isoformat()]
    if dated:
        with st.container(key="timeline_chart"):  # phone.py shows the one that fits the screen
            _timeline(dated, today, titles)
        with st.container(key="timeline_cards"):
            _cards(coming, past, today)
    states = review.states()
    _listing("In arrivo", coming, titles, "sca_coming", service, today, states)
    _listing("Passate", past, titles, "sca_past", service, today, states)
    st.markdown(f"#### Incontri periodici ({len(recurring)})")
    for meeting in recurring:
        after = service.kb.next_meeting(meeting, today)
        when = f" — prossimo: {after.strftime('%d/%m/%Y')} (calcolato dalla data dell'atto)" if after else ""
        with st.expander(md_escape(meeting.what[:150]) + when):
            show_record(meeting, service, "sca_meeting")
    if not recurring:
        st.markdown("Nessun incontro periodico nei documenti scelti.")

    st.divider()
    left, right = st.columns(2)
    left.download_button(
        "Scarica il calendario (.ics)",
        service.kb.to_ics(items) if items else b"",
        file_name="scadenze-pdz.ics",
        mime="text/calendar",
        disabled=not items,
        on_click="ignore",
        icon=":material/calendar_month:",
    )
    with right:
        territories = sorted({d.territory for d in service.documents if d.territory})
        where = st.selectbox(
            "Promemoria per la riunione di verifica: territorio", ["Tutti", *territories], key="brief_t"
        )
        on = st.date_input("alla data", value=today, format="DD/MM/YYYY", key="brief_d")
        st.download_button(
            "Scarica il promemoria (Markdown)",
            briefing(service.kb, None if where == "Tutti" else where, on),
            file_name="promemoria-riunione.md",
            mime="text/markdown",
            on_click="ignore",
            icon=":material/description:",
        )
