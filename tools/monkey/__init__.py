"""A seeded monkey on the real kiosk window: random taps, swipes, the staff corner, idle time and reloads.

``python -m tools.monkey --events 20000 [--seed N] [--content PATH]`` builds the kiosk exactly as
``main.py --windowed`` does (offscreen, Qt's mock speech engine, a fake clock of its own) and
drives it with weighted random events through Qt's real input path: touch presses and releases
(``QTest.touchEvent``) and mouse clicks at random points — corners and gaps included — or on
visible buttons; swipes; five taps in the staff corner followed by wrong PINs; the language, text
size and contrast buttons; Read aloud; walks through the self-check; idle time (the fake clock
jumps 30–120 s, then the idle timer is polled); and content reloads between events (a freshly
loaded valid variant → ``content_loaded``, a damaged copy from :mod:`tools.fuzz` → ``content_failed``).

It counts what must never happen: exceptions (a ``sys.excepthook`` wrapper, plus the app's crash
guard's ERROR records on the ``kiosk`` logger, plus anything raised into the driver), Qt warnings
(``qInstallMessageHandler``; only the offscreen plugin's "This plugin does not support …" is
ignored, and QtMultimedia's one-off PipeWire notice while the window is being built), and screens
that disagree with the navigator. Each failure is printed with the seed and the last events, so
``--seed`` replays it. Memory (RSS) is measured once warm (after a warm-up that lasts until memory between
patients has stopped rising) and again over the ``--events`` events that follow; ``--trace-python``
also traces Python's own allocations from the warm-up on, so that growth in Python objects can be told
from growth in Qt's heap (``heaptrack``, see docs/performance.md) or free space the allocator keeps.

It also checks what a patient would notice: a tap on a visible, enabled, uncovered button must click
it ("lost tap"), five taps in the staff corner must open the PIN pad ("staff corner"), and at the end
the kiosk must still go home and open a section from its tile ("unresponsive").

Its parts, by job: :mod:`~tools.monkey.events` (the kinds of event and their weights),
:mod:`~tools.monkey.finger` (touches, and the lost-tap check), :mod:`~tools.monkey.capture`
(exceptions and warnings), :mod:`~tools.monkey.probes` (the screen agrees with the navigator; still
responsive), :mod:`~tools.monkey.memory` (the readings), :mod:`~tools.monkey.reloads` (content to
reload), :mod:`~tools.monkey.report` and :mod:`~tools.monkey.runner`. It reaches the kiosk only
through :mod:`tools.handle`.
"""

from tools.monkey.finger import widget_at
from tools.monkey.memory import rss_bytes, settled
from tools.monkey.report import Failure, Report
from tools.monkey.runner import Monkey, run_monkey

__all__ = ["Failure", "Monkey", "Report", "rss_bytes", "run_monkey", "settled", "widget_at"]
