"""A closed kiosk goes, at once and on the GUI thread, with nothing left for Python's collector (issue 23).

It used to stay alive in a reference cycle (window ↔ controller) and in the crash guard's excepthook;
the collector later freed it on whatever thread ran, its file watcher's socket notifier was torn down
from the wrong thread, and Qt's event loop spun on a dead descriptor, printing "QSocketNotifier: Invalid
socket" hundreds of times a second until memory ran out (7 GB in seconds, then a crash). So the test runs
in a child process under an address-space limit: a regression fails the test, not the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import MINIMAL, ROOT, write

LIMIT_BYTES = 3 << 30  # far above the ~1 GiB of address space a kiosk process maps; far below a runaway
KIOSKS = 6
GROWTH_LIMIT_KIB = 8 * 1024  # from the second kiosk on; measured: ~0.6 MiB here, ~19 MiB with the old cycle

CHILD = r"""
import gc
import resource
import sys
import threading
from pathlib import Path


def wait_until(done, what):
    from PySide6.QtTest import QTest

    for _ in range(1000):  # 10 s at most
        if done():
            return
        QTest.qWait(10)
    raise SystemExit(f"timed out waiting for {what}")


def rss_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])


def collect_elsewhere():
    # Python frees cycles on whatever thread happens to allocate: here, on purpose, not the GUI thread.
    worker = threading.Thread(target=gc.collect)
    worker.start()
    worker.join()


def main(path, limit, kiosks):
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    messages = []
    qInstallMessageHandler(lambda mode, context, text: messages.append(text))
    app = QApplication([])
    from kiosk.app import build_kiosk, kiosk_of

    good = path.read_text(encoding="utf-8")
    gc.disable()  # only the collections below, on the other thread
    original_hook = sys.excepthook
    sizes = []
    for n in range(kiosks):
        window = build_kiosk(path)  # hot reload on: a real file watcher, and the reload helper
        kiosk = kiosk_of(window)
        window.resize(1280, 800)
        window.show()
        wait_until(lambda: kiosk.navigation.sections_prepared, "the sections built ahead")
        loaded, failed = [], []
        kiosk.watcher.loaded.connect(lambda c: loaded.append(c))
        kiosk.watcher.failed.connect(lambda e: failed.append(e))
        path.write_text(good.replace("Test kiosk", f"Test kiosk {n}"), encoding="utf-8")  # a hot reload
        wait_until(lambda: loaded, "the reload")
        path.write_text(good + "\nsections: [this is not\n", encoding="utf-8")  # a fault in the file
        wait_until(lambda: failed, "the failed reload")
        kiosk.navigation.open_section("first")
        try:  # a fault in a slot: PySide hands it to sys.excepthook, and the crash guard takes the kiosk home
            raise ZeroDivisionError("a fault")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
        wait_until(lambda: kiosk.session.nav.current == ("home",), "the crash guard's recovery")
        path.write_text(good, encoding="utf-8")
        wait_until(lambda: len(loaded) > 1, "the file fixed")
        gone = []
        window.destroyed.connect(lambda: gone.append(True))
        window.close()
        del kiosk, window
        if not gone:
            raise SystemExit(f"kiosk {n}: the closed, dropped window is still alive (a reference cycle keeps it)")
        if sys.excepthook is not original_hook:
            raise SystemExit(f"kiosk {n}: the crash guard's excepthook was not given back")
        collect_elsewhere()
        for _ in range(20):
            QTest.qWait(10)
        sizes.append(rss_kib())
    bad = [m for m in messages if "QSocketNotifier" in m or "another thread" in m or "different thread" in m]
    if bad:
        raise SystemExit("Qt warned:\n" + "\n".join(bad[:10]))
    print(" ".join(map(str, sizes)))
    app.processEvents()


if __name__ == "__main__":  # the reload helper, started with spawn, imports this file again
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
"""


def test_closed_kiosks_go_on_the_gui_thread_and_memory_stays_flat(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SPEECH_ENGINE": "mock",
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}
    script = tmp_path / "lifecycle_child.py"
    script.write_text(CHILD, encoding="utf-8")
    env["PYTHONPATH"] = str(ROOT)
    # Output to files, not pipes: a helper process the child leaves behind must not hold the test up.
    stdout, stderr = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with stdout.open("w") as out, stderr.open("w") as err:
        code = subprocess.run([sys.executable, str(script), str(path), str(LIMIT_BYTES), str(KIOSKS)],
                              stdout=out, stderr=err, timeout=300, cwd=ROOT, env=env).returncode
    said = stdout.read_text()
    assert code == 0, stderr.read_text()[-3000:] + said[-1000:]
    sizes = [int(v) for v in said.split()]
    assert len(sizes) == KIOSKS
    growth = sizes[-1] - sizes[1]
    print(f"resident memory after each kiosk (KiB): {sizes}; growth after the second: {growth} KiB")
    assert growth < GROWTH_LIMIT_KIB, f"memory grew by {growth} KiB over {KIOSKS - 2} kiosks: {sizes}"
