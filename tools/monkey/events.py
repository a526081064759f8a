"""The kinds of event the monkey draws, each a function of the running :class:`~tools.monkey.runner.Monkey`.

Each returns one line saying what it did, for the list of recent events printed with a failure.
Random numbers come from ``m.rng`` only, in a fixed order, so that a seed replays the same events.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import Content, ContentError, Mark, Problem, loads
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen, SelfCheckIntroScreen
from kiosk.ui.screens.staff import PinPadScreen, StaffPanelScreen
from tools import fuzz
from tools.monkey.finger import describe, widget_at
from tools.monkey.reloads import BROKEN_MUTATORS

if TYPE_CHECKING:
    from tools.monkey.runner import Monkey

WEIGHTS: dict[str, float] = {
    "tap": 24,  # a finger anywhere: corners, gaps, bars
    "tap_button": 30,  # a finger on a visible button
    "click": 7,  # a mouse click anywhere or on a button (staff previewing with a mouse)
    "double_click": 1,
    "swipe": 1,  # real time passes between moves: kept rare
    "staff": 1.5,  # five taps in the corner, wrong PINs, sometimes Cancel
    "access": 8,  # language, A−/A+, high contrast
    "read_aloud": 4,
    "selfcheck": 12,  # one step along the flow
    "idle": 3,
    "reload_valid": 2,
    "reload_broken": 2,
    "resize": 0.5,
}


# -- fingers and mice ---------------------------------------------------------------------------------
def tap(m: Monkey) -> str:
    point = m.finger.random_point()
    if not m.finger.allowed(point):
        return "skipped (Exit kiosk)"
    QApplication.processEvents()
    m.finger.touch(point, hold_ms=0)
    return f"tap at {point.x()},{point.y()} on {describe(widget_at(m.window, point))}"


def tap_button(m: Monkey) -> str:
    buttons = m.finger.buttons()
    if not buttons:
        return tap(m)
    return m.finger.tap_widget(m.rng.choice(buttons))


def click(m: Monkey) -> str:
    if m.rng.random() < 0.5 and (buttons := m.finger.buttons()):
        return m.finger.tap_widget(m.rng.choice(buttons), mouse=True)
    point = m.finger.random_point()
    if not m.finger.allowed(point):
        return "skipped (Exit kiosk)"
    m.finger.click(point)
    return f"click at {point.x()},{point.y()}"


def double_click(m: Monkey) -> str:
    point = m.finger.random_point()
    if not m.finger.allowed(point):
        return "skipped (Exit kiosk)"
    m.finger.double_click(point)
    return f"double click at {point.x()},{point.y()}"


def swipe(m: Monkey) -> str:
    w, h = m.window.width(), m.window.height()
    start = QPoint(m.rng.randint(w // 5, 4 * w // 5), m.rng.randint(h // 4, 3 * h // 4))
    dy = m.rng.choice([-1, 1]) * m.rng.randint(h // 8, h // 2)
    dx = m.rng.randint(-w // 20, w // 20)
    end = QPoint(min(max(start.x() + dx, 0), w - 1), min(max(start.y() + dy, 0), h - 1))
    if not (m.finger.allowed(start) and m.finger.allowed(end)):
        return "skipped (Exit kiosk)"
    steps = m.rng.randint(4, 8)
    m.finger.swipe(start, end, steps)
    return f"swipe {start.x()},{start.y()} → {end.x()},{end.y()} in {steps} moves"


# -- staff corner and PIN pad -------------------------------------------------------------------------
def staff(m: Monkey) -> str:
    """Five taps in the top-left 20 mm within 3 s of fake time, then wrong PINs (rarely the right one)."""
    handle = m.handle
    units = handle.units()
    # The gesture cannot fire when the first tap only answers "Are you still there?" or ends an expired
    # session (those taps are swallowed), nor for a screen with no content.
    fair = (handle.overlay() is None and handle.content() is not None
            and handle.idle_deadline() > m.clock() and not handle.swallowing_touch())
    taps: list[tuple[float, float]] = []
    for _ in range(5):
        mm = (m.rng.uniform(1, 18), m.rng.uniform(1, 18))
        point = QPoint(units.w(mm[0]), units.h(mm[1]))
        QApplication.processEvents()
        m.finger.touch(point)
        taps.append(mm)
        m.clock.advance(m.rng.uniform(0.1, 0.55))
    m.settle()
    said = "; ".join(f"{x:.0f},{y:.0f}" for x, y in taps)
    screen = handle.screen()
    if not isinstance(screen, PinPadScreen):
        if fair:
            seen = handle.touch_units()
            as_seen = "; ".join(f"{seen.to_mm_w(units.w(x)):.0f},{seen.to_mm_h(units.h(y)):.0f}" for x, y in taps)
            m.recorder.fail("staff corner", "five taps inside the 20 mm staff corner did not open the PIN pad",
                            f"taps at {said} mm (the window's {units.px_per_mm_x:.2f}×{units.px_per_mm_y:.2f} px/mm); "
                            f"InputWatcher converts with {seen.px_per_mm_x:.2f}×{seen.px_per_mm_y:.2f} px/mm, so it "
                            f"saw {as_seen} mm")
        return f"corner ×5 ({said} mm) → {type(screen).__name__}, no pad"
    return ", ".join(["corner ×5 → pad", *_pins(m), *_leave_staff(m)])


def _pins(m: Monkey) -> list[str]:
    """One to three wrong PINs typed on the pad, or (one time in ten) the right one."""
    done = []
    right = m.pin is not None and m.rng.random() < 0.1
    for attempt in range(1 if right else m.rng.randint(1, 3)):
        screen = m.handle.screen()
        if not isinstance(screen, PinPadScreen):
            break
        pin = m.pin if right and m.pin else "".join(m.rng.choice("0123456789") for _ in range(m.rng.randint(4, 8)))
        if pin == m.pin and not right:
            pin = pin[:-1] + str((int(pin[-1]) + 1) % 10)
        for i, digit in enumerate(pin):
            screen = m.handle.screen()  # the pad is rebuilt if the display changes meanwhile
            if not isinstance(screen, PinPadScreen):
                break
            m.finger.tap_widget({k.words(): k for k in screen.keys}[digit])
            if not right and i == 2 and m.rng.random() < 0.1:
                m.finger.tap_widget(screen.clear_button)
        screen = m.handle.screen()
        if not isinstance(screen, PinPadScreen):
            break
        m.finger.tap_widget(screen.enter_button)
        m.settle()
        shown = m.handle.screen()
        message = shown.message.text() if isinstance(shown, PinPadScreen) else type(shown).__name__
        done.append(f"{'right' if right else 'wrong'} PIN #{attempt + 1} → {message}")
    return done


def _leave_staff(m: Monkey) -> list[str]:
    """On the staff panel, sometimes Reload now and Leave staff mode; on the pad, sometimes Cancel."""
    done = []
    screen = m.handle.screen()
    if isinstance(screen, StaffPanelScreen):
        if m.rng.random() < 0.5:
            m.finger.tap_widget(screen.reload_button)
            m.settle()
            done.append("Reload now")
        screen = m.handle.screen()
        if isinstance(screen, StaffPanelScreen) and m.rng.random() < 0.7:
            m.finger.tap_widget(screen.leave_button)
            done.append("Leave staff mode")
    elif isinstance(screen, PinPadScreen) and m.rng.random() < 0.5:
        m.finger.tap_widget(screen.cancel_button)
        done.append("Cancel")
    return done


# -- settings, speech, self-check ---------------------------------------------------------------------
def access(m: Monkey) -> str:
    bar = m.handle.access_bar()
    screen = m.handle.screen()
    choices: list[QWidget] = []
    if isinstance(screen, HomeScreen) and screen.language_button is not None:
        choices += [screen.language_button] * 2
    if bar is not None:
        choices += [b for b in (bar.smaller_button, bar.larger_button, bar.contrast_button)  # type: ignore[attr-defined]
                    if b.isVisible()]
    choices = [c for c in choices if c.isVisible()]
    if not choices:
        return tap_button(m)
    return m.finger.tap_widget(m.rng.choice(choices), mouse=m.rng.random() < 0.15)


def read_aloud(m: Monkey) -> str:
    bar = m.handle.access_bar()
    if bar is None:
        return tap(m)
    button = bar.read_button  # type: ignore[attr-defined]
    repeat = bar.repeat_button  # type: ignore[attr-defined]
    if repeat.isVisible() and repeat.isEnabled() and m.rng.random() < 0.3:
        button = repeat
    if not button.isVisible():
        return "Read aloud hidden; " + tap_button(m)
    return m.finger.tap_widget(button)


def selfcheck(m: Monkey) -> str:
    """One step along the self-check: its tile, Start, an answer (or Back / Start over / Home), Done."""
    overlay = m.handle.overlay()
    if overlay is not None:
        return m.finger.tap_widget(overlay.stay_button)
    screen = m.handle.screen()
    r = m.rng.random()
    target: QWidget | None = None
    if isinstance(screen, QuestionScreen):
        target = (m.rng.choice(screen.answers) if r < 0.8 else screen.back_button if r < 0.87
                  else screen.start_over_button if r < 0.94 else screen.home_button)
    elif isinstance(screen, SelfCheckIntroScreen):
        target = screen.start_button if r < 0.85 else screen.home_button
    elif isinstance(screen, OutcomeScreen):
        target = screen.done_button if r < 0.6 else None
    elif isinstance(screen, HomeScreen):
        target = getattr(screen, "selfcheck_button", None)
    elif isinstance(screen, SectionScreen):
        target = screen.home_button
    elif isinstance(screen, PinPadScreen):
        target = screen.cancel_button
    if target is None:
        return swipe(m) if isinstance(screen, OutcomeScreen) else tap(m)
    return m.finger.tap_widget(target)


# -- time, reloads, size ------------------------------------------------------------------------------
def idle(m: Monkey) -> str:
    seconds = m.rng.uniform(30, 120)
    m.clock.advance(seconds)
    said = f"{seconds:.0f} s pass"
    if m.rng.random() < 0.8:
        m.handle.poll_idle()
        said += ", timer polled"
        if m.rng.random() < 0.5:
            more = m.rng.uniform(0, 30)
            m.clock.advance(more)
            m.handle.poll_idle()
            said += f", {more:.0f} s more, polled"
    else:
        said += " (timer late: the next touch finds the session expired)"
    return said


def reload_valid(m: Monkey) -> str:
    index = m.rng.randrange(len(m.variants))
    m.handle.apply_content(loads(m.variants[index], m.path))
    return f"content_loaded(variant {index})"


def reload_broken(m: Monkey) -> str:
    name = m.rng.choice(BROKEN_MUTATORS)
    seed = m.rng.randrange(2**32)
    data = fuzz.mutate(m.base, name, seed)
    try:
        content: Content = loads(data, m.path)
    except ContentError as exc:
        m.handle.refuse_content(exc)
        return f"content_failed({name}:{seed}: {exc.problems[0].message[:60]!r})"
    except Exception as exc:  # the watcher would turn this into a failed reload; it is still a bug
        m.recorder.exception(exc, f"the loader raised {type(exc).__name__} on a damaged file "
                                  f"(python -m tools.fuzz --replay bundled:{name}:{seed} if the base is bundled)",
                             traceback.format_exc())
        message = f"the kiosk could not check this file ({type(exc).__name__}: {exc})"
        m.handle.refuse_content(ContentError(m.path, [Problem(Mark(), message)]))
        return f"loader raised {type(exc).__name__} ({name}:{seed})"
    m.handle.apply_content(content)
    return f"content_loaded(damaged but valid: {name}:{seed})"


def resize(m: Monkey) -> str:
    size = m.rng.choice(m.sizes)
    m.window.resize(*size)
    return f"resize to {size[0]}x{size[1]}"


KINDS: dict[str, Callable[[Monkey], str]] = {
    "tap": tap, "tap_button": tap_button, "click": click, "double_click": double_click, "swipe": swipe,
    "staff": staff, "access": access, "read_aloud": read_aloud, "selfcheck": selfcheck, "idle": idle,
    "reload_valid": reload_valid, "reload_broken": reload_broken, "resize": resize,
}
"""Each kind of event in :data:`WEIGHTS`, by name."""
