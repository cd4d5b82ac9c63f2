"""Who said a quoted span: the cue verb next to or above it in the parse, and that verb's subject.

Tried in the order news writes attribution, stopping at the first cue found:
  0. a colon right before the quote:  X told ABC: “…” / Republican pollster Daron Shaw: “…”
  1. after the closing mark, within a few words:  “…,” X said / “…,” said X, a …
  2. before the opening mark, ending in ',' or the cue:  X said, “…”
  3. up the dependency tree from the quote:  she said Ukraine must become “a steel porcupine”
  4. anywhere else in the quote's sentence outside quotation marks.
A reported report takes the outer reporter ("Lynch said she recalled thinking, “…”" -> Lynch).
What no cue reaches is handled in extract.py: a speaker written beside the quote ("― Name",
"WALLACE:"), the sentence or paragraph before, the quote beside it; failing all, a few words are a
name, a title or a scare quote (a “coalition of the willing”) and are skipped, since words nobody
is said to have said are not speech.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..entities.mentions import name_spans
from .cues import CUE_FORMS, NOUN_CUES, WEAK_CUE_FORMS

# Tokens of the after-frame in which a cue still belongs to the quote before it.
_AFTER_WINDOW = 10
_BEFORE_WINDOW = 40
_SENTENCE_END = {".", "!", "?"}
# Quoted phrases this short with no cue are names, titles or scare quotes, not speech.
MAX_SCARE_WORDS = 5
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# A cue with no subject of its own borrows its head's ("…, saying “…”", "urged X to …").
_CLIMB_DEPS = {"advcl", "xcomp", "conj", "acl", "pcomp", "ccomp", "prep", "dep", "npadvmod", "parataxis"}
_SPEAKER_LEFT_DEPS = {"det", "amod", "compound", "nummod", "poss", "nmod", "case", "quantmod", "advmod"}
_SPEAKER_RIGHT_PREPS = {"of", "for", "at", "from", "in"}


# Passive participles whose subject hears or is named by the words rather than saying them.
_ADDRESSEE_PASSIVES = {"asked", "told", "called", "labeled", "labelled", "dubbed", "branded", "described",
                       "accused", "urged", "warned", "informed", "assured", "thanked", "criticized",
                       "criticised", "praised", "mocked", "slammed", "blasted", "questioned", "challenged",
                       "lectured", "scolded", "attacked", "insulted", "ridiculed", "compared", "likened",
                       "dismissed", "denounced", "condemned", "hailed", "lauded", "derided", "decried",
                       "portrayed", "characterized", "characterised", "depicted", "charged"}


@dataclass(slots=True)
class Attribution:
    """A cue and its speaker for one quote, as token indices into the paragraph's Doc."""

    cue: object | None  # spacy Token
    speaker_start: int | None  # token index
    speaker_end: int | None
    how: str  # which rule found it: "before" | "after" | "tree" | "sentence" | "colon" | "previous" | … | "none"


def is_weak_cue(token) -> bool:
    """"continued" reports speech only right beside a quote ("She continued, “…”")."""
    return token.lower_ in WEAK_CUE_FORMS and token.pos_ in ("VERB", "AUX")


def _phrasal_cue(token) -> bool:
    """"went on about “…”", "lashed out at": verbs that report speech with their particle."""
    return token.pos_ == "VERB" and token.lower_ in _PHRASAL_CUES and any(
        c.dep_ == "prt" and c.lower_ == _PHRASAL_CUES[token.lower_] for c in token.children)


_PHRASAL_CUES = {"go": "on", "goes": "on", "went": "on", "going": "on", "lash": "out", "lashed": "out",
                 "lashes": "out", "lashing": "out", "point": "out", "points": "out", "pointed": "out",
                 "pointing": "out", "spell": "out", "spelled": "out", "weigh": "in", "weighed": "in",
                 "chime": "in", "chimed": "in", "speak": "out", "spoke": "out", "speaks": "out"}


