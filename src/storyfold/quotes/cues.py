"""Verbs (and one preposition) that introduce reported speech, in every inflected form.

Matched by form rather than lemma so the lemmatizer can stay switched off (a quarter of the
pipeline's time); the list is the reporting verbs of English news.
"""
from __future__ import annotations

# base form -> forms; regular verbs get -s, -ed, -ing by the rules below
_IRREGULAR = {
    "think": ("think", "thinks", "thought", "thinking"),
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "quip": ("quip", "quips", "quipped", "quipping"),
    "deny": ("deny", "denies", "denied", "denying"),
    "reply": ("reply", "replies", "replied", "replying"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "retort": ("retort", "retorts", "retorted", "retorting"),
}
_REGULAR = (
    "add", "warn", "insist", "urge", "claim", "state", "explain", "note", "post", "declare", "argue",
    "ask", "respond", "answer", "acknowledge", "announce", "recall", "suggest", "predict",
    "promise", "vow", "pledge", "confirm", "describe", "assert", "complain", "joke", "remark",
    "observe", "comment", "conclude", "stress", "emphasize", "emphasise", "report", "reveal",
    "concede", "boast", "charge", "lament", "shout", "yell", "chant", "cry", "accuse", "caution",
    "counter", "maintain", "contend", "recount", "mention", "scoff", "snap", "tout", "muse",
    "wonder", "demand", "plead", "acknowledge", "allege", "affirm", "proclaim", "announce",
    "interject", "exclaim", "sigh", "whisper", "agree", "reiterate", "clarify", "elaborate",
    "assure", "inform", "threaten", "write", "call", "label", "dub", "brand",
)
# Verbs that characterise in someone's words ("likened the refugees to a “vicious snake”",
# "blasted the media as “unbelievably dishonest”"): attribution in news as much as "said".
_CHARACTERISING = (
    "liken", "blast", "dismiss", "hail", "condemn", "cite", "compare", "rate", "rule", "criticize",
    "criticise", "slam", "praise", "deride", "mock", "laud", "pound", "refer", "reference", "attack",
    "decry", "denounce", "characterize", "characterise", "portray", "depict", "lambast", "chide",
    "scold", "question", "challenge", "welcome", "applaud", "ridicule", "belittle", "insult",
    "thank", "lecture", "ponder",
)
# Verbs of thought and feeling that news attributes like speech ("Bolton thought the buzz was
# “artificially nourished”"); cues only for quoted words they govern.
_ATTITUDE = ("think", "believe", "anticipate", "imagine", "ponder", "expect", "hope", "fear", "regret",
             "thank", "hail", "vow", "doubt", "predict", "wish", "worry")
_NOT_VERB_FORMS = {"cry": ("cry", "cries", "cried", "crying"), "snap": ("snap", "snaps", "snapped", "snapping")}


def _forms(verb: str) -> tuple[str, ...]:
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb in _NOT_VERB_FORMS:
        return _NOT_VERB_FORMS[verb]
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb in ("blast", "pound", "attack", "mock", "question", "welcome", "insult", "slam", "fear", "doubt",
                "thank", "wish", "expect", "ponder"):
        doubled = verb + verb[-1] if verb == "slam" else verb
        return verb, verb + "s", doubled + "ed", doubled + "ing"
    if verb.endswith("e"):
        return verb, verb + "s", verb + "d", verb[:-1] + "ing"
    if verb.endswith(("s", "sh", "ch", "x")):
        return verb, verb + "es", verb + "ed", verb + "ing"
    return verb, verb + "s", verb + "ed", verb + "ing"


CUE_FORMS: frozenset[str] = frozenset(f for v in (*_IRREGULAR, *_REGULAR, *_CHARACTERISING)
                                      for f in _forms(v))
# Nouns that carry someone's words ("Trump's claim that there were “thousands of shootings”"):
# the possessor (or the "by" agent) is the speaker.
NOUN_CUES: frozenset[str] = frozenset({
    "claim", "claims", "statement", "statements", "remark", "remarks", "comment", "comments", "words",
    "assertion", "accusation", "warning", "promise", "pledge", "tweet", "tweets", "message", "speech",
    "description", "characterization", "charge", "argument", "insistence", "call", "plea", "vow",
})
# Pronouns a speaker can be, and the ones that name a person of known gender.
PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
OTHER_PRONOUNS = frozenset({"i", "we", "they", "it", "you", "who", "this", "that"})
# Verbs that report speech only when they stand right beside the quote.
WEAK_CUE_FORMS: frozenset[str] = frozenset(("continue", "continues", "continued", "continuing", "read", "reads",
                                            "go", "goes", "went"))
