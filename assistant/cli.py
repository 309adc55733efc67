"""`pdz`: the command line. Each subcommand is a thin wrapper; library errors become Italian
messages on stderr, never tracebacks."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .cli_common import ItalianParser, print_ingest, progress_factory, say
from .core.errors import PdzError
from .logs import configure
from .storage.settings import Settings

DEFAULT_CORPUS = "corpus"


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest

    settings = Settings.resolve(args.store, args.embedder)
    paths = [Path(p) for p in (args.paths or [DEFAULT_CORPUS])]
    report = ingest(paths, settings, progress=progress_factory(not args.json), on_wait=say)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print_ingest(report, settings)
    return 0 if report.ok else 1


def _answerer(args: argparse.Namespace):
    from .ranked import RankedAnswerer
    from .retrieve import Retriever

    return RankedAnswerer(Retriever.open(Settings.resolve(args.store)), k=args.k)


def _print_answer(answer) -> None:
    print(answer.text)
    if answer.note:
        print(f"({answer.note})")
    if answer.citations:
        print("\nFonti:")
        for c in answer.citations:
            print(f"[{c.n}] {c.reference}")
            print(f"    «{c.quote}»")
    print()


def _filters(args: argparse.Namespace):
    from .retrieve import Filters

    return Filters(
        source=tuple(args.documento or ()), territory=tuple(args.territorio or ()), doc_type=tuple(args.tipo or ())
    )


def _writer(args: argparse.Namespace, answerer):
    """The generative answerer asked for by --llm or PDZ_LLM; None when off."""
    from .generate import LLMConfig, generative

    spec = getattr(args, "llm", None)
    return generative(answerer, LLMConfig.parse(spec) if spec else None)


def cmd_ask(args: argparse.Namespace) -> int:
    from .conversation import Conversation

    answerer = _answerer(args)
    writer = _writer(args, answerer)
    filters = _filters(args)
    if not args.question and sys.stdin.isatty():
        return _chat_in_terminal(Conversation(answerer, writer=writer), filters)
    questions = [args.question] if args.question else (line.strip() for line in sys.stdin)
    conversation = Conversation(answerer, writer=writer) if args.conversation else None
    for question in questions:
        if not question:
            continue
        if conversation is not None:
            turn = conversation.ask(question, filters)
            _print_turn(turn, args.json)
            continue
        answer = (writer or answerer).answer(question, filters)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            _print_answer(answer)
    return 0


def _print_turn(turn, as_json: bool) -> None:
    if as_json:
        print(json.dumps(turn.to_json(), ensure_ascii=False), flush=True)
        return
    if turn.understood_as != turn.question:
        print(f"(inteso come: «{turn.understood_as}»)")
    _print_answer(turn.answer)


def _chat_in_terminal(conversation, filters) -> int:
    """An interactive conversation: each question sees the earlier ones."""
    print("Fai una domanda sui documenti; le domande brevi («e chi la coordina?») seguono le precedenti.")
    print("Invio su una riga vuota o Ctrl+D per uscire.\n")
    while True:
        try:
            question = input("Domanda> ").strip()
        except EOFError:
            print()
            return 0
        if not question:
            return 0
        _print_turn(conversation.ask(question, filters), as_json=False)


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    answerer = _answerer(args)
    writer = _writer(args, answerer)
    if args.cv == 1 or args.cv < 0:
        raise PdzError(f"--cv vuole almeno 2 parti (ricevuto {args.cv}).")
    if args.repeat < 1 or (args.repeat > 1 and not args.cv):
        raise PdzError(f"--repeat vuole un numero da 1 in su, insieme a --cv (ricevuto {args.repeat}).")
    report = evaluate(
        Path(args.file),
        answerer,
        recipe=not args.no_recipe,
        corpus=Path(args.corpus),
        writer=writer,
        cv=args.cv,
        repeat=args.repeat,
    )
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_report(report, verbose=args.verbose))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = ItalianParser(
        prog="pdz",
        description="PDZ Assistant: risposte con citazioni sui documenti dei Piani di Zona.",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        dest="log",
        action="store_true",
        help="scrive su stderr il registro delle operazioni (livello: PDZ_LOG=debug|info|warning)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    p = sub.add_parser(
        "ingest",
        help="indicizza documenti (PDF, Markdown, testo, DOCX, ODT, HTML)",
        description="Indicizza file o cartelle nell'archivio. Esempio: pdz ingest corpus/ --store .pdz",
    )
    p.add_argument("paths", nargs="*", metavar="PERCORSO", help=f"file o cartelle (predefinito: {DEFAULT_CORPUS}/)")
    p.add_argument("--store", metavar="DIR", help="cartella dell'archivio (altrimenti $PDZ_STORE, poi .pdz/)")
    p.add_argument(
        "--embedder",
        metavar="NOME",
        help="e5 (predefinito per un archivio nuovo, poi quello dell'archivio), hash, st:<modello o cartella>",
    )
    p.add_argument("--json", action="store_true", help="un solo oggetto JSON su stdout, senza barre di avanzamento")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "ask",
        help="risponde a una domanda con citazioni",
        description="Risponde citando documento, articolo e pagina. "
        'Esempio: pdz ask "Chi coordina il Tavolo Tecnico?". Senza domanda legge una domanda per riga da stdin.',
    )
    p.add_argument("question", nargs="?", metavar="DOMANDA")
    p.add_argument("--store", metavar="DIR", help="cartella dell'archivio (altrimenti $PDZ_STORE, poi .pdz/)")
    p.add_argument("--json", action="store_true", help="un oggetto JSON per domanda")
    p.add_argument(
        "--conversation",
        action="store_true",
        help="le righe di stdin sono una conversazione: ogni domanda vede le precedenti (JSON con «understood_as»)",
    )
    p.add_argument("-k", type=int, default=8, help="passaggi da considerare (predefinito 8)")
    p.add_argument(
        "--llm",
        metavar="SPEC",
        help="risposte generative verificate (altrimenti $PDZ_LLM; spento se vuoto): ollama:<modello>[@url], "
        "openai:<modello>@<url>/v1, gguf:<file.gguf>",
    )
    p.add_argument(
        "--documento", action="append", metavar="FILE", help="cerca solo in questo documento (nome del file)"
    )
    p.add_argument("--territorio", action="append", metavar="T", help="cerca solo nei documenti di questo territorio")
    p.add_argument("--tipo", action="append", metavar="TIPO", help="cerca solo in questo tipo di documento")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser(
        "eval",
        help="misura risposte e citazioni su un file di domande",
        description="Esempio: pdz eval ../shared/eval/dev.jsonl --verbose",
    )
    p.add_argument("file", metavar="FILE.jsonl")
    p.add_argument("--store", metavar="DIR", help="cartella dell'archivio (altrimenti $PDZ_STORE, poi .pdz/)")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="cartella dei documenti per la ricetta di confronto")
    p.add_argument("--no-recipe", action="store_true", help="non misurare la ricetta di confronto")
    p.add_argument("--verbose", action="store_true", help="elenca le domande mancate")
    p.add_argument("--llm", metavar="SPEC", help="misura le risposte generative (come pdz ask --llm)")
    p.add_argument(
        "--cv",
        type=int,
        default=0,
        metavar="K",
        help="validazione incrociata a K parti: ogni parte riceve risposte da un modello addestrato sulle altre "
        "(per il file di addestramento, es. --cv 5)",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="con --cv: ripete la validazione N volte con parti estratte diversamente e riporta le medie "
        "(e da quanto a quanto variano)",
    )
    p.add_argument("--json", action="store_true", help="il rapporto come JSON")
    p.add_argument("-k", type=int, default=8, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_eval)

    from .cli_bench import add_commands as add_bench
    from .cli_chat import add_commands as add_chat

    add_chat(sub)
    add_bench(sub)
    from .cli_kb import add_commands
    from .cli_monitor import add_commands as add_monitor

    add_commands(sub)
    add_monitor(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure(args.log)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except PdzError as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # "pdz impegni | head": the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Interrotto. L'archivio resta utilizzabile; rilanciare il comando per completare.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
