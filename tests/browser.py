"""A real browser on the real server: start `streamlit run app.py` on localhost, drive Debian's
Chromium with Playwright. Used by tests/test_browser.py and, to refresh the README's pictures:

    python -m tests.browser --store .pdz --out docs/
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Chi coordina il Tavolo Tecnico?"
EXPECTED = "responsabile Ufficio di Piano o suo delegato"


def chromium() -> str | None:
    return os.environ.get("PDZ_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(store: Path, timeout: float = 90.0):
    """The app served on a free localhost port; yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    command += ["--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    env = {**os.environ, "PDZ_STORE": str(store)}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"il server Streamlit non è partito:\n{out[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def browser(width: int = 1400, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b.new_page(viewport={"width": width, "height": height}, locale="it-IT")
        finally:
            b.close()


def ask(page, question: str, expected: str, timeout_ms: int = 60_000) -> float:
    """Type a question in the chat, wait for the expected words; seconds from Enter to answer."""
    box = page.get_by_placeholder("Scrivi una domanda sui documenti")
    box.wait_for(timeout=timeout_ms)
    box.fill(question)
    started = time.perf_counter()
    box.press("Enter")
    page.get_by_test_id("stChatMessage").get_by_text(expected).first.wait_for(timeout=timeout_ms)
    return time.perf_counter() - started


def answered(page, question: str, timeout_ms: int = 60_000) -> float:
    """Ask and wait for whatever comes back, an answer or a refusal; seconds from Enter."""
    import re

    messages = page.get_by_test_id("stChatMessage")
    before = messages.count()
    box = page.get_by_placeholder("Scrivi una domanda sui documenti")
    box.fill(question)
    started = time.perf_counter()
    box.press("Enter")
    done = re.compile(r"Risposta in \d+ ms|Nei documenti non ho trovato")
    page.get_by_test_id("stChatMessage").nth(before + 1).get_by_text(done).first.wait_for(timeout=timeout_ms)
    return time.perf_counter() - started


def tab_picture(page, tab: str, path: Path, ready: str = "") -> None:
    """A tab opened (and, when given, `ready` shown), a moment for its charts, its picture."""
    page.get_by_role("tab", name=tab).click()
    if ready:
        page.get_by_text(ready).wait_for(timeout=30_000)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(path))


def main() -> int:
    parser = argparse.ArgumentParser(description="Fotografie dell'app per la documentazione.")
    parser.add_argument("--store", default=".pdz")
    parser.add_argument("--out", default="docs")
    parser.add_argument(
        "--misura", metavar="FILE.jsonl", help="chiede nel browser le domande del file e ne misura i tempi"
    )
    args = parser.parse_args()
    if args.misura:
        return measure(Path(args.store).resolve(), Path(args.misura))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with server(Path(args.store).resolve()) as url, browser(height=1300) as page:
        page.goto(url)
        page.get_by_placeholder("Scrivi una domanda sui documenti").wait_for(timeout=90_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out / "avvio.png"))
        took = ask(page, QUESTION, EXPECTED)
        message = page.get_by_test_id("stChatMessage").last
        message.get_by_test_id("stExpander").first.click()
        page.wait_for_timeout(800)
        page.screenshot(path=str(out / "chat.png"))
        message.get_by_role("button", name="Apri nel documento").first.click()
        page.get_by_role("dialog").wait_for(timeout=30_000)
        page.wait_for_timeout(2500)
        page.screenshot(path=str(out / "documento.png"))
        page.keyboard.press("Escape")
        page.wait_for_timeout(800)
        tab_picture(page, "Impegni", out / "impegni.png")
        tab_picture(page, "Scadenze", out / "scadenze.png")
        tab_picture(page, "Verifica", out / "verifica.png", ready="Il dossier della verifica")
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        tab_picture(page, "Scadenze", out / "telefono-scadenze.png")
        tab_picture(page, "Chat", out / "telefono-chat.png")
        print(f"risposta in {took:.2f} s; immagini in {out}/")
    return 0


def measure(store: Path, questions_file: Path) -> int:
    """Enter to rendered answer in the browser, warm (after a first question), per question."""
    import json
    import statistics

    questions = [json.loads(line)["question"] for line in questions_file.read_text().splitlines() if line.strip()]
    with server(store) as url, browser() as page:
        page.goto(url)
        page.get_by_placeholder("Scrivi una domanda sui documenti").wait_for(timeout=90_000)
        first = answered(page, questions[0])
        times = sorted(answered(page, q) for q in questions[1:])
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(
        f"prima risposta {first:.2f} s; a caldo su {len(times)} domande: mediana {statistics.median(times):.2f} s, p95 {p95:.2f} s, massimo {times[-1]:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
