"""The content file's declared schema (version 1).

Every key staff may write is declared here once, with its type, default, description and
an example. Validation, ``--schema`` (JSON Schema) and ``docs/content-guide.md`` all come
from this declaration.
"""

from __future__ import annotations

import string

from kiosk.content.schema import LANG_PATTERN, Bool, Field, Int, ListOf, MapOf, Num, Obj, Str, Text, Url
from kiosk.model.levels import LEVEL_IDS
from kiosk.strings import BUILTIN
from kiosk.strings import KEYS as UI_KEYS

UI_PLACEHOLDERS = {key: frozenset(name for _, name, _, _ in string.Formatter().parse(words) if name)
                   for key, words in BUILTIN["en"].items()}

ID = Str(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
         pattern_hint="lowercase letters, digits and dashes, like `side-effects`")
COLOUR = Str(pattern=r"^#[0-9a-fA-F]{6}$", pattern_hint="a colour like `#1a4b7a`")
LEVELS = LEVEL_IDS  # mildest first
LANG = Str(pattern=LANG_PATTERN, pattern_hint="a language code like `en` or `es`")

KIOSK = Obj(
    label="kiosk settings",
    description="What the kiosk is called and how it behaves.",
    fields=(
        Field("title", Text(), required=True, description="The big title on the home screen.",
              example="Botox for acne"),
        Field("clinic", Text(), description="Your clinic's name, shown under the title.",
              example="Riverside Skin Clinic"),
        Field("intro", Text(), required=True, description="One short line under the title.",
              example="Tap a topic to read about it."),
        Field("notice", Text(), required=True, description="The plain notice at the bottom of the home screen.",
              example="General information, not medical advice. Please ask our staff about your own treatment."),
        Field("emergency_number", Str(pattern=r"^[0-9+ ()-]{2,20}$", pattern_hint="a phone number"), default="911",
              description="The number the emergency outcome tells patients to call once they have left the clinic.",
              example="911"),
        Field("languages", ListOf(LANG, min_items=1), default=["en"],
              description="The languages every text is written in; the first is the default.", example=["en", "es"]),
        Field("idle_timeout_s", Int(minimum=20, maximum=3600), default=90,
              description="Seconds without a touch before the kiosk asks \"Are you still there?\".", example=90),
        Field("idle_warning_s", Int(minimum=20, maximum=600), default=20,
              description="Seconds the \"Are you still there?\" question waits before everything starts over "
                          "(at least 20, WCAG 2.2.1).", example=20),
        Field("show_cursor", Bool(), default=False, description="Show the mouse pointer in kiosk mode.", example=False),
        Field("speech", Bool(), default=True, description="Offer the Read aloud button.", example=True),
        Field("metrics_file", Str(), description="Where to write anonymous usage counters (Prometheus text format).",
              example="/var/lib/node_exporter/textfile/kiosk.prom"),
    ),
)

DISPLAY = Obj(
    label="display settings",
    description="The physical screen, so buttons and text have the right size in millimetres. Every screen "
                "fits at full size on 336 x 210 mm (a 15.6-inch panel) or more; a smaller one is drawn smaller "
                "in proportion, and --check says how much.",
    fields=(
        Field("width_mm", Num(minimum=50, maximum=5000), description="Visible width of the screen in millimetres "
              "(default: what the system reports).", example=527),
        Field("height_mm", Num(minimum=50, maximum=5000), description="Visible height of the screen in millimetres "
              "(default: what the system reports).", example=296),
        Field("viewing_distance_mm", Num(minimum=200, maximum=3000), default=500,
              description="How far a patient's eyes are from the screen; body text grows with it.", example=500),
    ),
)

SECTION = Obj(
    label="section",
    description="One topic of the leaflet, one tile on the home screen.",
    fields=(
        Field("id", ID, required=True, description="A unique name for the section.", example="what-is-botox"),
        Field("title", Text(), required=True, description="The heading, shown on the tile and the section.",
              example="What is Botox?"),
        Field("icon", Str(pattern=r"^.+\.svg$", pattern_hint="an .svg file"),
              description="An SVG icon, relative to this file's folder, then to the kiosk's resources/.",
              example="icons/info.svg"),
        Field("body", Text(markdown=True), required=True,
              description="The text. Markdown: paragraphs, **bold**, *italic* and \"- \" lists.",
              example="Botox is an injectable form of a bacterium toxin called botulinum toxin."),
        Field("related", ListOf(ID, alone_ok=True),
              description="Buttons under the text that open what is related: `selfcheck` for the self-check "
                          "(\"Check how you feel\"), or other sections' ids (the button shows their title).",
              example="selfcheck"),
    ),
)

ANSWER = Obj(
    label="answer",
    fields=(
        Field("label", Text(), required=True, description="The words on the answer button.", example="Yes"),
        Field("next", ID, required=True, description="The id of the next question or of an outcome.",
              example="emergency-now"),
        Field("severity", Str(choices=LEVELS), description="The mildest outcome this answer may lead to; "
              "the safety audit proves every path after it ends at this level or higher.", example="emergency"),
    ),
)

