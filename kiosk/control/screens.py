"""The screen factory: content + look → screens, their taps handed to :class:`Intents`.

It knows nothing of navigation or of who answers a tap: kiosk.app fills in :class:`Intents`. A new
button on a screen is a new intent here (a field, and one ``connect`` where the screen is built) and
one line in kiosk.app saying which controller answers it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from kiosk.content import Content
from kiosk.core.alerts import CallState
from kiosk.model.content import Text
from kiosk.selfcheck.engine import SelfCheckSession
from kiosk.strings import BUILTIN, UiText
from kiosk.ui.accessbar import AccessBar
from kiosk.ui.screens.home import HomeScreen, Tile
from kiosk.ui.screens.staff import PinPadScreen, StaffPanelScreen
from kiosk.ui.screens.updating import UpdatingScreen
from kiosk.ui.style import Look

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    # Imported where they are first built, once the kiosk is up: none is on the first frame, and the body
    # text they show needs Qt's text document classes, which PySide6 builds (enums and all) when first
    # named: ~12 ms of start-up (see kiosk.ui.body).
    from kiosk.ui.idle_overlay import IdleOverlay
    from kiosk.ui.screens.section import SectionScreen
    from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen, SelfCheckIntroScreen

Nothing = Callable[[], None]
#: Whether a "Call a staff member" button is offered, and the state of this visit's call it shows.
CallOffer = tuple[bool, CallState]


NO_CALL: CallOffer = (False, CallState.NONE)


def no_call(_level: str = "") -> CallOffer:
    return NO_CALL


@dataclass(frozen=True)
class Intents:
    """What a tap can ask for, whichever screen it was on. kiosk.app says who answers each."""

    open_section: Callable[[str], None]
    step_section: Callable[[str], None]  # Previous / Next: the section replaces the one on show
    open_selfcheck: Nothing
    choose_language: Callable[[str], None]
    back: Nothing
    home: Nothing
    start_selfcheck: Nothing
    answer: Callable[[int], None]
    selfcheck_back: Nothing
    start_over: Nothing
    pin_entered: Callable[[str], None]
    reload_now: Nothing
    exit_kiosk: Nothing
    stay: Nothing  # "I'm still here" on the idle question
    read_aloud: Nothing
    repeat: Nothing
    text_smaller: Nothing
    text_larger: Nothing
    toggle_contrast: Nothing
    call_staff: Nothing  # "Call a staff member", on an outcome screen or in the bar (issue 26)


@dataclass(frozen=True)
class Frame:
    """What every screen is drawn with: the content (None while no valid file exists), look and language."""

    content: Content | None
    look: Look
    language: str

    @property
    def ui(self) -> UiText:
        return UiText(self.language, self.content.ui_text if self.content else None)

    def text(self, text: Text | None) -> str:
        if text is None:
            return ""
        return text.get(self.language, self.content.default_language if self.content else None)


class ScreenFactory:
    """Builds each screen from a :class:`Frame` and connects its intent signals to :attr:`intents`
    (given once every controller that answers one exists)."""

    intents: Intents
    #: For an outcome screen of a level: the call button or not, and its state (kiosk.control.alerts).
    call_offer: Callable[[str], CallOffer] = staticmethod(no_call)

    def updating(self, frame: Frame) -> UpdatingScreen:
        return UpdatingScreen(frame.look, frame.ui)

    def home(self, frame: Frame) -> HomeScreen:
        c = frame.content
        assert c is not None
        others = [lang for lang in c.kiosk.languages if lang != frame.language]
        other = (others[0], language_name(others[0], c.ui_text)) if others else None
        screen = HomeScreen(
            frame.look, frame.ui, title=frame.text(c.kiosk.title), clinic=frame.text(c.kiosk.clinic) or None,
            intro=frame.text(c.kiosk.intro), notice=frame.text(c.kiosk.notice),
            tiles=[Tile(s.id, frame.text(s.title), s.icon) for s in c.sections],
            selfcheck_title=frame.text(c.selfcheck.title) if c.selfcheck else None, other_language=other,
        )
        screen.section_chosen.connect(self.intents.open_section)
        screen.selfcheck_chosen.connect(self.intents.open_selfcheck)
        screen.language_chosen.connect(self.intents.choose_language)
        return screen

    def section(self, frame: Frame, section_id: str) -> SectionScreen:
        from kiosk.ui.screens.section import SELFCHECK, SectionScreen  # not before the first frame (see above)

        assert frame.content is not None
        ids = [s.id for s in frame.content.sections]
        index = ids.index(section_id)
        section = frame.content.sections[index]
        related = [(t, frame.ui("related_selfcheck") if t == SELFCHECK else frame.text(frame.content.section(t).title))
                   for t in section.related]
        screen = SectionScreen(frame.look, frame.ui, title=frame.text(section.title), body=frame.text(section.body),
                               icon=section.icon, has_previous=index > 0, has_next=index < len(ids) - 1,
                               related=related)
        screen.back_requested.connect(self.intents.back)
        screen.home_requested.connect(self.intents.home)
        step = self.intents.step_section
        screen.previous_requested.connect(lambda: step(ids[index - 1]))
        screen.next_requested.connect(lambda: step(ids[index + 1]))
        intents = self.intents  # "Check how you feel" opens the self-check's intro; a section's title, it
        screen.related_chosen.connect(lambda t: intents.open_selfcheck() if t == SELFCHECK else intents.open_section(t))
        return screen

    def selfcheck_intro(self, frame: Frame) -> SelfCheckIntroScreen:
        from kiosk.ui.screens.selfcheck import SelfCheckIntroScreen

        assert frame.content is not None and frame.content.selfcheck is not None
        flow = frame.content.selfcheck
        screen = SelfCheckIntroScreen(frame.look, frame.ui, title=frame.text(flow.title),
                                      intro=frame.text(flow.intro))
        screen.start_requested.connect(self.intents.start_selfcheck)
        screen.home_requested.connect(self.intents.home)
        return screen

    def selfcheck_step(self, frame: Frame, run: SelfCheckSession) -> QuestionScreen | OutcomeScreen:
        """The run's current question, or its outcome once it has one."""
        return self.question(frame, run) if run.current is not None else self.outcome(frame, run)

    def question(self, frame: Frame, run: SelfCheckSession) -> QuestionScreen:
        from kiosk.ui.screens.selfcheck import QuestionScreen

        question = run.current
        assert question is not None
        screen = QuestionScreen(
            frame.look, frame.ui, progress=frame.ui("question_progress", n=run.question_number),
            question=frame.text(question.text), help_text=frame.text(question.help) or None,
            answers=[frame.text(a.label) for a in question.answers],
        )
        screen.answer_chosen.connect(self.intents.answer)
        screen.back_requested.connect(self.intents.selfcheck_back)
        screen.start_over_requested.connect(self.intents.start_over)
        screen.home_requested.connect(self.intents.home)
        return screen

    def outcome(self, frame: Frame, run: SelfCheckSession) -> OutcomeScreen:
        from kiosk.ui.screens.selfcheck import OutcomeScreen

        assert frame.content is not None and run.outcome is not None
        outcome = run.outcome
        call_staff, call_state = self.call_offer(outcome.level)
        screen = OutcomeScreen(frame.look, frame.ui, level=outcome.level, title=frame.text(outcome.title),
                               body=frame.text(outcome.body), emergency_number=frame.content.kiosk.emergency_number,
                               call_staff=call_staff, call_state=call_state)
        screen.done_requested.connect(self.intents.home)
        screen.staff_called.connect(self.intents.call_staff)
        return screen

    def pin_pad(self, frame: Frame, *, message: str, locked: bool) -> PinPadScreen:
        screen = PinPadScreen(frame.look, UiText("en"), message=message, locked=locked)  # staff read English
        screen.pin_entered.connect(self.intents.pin_entered)
        screen.cancel_requested.connect(self.intents.home)
        return screen

    def staff_panel(self, frame: Frame, *, facts: Sequence[tuple[str, str]], errors: Sequence[str],
                    warnings: Sequence[str]) -> StaffPanelScreen:
        screen = StaffPanelScreen(frame.look, facts=facts, errors=errors, warnings=warnings)
        screen.reload_requested.connect(self.intents.reload_now)
        screen.exit_requested.connect(self.intents.exit_kiosk)
        screen.leave_requested.connect(self.intents.home)
        return screen

    def bar(self, frame: Frame, *, text_step: int, high_contrast: bool, speech: bool, speaking: bool,
            marker: bool, width: int, call: CallOffer = NO_CALL) -> AccessBar:
        bar = AccessBar(frame.look, frame.ui, text_step=text_step, high_contrast=high_contrast, speech=speech,
                        speaking=speaking, marker=marker, width=width, call_staff=call[0], call_state=call[1])
        bar.call_staff_requested.connect(self.intents.call_staff)
        bar.read_aloud_requested.connect(self.intents.read_aloud)
        bar.repeat_requested.connect(self.intents.repeat)
        bar.smaller_requested.connect(self.intents.text_smaller)
        bar.larger_requested.connect(self.intents.text_larger)
        bar.contrast_toggled.connect(self.intents.toggle_contrast)
        return bar

    def idle_question(self, frame: Frame, parent: QWidget, seconds: int) -> IdleOverlay:
        from kiosk.ui.idle_overlay import IdleOverlay

        overlay = IdleOverlay(parent, frame.look, frame.ui, seconds)
        overlay.stay_requested.connect(self.intents.stay)
        return overlay


def language_name(language: str, overrides: Mapping[str, Mapping[str, str]]) -> str:
    """A language's own name for the language button: the content's words, ours, else Qt's (CLDR)."""
    own = overrides.get(language, {}).get("language_name") or BUILTIN.get(language, {}).get("language_name")
    if own:
        return own
    native = QLocale(language).nativeLanguageName()
    return native[:1].upper() + native[1:] if native else language
