"""Start-up: fresh child processes (:mod:`tools.bench.probe`) timed from their launch to their first frame.

Each figure is a median of rounds that interleave the bare window and the kiosk, so that a machine
slowing down during the run moves both alike.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.bench.table import BUNDLED, ROOT, Row, verdict


def probe_env(cache: Path | None) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SPEECH_ENGINE": "mock"}
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    return env


def probe(kind: str, content: Path = BUNDLED, cache: Path | None = None) -> dict[str, tuple[float, int]]:
    """Seconds from launch and peak RSS in KiB of a fresh child process: at its first line of Python
    ("python"), at its first paint ("painted") and, for the kiosk, once its deferred start-up work is
    done ("settled").

    *cache* is the kiosk's cache folder (``XDG_CACHE_HOME``: the icons it drew, see kiosk.ui.icons)."""
    launched = time.monotonic()  # the probe reads the same clock (CLOCK_MONOTONIC is system-wide)
    out = subprocess.run([sys.executable, "-m", "tools.bench.probe", kind, str(content)], capture_output=True,
                         text=True, check=True, cwd=ROOT, timeout=120, env=probe_env(cache))
    found = {}
    for line in out.stdout.splitlines():
        what, at, peak = line.split()
        found[what] = (float(at) - launched if what != "child" else 0.0, int(peak))
    return found


def startup(repeats: int) -> list[Row]:
    # As installed (scripts/bootstrap.sh compiles it): the kiosk's bytecode is up to date, as PySide6's
    # is. Otherwise every probe would compile our changed modules from source (~0.1 s), and with
    # PYTHONDONTWRITEBYTECODE set it would never stop doing so.
    compileall.compile_dir(str(ROOT / "kiosk"), quiet=1)
    compileall.compile_dir(str(ROOT / "tools"), quiet=1)  # the probe's own package (tools.bench)
    with tempfile.TemporaryDirectory() as cache:
        # A kiosk's very first start draws its icons from SVG and keeps them; every later start reads
        # them back. The rounds measure later starts, as a clinic restarting its kiosk sees them.
        first = probe("kiosk", cache=Path(cache))["painted"]
        # Interleaved, so that a machine slowing down or speeding up during the run moves all three alike.
        rounds = [(probe("bare"), probe("bare-text"), probe("kiosk", cache=Path(cache))) for _ in range(repeats)]
        counted = instructions_row(Path(cache), 3 if repeats > 3 else 1)
    bare = [b["painted"] for b, _, _ in rounds]
    text = [t["painted"] for _, t, _ in rounds]
    runs = [k for _, _, k in rounds]
    kiosk = [run["painted"] for run in runs]
    bare_s = statistics.median(s for s, _ in bare)
    kiosk_s = statistics.median(s for s, _ in kiosk)
    bare_mem = statistics.median(m for _, m in bare)
    kiosk_mem = statistics.median(m for _, m in kiosk)
    settled_mem = statistics.median(run["settled"][1] for run in runs)
    # The ratio of each round's pair, then their median: the pair ran seconds apart, the medians did not.
    ratio = statistics.median(k["painted"][0] / b[0] for b, k in zip(bare, runs, strict=True))
    # The same counted from each probe's first line of Python, as sessions before 2026-11-27 did.
    in_python = [(b["painted"][0] - b["python"][0], k["painted"][0] - k["python"][0]) for b, _, k in rounds]
    python_ratio = statistics.median(k / b for b, k in in_python)
    interpreter = statistics.median(b["python"][0] for b, _, _ in rounds)
    rows = [
        chromium_row(kiosk_s),  # the start-up goal since issue 24: what a patient would otherwise wait for
        ("reference: launch → first painted frame vs a bare PySide6 window",
         f"{kiosk_s * 1000:.0f} ms vs bare {bare_s * 1000:.0f} ms; paired {ratio:.3f}×", "", ""),
        ("reference: the same from the first line of Python",
         f"{statistics.median(k for _, k in in_python) * 1000:.0f} ms vs bare "
         f"{statistics.median(b for b, _ in in_python) * 1000:.0f} ms; paired {python_ratio:.2f}× (the interpreter "
         f"and site took {interpreter * 1000:.0f} ms before it)", "", ""),
        counted,
        ("reference: bare window with one line of text",
         f"{statistics.median(t for t, _ in text) * 1000:.0f} ms, "
         f"{statistics.median(m for _, m in text) / 1024:.0f} MiB (fonts are not where the kiosk's time goes)",
         "", ""),
        ("peak memory at first frame", f"{kiosk_mem / 1024:.0f} MiB vs bare {bare_mem / 1024:.0f} MiB = "
         f"{kiosk_mem / bare_mem:.3f}×", "≤ 1.3×", verdict(kiosk_mem / bare_mem <= 1.3)),
        ("reference: the very first start (icons drawn from SVG, then kept)",
         f"{first[0] * 1000:.0f} ms, {first[1] / 1024:.0f} MiB (one start, not a median)", "", ""),
        ("reference: the child that read the content file meanwhile",
         f"peak {statistics.median(run['child'][1] for run in runs) / 1024:.0f} MiB, of which pages shared "
         "with the window process count in both; exited before the first frame"
         if all("child" in run for run in runs) else "none: the content file was read in the window process",
         "", ""),
        ("peak memory once settled (Read aloud on, sections built)",
         f"{settled_mem / 1024:.0f} MiB vs bare {bare_mem / 1024:.0f} MiB = {settled_mem / bare_mem:.3f}×",
         "≤ 1.3×", verdict(settled_mem / bare_mem <= 1.3)),
    ]
    return rows


