"""A conversation, not a search box: short or elliptic questions ("E chi la coordina?", "e per
Sesto?", "entro quando?") are read in the context of the earlier turns. The subject (the noun
phrase the last question was about) and the documents it was restricted to carry over; every
turn records what the question was understood as."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from .answer import Answer
from .core.agreement import replace_subject
from .core.query import content_words
from .followup_phrases import (
    ASKS,
    CLITIC,
    COMPLEMENT,
    DEMONSTRATIVE,
    FILLER,
    HEAD,
    IMPERSONAL,
    NE,
    OPENER,
    PLACE_PREP,
    after_prep,
    cap,
    joined_at,
    only_place,
    pronoun_of,
    same_complement,
    strip_q,
    subject,
    with_subject,
    without_places,
)
from .ranked import RankedAnswerer
from .render import of
from .retrieve import EVERYTHING, Filters


class Writer(Protocol):
    """What writes an answer in words from the ranked statements (generate.GenerativeAnswerer)."""

    def answer(self, question: str, filters: Filters, on_token: Callable[[str], None] | None = None) -> Answer: ...


@dataclass(frozen=True)
class Turn:
    question: str
    understood_as: str
    answer: Answer
    sources: tuple[str, ...] = ()  # documents this turn was restricted to
    topic: str = ""  # what it was about, for the next turn

    def to_json(self) -> dict:
        return {**self.answer.to_json(), "question": self.question, "understood_as": self.understood_as}


@dataclass
class Conversation:
    answerer: RankedAnswerer
    turns: list[Turn] = field(default_factory=list)
    writer: Writer | None = None  # a generate.GenerativeAnswerer, when generative answers are on

    def ask(self, question: str, filters: Filters = EVERYTHING, on_token=None) -> Turn:
        understood, follows = self.understand(question)
        named = tuple(self.answerer.sources_named(understood))
        last = self.turns[-1].sources if self.turns else ()
        if not follows and last and not named:
            # a question of its own that names no document, all of whose words the last turn's
            # documents hold, goes on in them ("a che indirizzo mando la domanda?"); one they do not
            # speak of ("cosa vuol dire OMI?") looks everywhere
            follows = self.answerer.absent.spoken_of(self.answerer.analyse(understood), last)
        carried = last if follows else ()
        # a follow-up keeps the last turn's documents, or moves to the ones it names ("e per Sesto?")
        moved = named if follows else ()
        kept = moved or (carried if not named else ())
        scope = replace(filters, source=filters.source or kept) if kept else filters
        if self.writer is not None:
            answer = self.writer.answer(understood, scope, on_token=on_token)
        else:
            answer = self.answerer.answer(understood, scope)
        topic = self._topic(question, understood, follows)
        turn = Turn(question, understood, replace(answer, question=question), named or carried, topic)
        self.turns.append(turn)
        return turn

    def _topic(self, question: str, understood: str, follows: bool) -> str:
        """What this turn is about: its own subject; in a follow-up, the earlier one unless the
        user named another ("e l'ATS?"; "e per Sesto?" names a place, not a subject)."""
        if not follows:
            # a document's name ("A chi si rivolge Insieme per il lavoro?") is what it is about
            return self.answerer.document_name(understood) or subject(understood)
        rest = pronoun_of(OPENER.sub("", question).strip(), self.turns[-1].topic)  # "e quelli dell'ATS?"
        own = subject(rest)
        if own and not only_place(own, self.answerer):
            # "e sulla casa?" adds a complement: the subject stays
            return self.turns[-1].topic if COMPLEMENT.match(rest) else own
        if own:  # "e per Sesto?": the same subject, without the place it had
            return without_places(self.turns[-1].topic, self.answerer).strip()
        return self.turns[-1].topic

    # ------------------------------------------------------------------ understanding
    def understand(self, question: str) -> tuple[str, bool]:
        """The question as it would be asked alone, and whether it leaned on earlier turns."""
        question = " ".join(question.split())
        if not self.turns:
            return question, False
        last, topic = self.turns[-1].understood_as, self.turns[-1].topic
        if topic and NE.search(question):  # "e chi ne fa parte?" -> "Chi fa parte della cabina di regia?"
            text = NE.sub(lambda m: m.group(1), OPENER.sub("", question)).rstrip(" ?")
            return cap(f"{text} {of(topic)}") + "?", True
        if topic and CLITIC.search(question):
            return with_subject(question, topic), True
        head = HEAD.match(question)
        own = [w for w in content_words(HEAD.sub("", question)) if w not in FILLER]
        named = self.answerer.sources_named(question)
        if head and not own and topic:
            # "entro quando?", "e chi?": the last question, asking this too
            word = head.group(1).lower()
            return f"{strip_q(last)}, {'ed' if word[0] == 'e' else 'e'} {word}?", True
        if head and topic and not subject(question) and (OPENER.match(question) or len(own) <= 1):
            # "e ogni quanto si riunisce?": a verb without its subject
            return f"{cap(strip_q(OPENER.sub('', question)))} {topic}?", True
        if OPENER.match(question) and not head:
            rest = OPENER.sub("", question).rstrip(" ?")
            if named and only_place(rest, self.answerer):
                # "e per Sesto?": the last question, for another place; "e quella di Melzo?" names
                # the last document again by a pronoun, "e Melzo?" the place bare: "… per Melzo?"
                rest = DEMONSTRATIVE.sub("", rest)
                if not re.match(rf"{PLACE_PREP}\b|{PLACE_PREP}(?<=['’])", rest, re.IGNORECASE):
                    rest = f"per {rest}"
                return f"{strip_q(without_places(last, self.answerer))} {rest}?", True
            if (ASKS.search(rest) and subject(rest)) or IMPERSONAL.match(rest):
                # "e l'Assemblea dei Sindaci ogni quanto si riunisce?", "e c'è una quota da pagare?": a
                # question of its own, on the documents of the last (not glued to it)
                return cap(rest) + "?", True
            if topic and rest and not COMPLEMENT.match(rest):
                # "e quelli dell'ATS?" after "Quali sono gli impegni dell'ASST …?": the pronoun stands
                # for the last subject without its complement ("gli impegni"), this one after it
                rest = pronoun_of(rest, topic)
                joined = joined_at(last, topic)
                if joined is not None:
                    # "Chi fa parte del Tavolo Tecnico?" then "e l'Ufficio di Piano?": the last subject
                    # after its preposition ("del", "al"), replaced with the new one after the same one
                    at, end, prep = joined
                    return f"{last[:at]}{after_prep(prep, rest)}{last[end:]}", True
                if re.search(rf"(?<![\w'’]){re.escape(topic)}", last):
                    # "e la cabina di regia?": the last question, about something else
                    return replace_subject(last, topic, rest), True
            if COMPLEMENT.match(rest) and same_complement(last, rest):
                # "e sulla casa?" after "… sulla povertà?": the last question, with this complement instead
                return same_complement(last, rest), True
            if rest:
                # "e con i sindacati?": the last question, with this added
                return f"{strip_q(last)} {rest}?", True
        rest = strip_q(OPENER.sub("", question))
        if OPENER.match(question) and rest:
            # "e cosa prevede per il reddito di cittadinanza?": a question of its own that goes on
            # from the last, on its documents
            return cap(rest) + "?", True
        return question, False
