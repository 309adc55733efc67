"""`pdz chat`: the app in the browser, served at once; on an empty store the app itself indexes
the shipped corpus (or --corpus) in the background, showing its progress."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .core.errors import SettingsError
from .storage.settings import Settings


def cmd_chat(args: argparse.Namespace) -> int:
    from .service import CORPUS_ENV, SHIPPED_CORPUS, status

    settings = Settings.resolve(args.store)
    corpus = Path(args.corpus) if args.corpus else SHIPPED_CORPUS
    if status(settings).empty:
        if not corpus.is_dir():
            raise SettingsError(f"L'archivio è vuoto e la cartella dei documenti «{corpus}» non esiste.")
        print(f"Primo avvio: l'app indicizza i documenti di {corpus} e ne mostra l'avanzamento.")
    script = Path(__file__).resolve().parent / "webapp" / "run.py"
    url = f"http://localhost:{args.port}"
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(args.port)]
    command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    command += ["--client.toolbarMode", "viewer", "--browser.gatherUsageStats", "false"]
    env = {**os.environ, "PDZ_STORE": str(settings.store.resolve()), CORPUS_ENV: str(corpus.resolve())}
    print(f"PDZ Assistant è su {url} (Ctrl+C per chiudere).", flush=True)
    if args.browser:  # a helper opens the page once the server is up; Streamlit itself stays headless
        import subprocess

        opener = f"import time, webbrowser; time.sleep(3); webbrowser.open({url!r})"
        subprocess.Popen([sys.executable, "-c", opener], start_new_session=True)
    # the server replaces this process: Ctrl+C and signals reach it, nothing is left behind
    sys.stderr.flush()
    os.execvpe(sys.executable, command, env)
    return 0  # not reached


def add_commands(sub) -> None:
    p = sub.add_parser(
        "chat",
        help="apre la chat nel browser (al primo avvio indicizza i documenti forniti)",
        description=(
            "Avvia l'app Streamlit, subito. Se l'archivio è vuoto, all'apertura della pagina l'app indicizza "
            "corpus/ (o --corpus) e ne mostra l'avanzamento; la chat si apre appena le parole sono indicizzate."
        ),
    )
    p.add_argument("--store", metavar="DIR", help="cartella dell'archivio (altrimenti $PDZ_STORE, poi .pdz/)")
    p.add_argument("--corpus", metavar="DIR", help="documenti da indicizzare al primo avvio (predefinito: corpus/)")
    p.add_argument("--port", type=int, default=8501, help="porta del server (predefinita 8501)")
    p.add_argument("--browser", action="store_true", help="apre anche il browser")
    p.set_defaults(func=cmd_chat)
