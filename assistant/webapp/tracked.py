"""The tables of commitments (Impegni) and deadlines (Scadenze) with their monitoring state
editable in the cells: Stato chosen, Nota and Chi ne risponde typed in place, then saved together
under the name typed below the table, one transaction for each row. «Apri» opens a row's passage
with the exact words and its history under the table.

Unsaved changes stay in the table until they are saved: a missing name, a row that is not
followed (a cited law's date) or a database error says so in Italian and loses nothing else."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from assistant.errors import PdzError
from assistant.monitor_db import STATES, MonitorDB, Row
from assistant.render import counted, md_escape
from assistant.service import Service

from . import review
from .common import show_record

OPEN = "Apri"
EDITABLE = {"Stato": "state", "Nota": "note", "Chi ne risponde": "responsible"}
ROW_HEIGHT = 66  # three lines: a commitment reads whole, wrapped, instead of cut at the column's edge
SAVED = "pdz_tracked_saved"  # the message of the last save, shown once after the table is redrawn


def table(
    frame: pd.DataFrame,
    records: list,
    ids: list[str],
    key: str,
    service: Service,
    tracked: tuple[MonitorDB | None, dict[str, Row]],
    widths: dict[str, int] | None = None,
) -> None:
    """`frame`: the record's columns, one row per record; `ids`: each record's monitoring code;
    `tracked`: review.states(), read once for the page; `widths`: pixels for some of the record's
    columns, so that the state is in view beside the words. Without a database the table has no
    state columns and stays readable."""
    db, states = tracked
    shown = frame.copy()
    shown.insert(0, OPEN, False)
    if db is not None:
        for column, field in EDITABLE.items():  # a row that is not followed (a cited act) has no state: "—"
            shown[column] = [getattr(states[i], field) if i in states else None for i in ids]
        if "Fonte" in shown:  # the source stays last
            shown["Fonte"] = shown.pop("Fonte")
    # the editor's key carries the rows it shows: edits are positional, and another filter's rows
    # must not receive them; and the count of saves, so that a saved table opens clean
    digest = hashlib.sha1("\n".join(ids).encode()).hexdigest()[:10]
    version = st.session_state.get(f"{key}_saves", 0)
    if st.session_state.get(SAVED, ("",))[0] == key:
        st.success(st.session_state.pop(SAVED)[1])
    edited = st.data_editor(
        shown,
        hide_index=True,
        row_height=ROW_HEIGHT,
        height=min(44 + ROW_HEIGHT * len(shown), 600),
        key=f"{key}_{digest}_{version}",
        placeholder="—",
        disabled=[c for c in shown.columns if c != OPEN and c not in EDITABLE],
        column_config={
            **{name: st.column_config.Column(name, width=px) for name, px in (widths or {}).items()},
            OPEN: st.column_config.CheckboxColumn(
                OPEN, width=76, help="Mostra il passaggio e la storia sotto la tabella"
            ),
            "Stato": st.column_config.SelectboxColumn("Stato", options=STATES, width=130, help="Scegli il nuovo stato"),
            "Nota": st.column_config.TextColumn("Nota", width=220, help="Che cosa è stato fatto, che cosa manca"),
            "Chi ne risponde": st.column_config.TextColumn("Chi ne risponde", width=140),
        },
    )
    hint = "spunta «Apri» per vedere il passaggio con le parole esatte"
    if db is not None:
        hint += "; cambia Stato, Nota o Chi ne risponde nelle celle e salva"
    st.caption(f"{counted(len(records), 'voce', 'voci')} · {hint}")
    if db is not None:
        _save(db, shown, edited, records, ids, states, key)
    for position in (p for p in range(len(records)) if bool(edited[OPEN].iloc[p])):
        record = records[position]
        st.markdown(f"##### {md_escape(_what(record)[:160])}")
        show_record(record, service, key)
        if ids[position] in states and db is not None:
            review.history(db, ids[position], f"{key}_{ids[position]}")


def _what(record) -> str:
    return getattr(record, "commitment", None) or getattr(record, "what", "")


def changes(shown: pd.DataFrame, edited: pd.DataFrame) -> dict[int, dict[str, str]]:
    """Row position → the editable fields changed in it (field name → new value)."""
    out: dict[int, dict[str, str]] = {}
    for position in range(len(shown)):
        changed = {
            field: str(edited[column].iloc[position] or "")
            for column, field in EDITABLE.items()
            if str(edited[column].iloc[position] or "") != str(shown[column].iloc[position] or "")
        }
        if changed:
            out[position] = changed
    return out


def _save(db, shown, edited, records, ids, states, key) -> None:
    pending = changes(shown, edited)
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    author = review.author_input(left, f"{key}_author")
    label = f"Salva {counted(len(pending), 'modifica', 'modifiche')}" if pending else "Nessuna modifica da salvare"
    if not right.button(label, key=f"{key}_save", type="primary", disabled=not pending):
        return
    if not author.strip():
        st.error("Scrivi il tuo nome: ogni aggiornamento dice chi l'ha fatto. Le modifiche restano nella tabella.")
        return
    saved, failed = 0, []
    for position, changed in pending.items():
        item = states.get(ids[position])
        if item is None:
            failed.append(f"«{_what(records[position])[:80]}»: non è seguita nel monitoraggio (è una data citata)")
            continue
        try:
            db.update(
                item.id,
                changed.get("state") or item.state,
                note=changed.get("note", ""),
                author=author,
                responsible=changed.get("responsible", item.responsible),
            )
            saved += 1
        except PdzError as exc:
            failed.append(f"«{_what(records[position])[:80]}»: {exc}")
    if failed:  # the table keeps what was not saved
        st.error("Non salvato — " + "; ".join(failed))
        if saved:
            st.success(f"{counted(saved, 'modifica salvata', 'modifiche salvate')}.")
        return
    st.session_state[f"{key}_saves"] = st.session_state.get(f"{key}_saves", 0) + 1
    st.session_state[SAVED] = (
        key,
        f"{counted(saved, 'modifica salvata', 'modifiche salvate')} a nome di {author.strip()}.",
    )
    st.rerun()
