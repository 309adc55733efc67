"""The tables of commitments (Impegni) and deadlines (Scadenze) with their monitoring state
editable in the cells: Stato chosen, Nota and Chi ne risponde typed in place, then saved together
under the name typed below the table, one transaction for each row. «Apri» opens a row's passage
with the exact words and its history under the table.

Unsaved changes are kept by item until they are saved, also while a filter hides their row: a
missing name, a row that is not followed (a cited law's date) or a database error says so in
Italian and loses nothing."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from assistant.core.errors import PdzError
from assistant.monitor_db import MonitorDB
from assistant.monitor_items import STATES, Row
from assistant.render import counted, md_escape
from assistant.service import Service

from . import review
from .common import show_messages, show_record

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
    # changes not saved yet, by item (not by row: a filter that hides a row keeps its change)
    pending: dict[str, tuple[dict[str, str], str]] = st.session_state.setdefault(f"{key}_pending", {})
    saved_values = pd.DataFrame(index=shown.index)
    if db is not None:
        for column, field in EDITABLE.items():  # a row that is not followed (a cited act) has no state: "—"
            saved_values[column] = [getattr(states[i], field) if i in states else None for i in ids]
            shown[column] = [
                pending[i][0].get(field, v) if i in pending else v for i, v in zip(ids, saved_values[column])
            ]
        if "Fonte" in shown:  # the source stays last
            shown["Fonte"] = shown.pop("Fonte")
    # the editor's key carries the rows it shows (its edits are positional) and the count of
    # saves, so that a saved table opens with what the database now holds
    digest = hashlib.sha1("\n".join(ids).encode()).hexdigest()[:10]
    version = st.session_state.get(f"{key}_saves", 0)
    if st.session_state.get(SAVED, ("",))[0] == key:
        show_messages(st.session_state.pop(SAVED)[1])
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
        for position, (item_id, changed) in enumerate(zip(ids, changes(saved_values, edited))):
            if changed:
                pending[item_id] = (changed, _what(records[position]))
            else:
                pending.pop(item_id, None)
        _save(db, pending, states, key)
    for position in (p for p in range(len(records)) if bool(edited[OPEN].iloc[p])):
        record = records[position]
        st.markdown(f"##### {md_escape(_what(record)[:160])}")
        show_record(record, service, key)
        if ids[position] in states and db is not None:
            review.history(db, ids[position], f"{key}_{ids[position]}")


def _what(record) -> str:
    return str(getattr(record, "commitment", None) or getattr(record, "what", ""))


def changes(saved: pd.DataFrame, edited: pd.DataFrame) -> list[dict[str, str]]:
    """For each row, the editable fields whose value differs from the saved one (field → new value)."""
    return [
        {
            field: str(edited[column].iloc[position] or "")
            for column, field in EDITABLE.items()
            if str(edited[column].iloc[position] or "") != str(saved[column].iloc[position] or "")
        }
        for position in range(len(saved))
    ]


def _save(db: MonitorDB, pending: dict, states: dict[str, Row], key: str) -> None:
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    author = review.author_input(left, f"{key}_author")
    label = f"Salva {counted(len(pending), 'modifica', 'modifiche')}" if pending else "Nessuna modifica da salvare"
    if not right.button(label, key=f"{key}_save", type="primary", disabled=not pending):
        return
    if not author.strip():
        st.error("Scrivi il tuo nome: ogni aggiornamento dice chi l'ha fatto. Le modifiche restano nella tabella.")
        return
    saved, failed = 0, []
    for item_id, (changed, words) in list(pending.items()):
        item = states.get(item_id)
        if item is None:
            failed.append(f"«{words[:80]}»: non è seguita nel monitoraggio (è una data citata)")
            continue
        try:
            db.update(
                item.id,
                changed.get("state") or item.state,
                note=changed.get("note", ""),
                author=author,
                responsible=changed.get("responsible", item.responsible),
            )
        except PdzError as exc:
            failed.append(f"«{words[:80]}»: {exc}")
            continue
        saved += 1
        del pending[item_id]
    messages = []
    if saved:
        messages.append(
            ("success", f"{counted(saved, 'modifica salvata', 'modifiche salvate')} a nome di {author.strip()}.")
        )
    if failed:  # kept among the changes to save
        messages.append(("error", "Non salvato — " + "; ".join(failed)))
    st.session_state[SAVED] = (key, messages)
    st.session_state[f"{key}_saves"] = st.session_state.get(f"{key}_saves", 0) + 1
    st.rerun()