def is_cue(token) -> bool:
    if token.lower_ == "according":
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is not None and nxt.lower_ == "to"
    return (token.lower_ in CUE_FORMS and token.pos_ in ("VERB", "AUX")) or _phrasal_cue(token)


def attribute(doc, inside: list[int], quote_id: int, first: int, last: int,
              closes_sentence: bool = False) -> Attribution:
    """Find the cue and speaker for the quote whose tokens (marks included) are first..last.

    `closes_sentence`: the quote ends with a full stop inside its marks, so what follows it is
    the next sentence, never its attribution.
    """
    found = _find(doc, inside, quote_id, first, last, closes_sentence)
    if found.cue is not None and found.how in ("tree", "sentence", "before"):
        outer = _outermost(found.cue, inside)
        if outer is not found.cue:  # "Lynch said she recalled thinking, “…”": Lynch's account
            speaker = _speaker(outer, inside)
            if speaker is not None:
                return _make(outer, speaker, found.how)
    return found


def _subject_and_cue_follow(doc, start: int) -> bool:
    """'Trump said.' / 'he added.' / 'said Trump.' right after a quote that ended its sentence."""
    window = [t for t in doc[start:start + 10] if not t.is_space]
    for position, token in enumerate(window[:4]):
        if is_cue(token) and token.tag_ in ("VBD", "VBZ", "VBP"):
            before = window[:position]
            rest = window[position + 1:position + 5]
            # the sentence must end right there: “….” He says referees … is a new sentence's report
            ends = next((k for k, t in enumerate(rest) if t.text in _SENTENCE_END), None)
            return (all(t.pos_ in ("PROPN", "PRON", "DET", "NOUN", "ADJ") for t in before) and len(before) <= 3
                    and ends is not None and not any(t.pos_ == "VERB" for t in rest[:ends]))
        if token.pos_ not in ("PROPN", "PRON", "DET", "NOUN", "ADJ"):
            return False
    return False


def _colon_subject(colon, inside: list[int]) -> tuple[int, int] | None:
    """The speaker of a clause ending in a colon with no reporting verb: its subject, or the name
    right before the colon."""
    doc = colon.doc
    before = doc[colon.i - 1] if colon.i > 0 else None
    if before is not None and before.pos_ == "PROPN" and inside[before.i] < 0:
        return _phrase(before, inside)
    # the clause the colon ends ("She got upset, so I had to change my answer: “…”" -> I), then
    # the clause the parser hung the colon on
    starts = [colon.head]
    if before is not None:
        verb = before
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        starts.insert(0, verb)
    for verb in starts:
        for _ in range(3):
            for child in verb.children:
                if child.dep_ == "nsubj" and inside[child.i] < 0 and child.i < colon.i and (
                        child.pos_ == "PROPN" or child.lower_ in ("he", "she", "i", "we")
                        or child.ent_type_ in ("PERSON", "ORG")):
                    return _phrase(child, inside)
            if verb.head.i == verb.i:
                break
            verb = verb.head
    return None


def _outermost(cue, inside: list[int]):
    """The reporting verb a reported report hangs from ("X said she recalled thinking, “…”" ->
    said): climbing the clauses that are what the outer verb reports, through verbs of thinking
    or remembering that are no cue themselves."""
    outer, token, steps = cue, cue, 0
    while steps < 3 and inside[token.head.i] < 0 and token.head.i != token.i and (
            token.dep_ in ("ccomp", "xcomp") or (token.dep_ == "dobj" and token.tag_ == "VBG")):
        token, steps = token.head, steps + 1
        if is_cue(token):
            outer = token
    return outer


def _find(doc, inside: list[int], quote_id: int, first: int, last: int, closes_sentence: bool) -> Attribution:
    # The statement said: “…,” the union wrote -- a quote closing on a comma hands over to the
    # attribution after it, which names the speaker more surely than the clause before the colon
    if any(first < k < last and doc[k].text == "," and inside[k] == quote_id for k in (last - 1, last - 2)):
        found = _find_rules(doc, inside, quote_id, first, last, closes_sentence, colon_first=False)
        if found.cue is not None and found.how == "after":
            return found
    return _find_rules(doc, inside, quote_id, first, last, closes_sentence)


