"""What a content file means, once read: frozen dataclasses, outcome levels, problems with their places.

The bottom of the kiosk's own layers above ``kiosk.core``: pure Python, read by the self-check, the
loader and the screens alike, importing none of them (import-linter checks it: pyproject.toml).
"""