QUESTION = Obj(
    label="question",
    fields=(
        Field("id", ID, required=True, description="A unique name for the question.", example="breathing"),
        Field("text", Text(), required=True, description="The question, in plain words.",
              example="Since your injection, is it hard to breathe, swallow or speak?"),
        Field("help", Text(), description="A smaller line under the question.",
              example="Even a little harder than usual counts."),
        Field("answers", ListOf(ANSWER, min_items=2), required=True, description="At least two answers."),
    ),
)

OUTCOME = Obj(
    label="outcome",
    fields=(
        Field("id", ID, required=True, description="A unique name for the outcome.", example="emergency-now"),
        Field("level", Str(choices=LEVELS), required=True, description="How serious: sets colour, icon and heading.",
              example="emergency"),
        Field("title", Text(), required=True, description="The outcome's heading.", example="Tell a staff member now"),
        Field("body", Text(markdown=True), required=True, description="What to do, in Markdown.",
              example="Show this screen to a member of staff."),
    ),
)

SELFCHECK = Obj(
    label="self-check",
    description="The side-effect self-check: questions that lead to one of four outcomes.",
    fields=(
        Field("title", Text(), required=True, description="The self-check's name on its tile.",
              example="Side-effect self-check"),
        Field("intro", Text(markdown=True), required=True, description="What the self-check is, on its first screen.",
              example="Answer a few questions about how you feel since your injection."),
        Field("start", ID, required=True, description="The id of the first question.", example="breathing"),
        Field("questions", ListOf(QUESTION, min_items=1), required=True, description="The questions."),
        Field("outcomes", ListOf(OUTCOME, min_items=1), required=True, description="Where the answers lead."),
    ),
)

STAFF = Obj(
    label="staff settings",
    fields=(
        Field("pin_hash", Str(pattern=r"^pbkdf2_sha256\$[0-9]+\$[0-9a-f]+\$[0-9a-f]+$",
                              pattern_hint="the line printed by `scripts/run-kiosk --hash-pin`"),
              description="The staff PIN, hashed. Make one with `scripts/run-kiosk --hash-pin`.",
              example="pbkdf2_sha256$600000$…$…"),
    ),
)

THEME = Obj(
    label="theme",
    description="Colours. Every text and background pair must keep a contrast of at least 7:1.",
    fields=(
        Field("high_contrast", Bool(), default=False, description="Start in high contrast.", example=False),
        Field("accent", COLOUR, default="#1a4b7a", description="Buttons and highlights.", example="#1a4b7a"),
        Field("background", COLOUR, default="#f4f6f8", description="The page behind everything.", example="#f4f6f8"),
        Field("surface", COLOUR, default="#ffffff", description="Tiles and text panels.", example="#ffffff"),
        Field("text", COLOUR, default="#14202b", description="Body text.", example="#14202b"),
    ),
)

ALERT_FORMATS = ("json", "slack", "ntfy")

ALERTS = Obj(
    label="alert settings",
    description="Tell the front desk when the self-check ends at `urgent` or `emergency`, or a patient taps "
                "\"Call a staff member\": a chime at the kiosk and a message to each web address below. "
                "The message names the kiosk, the outcome's level and id, the time and why; never an answer. "
                "Without this block the kiosk stays quiet. Recipes for ntfy, Home Assistant and "
                "Mattermost/Slack: docs/alerts.md.",
    fields=(
        Field("webhooks", ListOf(Url()), default=[],
              description="Web addresses that receive an HTTP POST for each alert (the \"Call a staff member\" "
                          "button is shown only when there is at least one).",
              example=["https://ntfy.example.org/front-desk"]),
        Field("format", Str(choices=ALERT_FORMATS), default="json",
              description="The message's shape: `json` (kiosk, level, id, time, reason), `slack` "
                          "(Mattermost/Slack incoming webhook) or `ntfy` (a text with a title and priority).",
              example="ntfy"),
        Field("name", Str(max_length=60), description="How messages name this kiosk (default: the kiosk's title).",
              example="Waiting room 2"),
        Field("chime", Bool(), default=True, description="Play a short chime at the kiosk when an urgent or "
              "emergency outcome opens.", example=True),
        Field("volume", Num(minimum=0, maximum=1), default=0.8, description="The chime's volume, from 0 to 1.",
              example=0.8),
        Field("button_everywhere", Bool(), default=False, description="Also show \"Call a staff member\" "
              "in the bar of every screen, not only on urgent and emergency outcomes.", example=False),
    ),
)

CONTENT = Obj(
    label="content file",
    description="What the patient-education kiosk shows.",
    fields=(
        Field("version", Int(minimum=1, maximum=1), required=True, description="The format version: 1.", example=1),
        Field("kiosk", KIOSK, required=True, description=KIOSK.description),
        Field("display", DISPLAY, description=DISPLAY.description),
        Field("sections", ListOf(SECTION, min_items=1), required=True, description="The leaflet's topics, in order."),
        Field("selfcheck", SELFCHECK, description=SELFCHECK.description),
        Field("staff", STAFF, description="Staff mode."),
        Field("theme", THEME, description=THEME.description),
        Field("alerts", ALERTS, description=ALERTS.description),
        Field("ui_text", MapOf(key=LANG, value=MapOf(key=Str(choices=UI_KEYS), value=Str(),
                                                     placeholders=UI_PLACEHOLDERS)),
              description="Change any built-in button or message, per language.",
              example={"en": {"done": "Finished"}}),
    ),
)