def _find_rules(doc, inside: list[int], quote_id: int, first: int, last: int, closes_sentence: bool,
                colon_first: bool = True) -> Attribution:
    n = len(doc)
    # 0. X told ABC: “…” -- a colon right before the quote is the surest sign
    colon = first - 1
    while colon >= 0 and doc[colon].is_space:
        colon -= 1
    if colon_first and colon > 0 and doc[colon].text == ":" and inside[colon] < 0:
        for i in range(colon - 1, max(colon - _BEFORE_WINDOW, -1), -1):
            token = doc[i]
            if inside[i] >= 0 or token.text in _SENTENCE_END:
                break
            if is_cue(token) or is_weak_cue(token):
                speaker = _speaker(token, inside)
                if speaker is not None:
                    return _make(token, speaker, "before")
                break
        # no reporting verb: "Republican pollster Daron Shaw: “…”", "She then addressed them: “…”"
        speaker = _colon_subject(doc[colon], inside)
        if speaker is not None:
            return _make(doc[colon].sent.root, speaker, "colon")
    # 1. right after the closing mark
    after: list = []
    i = last + 1
    if closes_sentence and not _subject_and_cue_follow(doc, last + 1):
        n = 0  # “… missing.” Trump said. is still this quote's; “… missing.” The next sentence is not
    while i < n and len(after) < 25:
        token = doc[i]
        if inside[i] >= 0 or (token.text in _SENTENCE_END):
            break
        after.append(token)
        i += 1
    for position, token in enumerate(after[:_AFTER_WINDOW]):
        if (token.pos_ == "CCONJ" and token.head.pos_ in ("VERB", "AUX")) or token.pos_ == "SCONJ" \
                or (token.pos_ == "VERB" and not is_cue(token) and not is_weak_cue(token)):
            break  # “…” in response, and he urged …: another clause, not this quote's attribution
        between = [t for t in after[:position] if not t.is_punct]
        if token.tag_ == "VBG" and between:
            continue  # “unhinged” a Donald Trump tweet attacking …: a participle there modifies a noun
        if (is_cue(token) or (position < 3 and is_weak_cue(token))):
            # “…,” said X: the speaker follows the verb only when a finite verb comes first
            found = _speaker(token, inside, inverted=not between and token.tag_ in ("VBD", "VBZ", "VBP"))
            if between and token.lower_ != "according" and (
                    found is None or not between[0].i <= found[0] <= between[-1].i):
                # “…,” Flynn, a top Trump surrogate, said Thursday: the words between name the speaker
                first_noun = next((t for t in between if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
                if first_noun is not None:
                    found = _phrase(first_noun, inside)
            if found is not None or token.lower_ != "according":
                return _make(token, found, "after")
    # 2. right before the opening mark
    before: list = []
    i = first - 1
    while i >= 0 and len(before) < _BEFORE_WINDOW:
        token = doc[i]
        if inside[i] >= 0 or token.text in _SENTENCE_END:
            break  # X said. “…”: the quote starts a sentence of its own
        if not token.is_space:
            before.append(token)
        i -= 1
    if before and (before[0].text in {":", ",", "—", "-"} or is_cue(before[0]) or before[0].lower_ in {"that", "to"}):
        for position, token in enumerate(before):
            weak = position < 3 and before[0].text in {":", ","} and is_weak_cue(token)
            if (is_cue(token) or weak):
                return _make(token, _speaker(token, inside), "before")
    # 3. up the tree from the quote's own tokens
    for token in doc[first:last + 1]:
        if inside[token.i] != quote_id or not (token.head.i < first or token.head.i > last):
            continue
        head, steps = token.head, 0
        while steps < 10:
            if inside[head.i] < 0 and head.pos_ == "NOUN" and head.lower_ in NOUN_CUES:
                owner = _noun_cue_owner(head, inside)
                if owner is not None:  # Trump's claim that there were “thousands of shootings”
                    return _make(head, _phrase(owner, inside), "tree")
            if inside[head.i] < 0 and is_cue(head):
                return _make(head, _speaker(head, inside), "tree")
            if head.head.i == head.i:
                break
            head, steps = head.head, steps + 1
    # 4. anywhere in the frames (a cue the parser attached elsewhere)
    for token in after + before:
        if is_cue(token):
            return _make(token, _speaker(token, inside), "sentence")
    return Attribution(None, None, None, "none")


def _noun_cue_owner(noun, inside: list[int]):
    for child in noun.children:
        if child.dep_ == "poss" and inside[child.i] < 0 and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for obj in child.children:
                if obj.dep_ == "pobj" and inside[obj.i] < 0 and obj.pos_ in ("PROPN", "NOUN"):
                    return obj
    return None


def last_cue(doc, inside: list[int]):
    """The last reporting verb of a paragraph ("Caddell continued:" before a quoted paragraph)."""
    for token in reversed(doc):
        if inside[token.i] < 0 and (is_cue(token) or is_weak_cue(token)):
            return token
    return None


def speaker_of(cue, inside: list[int], inverted: bool = False) -> tuple[int, int] | None:
    """The speaker token range of a cue (for callers outside this module); `inverted`: the
    speaker may follow the verb ("Stated Stone:")."""
    return _speaker(cue, inside, inverted=inverted)


def _make(cue, speaker: tuple[int, int] | None, how: str) -> Attribution:
    if speaker is None:
        return Attribution(cue, None, None, how)
    speaker = _named_antecedent(cue, speaker)
    return Attribution(cue, speaker[0], speaker[1], how)


# Subordinators that open a clause about a separate event (not the content of what was said).
_EVENT_MARKS = {"after", "before", "because", "when", "while", "since", "although", "though", "if", "until",
                "unless", "once", "whereas"}
_ANTECEDENT_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "group"}


def _named_antecedent(cue, speaker: tuple[int, int]) -> tuple[int, int]:
    """A pronoun speaker whose antecedent is the subject of a verb above the cue, in the same
    sentence, is reported by that antecedent's words ("Clinton says she appreciated … what she
    calls “…”" -> Clinton): the sentence itself names the source."""
    doc = cue.doc
    if speaker[1] - speaker[0] != 1 or doc[speaker[0]].lower_ not in _ANTECEDENT_PRONOUNS:
        return speaker
    kind = _ANTECEDENT_PRONOUNS[doc[speaker[0]].lower_]
    # "Williamson assails what he calls the “lie”": a free relative ("what he calls") is part of
    # the sentence's own claim, so its pronoun is the sentence's subject
    free_relative = any(c.lower_ == "what" and c.dep_ in ("dobj", "nsubj", "oprd") for c in cue.children)
    if cue.dep_ in ("conj", "ccomp", "ROOT") and not (free_relative and cue.dep_ == "ccomp"):
        return speaker  # "X said …, but he said …": a clause of its own keeps its own subject
    token, steps = cue, 0
    while token.head.i != token.i and steps < 6:
        if any(c.dep_ == "mark" and c.lower_ in _EVENT_MARKS for c in token.children):
            return speaker  # "X called her a “disgrace” after she attacked …": her act, not X's words
        token, steps = token.head, steps + 1
        for child in token.children:
            if child.dep_ != "nsubj" or child.i >= speaker[0]:
                continue
            if kind == "person" and child.pos_ == "PROPN" and child.ent_type_ not in ("NORP", "GPE", "LOC", "ORG"):
                return _phrase(child, [-1] * len(doc))
            if kind != "person" and child.pos_ in ("PROPN", "NOUN"):
                return _phrase(child, [-1] * len(doc))
            if child.pos_ != "PRON":
                return speaker
    return speaker


def _speaker(cue, inside: list[int], inverted: bool = False) -> tuple[int, int] | None:
    """The subject of the cue (or of the verb it hangs from), as a [start, end) token range.

    `inverted`: the cue follows the quote, where “…,” said X puts the speaker after the verb.
    """
    if inverted and not any(c.dep_ in _SUBJECT_DEPS for c in cue.children):
        after = _noun_after(cue, inside)
        if after is not None:
            return _phrase(after, inside)
    if cue.tag_ == "VBG" and cue.i > 0 and cue.text.islower() and not any(
            c.dep_ in _SUBJECT_DEPS for c in cue.children):
        left = cue.doc[cue.i - 1]  # footage of Hillary Clinton asking, “…”: the name is who asks
        if left.pos_ == "PROPN" and inside[left.i] < 0 and left.ent_type_ in ("PERSON", "ORG", ""):
            return _phrase(left, inside)
    verb, steps = cue, 0
    while steps < 4:
        if verb.pos_ not in ("VERB", "AUX") and verb.lower_ != "according":
            if verb.head.i == verb.i:  # "saying" hung from a noun ("thanked X for support saying …")
                break
            verb, steps = verb.head, steps + 1
            continue
        if verb.lower_ == "according":
            for child in verb.children:
                if child.lower_ == "to":
                    for obj in child.children:
                        if obj.dep_ == "pobj" and inside[obj.i] < 0:
                            return _phrase(obj, inside)
            for j in range(verb.i + 2, min(verb.i + 8, len(verb.doc))):  # the noun after "according to"
                if verb.doc[j].pos_ in ("PROPN", "NOUN", "PRON") and inside[j] < 0:
                    return _phrase(verb.doc[j], inside)
            return None
        if verb is not cue and verb.dep_ == "ccomp" and is_cue(verb.head) and inside[verb.head.i] < 0:
            verb, steps = verb.head, steps + 1  # "X insisted the EU would step up, saying …": X's words
            continue
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and inside[c.i] < 0
                    and any(ch.isalnum() for ch in c.text)]  # a dash parsed as a noun is no subject
        if verb.lower_ in _ADDRESSEE_PASSIVES:
            # "Trump was asked, “…”", "Oz has been called a “quack”": the passive subject is who
            # the words were put to or said about; the speaker is the agent, if named
            addressed = [c for c in subjects if c.dep_ == "nsubjpass"]
            subjects = [c for c in subjects if c.dep_ != "nsubjpass"]
        else:
            addressed = []
        subjects.sort(key=lambda c: (c.i > verb.i, -c.i if c.i < verb.i else c.i))  # nearest on the left first
        if subjects:
            subject = subjects[0]
            names = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN" and inside[c.i] < 0]
            if subject.pos_ == "NOUN" and names and names[0].left_edge.i == subject.i + 2:
                subject = names[0]  # "the election, Minyon Moore, …, called": the parser's subject is off
            return _phrase(subject, inside)
        agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if agents:
            return _phrase(agents[0], inside)
        if addressed:
            return None  # the words are put to someone by a speaker the sentence does not name
        # “…,” said X: the parser sometimes hangs X as an object or attribute of "said"
        if inverted and verb is cue and verb.lower_ not in ("told", "tell", "tells", "telling"):
            for child in verb.rights:
                if child.dep_ in ("dobj", "attr", "npadvmod", "appos", "dative") and inside[child.i] < 0 \
                        and child.pos_ in ("PROPN", "NOUN", "PRON"):
                    return _phrase(child, inside)
        if verb.dep_ == "acl" and verb.head.pos_ == "PROPN" and inside[verb.head.i] < 0:
            return _phrase(verb.head, inside)  # footage of Hillary Clinton asking, “…”
        if verb.dep_ == "relcl" and inside[verb.head.i] < 0:  # Mandelson, who told ABC “…”
            return _phrase(verb.head, inside)
        if verb.dep_ not in _CLIMB_DEPS or verb.head.i == verb.i:
            break
        verb, steps = verb.head, steps + 1
    if cue.tag_ == "VBG" and cue.i > 0 and cue.doc[cue.i - 1].text == ",":
        # "…,” Sanders said, going on to say that …: a participle after a comma takes the subject
        # of the clause it follows, even when the parser hangs it elsewhere
        for j in range(cue.i - 2, cue.sent.start - 1, -1):
            token = cue.doc[j]
            if inside[j] < 0 and token.dep_ == "nsubj" and token.pos_ in ("PROPN", "NOUN", "PRON") \
                    and token.lower_ not in ("who", "that", "which", "it", "this", "there"):
                return _phrase(token, inside)
    adjacent = _adjacent_name(cue, inside)
    if adjacent is None and cue.tag_ == "VBG" and cue.sent.start > 0:
        # "Adding, “…”" opening a sentence: the previous sentence's subject goes on
        previous = cue.doc[cue.sent.start - 1].sent
        for child in previous.root.children:
            if child.dep_ == "nsubj" and inside[child.i] < 0 and child.pos_ in ("PROPN", "PRON", "NOUN"):
                return _phrase(child, inside)
    return adjacent


