"""Records: classes of named fields, as ``@dataclass`` makes them, without its start-up cost.

Python 3.11's ``dataclasses`` compiles every method it writes from source (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``): 1.2-3 ms a class. The 20 classes the window
process needs before its first frame cost it 24-35 ms of a ~430 ms start (docs/performance.md). A record
gets the same methods as shared functions that read the class's list of fields, so making a class costs
next to nothing. It does the part of dataclasses the kiosk uses, the same way: fields in annotation
order, defaults and ``field(default_factory=..., compare=False, repr=False)``, ``frozen``, equality and
hashing over the compared fields, ``order``, ``__post_init__``, :func:`replace`, pickling and copying.
Type checkers treat a record as a dataclass (PEP 681, ``dataclass_transform``).

What the first frame imports uses records; the tools (monkey, fuzz, render, the staff guide) keep
``dataclasses``. The first-frame import test in tests/test_architecture.py holds the line.
"""

from __future__ import annotations

import inspect
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
C = TypeVar("C", bound=type)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenRecordError(AttributeError):
    """A field of a frozen record was set or deleted (``dataclasses.FrozenInstanceError``'s twin)."""


class Field:
    __slots__ = ("compare", "default", "default_factory", "name", "repr")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING, *, compare: bool = True,
                 repr: bool = True) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.default_factory is MISSING


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | None = None, compare: bool = True,
          repr: bool = True) -> Any:
    """A field with a default made fresh for each record, or one left out of equality or repr."""
    if default is not MISSING and default_factory is not None:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, MISSING if default_factory is None else default_factory, compare=compare, repr=repr)


@dataclass_transform(field_specifiers=(field,))
def record(cls: C | None = None, /, *, frozen: bool = False, order: bool = False) -> Any:
    """``@record`` or ``@record(frozen=True, order=True)`` on a class with annotated fields."""

    def wrap(cls: C) -> C:
        return _make(cls, frozen=frozen, order=order)

    return wrap if cls is None else wrap(cls)


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record or record class, in order."""
    cls = obj if isinstance(obj, type) else type(obj)
    return cls.__record_fields__  # type: ignore[no-any-return]


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of *obj* with some fields changed, through ``__init__`` (and ``__post_init__``) again."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(obj)(**values)  # type: ignore[no-any-return]


def _make(cls: C, *, frozen: bool, order: bool) -> C:
    inherited: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in getattr(base, "__record_fields__", ()):
            inherited[f.name] = f
    own = inspect.get_annotations(cls)  # this class's own, as written (strings here)
    for name in own:
        value = cls.__dict__.get(name, MISSING)
        f = value if isinstance(value, Field) else Field(value)
        f.name = name
        if type(f.default) in (list, dict, set):
            raise ValueError(f"mutable default {type(f.default).__name__} for field {name} is not allowed: "
                             "use default_factory")
        if f.default is MISSING:
            if name in cls.__dict__:
                delattr(cls, name)
        else:
            setattr(cls, name, f.default)
        inherited[name] = f
    all_fields = tuple(inherited.values())
    seen_default = ""
    for f in all_fields:
        if f.required and seen_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument {seen_default!r}")
        if not f.required:
            seen_default = f.name
    cls.__record_fields__ = all_fields  # type: ignore[attr-defined]
    cls.__record_compared__ = tuple(f.name for f in all_fields if f.compare)  # type: ignore[attr-defined]
    methods: dict[str, Any] = {"__init__": _init, "__repr__": _repr, "__eq__": _eq,
                               "__hash__": _hash if frozen else None}
    if frozen:
        methods |= {"__setattr__": _frozen_setattr, "__delattr__": _frozen_delattr}
    if order:
        methods |= _ORDER
    for name, method in methods.items():
        if name not in cls.__dict__:  # a method the class writes itself stays, as with dataclasses
            setattr(cls, name, method)
    return cls


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    all_fields: tuple[Field, ...] = cls.__record_fields__
    if len(args) > len(all_fields):
        raise TypeError(f"{cls.__name__}() takes {len(all_fields)} positional arguments but {len(args)} were given")
    put = object.__setattr__
    for f, value in zip(all_fields, args, strict=False):
        if f.name in kwargs:
            raise TypeError(f"{cls.__name__}() got multiple values for argument {f.name!r}")
        put(self, f.name, value)
    for f in all_fields[len(args):]:
        if f.name in kwargs:
            value = kwargs.pop(f.name)
        elif f.default is not MISSING:
            value = f.default
        elif f.default_factory is not MISSING:
            value = f.default_factory()
        else:
            raise TypeError(f"{cls.__name__}() missing required argument: {f.name!r}")
        put(self, f.name, value)
    if kwargs:
        raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {next(iter(kwargs))!r}")
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


def _key(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in type(self).__record_compared__)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in type(self).__record_fields__ if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: Any) -> int:
    return hash(_key(self))


def _ordering(op: Callable[[Any, Any], bool]) -> Callable[[Any, object], bool]:
    def compare(self: Any, other: object) -> bool:
        return op(_key(self), _key(other)) if other.__class__ is self.__class__ else NotImplemented

    return compare


_ORDER = {name: _ordering(op) for name, op in (("__lt__", operator.lt), ("__le__", operator.le),
                                                ("__gt__", operator.gt), ("__ge__", operator.ge))}


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")
