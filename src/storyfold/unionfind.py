"""Union-find over a parent table: the one way the stages group things joined by pairwise links
(a story's figures, its quotes, its aligned claims and its disputes).

`parent` maps each item to its parent (a list over 0..n-1, or a dict); a root is its own parent.
Callers link two roots themselves (`parent[b] = a`), since each stage decides which root stays.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, MutableMapping, MutableSequence
from typing import Any, TypeVar

Item = TypeVar("Item", bound=Hashable)


def root(parent: MutableSequence[Any] | MutableMapping[Any, Any], item: Item) -> Item:
    """The root of `item`, halving the path on the way (later finds are shorter)."""
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def components(parent: MutableSequence[Any] | MutableMapping[Any, Any], items: Iterable[Item]
               ) -> dict[Item, list[Item]]:
    """`items` grouped by root: each group in the order of `items`, groups by their first member."""
    groups: dict[Item, list[Item]] = {}
    for item in items:
        groups.setdefault(root(parent, item), []).append(item)
    return groups