def _noun_after(cue, inside: list[int]):
    """The noun of the phrase right after an inverted cue ("said one European official engaged …")."""
    doc = cue.doc
    for j in range(cue.i + 1, min(cue.i + 6, len(doc))):
        token = doc[j]
        if inside[j] >= 0:
            return None
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            return token if token.lower_ not in ("it", "there", "that", "this") else None
        if token.pos_ not in ("DET", "NUM", "ADJ", "ADV"):
            return None
    return None


def _adjacent_name(cue, inside: list[int]) -> tuple[int, int] | None:
    """Fallback when the parse gives no subject: a name or pronoun right next to the cue."""
    doc = cue.doc
    for offset in (-1, -2, 1, 2):  # a subject stands before its verb; object pronouns never speak
        j = cue.i + offset
        if 0 <= j < len(doc) and inside[j] < 0 and doc[j].pos_ in ("PROPN", "PRON") \
                and doc[j].lower_ not in ("it", "there", "him", "her", "them", "me", "us", "what", "which"):
            return _phrase(doc[j], inside)
    return None


def _before_parentheses(token):
    """"Sen. Elizabeth Warren (D-MA) said": a subject parsed inside the brackets is the name before."""
    doc = token.doc
    for j in range(token.i - 1, max(token.i - 5, 0) - 1, -1):
        if doc[j].text == ")":
            return token
        if doc[j].text == "(":
            return doc[j - 1] if j > 0 and doc[j - 1].pos_ == "PROPN" else token
    return token


