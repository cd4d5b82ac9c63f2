"""Indirect speech ("Starmer said Europe would step in"): the clause a reporting verb governs.

Only the core verbs of saying count (said, told, warned, insisted, …): "called X Y" names and
"thought" is not speech. A clause holding quotation marks is already a partial quote.
"""
from __future__ import annotations

from .cues import _forms

_SAYING = frozenset(f for v in ("say", "tell", "add", "warn", "insist", "claim", "argue", "announce", "state",
                                "explain", "note", "suggest", "predict", "promise", "confirm", "deny", "report",
                                "reveal", "acknowledge", "admit", "assert", "concede", "stress", "maintain",
                                "reiterate", "write", "tweet", "post", "declare", "allege", "agree")
                    for f in _forms(v))
# Clauses shorter than this are not a report of what was said ("he said so").
MIN_WORDS = 3


def indirect_clauses(doc, inside: list[int]) -> list[tuple[object, int, int]]:
    """(cue token, clause start token, clause end token) for each reported clause without quotes."""
    found = []
    for token in doc:
        if token.lower_ not in _SAYING or token.pos_ not in ("VERB", "AUX") or inside[token.i] >= 0:
            continue
        for clause in token.children:
            if clause.dep_ != "ccomp" or clause.i < token.i:
                continue
            start, end = clause.left_edge.i, clause.right_edge.i + 1
            while start < end and (doc[start].dep_ == "mark" or doc[start].is_punct):
                start += 1  # "that"
            while end > start and doc[end - 1].is_punct:
                end -= 1
            if end - start < MIN_WORDS or any(inside[i] >= 0 for i in range(start, end)):
                continue
            found.append((token, start, end))
    return found
