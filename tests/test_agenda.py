"""The act's own agenda (KnowledgeBase.agenda): its deadlines and validity, not the dates it
recounts; made-up acts."""

from __future__ import annotations

from ingest.extract import knowledge_base
from ingest.parse import parse

ACT = """# Accordo di programma per il Piano di Zona dell'Ambito di Rhoville

Approvato dall'Assemblea dei Sindaci con delibera n. 2 del 10/02/2024

Art. 1 Premessa

La scadenza indicata da Regione Lombardia per la presentazione dei documenti di programmazione, 31.03.2024, diviene il punto di partenza del percorso. La cabina di regia del 5 dicembre 2023 ha condiviso il metodo.

Art. 2 Impegni

Le parti trasmettono la relazione di monitoraggio entro il 30 giugno 2024.

Art. 3 Durata

Il presente Accordo è valido fino al 31 dicembre 2026.
"""


def test_the_agenda_keeps_the_acts_own_dates_and_leaves_what_it_recounts(tmp_path):
    path = tmp_path / "rhoville.md"
    path.write_text(ACT, encoding="utf-8")
    kb = knowledge_base(parse(path))
    own = [d.date for d in kb.agenda() if d.date]
    assert own == ["2024-02-10", "2024-06-30", "2026-12-31"]
    # the Region's deadline and the meeting before the act are there for whoever asks for every date
    everything = {d.date for d in kb.dates()}
    assert {"2024-03-31", "2023-12-05"} <= everything
    # a deadline the act sets itself, in the same words but without the Region, stays
    mine = ACT.replace("indicata da Regione Lombardia", "che ci diamo")
    path.write_text(mine, encoding="utf-8")
    assert "2024-03-31" in [d.date for d in knowledge_base(parse(path)).agenda()]
