"""Valid content of any size, for benchmarks and fuzzing (pure Python)."""

from __future__ import annotations


def content_yaml(sections: int, *, paragraphs: int = 3) -> str:
    """A valid content file with *sections* sections of *paragraphs* paragraphs each."""
    lines = ["version: 1", "kiosk:", "  title: Generated kiosk", "  intro: Tap a topic.",
             "  notice: General information only.", "sections:"]
    for n in range(sections):
        lines += [f"  - id: topic-{n}", f"    title: Topic number {n}", "    body: |"]
        for p in range(paragraphs):
            lines.append(f"      Paragraph {p} of topic {n}. It says something short and plain, "
                         "with **bold** words and a list:")
            lines += ["", "      - one point", "      - another point", ""]
    return "\n".join(lines) + "\n"
