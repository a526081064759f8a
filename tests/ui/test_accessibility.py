"""Everyone can use it: read aloud, text size, high contrast, two languages, right to left."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk, kiosk_of
from kiosk.colour import contrast
from kiosk.content import ContentError, load
from kiosk.ui.icons import ICONS
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen
from kiosk.ui.widgets import WrapButton
from tests.helpers import BUNDLED, MINIMAL, button, button_names, touch_tap, write
from tests.ui.conftest import Keep

Open = Callable[..., KioskApp]
FIXTURES = Path(__file__).parent / "fixtures"
FINNISH = MINIMAL.replace("version: 1\nkiosk:\n", "version: 1\nkiosk:\n  languages: [en, fi]\n").replace(
    "    title: First topic", "    title: {en: First topic, fi: Ensimmäinen aihe}")


def ready_speaker(kiosk: KioskApp, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: kiosk.speech.speaker is not None, timeout=5000)  # made once the first frame is painted
    assert kiosk.speech.speaker is not None
    kiosk.speech.speaker.warm_up()
    qtbot.waitUntil(lambda: kiosk.speech.speaker is not None and kiosk.speech.speaker.available, timeout=5000)
    QApplication.processEvents()


def said_while_reading(kiosk: KioskApp, qtbot: QtBot, parts: int) -> list[str]:
    """Tap Read aloud and collect the first *parts* parts the engine starts to say."""
    assert kiosk.speech.speaker is not None
    said: list[str] = []
    kiosk.speech.speaker.said.connect(said.append)
    touch_tap(button(kiosk.window, "Read aloud"))
    qtbot.waitUntil(lambda: len(said) >= parts, timeout=15000)
    kiosk.speech.speaker.said.disconnect(said.append)
    return said


# -- read aloud ------------------------------------------------------------------------------------

def test_home_is_read_in_reading_order(open_kiosk: Open, qtbot: QtBot) -> None:
    kiosk = open_kiosk()
    ready_speaker(kiosk, qtbot)
    said = said_while_reading(kiosk, qtbot, 3)
    assert said[:3] == ["Botox for acne", "Your clinic name", "Tap a topic to read about it."]
    assert button(kiosk.window, "Stop reading")
    touch_tap(button(kiosk.window, "Stop reading"))  # pressing again stops (5.1.3.4)
    qtbot.waitUntil(lambda: not kiosk.speech.speaker.speaking)  # type: ignore[union-attr]
    assert button(kiosk.window, "Read aloud")


def test_each_screen_type_speaks_its_own_text(open_kiosk: Open, qtbot: QtBot) -> None:
    kiosk = open_kiosk()
    ready_speaker(kiosk, qtbot)
    touch_tap(button(kiosk.window, "What is Botox?"))
    assert said_while_reading(kiosk, qtbot, 2)[:2] == [
        "What is Botox?", "Botox is an injectable form of a bacterium toxin called botulinum toxin. It has been "
        "used for years to help reduce wrinkles, but its applications have grown over time to include the "
        "treatment of a wide range of medical conditions, including acne."]
    touch_tap(button(kiosk.window, "Home"))  # going to another screen stops the speech (5.1.3.5)
    qtbot.waitUntil(lambda: not kiosk.speech.speaker.speaking)  # type: ignore[union-attr]
    kiosk.navigation.go(("selfcheck",))
    kiosk.navigation.start_selfcheck()
    assert isinstance(kiosk.screen, QuestionScreen)
    said = said_while_reading(kiosk, qtbot, 5)
    assert said[:5] == ["Question 1", "Since your injection, is it hard to breathe, swallow or speak?",
                        "Even a little harder than usual counts.", "Yes", "Not sure"]
    touch_tap(button(kiosk.window, "Yes"))  # a new screen: the speech stops (5.1.3.5)
    assert isinstance(kiosk.screen, OutcomeScreen)
    said = said_while_reading(kiosk, qtbot, 2)
    assert said[:2] == ["Tell a staff member now", "If you have left the clinic, call 911."]


def test_the_idle_question_is_read_when_it_is_up(open_kiosk: Open, qtbot: QtBot) -> None:
    kiosk = open_kiosk()
    ready_speaker(kiosk, qtbot)
    kiosk.idle.warn(20)
    assert kiosk.spoken_text() == ["Are you still there?", "This screen will start over in 20 seconds.",
                                   "I'm still here"]


def test_repeat_says_the_last_part_again(open_kiosk: Open, qtbot: QtBot) -> None:
    kiosk = open_kiosk()
    ready_speaker(kiosk, qtbot)
    said = said_while_reading(kiosk, qtbot, 1)
    touch_tap(button(kiosk.window, "Stop reading"))
    qtbot.waitUntil(lambda: not kiosk.speech.speaker.speaking)  # type: ignore[union-attr]
    again: list[str] = []
    kiosk.speech.speaker.said.connect(again.append)  # type: ignore[union-attr]
    touch_tap(button(kiosk.window, "Repeat"))
    qtbot.waitUntil(lambda: bool(again), timeout=5000)
    assert again[0] == said[-1]


def test_speech_follows_the_language_with_its_own_voice(qtbot: QtBot, keep: Keep, tmp_path: Path) -> None:
    window = build_kiosk(write(tmp_path, FINNISH))
    keep(window)
    window.show()
    kiosk = kiosk_of(window)
    ready_speaker(kiosk, qtbot)
    said_while_reading(kiosk, qtbot, 1)
    assert kiosk.speech.speaker is not None and kiosk.speech.speaker.locale.language().name == "English"
    touch_tap(button(kiosk.window, "Suomi"))
    said = said_while_reading(kiosk, qtbot, 1)
    assert kiosk.speech.speaker.locale.language().name == "Finnish"
    assert said  # the Finnish screen was read


def test_the_button_hides_without_an_engine_and_the_panel_says_why(qtbot: QtBot, keep: Keep) -> None:
    window = build_kiosk(BUNDLED, speech_engine="nonexistent")
    keep(window)
    window.show()
    kiosk = kiosk_of(window)
    speech = kiosk.speech
    qtbot.waitUntil(lambda: speech.speaker is not None and "nonexistent" in speech.speaker.unavailable_reason,
                    timeout=5000)
    assert kiosk.speech.speaker is not None and not kiosk.speech.speaker.available
    assert "Read aloud" not in button_names(kiosk.window)
    kiosk.navigation.go(("staff", "panel"))
    status = kiosk.screen.fact_labels["Read aloud"].text()  # type: ignore[attr-defined]
    assert "nonexistent" in status


def test_speech_can_be_turned_off_by_staff(qtbot: QtBot, keep: Keep, tmp_path: Path) -> None:
    text = MINIMAL.replace("  notice: General information only.\n", "  notice: General information only.\n"
                           "  speech: false\n")
    window = build_kiosk(write(tmp_path, text))
    keep(window)
    window.show()
    kiosk = kiosk_of(window)
    qtbot.waitExposed(window)
    QApplication.processEvents()  # the first frame: when Read aloud would start
    assert kiosk.speech.speaker is None
    assert "Read aloud" not in button_names(kiosk.window)


# -- text size and contrast --------------------------------------------------------------------------

def body_pixel_size(kiosk: KioskApp) -> int:
    """The size of the words a patient reads: a label with no title or heading role."""
    return next(w.font().pixelSize() for w in kiosk.screen.findChildren(QLabel) if not w.property("role"))


def role_pixel_size(kiosk: KioskApp, role: str) -> int:
    return next(w.font().pixelSize() for w in kiosk.screen.findChildren(QLabel) if w.property("role") == role)


def test_titles_stay_above_the_words_read_and_grow_only_as_far_as_that(open_kiosk: Open) -> None:
    """A+ is for the words patients read; the title, already 1.7 times their size, grew to 2.55 times
    the default and a long one filled the home screen."""
    kiosk = open_kiosk()
    default_title = role_pixel_size(kiosk, "title")
    touch_tap(button(kiosk.window, "A+"))
    assert role_pixel_size(kiosk, "title") == default_title  # still far above 1.25x body text
    touch_tap(button(kiosk.window, "A+"))
    body, title = body_pixel_size(kiosk), role_pixel_size(kiosk, "title")
    assert body < title <= 1.25 * body


def tile_pixel_size(kiosk: KioskApp) -> int:
    """The size of the words a tile paints (a button sets its own font: kiosk.ui.widgets.WrapButton)."""
    return next(w.font().pixelSize() for w in kiosk.screen.findChildren(WrapButton) if w.property("role") == "tile")


def test_text_size_has_three_steps_and_everything_reflows(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    sizes, tiles = [body_pixel_size(kiosk)], [tile_pixel_size(kiosk)]
    tool = button(kiosk.window, "A+").font().pixelSize()
    assert not button(kiosk.window, "A−").isEnabled()
    for _ in range(2):
        touch_tap(button(kiosk.window, "A+"))
        sizes.append(body_pixel_size(kiosk))
        tiles.append(tile_pixel_size(kiosk))
    assert sizes[0] < sizes[1] < sizes[2]
    assert tiles[0] < tiles[1] < tiles[2], "the words on the buttons grow with the words read"
    assert button(kiosk.window, "A+").font().pixelSize() == tool, "the strip of controls keeps its size"
    assert not button(kiosk.window, "A+").isEnabled()
    touch_tap(button(kiosk.window, "A−"))
    assert body_pixel_size(kiosk) == sizes[1]


def widget_colours(widget: QWidget) -> tuple[str, str]:
    """The text and background colours the widget really paints with (after the style sheet)."""
    palette = widget.palette()
    if isinstance(widget, QPushButton):
        label = widget.findChild(QLabel)
        text = (label or widget).palette().color(QPalette.ColorRole.WindowText if label else
                                                 QPalette.ColorRole.ButtonText)
        return text.name(), palette.color(QPalette.ColorRole.Button).name()
    holder = widget.parentWidget()
    while holder is not None and not holder.autoFillBackground() and holder.property("role") != "screen":
        holder = holder.parentWidget()
    background = (holder or widget).palette().color(QPalette.ColorRole.Window)
    return palette.color(QPalette.ColorRole.WindowText).name(), background.name()


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
def test_every_text_reaches_7_to_1_in_both_themes(open_kiosk: Open, high_contrast: bool) -> None:
    kiosk = open_kiosk()
    if high_contrast:
        touch_tap(button(kiosk.window, "High contrast"))
    checked = 0
    for place in [("home",), ("section", "what-is-botox")]:
        kiosk.navigation.go(place)
        QApplication.processEvents()
        for widget in kiosk.window.findChildren(QLabel) + kiosk.window.findChildren(QPushButton):
            if not widget.isVisible() or isinstance(widget.parentWidget(), QPushButton) or not (
                    widget.text() if isinstance(widget, QLabel) else widget.accessibleName()):
                continue
            if isinstance(widget, QPushButton) and not widget.isEnabled():
                continue
            fg, bg = widget_colours(widget)
            ratio = contrast(fg, bg)
            assert ratio >= 7, f"{widget!r} paints {fg} on {bg}: {ratio:.2f}:1"
            checked += 1
    assert checked > 10


def test_high_contrast_really_changes_the_colours(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    before = widget_colours(button(kiosk.window, "What is Botox?"))
    touch_tap(button(kiosk.window, "High contrast"))
    after = widget_colours(button(kiosk.window, "What is Botox?"))
    assert before != after
    assert after[1] in ("#000000", "#ffe14d")


def opaque_colours(image: QImage) -> set[str]:
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255}


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
def test_a_button_that_does_nothing_now_does_not_look_like_one_that_works(open_kiosk: Open, qtbot: QtBot,
                                                                          high_contrast: bool) -> None:
    """A− at the smallest text, Previous on the first section and Repeat before anything was read are
    disabled; they looked exactly like the buttons beside them, so a patient tapped and nothing happened."""
    kiosk = open_kiosk()
    if high_contrast:
        touch_tap(button(kiosk.window, "High contrast"))
    kiosk.navigation.go(("section", kiosk.content.sections[0].id))
    QApplication.processEvents()
    palette = kiosk.style.look.palette

    def fill(b: QPushButton) -> str:  # between the border and the words
        return b.grab().toImage().pixelColor(b.width() // 2, 5).name()

    for off, on in (("A−", "A+"), ("Previous", "Next")):
        disabled, enabled = button(kiosk.window, off), button(kiosk.window, on)
        assert not disabled.isEnabled() and enabled.isEnabled()
        assert fill(enabled) == palette.accent
        assert fill(disabled) == palette.background, off
        assert palette.muted in opaque_colours(disabled.grab(disabled.words_rect()).toImage()), off  # to read
    assert contrast(palette.muted, palette.background) >= 7
    # Repeat (shown only once a speech engine is up) has an icon: it follows the button's state
    repeat = WrapButton("Repeat", kiosk.style.look, role="tool", icon=ICONS / "repeat.svg", icon_mm=8)
    qtbot.addWidget(repeat)
    repeat.setEnabled(False)
    assert opaque_colours(repeat.icon_image().toImage()) == {palette.muted}
    repeat.setEnabled(True)  # as after the first Read aloud
    assert opaque_colours(repeat.icon_image().toImage()) == {palette.on_accent}


def test_a_staff_colour_below_7_to_1_is_a_warning_from_check(tmp_path: Path) -> None:
    text = MINIMAL + "theme:\n  accent: \"#6fa8dc\"\n"
    content = load(write(tmp_path, text))
    warnings = [w.message for w in content.warnings]
    assert any("'button text on accent'" in w and "7:1" in w for w in warnings), warnings


# -- languages ------------------------------------------------------------------------------------------

ENGLISH_WORDS = {"Back", "Home", "Next", "Previous", "Read aloud", "Repeat", "High contrast", "Yes", "No",
                 "Not sure", "Start over", "Done", "Start", "More below — swipe up", "Botox for acne",
                 "Tap a topic to read about it.", "What is Botox?", "Side-effect self-check"}


def visible_words(kiosk: KioskApp) -> set[str]:
    labels = {w.text() for w in kiosk.window.findChildren(QLabel) if w.isVisible() and w.text()}
    return labels | set(button_names(kiosk.window))


def test_spanish_changes_every_visible_string(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    touch_tap(button(kiosk.window, "Español"))
    places = [("home",), ("section", "what-is-botox"), ("selfcheck",)]
    for place in places:
        kiosk.navigation.go(place)
        QApplication.processEvents()
        assert not visible_words(kiosk) & ENGLISH_WORDS, (place, visible_words(kiosk) & ENGLISH_WORDS)
    kiosk.navigation.start_selfcheck()
    assert {"Sí", "No estoy seguro", "No", "Pregunta 1", "Empezar de nuevo"} <= visible_words(kiosk)
    assert not visible_words(kiosk) & ENGLISH_WORDS - {"No"}
    touch_tap(button(kiosk.window, "No"))
    touch_tap(button(kiosk.window, "Sí"))
    assert isinstance(kiosk.screen, OutcomeScreen)
    assert "Esta evaluación no reemplaza el consejo de su médico." in visible_words(kiosk)
    touch_tap(button(kiosk.window, "Terminar"))
    assert isinstance(kiosk.screen, HomeScreen)
    touch_tap(button(kiosk.window, "English"))
    assert "What is Botox?" in visible_words(kiosk)


def test_a_listed_language_missing_from_a_text_is_an_error(tmp_path: Path) -> None:
    text = FINNISH.replace("{en: First topic, fi: Ensimmäinen aihe}", "{en: First topic}")
    with pytest.raises(ContentError) as info:
        load(write(tmp_path, text))
    assert [(p.mark.line, p.mark.column, p.message) for p in info.value.problems] == [
        (9, 12, "this text has no 'fi' version; kiosk.languages lists en, fi")]


def test_ui_text_overrides_a_built_in_word(open_kiosk: Open, tmp_path: Path) -> None:
    kiosk = open_kiosk(write(tmp_path, MINIMAL + "ui_text:\n  en:\n    home: Start page\n"))
    touch_tap(button(kiosk.window, "First topic"))
    assert button(kiosk.window, "Start page")


def test_right_to_left_languages_lay_out_right_to_left(open_kiosk: Open) -> None:
    kiosk = open_kiosk(FIXTURES / "arabic.yaml")
    assert kiosk.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    QApplication.processEvents()
    home = kiosk.screen
    assert isinstance(home, HomeScreen)
    tile = button(kiosk.window, "ما هو البوتوكس؟")
    assert tile.mapTo(kiosk.window, tile.rect().topLeft()).x() >= 0
    touch_tap(tile)
    assert isinstance(kiosk.screen, SectionScreen)
    back, home_button = button(kiosk.window, "رجوع"), button(kiosk.window, "الرئيسية")
    assert back.mapTo(kiosk.window, back.rect().topLeft()).x() > home_button.mapTo(
        kiosk.window, home_button.rect().topLeft()).x()  # the first button of the bar sits on the right
    touch_tap(home_button)
    touch_tap(button(kiosk.window, "English"))
    assert kiosk.window.layoutDirection() == Qt.LayoutDirection.LeftToRight
