"""Strategic axes (assi strategici, macroaree, policy) with their objectives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.query import fold
from assistant.core.records import Axis
from assistant.core.statements import is_item

from .lines import Line

_AXIS_WORDS = (
    r"assi|asse strategico|macro\s?aree|macro\s?area|aree di policy|policy|aree strategiche|linee strategiche|"
    r"priorità strategiche|obiettivi strategici|aree di intervento"
)
_AXIS_LEAD = re.compile(rf"\b(?:{_AXIS_WORDS})\b[^:]*:$", re.IGNORECASE)
# a unit that holds the axes as its numbered sub-units ("Sezione 2 – le macroaree della programmazione")
_CONTAINER = re.compile(
    r"\b(?:assi|macro\s?aree|aree di policy|aree strategiche|linee strategiche|priorità)\b", re.IGNORECASE
)
# a unit headed as an axis: "Asse 1 – Casa e abitare", "Macroarea 2: Lavoro", "Priorità III - Salute"
_AXIS_UNIT = re.compile(
    r"^(?:asse|macro\s?area|area di policy|priorità|linea strategica)\s+(?:strategic[oa]\s+)?"
    r"(?:\d+|[IVX]+)\s*[-–:.]\s*(.+)$",
    re.IGNORECASE,
)
_NUMBERED_UNIT = re.compile(r"^(?:\d+(?:\.\d+)+\.?|[A-Z]\))\s+\S")
_NUMBERED_ITEM = re.compile(r"^(?:-\s*)?\d{1,2}[.)]\s")
_OBJECTIVE_ROW = re.compile(r"^(?:TITOLO |DESCRIZIONE )?OBIETTIV[OI]\b[^:]{0,30}:\s*(.+)$")


@dataclass
class _Axis:
    """An axis while it is read: its name, the line that names it, its objectives so far."""

    name: str
    line: Line
    objectives: list[str] = field(default_factory=list)


def _first_sentence(text: str, limit: int = 300) -> str:
    m = re.search(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ý])", text)
    text = text[: m.start()] if m else text
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def extract_axes(lines: list[Line]) -> list[Axis]:
    out: list[_Axis] = []
    lead_locator = None  # inside a list announced by "… i seguenti assi strategici:"
    current = None
    containers: set[str] = set()  # "Allegato 1 › Sezione 2": a unit whose title names the axes
    units: dict[str, _Axis] = {}  # axes read from a container's numbered sub-units, by locator prefix
    headed: dict[str, _Axis] = {}  # units headed as an axis ("Asse 1 – Casa e abitare"), by locator
    for line in lines:
        text = line.body
        parts = [p.strip() for p in line.passage.locator.split("›")]
        if m := _AXIS_UNIT.match(parts[-1]):
            axis = headed.get(line.passage.locator)
            if axis is None:
                axis = headed[line.passage.locator] = _Axis(m.group(1).strip(" .;"), line)
                out.append(axis)
            elif "obiettiv" in fold(text):
                axis.objectives.append(_first_sentence(re.sub(r"^obiettiv[oi]\s*:\s*", "", text, flags=re.I)))
            continue
        if _CONTAINER.search(parts[-1]):
            containers.add(" › ".join([*parts[:-1], re.split(r"\s+[-–]\s+", parts[-1])[0]]))
        container = next((i for i in range(len(parts) - 1) if " › ".join(parts[: i + 1]) in containers), None)
        if container is not None and _NUMBERED_UNIT.match(parts[container + 1]):
            # the sub-unit by its number: its title may be cut short ("2.3 il protagonismo…") or not
            key = " › ".join([*parts[: container + 1], parts[container + 1].split()[0]])
            if key not in units:  # the sub-unit's first line is its full heading
                units[key] = _Axis(re.sub(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\))\s+", "", text), line)
                out.append(units[key])
                continue
            m = _OBJECTIVE_ROW.match(text)
            if m and "TRASVERSAL" not in text[:40]:
                units[key].objectives.append(_first_sentence(m.group(1)))
            continue
        if text.endswith(":") and _AXIS_LEAD.search(text):
            lead_locator, current = line.passage.locator, None
            continue
        if lead_locator is None:
            continue
        if is_item(line.text) and not _NUMBERED_ITEM.match(line.text.strip()):
            label, _, rest = text.partition(":")
            named = rest and len(label.split()) <= 12
            if not named and len(text.split()) > 15:  # a sentence, not the name of an axis
                lead_locator, current = None, None
                continue
            current = _Axis((label if named else text).strip(" ;.,"), line)
            out.append(current)
            for sentence in re.split(r"(?<=[.;!?])\s+", rest if named else ""):
                if "obiettiv" in fold(sentence) and not sentence.rstrip().endswith(":"):
                    current.objectives.append(_first_sentence(sentence.strip()))
        elif current is not None and (
            _NUMBERED_ITEM.match(line.text.strip())
            # an axis with a unit of its own goes on in plain paragraphs of that unit
            or line.passage.locator == current.line.passage.locator != lead_locator
        ):
            if _NUMBERED_ITEM.match(line.text.strip()):
                current.objectives.append(_first_sentence(re.sub(r"^(?:-\s*)?\d{1,2}[.)]\s+", "", text)))
            elif "obiettiv" in fold(text):
                current.objectives.append(_first_sentence(text))
        else:
            lead_locator, current = None, None
    return [Axis.of(a.line.passage, a.line.text, name=a.name, objectives=tuple(a.objectives)) for a in out if a.name]
