"""How a question asks what the one document it names lists or says of itself: who signed it, when,
its deadlines and meetings, how long it is valid, its axes, a card of it; and the words such a
question may hold besides (listing.py reads the answers)."""

from __future__ import annotations

import re

SUMMARY = re.compile(
    r"\bin breve\b|\briassum\w*|\bdi (?:che )?cosa (?:parla|tratta)|\bsintesi\b|\bpanoramica\b|\bcosa contiene\b|"
    r"\bin due parole\b|\bscheda\b"
)
# what a request for a summary says besides the document: "mi fai una sintesi", "puoi riassumere"
SUMMARY_WORDS = set(
    "breve cosa parla parlano tratta trattano dice dicono dimmi spiegami fai fare puoi potresti dammi darmi "
    "vorrei serve servirebbe riassunto veloce".split()
)
# who signed the act: "chi sono i firmatari", "chi ha sottoscritto", "tra chi è stato firmato"
SIGNED = re.compile(
    r"\bfirmatar\w*|\bsottoscrittor\w*|\bchi (?:(?:lo|la|li|le) |l')?(?:(?:ha|hanno|e|sono|viene|vengono) )?"
    r"(?:stat[oaie] )?(?:firmat\w*|firma|firmano|sottoscritt\w*|sottoscrive|sottoscrivono)\b|\btra chi\b|"
    r"\bchi sono le parti\b|\bquali sono le parti\b|\b(?:ha|hanno|abbiamo|avete) (?:firmato|sottoscritto)\b"
)
# what a question on the signatories says besides them and the document; and when they signed
SIGNED_WORDS = set("chi quali sono parti stato stata stati firmato firmata sottoscritto sottoscritta tra fra".split())
WHEN_WORDS = set("quando data giorno".split())
WHEN = re.compile(rf"\b(?:{'|'.join(sorted(WHEN_WORDS))})\b")
# when the act was signed, asked of it alone: "quando è stato firmato l'accordo?", "in che data è stata
# sottoscritta l'intesa?", "la data della firma"
SIGNED_WHEN = re.compile(
    r"\b(?:quando|in (?:che|quale) data|che data|di che data)\b(?:\s+\w+){0,3}?\s+(?:firmat|sottoscritt|siglat)\w*|"
    r"\bdata (?:della|di) (?:firma|sottoscrizione)\b"
)
# a list of a document's dates as the knowledge base read them: "quali scadenze ci sono
# nell'accordo?", "quali incontri periodici prevede l'intesa?" (recurring ones first)
DATES_LISTED = (
    (re.compile(r"\bscadenz\w*|\btermini\b"), ("scadenza", "validità")),
    (re.compile(r"\bincontr\w*|\briunion\w*|\bsedute\b|\bappuntament\w*"), ("ricorrente", "incontro")),
)
# the end of a document's own validity, asked of it alone: "quando scade l'accordo di Melzo?",
# "fino a quando vale il protocollo?", "quanto dura l'intesa?"
VALIDITY_ASKED = re.compile(
    r"\b(?:entro |fino a )?quando (?:scad\w*|vale|valgono|dura|durano|resta\w* in vigore)|\bscad\w*|\bquanto dur\w*|"
    r"\bdurata\b|\bvalidit\w*|\bin vigore\b"
)
VALIDITY_WORDS = set("qual data termine fino entro valido valida sua suo".split())
# a document's strategic axes, asked by their name or as people call them
AXES_ASKED = re.compile(
    r"\bass[ei](?: strategic[io])?\b|\b(?:obiettivi|linee|aree|direttrici|scelte) strategic\w*|\bpriorita\b|"
    r"\bmacro.?aree\b|\baree (?:di intervento|tematiche)\b|\blinee (?:di intervento|d'azione)\b"
)
LIST_ASKED = re.compile(r"\bquali\b|\bquante\b|\belenc\w*|\btutt[ei]\b|\bche (?:scadenze|incontri|riunioni)\b")
LIST_WORDS = set(
    "quali quante sono ci previsti previste prevede prevedono fissati fissate indicati indicate principali periodici "
    "periodiche ricorrenti tutti tutte elenco elenca elencami dimmi stabilite stabiliti principali individuati "
    "individuate".split()
)
