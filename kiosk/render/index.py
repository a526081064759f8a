"""``index.html`` of ``--render-screens``: a contact sheet, a row per screen and a column per variant,
with a caption for each screen in the file's first language."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from kiosk.content import Content

if TYPE_CHECKING:
    from kiosk.render import Variant


def titles(content: Content) -> dict[str, str]:
    """A caption for each screen's file stem, in the file's first language."""
    lang = content.default_language

    def say(text: object) -> str:
        words = text.get(lang, lang) if text is not None else ""  # type: ignore[attr-defined]
        words = " ".join(words.split())
        return words if len(words) <= 90 else words[:89] + "…"

    out = {"home": "Home", "home-focused-tile": "Home, a tile focused by the keypad (its focus ring)"}
    for n, section in enumerate(content.sections, 1):
        out[f"section-{n:02d}-{section.id}"] = f"Section {n}: {say(section.title)}"
    flow = content.selfcheck
    if flow is not None:
        out["selfcheck-intro"] = f"Self-check: {say(flow.title)}"
        for n, question in enumerate(flow.questions, 1):
            out[f"selfcheck-q{n:02d}-{question.id}"] = f"Question {n}: {say(question.text)}"
        for n, outcome in enumerate(flow.outcomes, 1):
            out[f"selfcheck-outcome-{n:02d}-{outcome.id}"] = f"Outcome {n} ({outcome.level}): {say(outcome.title)}"
    out.update({"idle-warning": "Idle warning (“Are you still there?”)", "staff-pin": "Staff: PIN pad",
                "staff-panel": "Staff: panel", "updating": "“Being updated” (no valid content file)"})
    return out


def caption_for(stem: str, known: dict[str, str]) -> str:
    if stem in known:
        return known[stem]
    base, _, page = stem.rpartition("-")
    if base in known and page.isdigit():
        return f"{known[base]} (page {page})"
    return stem


def rows_in_order(columns: Sequence[Sequence[str]]) -> list[str]:
    """Every stem of every column once, each after the one it follows in its column (so a Spanish page 3
    that English does not need still sits right after page 2)."""
    rows: list[str] = []
    for stems in columns:
        previous: str | None = None
        for stem in stems:
            if stem not in rows:
                rows.insert(rows.index(previous) + 1 if previous is not None else 0, stem)
            previous = stem
    return rows


CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #14202b; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
p.about { margin: 0 0 1rem; color: #33414e; }
table { border-collapse: collapse; }
th, td { border: 1px solid #c8d0d8; padding: .5rem; vertical-align: top; text-align: left; }
thead th { position: sticky; top: 0; background: #f4f6f8; }
th[scope=row] { max-width: 16rem; font-weight: 600; background: #f9fafb; }
th[scope=row] code { display: block; font-weight: normal; color: #5b6875; font-size: .8rem; margin-top: .25rem; }
figure { margin: 0; }
img { display: block; width: 320px; height: auto; border: 1px solid #8896a4; }
figcaption { font-size: .8rem; color: #33414e; margin-top: .25rem; }
td.none { color: #8896a4; text-align: center; vertical-align: middle; }
"""


def contact_sheet(content: Content, written: dict[Variant, list[str]], *, size: tuple[int, int],
                  names: Callable[[str], str]) -> str:
    """A plain HTML page (no script, no network): a row per screen, a column per variant, each thumbnail
    linking to its full picture by a relative path."""
    esc = html.escape
    known = titles(content)
    order = list(written)
    rows = rows_in_order([written[v] for v in order])
    have = {v: set(written[v]) for v in order}
    title = content.kiosk.title.get(content.default_language, content.default_language)
    source = str(content.source) if content.source else ""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Kiosk screens: {esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>Kiosk screens: {esc(title)}</h1>",
        f'<p class="about">{esc(source)} at {size[0]}×{size[1]}: {len(rows)} screens, '
        f"{sum(len(s) for s in written.values())} pictures. Select a picture to open it full size.</p>",
        "<table>",
        "<thead><tr><th scope=\"col\">Screen</th>"
        + "".join(f'<th scope="col">{esc(v.caption(names))}</th>' for v in order) + "</tr></thead>",
        "<tbody>",
    ]
    for stem in rows:
        caption = caption_for(stem, known)
        cells = [f'<th scope="row">{esc(caption)}<code>{esc(stem)}</code></th>']
        for v in order:
            if stem not in have[v]:
                cells.append('<td class="none">not in this variant</td>')
                continue
            href = esc(f"{quote(v.folder)}/{quote(stem)}.png")
            alt = esc(f"{caption}, {v.caption(names)}")
            cells.append(f'<td><figure><a href="{href}"><img src="{href}" alt="{alt}" loading="lazy"></a>'
                         f"<figcaption>{esc(v.folder)}/{esc(stem)}.png</figcaption></figure></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(out)
