"""kiosk.core.record: what the kiosk relied on dataclasses for, the same way, without compiling methods."""

from __future__ import annotations

import copy
import pickle

import pytest

from kiosk.content.errors import Mark as Place  # a frozen, ordered record of the kiosk's own
from kiosk.core.record import FrozenRecordError, field, fields, record, replace


@record(frozen=True)
class Note:
    """A note with a place that rides along outside equality."""

    text: str
    tags: tuple[str, ...] = ()
    place: Place = field(default=Place(), compare=False)
    extra: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@record
class Counter:
    name: str
    seen: list[str] = field(default_factory=lambda: ["start"])
    total: int = 0

    def __post_init__(self) -> None:
        self.total = len(self.seen)


def test_fields_come_in_order_with_defaults_and_fresh_factories() -> None:
    a, b = Note("hi"), Note(text="hi", tags=("x",))
    assert (a.text, a.tags, a.place, a.extra) == ("hi", (), Place(1, 1), {})
    assert b.tags == ("x",)
    assert a.extra is not Note("hi").extra, "each record gets its own"
    assert [f.name for f in fields(Note)] == ["text", "tags", "place", "extra"] == [f.name for f in fields(a)]
    assert Note.tags == (), "a default stays on the class, as with dataclasses"


def test_the_constructor_refuses_what_dataclasses_refuses() -> None:
    with pytest.raises(TypeError, match="missing required argument: 'text'"):
        Note()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        Note("hi", colour=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes 4 positional arguments but 5"):
        Note("a", (), Place(), {}, 5)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values for argument 'text'"):
        Note("a", text="b")  # type: ignore[misc]


def test_equality_and_hash_skip_fields_left_out_of_comparison() -> None:
    here, there = Note("hi", place=Place(3, 4)), Note("hi", place=Place(9, 9), extra={"n": 1})
    assert here == there and hash(here) == hash(there)
    assert here != Note("ho") and Note("hi") != ("hi",), "another class, or a tuple, is never equal"
    assert len({here, there, Note("ho")}) == 2


def test_frozen_records_cannot_change_and_order_sorts_by_fields() -> None:
    note = Note("hi")
    with pytest.raises(FrozenRecordError):
        note.text = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del note.text  # type: ignore[misc]
    assert sorted([Place(2, 1), Place(1, 9), Place(1, 2)]) == [Place(1, 2), Place(1, 9), Place(2, 1)]
    assert Place(1, 2) < Place(2, 1) <= Place(2, 1) and Place(3, 1) > Place(2, 9) >= Place(2, 9)


def test_a_plain_record_changes_and_is_not_hashable_and_post_init_runs() -> None:
    counter = Counter("taps")
    assert counter.total == 1
    counter.seen.append("tap")
    counter.total = 2
    assert counter == Counter("taps", ["start", "tap"], 2)
    with pytest.raises(TypeError):
        hash(counter)


def test_repr_shows_what_dataclasses_shows() -> None:
    assert repr(Note("hi", place=Place(2, 3))) == "Note(text='hi', tags=(), place=Mark(line=2, column=3))"


def test_replace_pickle_and_copy_keep_every_field() -> None:
    note = Note("hi", ("a",), Place(2, 3), {"n": 1})
    changed = replace(note, text="ho")
    assert (changed.text, changed.tags, changed.place, changed.extra) == ("ho", ("a",), Place(2, 3), {"n": 1})
    with pytest.raises(TypeError, match="no field 'colour'"):
        replace(note, colour=1)
    for twin in (pickle.loads(pickle.dumps(note)), copy.copy(note), copy.deepcopy(note)):
        assert twin == note and twin.place == Place(2, 3) and twin.extra == {"n": 1}
        with pytest.raises(FrozenRecordError):
            twin.text = "x"  # type: ignore[misc]


def test_mistakes_in_a_record_class_are_caught_where_it_is_written() -> None:
    with pytest.raises(ValueError, match="mutable default list"):
        @record
        class Bad:
            items: list[int] = []  # noqa: RUF012 - the mistake under test

    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument 'a'"):
        @record
        class Worse:
            a: int = 1
            b: int


def test_a_record_class_is_made_without_compiling_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the module: dataclasses compiles ~6 methods a class from source (1.2-3 ms a class)."""
    import builtins

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled code at class creation")

    monkeypatch.setattr(builtins, "exec", no_compiling)
    monkeypatch.setattr(builtins, "compile", no_compiling)

    @record(frozen=True)
    class Quick:
        a: int
        b: str = "b"

    assert Quick(1) == Quick(1, "b")
