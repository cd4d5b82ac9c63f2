"""Copy groups and their origins from verified relations.

Groups are the connected components of verified relations, but not careless: each group's origin
(earliest publication; unknown dates last; ties -> the fullest text, then the smaller id) must
itself relate to every member. Members that do not are taken out and grouped again among
themselves, so a chain of versions drifting into unrelated text never joins two unrelated reports.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .verify import EXACT, KIND_NAMES, NONE

UNKNOWN_DATE = np.iinfo(np.int64).max

# relate(members, origins) -> (kind codes, jaccard, containment), one per pair of representatives.
Relate = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Two or more articles that are one report (CONTRACT `storyfold copies`)."""

    origin: str
    members: tuple[str, ...]  # the origin first, then by publication and id
    kind: str  # the loosest relation of a member to the origin: exact < near < contained < version
    similarity: float  # the lowest Jaccard of a member to the origin

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "members": list(self.members), "kind": self.kind,
                "similarity": round(self.similarity, 4)}


@dataclass(frozen=True, slots=True)
class CopyLink:
    """How one article relates to the origin of its group."""

    id: str
    copy_of: str
    kind: str
    jaccard: float
    containment: float


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component label (its smallest node) of each of n nodes, vectorised union-find."""
    parent = np.arange(n, dtype=np.int64)
    if len(a) == 0:
        return parent
    while True:
        pa, pb = parent[a], parent[b]
        differ = pa != pb
        if not differ.any():
            return parent
        np.minimum.at(parent, np.maximum(pa, pb)[differ], np.minimum(pa, pb)[differ])
        while True:  # pointer jumping until every node points at its root
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def _origin(docs: list[int], ids: Sequence[str], pub: np.ndarray, words: np.ndarray) -> int:
    """Earliest published; unknown dates last; then the fullest text; then the smallest id."""
    return min(docs, key=lambda d: (int(pub[d]), -int(words[d]), ids[d]))


def assemble(ids: Sequence[str], rep: np.ndarray, pub: np.ndarray, words: np.ndarray,
             edge_a: np.ndarray, edge_b: np.ndarray, relate: Relate
             ) -> tuple[list[CopyGroup], list[CopyLink]]:
    """Groups and links from related representative pairs (kind > none) and exact duplicates."""
    n = len(rep)
    members = _exact_members(rep)
    active = set(members)
    active.update(edge_a.tolist())
    active.update(edge_b.tolist())
    ea, eb = edge_a, edge_b
    groups: list[CopyGroup] = []
    links: list[CopyLink] = []
    while active:
        labels = components(n, ea, eb)
        by_label: dict[int, list[int]] = {}
        for r in sorted(active):
            by_label.setdefault(int(labels[r]), []).append(r)
        plans = []
        ask_member, ask_origin = [], []
        for reps in by_label.values():
            origin = _origin([d for r in reps for d in members.get(r, (r,))], ids, pub, words)
            others = [r for r in reps if r != rep[origin]]
            plans.append((origin, others))
            ask_member.extend(others)
            ask_origin.extend([int(rep[origin])] * len(others))
        kinds, jac, con = relate(np.array(ask_member, dtype=np.int64),
                                 np.array(ask_origin, dtype=np.int64))
        residual: set[int] = set()
        at = 0
        for origin, others in plans:
            verdict = {}
            for r in others:
                if kinds[at] != NONE:
                    verdict[r] = (int(kinds[at]), float(jac[at]), float(con[at]))
                else:
                    residual.add(r)
                at += 1
            _emit(origin, verdict, members, ids, pub, rep, groups, links)
        left = np.zeros(n, dtype=bool)
        left[list(residual)] = True
        keep = left[ea] & left[eb]  # relations among the members taken out, to group them again
        ea, eb = ea[keep], eb[keep]
        active = {r for r in residual if r in members}
        active.update(ea.tolist())
        active.update(eb.tolist())
    groups.sort(key=lambda g: (g.origin,))
    links.sort(key=lambda link: link.id)
    return groups, links


def _exact_members(rep: np.ndarray) -> dict[int, list[int]]:
    """Docs of each representative that has exact copies (others are alone: not listed)."""
    counts = np.bincount(rep, minlength=len(rep))
    shared = np.flatnonzero(counts[rep] > 1)
    members: dict[int, list[int]] = {}
    for doc, r in zip(shared.tolist(), rep[shared].tolist()):
        members.setdefault(r, []).append(doc)
    return members


def _emit(origin: int, verdict: dict[int, tuple[int, float, float]], members: dict[int, list[int]],
          ids: Sequence[str], pub: np.ndarray, rep: np.ndarray, groups: list[CopyGroup],
          links: list[CopyLink]) -> None:
    """Append the group of `origin` (if it has another member) and one link per member."""
    own = int(rep[origin])
    relation = {d: (EXACT, 1.0, 1.0) for d in members.get(own, (own,)) if d != origin}
    for r, found in verdict.items():
        for d in members.get(r, (r,)):
            relation[d] = found
    if not relation:
        return
    ordered = sorted(relation, key=lambda d: (int(pub[d]), ids[d]))
    loosest = max(code for code, _, _ in relation.values())
    lowest = min(j for _, j, _ in relation.values())
    groups.append(CopyGroup(ids[origin], (ids[origin], *(ids[d] for d in ordered)),
                            KIND_NAMES[loosest], lowest))
    for d in ordered:
        code, j, c = relation[d]
        links.append(CopyLink(ids[d], ids[origin], KIND_NAMES[code], j, c))
