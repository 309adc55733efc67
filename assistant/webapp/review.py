"""Verifica: the state of each commitment and deadline, updated by whoever follows it (a name
typed, no login), with its history; and the review dossier for a territory and a date, shown and
downloadable as DOCX, Markdown and CSV."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assistant import dossier
from assistant.core.errors import PdzError
from assistant.monitor_db import MonitorDB
from assistant.monitor_items import STATES, Row
from assistant.render import counted, md_escape
from assistant.service import Service

from .common import Scope
from .state import monitor

LAST_AUTHOR = "pdz_last_author"  # the name typed once, offered again in this session


def render(service: Service, scope: Scope) -> None:
    db = monitor()
    if db is None:
        return
    rows = [r for r in db.rows() if not scope.narrowed or r.source in scope.sources]
    update(db, rows)
    st.divider()
    report(service, db)


def states() -> tuple[MonitorDB | None, dict[str, Row]]:
    """For a table beside the knowledge base: the database and each item by its code ({} when
    the database cannot be opened: the table goes on without states)."""
    db = monitor(quiet=True)
    return db, ({r.id: r for r in db.rows()} if db is not None else {})


def label(r: Row) -> str:
    who = r.party or (r.due or "")
    gone = " (non più nel documento)" if not r.present else ""
    return f"{r.id} · {r.state} · {who} — {r.what[:90]}{gone}"


def update(db: MonitorDB, rows: list[Row]) -> None:
    st.markdown("#### Aggiorna lo stato di un impegno o di una scadenza")
    if not rows:
        st.info("Nessun impegno o scadenza nei documenti scelti.")
        return
    by_id = {r.id: r for r in rows}
    chosen = st.selectbox("Impegno o scadenza", list(by_id), format_func=lambda i: label(by_id[i]), key="rev_item")
    item = by_id[chosen]
    st.markdown(f"> {md_escape(item.quote)}")
    st.caption(f"{item.title} — {item.locator}" + (f", p. {item.page}" if item.page else ""))
    editor(db, item, "rev")


def author_input(where, key: str) -> str:
    """«Il tuo nome», filled with the name last typed in this session in any of the app's forms."""
    if not st.session_state.get(key) and st.session_state.get(LAST_AUTHOR):
        st.session_state[key] = st.session_state[LAST_AUTHOR]  # before the widget exists in this run
    author = where.text_input("Il tuo nome", key=key, placeholder="chi scrive: ogni aggiornamento dice chi l'ha fatto")
    if author.strip():
        st.session_state[LAST_AUTHOR] = author.strip()
    return author


def editor(db: MonitorDB, item: Row, key: str) -> None:
    """The form that appends a state to the item's history, and the history below it (keys carry
    the item's code: another item opens with its own state, not the last one chosen)."""
    key = f"{key}_{item.id}"
    with st.form(f"{key}_form", clear_on_submit=False, border=False):
        left, right = st.columns(2)
        state = left.selectbox("Stato", STATES, index=STATES.index(item.state), key=f"{key}_state")
        responsible = right.text_input("Chi ne risponde", value=item.responsible, key=f"{key}_resp")
        note = st.text_area("Nota", placeholder="che cosa è stato fatto, che cosa manca", key=f"{key}_note")
        author = author_input(st, f"{key}_author")
        if st.form_submit_button("Salva l'aggiornamento", type="primary"):
            if not author.strip():
                st.error("Scrivi il tuo nome: ogni aggiornamento dice chi l'ha fatto.")
            else:
                try:
                    saved = db.update(item.id, state, note=note, author=author, responsible=responsible)
                    when = saved.updated.astimezone().strftime("%d/%m/%Y %H:%M") if saved.updated else ""
                    st.success(f"Salvato: «{saved.state}» ({when}).")
                except PdzError as exc:
                    st.error(str(exc))
    history(db, item.id, key)


def history(db: MonitorDB, item_id: str, key: str) -> None:
    """The item's updates, oldest first, in an expander open when there are any."""
    found = db.history(item_id)
    with st.expander(f"Storia ({counted(len(found), 'aggiornamento', 'aggiornamenti')})", expanded=bool(found)):
        if found:
            st.dataframe(
                pd.DataFrame(
                    {
                        "Quando": [h["aggiornato"][:16].replace("T", " ") for h in found],
                        "Stato": [h["stato"] for h in found],
                        "Nota": [h["nota"] for h in found],
                        "Autore": [h["autore"] for h in found],
                        "Responsabile": [h["responsabile"] for h in found],
                    }
                ),
                hide_index=True,
                key=f"{key}_history",
            )
        else:
            st.caption("Ancora nessun aggiornamento: lo stato è «da avviare».")


def report(service: Service, db: MonitorDB) -> None:
    st.markdown("#### Il dossier della verifica")
    territories = sorted({d.territory for d in service.documents if d.territory})
    left, right = st.columns(2)
    territory = left.selectbox("Territorio", ["Tutti i territori", *territories], key="rev_territory")
    on = right.date_input("Data della verifica", value=date.today(), format="DD/MM/YYYY", key="rev_date")
    built = dossier.build(service.kb, db, None if territory == "Tutti i territori" else territory, on)
    st.caption(f"Prossima verifica: {built.next_review.strftime('%d/%m/%Y')}")
    name = f"verifica-{on.isoformat()}"
    first, second, third = st.columns(3)
    first.download_button(
        "Scarica DOCX",
        lambda: dossier.to_docx(built),  # made on the click, not on every rerun
        f"{name}.docx",
        key="rev_docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    second.download_button(
        "Scarica Markdown", lambda: dossier.to_markdown(built), f"{name}.md", key="rev_md", mime="text/markdown"
    )
    third.download_button("Scarica CSV", lambda: dossier.to_csv(built), f"{name}.csv", key="rev_csv", mime="text/csv")
    for section in built.sections:
        st.markdown(f"##### {md_escape(section.title)}")
        if not section.entries:
            st.caption("Nessuna voce.")
            continue
        headers, rows = section.table()
        frame = pd.DataFrame(rows, columns=headers)
        frame["Fonte"] = [f"[{n}] {built.sources[n - 1][0]}" for n in section.sources]
        st.dataframe(frame, hide_index=True, key=f"rev_{section.title[:20]}")
