"""``docs/content-guide.md``: the staff guide to the content file, generated from the declared schema.

Every key in :mod:`kiosk.content.spec` appears with its dotted path (``sections[].title``),
its type, whether it is required or its default, its description and an example, so the
guide can never disagree with what the loader accepts. A test fails when the bundled guide
is stale. Regenerate it with::

    .venv/bin/python -m kiosk.content.guide > docs/content-guide.md
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from kiosk.content.schema import Field, ListOf, Obj
from kiosk.content.spec import CONTENT

GUIDE_PATH = "docs/content-guide.md"
REGENERATE = f".venv/bin/python -m kiosk.content.guide > {GUIDE_PATH}"

INTRODUCTION = """\
# The content file: a guide for staff

<!-- Generated from kiosk/content/spec.py; do not edit by hand. Regenerate with:
     .venv/bin/python -m kiosk.content.guide > docs/content-guide.md -->

`content.yaml` holds everything the kiosk shows patients: the leaflet's sections, the side-effect
self-check, the kiosk's title and its colours. You change what the kiosk shows by editing this one
file in a text editor; you do not need to be a programmer.

## Four things to know

1. **Check the file after every change.** Save it, then run

   ```sh
   scripts/run-kiosk --check
   ```

   It lists every mistake with its line and column, for example
   `content.yaml:42:7: error: unknown key 'titel' in section 'what-is-botox' (did you mean 'title'?)`,
   and ends with `valid` when the file is good. Lines with `warning:` do not stop anything; they point at
   something worth improving, such as a section that is hard to read or a text that is not translated.

2. **A file with mistakes never reaches patients.** The running kiosk notices when the file is saved. If
   it has a mistake, the kiosk ignores it and keeps showing the last good version until you fix it,
   even if it is restarted meanwhile (it keeps a copy of the last version that worked).

3. **Text is written once, or once per language.** Anywhere the kiosk shows words, write either plain
   text, which every language shows as it is:

   ```yaml
   title: What is Botox?
   ```

   or the text in each language listed under `kiosk.languages`:

   ```yaml
   title:
     en: What is Botox?
     es: ¿Qué es el bótox?
   ```

4. **Spaces, not tabs.** Indent with spaces, exactly as the lines around yours. Put colours in quotes
   (`"#1a4b7a"`): without them, `#` starts a comment.

Editors that know YAML schemas (such as Visual Studio Code with the YAML extension) read the first line
of `content.yaml` and check each key while you type.

## Every key

Each key is written as its path in the file: `kiosk.title` is `title` inside `kiosk:`, and
`sections[].title` is `title` inside each item of the `sections:` list.
"""


@dataclass(frozen=True)
class Entry:
    """One key of the file: where it sits (``(key, is_list)`` from the top) and what it is."""

    path: tuple[tuple[str, bool], ...]
    field: Field

    @property
    def dotted(self) -> str:
        """``sections[].title``: each parent, ``[]`` after a list, then the key."""
        return ".".join([*(key + ("[]" if is_list else "") for key, is_list in self.path[:-1]), self.path[-1][0]])


def entries(obj: Obj = CONTENT, path: tuple[tuple[str, bool], ...] = ()) -> Iterator[Entry]:
    """Every key, depth first in the order the schema declares them."""
    for f in obj.fields:
        inner = _inner_obj(f)
        here = (*path, (f.key, isinstance(f.type, ListOf)))
        yield Entry((*path, (f.key, False)), f)
        if inner is not None:
            yield from entries(inner, here)


def _inner_obj(f: Field) -> Obj | None:
    if isinstance(f.type, Obj):
        return f.type
    if isinstance(f.type, ListOf) and isinstance(f.type.item, Obj):
        return f.type.item
    return None


def example(f: Field) -> Any:
    """The field's example; for a mapping or a list of them, one built from its required keys' examples."""
    if f.example is not None:
        return f.example
    inner = _inner_obj(f)
    if inner is None:
        return None
    built = {child.key: example(child) for child in inner.fields if child.required}
    built = {key: value for key, value in built.items() if value is not None}
    if not built:
        return None
    return [built] if isinstance(f.type, ListOf) else built


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, and multi-line text as a ``|`` block, as content.yaml writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    tag = "tag:yaml.org,2002:str"
    style = None
    if "\n" in value:
        style = "|"
    elif (dumper.resolve(yaml.ScalarNode, value, (True, False)) != tag
          or not dumper.analyze_scalar(value).allow_block_plain):
        style = '"'  # "911", "Yes", "#1a4b7a": double quotes, as content.yaml and the introduction write them
    return dumper.represent_scalar(tag, value, style=style)


_Dumper.add_representer(str, _str)


def snippet(entry: Entry) -> str | None:
    """The example as YAML, nested under its parents so staff see where it goes."""
    value = example(entry.field)
    if value is None:
        return None
    data: Any = {entry.path[-1][0]: value}
    for key, is_list in reversed(entry.path[:-1]):
        data = {key: [data] if is_list else data}
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100).rstrip("\n")


def _inline(value: Any) -> str:
    text = yaml.dump(value, Dumper=_Dumper, default_flow_style=True, allow_unicode=True).strip()
    return text.removesuffix("...").strip()


def section(entry: Entry) -> str:
    f = entry.field
    heading = "###" if len(entry.path) == 1 else "####"
    lines = [f"{heading} `{entry.dotted}`", ""]
    if f.description:
        lines += [f.description, ""]
    at_least = f.type.min_items if isinstance(f.type, ListOf) else 0
    lines.append(f"- **Type:** {f.type.kind}" + (f" (at least {at_least})" if at_least > 1 else ""))
    if f.required:
        lines.append("- **Required**")
    elif f.default is not None:
        lines.append(f"- **Optional.** If left out: `{_inline(f.default)}`")
    else:
        lines.append("- **Optional**")
    text = snippet(entry)
    if text is not None:
        lines += ["", "```yaml", text, "```"]
    return "\n".join(lines) + "\n"


def guide() -> str:
    """The whole guide, exactly as ``docs/content-guide.md`` holds it."""
    return INTRODUCTION + "".join("\n" + section(entry) for entry in entries())


def main() -> int:
    text = guide()
    if hasattr(sys.stdout, "buffer"):  # UTF-8 whatever the locale: it is redirected into a file
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
