"""The content file's schema as JSON Schema (draft 2020-12), for editors and other tools.

Generated from the declaration in :mod:`kiosk.content.spec`, never written by hand: the
bundled ``resources/content.schema.json`` is this module's output, and a test fails when
the two differ. Regenerate it with::

    .venv/bin/python main.py --schema > resources/content.schema.json

``content.yaml``'s first line (``# yaml-language-server: $schema=…``) points editors with
the YAML language server (VS Code's YAML extension, and others) at that file, so staff see
unknown keys, wrong types and each key's description while they type.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.content.spec import CONTENT

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:clinic-kiosk:content-schema:1"
SCHEMA_PATH = "resources/content.schema.json"  # relative to the project root, as content.yaml's first line says
REGENERATE = f".venv/bin/python main.py --schema > {SCHEMA_PATH}"


def content_json_schema() -> dict[str, Any]:
    """The whole content file's JSON Schema, as a dict ready for :func:`json.dumps`."""
    body = CONTENT.json_schema()
    body.pop("title", None)
    body.pop("description", None)
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "Clinic kiosk content file",
        "description": f"{CONTENT.description} Generated from kiosk/content/spec.py; do not edit by hand, "
                       f"regenerate with: {REGENERATE}",
        **body,
    }


def schema_text() -> str:
    """The JSON Schema exactly as ``resources/content.schema.json`` holds it: 2-space indent, UTF-8, final newline."""
    return json.dumps(content_json_schema(), indent=2, ensure_ascii=False) + "\n"
