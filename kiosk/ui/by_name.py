"""Qt properties whose values are Qt's enums, set by the enums' key names.

The first time Python names ``Qt`` (``from PySide6.QtCore import Qt``), PySide6 builds every one of
the 93 enums in Qt's namespace with Python's enum module: about 115 million instructions, an eighth
of the kiosk's start, that a bare window never pays (measured: python -m kiosk.bench). So the code
that builds the first frame does not name ``Qt``: it sets such properties by their keys, as a .ui
file or a style sheet's ``qproperty-`` does, and Qt reads the keys in C++. What has no property (a
widget attribute, a connection type) waits for the first frame; tests/test_architecture.py fails if
``Qt`` is built before it.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QLocale, QObject
from PySide6.QtWidgets import QLabel

#: Qt.TextFlag.TextWordWrap. No Qt property takes a text flag for Qt to read its key, so it is given by
#: value; tests/ui/test_by_name.py checks it against Qt's.
TEXT_WORD_WRAP = 0x1000


def set_by_name(target: QObject, **properties: str) -> None:
    """``set_by_name(label, alignment="AlignLeft|AlignVCenter")``: *target*'s Qt properties, by key.

    Raises ValueError for a property *target* does not have or a key its enum does not have, where
    Qt's own ``setProperty`` would quietly return False.
    """
    for name, keys in properties.items():
        if not target.setProperty(name, keys):
            raise ValueError(f"{type(target).__name__} has no property {name!r} that takes {keys!r}")


def text_flags(alignment: str, *, wrap: bool = False, mirrored: bool = False) -> int:
    """``QPainter.drawText``'s flags for *alignment* (Qt.AlignmentFlag keys, "AlignLeft|AlignVCenter"),
    read by Qt from the enum of QLabel's alignment property, and word wrap. *mirrored* swaps left and
    right, for words that run right to left (see :func:`runs_right_to_left`). Raises ValueError for a
    key Qt does not have."""
    if mirrored:
        alignment = "|".join({"AlignLeft": "AlignRight", "AlignRight": "AlignLeft"}.get(k, k)
                             for k in alignment.split("|"))
    meta = QLabel.staticMetaObject
    value, ok = meta.property(meta.indexOfProperty("alignment")).enumerator().keysToValue(alignment)
    if not ok:
        raise ValueError(f"Qt.AlignmentFlag has no key in {alignment!r}")
    return value | (TEXT_WORD_WRAP if wrap else 0)


def runs_right_to_left(text: str) -> bool:
    """Whether *text* runs right to left, as Qt's ``QString::isRightToLeft`` decides: by its first
    letter that has a direction of its own. A QLabel aligns plain text by it, and so does WrapButton."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def right_to_left(language: str) -> bool:
    """Whether *language*'s text runs right to left, as QLocale.textDirection() says.

    That answer is a Qt.LayoutDirection, so Qt is asked only when the answer is not already plain: a
    language whose own name for itself is written in letters that run left to right only (English,
    Spanish) is laid out left to right. tests/ui/test_by_name.py checks this against Qt for every
    locale Qt knows.
    """
    locale = QLocale(language)
    classes = {unicodedata.bidirectional(ch) for ch in locale.nativeLanguageName()}
    if "L" in classes and not classes & {"R", "AL"}:
        return False
    from PySide6.QtCore import Qt

    return locale.textDirection() == Qt.LayoutDirection.RightToLeft