def _phrase(head, inside: list[int]) -> tuple[int, int]:
    """The words naming the source: a name, a pronoun, or a noun with its modifiers.

    Relative clauses, appositions and post-modifiers ("an official familiar with the plans") are
    left out: they describe the source, they are not its name.
    """
    doc = head.doc
    head = _before_parentheses(head)
    spans = name_spans(doc)
    for start, end, _label in spans:
        if start <= head.i < end:
            return start, end
    if head.pos_ == "PROPN":  # "UK Prime Minister Sir Keir Starmer": the name hangs off the title
        for child in head.children:
            if child.dep_ in ("appos", "compound") and child.pos_ == "PROPN":
                for start, end, _label in spans:
                    if start <= child.i < end:
                        return start, end
    if head.pos_ == "PRON":
        return head.i, head.i + 1
    start = head.i
    for child in reversed(list(head.lefts)):  # nearest first; stop at the first gap or comma
        if child.dep_ not in _SPEAKER_LEFT_DEPS or child.right_edge.i != start - 1:
            break
        if any(inside[k] >= 0 or doc[k].text in ",;:" for k in range(child.left_edge.i, start)):
            break
        start = child.left_edge.i
    while start < head.i and doc[start].is_punct:
        start += 1
    end = head.i + 1
    if head.pos_ == "PROPN":  # multi-word names the parser chained as compounds/flat
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].head.i == head.i and doc[end].dep_ in ("compound", "flat"):
            end += 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _SPEAKER_RIGHT_PREPS and child.i == end:
            edge = child.right_edge.i + 1
            if all(inside[k] < 0 and doc[k].text not in ",;:" for k in range(child.i, edge)):
                end = edge
        break
    return start, end