def instructions_row(cache: Path, repeats: int) -> Row:
    """Instructions the window process runs in user space from its launch to its first frame, counted by
    ``perf stat`` (Debian's linux-perf), kiosk against the bare window. Not a time, and not the goal, but
    unlike a time the same from run to run on a shared machine: what the code costs, without the noise.
    The child that reads the content file meanwhile, on the other core, is not counted (--no-inherit)."""
    what = "reference: instructions to the first frame (perf stat)"
    perf = shutil.which("perf")
    if perf is None:
        return (what, "skipped: perf is not installed (apt-get install linux-perf)", "", "")

    counter = [perf, "stat", "-x", ",", "--no-inherit", "-e", "instructions:u"]

    def count(kind: str) -> float | None:
        probe_cmd = [sys.executable, "-m", "tools.bench.probe", kind, str(BUNDLED), "--exit-at-paint"]
        out = subprocess.run([*counter, *probe_cmd], capture_output=True, text=True, check=False, cwd=ROOT,
                             timeout=120, env=probe_env(cache))
        found = [ln.split(",")[0] for ln in out.stderr.splitlines() if "instructions" in ln]
        return float(found[0]) if out.returncode == 0 and found and found[0].isdigit() else None

    counts: dict[str, list[float]] = {"bare": [], "kiosk": []}
    for _ in range(repeats):
        for kind, found in counts.items():
            n = count(kind)
            if n is None:
                return (what, "skipped: this machine gives no instruction counts to perf", "", "")
            found.append(n)
    bare, kiosk = (statistics.median(counts[k]) for k in ("bare", "kiosk"))
    return (what, f"{kiosk / 1e6:.0f} M vs bare {bare / 1e6:.0f} M = {kiosk / bare:.2f}× (window process, "
                  f"median of {repeats})", "", "")


def chromium_row(kiosk_s: float) -> Row:
    """The same sections as a static page, screenshotted by headless Chromium, when it is installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return ("launch vs headless Chromium page", "skipped: chromium is not installed", "≤ 0.35×", "n/a")
    from kiosk.content import load

    content = load(BUNDLED)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        parts = [f"<h1>{content.kiosk.title.get('en')}</h1>"]
        for section in content.sections:
            parts.append(f"<section><h2>{section.title.get('en')}</h2><p>{section.body.get('en')}</p></section>")
        page.write_text("<!doctype html><meta charset=utf-8><body>" + "".join(parts), encoding="utf-8")
        times = []
        for n in range(3):
            start = time.perf_counter()
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={tmp}/profile{n}", "--window-size=1920,1080",
                            f"--screenshot={tmp}/shot.png", page.as_uri()],
                           capture_output=True, check=False, timeout=120)
            times.append(time.perf_counter() - start)
    chrome_s = statistics.median(times)
    ratio = kiosk_s / chrome_s
    return ("launch → first frame vs headless Chromium on the same sections",
            f"{kiosk_s * 1000:.0f} ms vs {chrome_s * 1000:.0f} ms = {ratio:.3f}×", "≤ 0.35×", verdict(ratio <= 0.35))
