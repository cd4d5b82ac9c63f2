"""Checks shared by the settings objects: every field in its range, or a UsageError naming it.

Each settings dataclass lists its fields by kind in `__post_init__`; the message says which
field, what it must be, and the default as an example.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from typing import Any, TypeVar

from .errors import UsageError

T = TypeVar("T")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_fields(settings: Any, what: str, *, fractions: Iterable[str] = (),
                 positive_fractions: Iterable[str] = (), non_negative: Iterable[str] = (),
                 whole: Iterable[str] = (), counts: Iterable[str] = (), flags: Iterable[str] = ()) -> None:
    """Raise UsageError for the first field outside its kind's range.

    fractions: numbers in [0, 1]; positive_fractions: in (0, 1]; non_negative: numbers >= 0;
    whole: whole numbers >= 1; counts: whole numbers >= 0; flags: true or false. `what` names the settings ("copy", "story").
    """
    rules = [(fractions, lambda v: _number(v) and 0.0 <= v <= 1.0, "a number in [0, 1]"),
             (positive_fractions, lambda v: _number(v) and 0.0 < v <= 1.0, "a number in (0, 1]"),
             (non_negative, lambda v: _number(v) and v >= 0, "a number >= 0"),
             (whole, lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
              "a whole number >= 1"),
             (counts, lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
              "a whole number >= 0"),
             (flags, lambda v: isinstance(v, bool), "true or false")]
    for names, valid, must in rules:
        for name in names:
            value = getattr(settings, name)
            if not valid(value):
                raise UsageError(f"{what} setting {name} must be {must}, got {value!r}",
                                 hint=f"e.g. {name}={getattr(type(settings), name)!r}")


def changed(settings: T, what: str, changes: dict[str, Any]) -> T:
    """A copy of `settings` with some fields changed; unknown names raise with the valid ones."""
    known = {f.name for f in fields(settings)}  # type: ignore[arg-type]
    unknown = sorted(set(changes) - known)
    if unknown:
        raise UsageError(f"unknown {what} setting(s) {', '.join(unknown)}",
                         hint=f"valid: {', '.join(sorted(known))}")
    return replace(settings, **changes)  # type: ignore[type-var]
