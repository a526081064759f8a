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


def set_by_name(target: QObject, **properties: str) -> None:
    """``set_by_name(label, alignment="AlignLeft|AlignVCenter")``: *target*'s Qt properties, by key.

    Raises ValueError for a property *target* does not have or a key its enum does not have, where
    Qt's own ``setProperty`` would quietly return False.
    """
    for name, keys in properties.items():
        if not target.setProperty(name, keys):
            raise ValueError(f"{type(target).__name__} has no property {name!r} that takes {keys!r}")


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
