"""Every mutator by name, and :func:`mutate`, which replays one from a seed.

The order of :data:`MUTATORS` is part of every seed: :func:`chain` draws from it, so a name added
anywhere but the end changes what ``chain:<seed>`` makes (``CHECK_SAMPLES``, and replays printed by
earlier runs). Add new mutators just before ``chain``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tools.fuzz.attacks import (
    aliases,
    bom,
    control_chars,
    deep_nesting,
    flip_bytes,
    huge_line,
    invalid_utf8,
    laughs,
    nul_bytes,
    truncate,
    unicode_spice,
    unsafe_tag,
)
from tools.fuzz.edits import (
    collection_to_scalar,
    delete_lines,
    documents,
    duplicate_lines,
    keys,
    line_endings,
    list_item_to_scalar,
    numbers,
    reindent,
    scalar_to_collection,
    special_values,
    structural_swap,
    swap_lines,
    syntax_noise,
    tabs,
)

Mutator = Callable[[bytes, random.Random], bytes]


def chain(data: bytes, rng: random.Random) -> bytes:
    """Two to four of the simple mutators, one after the other."""
    simple = [m for name, m in MUTATORS.items() if name not in ("chain", "huge_line", "deep_nesting")]
    for _ in range(rng.randint(2, 4)):
        data = rng.choice(simple)(data, rng)
    return data


MUTATORS: dict[str, Mutator] = {fn.__name__: fn for fn in (
    delete_lines, duplicate_lines, swap_lines, reindent, scalar_to_collection, collection_to_scalar,
    list_item_to_scalar, structural_swap, flip_bytes, truncate, unsafe_tag, deep_nesting, laughs, aliases, tabs, bom,
    nul_bytes, control_chars, invalid_utf8, huge_line, line_endings, unicode_spice, numbers, keys, documents,
    syntax_noise, special_values, chain,
)}


def mutate(data: bytes, name: str, seed: int) -> bytes:
    """Apply the mutator *name* with its own ``random.Random(seed)``: the same arguments, the same bytes."""
    return MUTATORS[name](data, random.Random(seed))
