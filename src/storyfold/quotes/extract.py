"""Articles -> quotes with their speakers.

Stages: find quoted spans on the raw text -> parse only the paragraphs holding them (one nlp.pipe
over the whole batch) -> attribute each quote -> parse a few paragraphs before any pronoun speaker
-> resolve pronouns to the nearest compatible named person -> records.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..entities.names import clean_name, surname, title_gender
from ..entities.nlp import ParseCache, load_pipeline, parse
from ..errors import UsageError
from ..model import Article
from ..settings import DEFAULT_SETTINGS, Settings
from ..entities.mentions import name_spans, paragraph_mentions
from .attribution import MAX_SCARE_WORDS, Attribution, _phrase, attribute, is_cue, last_cue, speaker_of
from .cues import PERSON_PRONOUNS
from .indirect import indirect_clauses
from .marks import QuotedSpan, Segment, find_quoted
from .model import Quote

ArticleText = tuple[str, str]  # (article id, text)
# How many paragraphs back a pronoun's antecedent is looked for.
_PRONOUN_LOOKBACK = 3
_NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")
# Articles parsed together: enough to fill nlp.pipe's batches, few enough that their parsed
# paragraphs stay small in memory however long the input list is.
_BATCH_ARTICLES = 256
# Photo credits mark a paragraph as a picture caption.
_CAPTION = re.compile(r"©|\bPhotograph:|\bPhoto:|\(AP Photo|\bGetty Images\b|/Reuters\b|/AFP\b|/PA\b")


@dataclass(slots=True)
class _Found:
    quote: QuotedSpan
    paragraph: int
    attribution: Attribution
    doc: object  # the paragraph's spacy Doc
    first: int  # the quote's first token in doc
    speaker_chars: tuple[int, int] | None = None  # absolute offsets
    speaker_text: str | None = None
    speaker_is_pronoun: bool = False
    speaker_is_name: bool = False
    resolved: str | None = None
    cue: str | None = None
    kind: str | None = None  # set for indirect speech; quoted spans get theirs from the marks


@dataclass(slots=True)
class _Work:
    article: str
    text: str
    paragraphs: list[tuple[int, int]]
    quoted: list[QuotedSpan]
    docs: dict[int, object] = field(default_factory=dict)
    found: list[_Found] = field(default_factory=list)


def find_quotes(articles: Sequence[ArticleText] | Sequence[Article], settings: Settings = DEFAULT_SETTINGS, *,
                nlp=None, indirect: bool = False, cache: ParseCache | None = None) -> list[Quote]:
    """Every quote in the articles, in article then text order.

    `articles`: (article id, text) pairs or Article objects. Speakers are resolved within each
    article (a pronoun to the nearest compatible named person, a name to its fullest form in the
    article); `resolve_speakers` in storyfold.entities maps them to a story's canonical names.
    `indirect=True` also reports indirect speech (kind "indirect"); it parses every paragraph, so
    it is several times slower. Never raises on odd text: unbalanced marks are ignored or cut.
    """
    pairs = _pairs(articles)
    quotes: list[Quote] = []
    for start in range(0, len(pairs), _BATCH_ARTICLES):  # parsed docs are held per batch only
        quotes.extend(_find_in_batch(pairs[start:start + _BATCH_ARTICLES], settings, nlp, indirect, cache))
    return quotes


def _find_in_batch(pairs: list[tuple[str, str]], settings: Settings, nlp, indirect: bool,
                   cache: ParseCache | None = None) -> list[Quote]:
    works = [_Work(article, text, *find_quoted(text)) for article, text in pairs]
    wanted = [(w, p) for w in works
              for p in (range(len(w.paragraphs)) if indirect else _paragraphs_to_parse(w))]
    if wanted:
        nlp = nlp or load_pipeline(settings.spacy_model)
        _parse_into(nlp, wanted, cache)
    for work in works:
        _attribute_article(work)
        if indirect:
            _add_indirect(work)
    extra = [(w, p) for w in works for p in _antecedent_paragraphs(w)]
    if extra:
        _parse_into(nlp, extra, cache)
    quotes: list[Quote] = []
    for work in works:
        _resolve_article(work)
        quotes.extend(_records(work))
    return quotes


def _pairs(articles) -> list[tuple[str, str]]:
    if isinstance(articles, (str, bytes)):
        raise UsageError("articles must be a list of (article id, text) pairs or Article objects, not one string",
                         hint="pass [(article_id, text)]")
    pairs = []
    for item in articles:
        if isinstance(item, Article):
            pairs.append((item.id, item.text))
        elif isinstance(item, (tuple, list)) and len(item) == 2 and isinstance(item[1], (str, type(None))):
            pairs.append((str(item[0]), item[1] or ""))
        else:
            raise UsageError(f"cannot read quotes from {type(item).__name__!r}",
                             hint="pass (article id, text) pairs or storyfold.model.Article objects")
    return pairs


def _add_indirect(work: _Work) -> None:
    """Reported clauses of the core verbs of saying, as kind "indirect" (same speaker rules)."""
    used = {(f.paragraph, f.attribution.cue.i) for f in work.found if f.attribution.cue is not None}
    for index, doc in work.docs.items():
        inside = _inside_map(work, index, doc)
        base = work.paragraphs[index][0]
        for cue, start, end in indirect_clauses(doc, inside):
            if (index, cue.i) in used:
                continue
            s, e = base + doc[start].idx, base + doc[end - 1].idx + len(doc[end - 1])
            span = QuotedSpan((Segment(s, e, s, e, index),), closed=True, single=False)
            speaker = speaker_of(cue, inside)
            found = _Found(span, index, Attribution(cue, speaker[0] if speaker else None,
                                                    speaker[1] if speaker else None, "indirect"), doc, start)
            found.kind = "indirect"
            _fill_speaker(work, found)
            work.found.append(found)


def _paragraphs_to_parse(work: _Work) -> list[int]:
    """Paragraphs holding a quote, and the one before a paragraph that opens with a quote."""
    wanted = {s.paragraph for q in work.quoted for s in q.segments}
    for quote in work.quoted:
        index = quote.segments[0].paragraph
        if index > 0 and _opens_paragraph(work, quote):
            wanted.add(index - 1)  # "Caddell continued:" or a paragraph whose subject goes on speaking
    return sorted(wanted)


def _opens_paragraph(work: _Work, quote: QuotedSpan) -> bool:
    segment = quote.segments[0]
    return not work.text[work.paragraphs[segment.paragraph][0]:segment.outer_start].strip()


def _parse_into(nlp, wanted: list[tuple[_Work, int]], cache: ParseCache | None = None) -> None:
    texts = (w.text[slice(*w.paragraphs[p])] for w, p in wanted)
    for (work, index), doc in zip(wanted, parse(nlp, texts, cache=cache)):
        work.docs[index] = doc


def _inside_map(work: _Work, index: int, doc) -> dict[int, list[int]]:
    """Token -> quote number for every quote segment in the paragraph (-1 outside quotes)."""
    start = work.paragraphs[index][0]
    inside = [-1] * len(doc)
    for number, quote in enumerate(work.quoted):
        for segment in quote.segments:
            if segment.paragraph != index:
                continue
            lo, hi = segment.outer_start - start, segment.outer_end - start
            for token in doc:
                if lo <= token.idx < hi:
                    inside[token.i] = number
    return inside


def _attribute_article(work: _Work) -> None:
    insides = {index: _inside_map(work, index, doc) for index, doc in work.docs.items()}
    for number, quote in enumerate(work.quoted):
        words = len(work.text[quote.start:quote.end].split())
        best: _Found | None = None
        segments = quote.segments if len(quote.segments) == 1 else (quote.segments[0], quote.segments[-1])
        for segment in segments:
            doc, inside = work.docs[segment.paragraph], insides[segment.paragraph]
            tokens = [i for i, q in enumerate(inside) if q == number]
            if not tokens:
                continue
            closes = quote.closed and work.text[segment.start:segment.end].rstrip().endswith(".")
            attribution = attribute(doc, inside, number, tokens[0], tokens[-1], closes)
            found = _Found(quote, segment.paragraph, attribution, doc, tokens[0])
            if best is None or (best.attribution.cue is None and attribution.cue is not None):
                best = found
        if best is None:
            continue
        if best.attribution.cue is None:
            labelled = _labelled_speaker(work, quote)
            if labelled is not None:
                best.speaker_chars = labelled
                best.speaker_text = best.resolved = work.text[labelled[0]:labelled[1]]
                best.speaker_is_name = True
                work.found.append(best)
                continue
            _attribute_from_colon(work, best, insides)
        if best.attribution.cue is None:
            _attribute_from_previous_sentence(best, insides[best.paragraph], number)
        if _is_title(work.text[quote.start:quote.end]) and _used_as_name(best, insides[best.paragraph], number):
            continue  # on “Fox News Sunday”, a “Commander-In-Chief” forum: a name or a title, not speech
        if best.attribution.cue is None and (words <= MAX_SCARE_WORDS or quote.single):
            continue  # a name, a title or a scare quote: nobody is said to have said it
        _fill_speaker(work, best)
        work.found.append(best)
    _inherit_speakers(work)


# “…” ― Name (reader comments, vox pops) and "WALLACE: …" (transcripts): the speaker is written
# beside the words with no verb at all.
_DASH_SOURCE = re.compile(r"[ \t\u00a0]*[―—–][ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4})")
_TRANSCRIPT_LABEL = re.compile(r"\s*([A-Z][A-Z.'’ -]{1,40}[A-Z.]):\s")


def _noun_phrase(head) -> tuple[int, int]:
    return _phrase(head, [-1] * len(head.doc))


def _labelled_speaker(work: _Work, quote: QuotedSpan) -> tuple[int, int] | None:
    last = quote.segments[-1]
    dash = _DASH_SOURCE.match(work.text, last.outer_end) if quote.closed else None
    if dash is not None:
        return dash.span(1)
    label = _TRANSCRIPT_LABEL.match(work.text, quote.start)
    if label is not None:
        return label.span(1)
    return None


def _attribute_from_colon(work: _Work, found: _Found, insides: dict[int, list[int]]) -> None:
    """A quoted paragraph after "Caddell continued:" / "He said:" takes that paragraph's cue."""
    index = found.quote.segments[0].paragraph
    previous = work.docs.get(index - 1)
    if previous is None or not _opens_paragraph(work, found.quote) or not previous.text.rstrip().endswith(":"):
        return
    cue = last_cue(previous, insides[index - 1])
    if cue is None:  # "Sanders made the following comment:" - no reporting verb, its subject speaks
        cue = previous[-1].sent.root if len(previous) else None
        if cue is None or not any(c.dep_ == "nsubj" for c in cue.children):
            return
    # "Stated Stone:" / "Added the senator:" -- a verb opening its clause has its speaker after it
    opens_clause = cue.i == cue.sent.start or cue.doc[cue.i - 1].is_punct
    speaker = speaker_of(cue, insides[index - 1], inverted=opens_clause)
    found.doc, found.paragraph = previous, index - 1
    found.attribution = Attribution(cue, speaker[0] if speaker else None, speaker[1] if speaker else None, "colon")


_FUNCTION_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "at", "with", "by", "from"})
_TITLE_MAX_WORDS = 8


def _is_title(content: str) -> bool:
    """Every word capitalised (bar short function words): a name of a show, a book, a slogan."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", content)]
    if not words or len(words) > _TITLE_MAX_WORDS:
        return False
    return all(w[0].isupper() or w.lower() in _FUNCTION_WORDS for w in words) and words[0][0].isupper()


def _used_as_name(found: _Found, inside: list[int], number: int) -> bool:
    """A capitalised quote standing where a name stands: after a preposition ("on “Face the
    Nation”"), before a noun ("a “Commander-In-Chief” forum"), after a possessive ("MSNBC’s
    “Morning Joe”"), or with no reporting verb at all. "Trump called her “Miss Piggy”" stays."""
    if found.attribution.cue is None:
        return True
    roots = [t for t in found.doc if inside[t.i] == number and inside[t.head.i] != number]
    for root in roots:
        if root.dep_ == "pobj" and root.head.lower_ != "as":
            return True
        if root.dep_ in ("compound", "nmod", "amod", "nsubj", "nsubjpass", "poss"):
            return True
        if any(c.dep_ == "poss" and inside[c.i] < 0 for c in root.children):
            return True
    return False


def _attribute_from_previous_sentence(found: _Found, inside: list[int], number: int) -> None:
    """A quote opening a sentence, with no cue of its own, after a sentence in which someone speaks
    ("Schiff said. “The other factor …”", "X called him a master. “He showed …”")."""
    doc = found.doc
    first = found.first
    if first == 0 or doc[first - 1].text not in (".", "!", "?", ":") or inside[first - 1] >= 0:
        return
    sentence = doc[first - 1].sent
    # "He didn't suggest retaliation. “…”": a denied cue reports nothing
    cues = [t for t in sentence if inside[t.i] < 0 and is_cue(t) and not any(c.dep_ == "neg" for c in t.children)]
    root = sentence.root
    cue = root if root in cues else (cues[0] if cues else None)
    if cue is None and inside[root.i] < 0 and any(
            c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in root.children):
        cue = root  # "Sen. Bernie Sanders identified young voters' exhaustion … . “The younger people …”"
    if cue is None:
        return
    speaker = speaker_of(cue, inside)
    if speaker is not None:
        found.attribution = Attribution(cue, speaker[0], speaker[1], "previous")


def _fill_speaker(work: _Work, found: _Found) -> None:
    attribution, doc = found.attribution, found.doc
    base = work.paragraphs[found.paragraph][0]
    if attribution.cue is not None:
        cue = attribution.cue
        found.cue = "according to" if cue.lower_ == "according" else cue.text
    if attribution.speaker_start is None:
        return
    span = doc[attribution.speaker_start:attribution.speaker_end]
    found.speaker_chars = (base + span.start_char, base + span.end_char)
    found.speaker_text = span.text
    if len(span) == 1 and span[0].lower_ in PERSON_PRONOUNS:
        found.speaker_is_pronoun = True
    elif len(span) == 1 and span[0].lower_ in ("who", "that") and span[0].head.dep_ == "relcl":
        # Mandelson, who told ABC “…”: the speaker is written "who"; it names the noun it follows
        antecedent = doc[slice(*_noun_phrase(span[0].head.head))]
        found.speaker_is_name = antecedent.root.pos_ == "PROPN"
        found.resolved = clean_name(antecedent.text) if found.speaker_is_name else antecedent.text
    elif span.root.pos_ == "PROPN" or (span.start, span.end) in {(s, e) for s, e, _ in name_spans(doc)}:
        found.resolved = clean_name(span.text)
        found.speaker_is_name = True
    elif span[0].pos_ != "PRON":
        found.resolved = span.text  # an unnamed source, kept as written


def _inherit_speakers(work: _Work) -> None:
    """A sentence-long quote with no cue continues the speaker of the quote beside it.

    “A,” he said. “B.” -> B is his too; so is a paragraph that is only a quote, after a paragraph
    whose last quote was attributed.
    """
    for position, found in enumerate(work.found):
        if found.attribution.cue is not None or found.speaker_text is not None:
            continue  # attributed, or its speaker written beside it ("― Name", "WALLACE:")
        same = [f for f in work.found if f.paragraph == found.paragraph and f.attribution.cue is not None]
        earlier = [f for f in same if f.quote.start < found.quote.start]
        source = earlier[-1] if earlier else (same[0] if same else None)
        if source is None and position > 0:
            previous = work.found[position - 1]
            paragraph_start = work.paragraphs[found.paragraph][0]
            opens_paragraph = not work.text[paragraph_start:found.quote.segments[0].outer_start].strip()
            if opens_paragraph and previous.paragraph == found.paragraph - 1 and previous.speaker_text:
                source = previous
        if source is None and _opens_paragraph(work, found.quote):
            _inherit_from_previous_paragraph(work, found)
            continue
        if source is not None:
            found.speaker_chars, found.speaker_text = source.speaker_chars, source.speaker_text
            found.speaker_is_pronoun, found.resolved = source.speaker_is_pronoun, source.resolved
            found.speaker_is_name = source.speaker_is_name
            found.cue = source.cue


def _inherit_from_previous_paragraph(work: _Work, found: _Found) -> None:
    """A paragraph that is only a quote continues the person the paragraph before was about
    ("Valastro praised Christie’s leadership …" / “We need someone who …”)."""
    index = found.quote.segments[0].paragraph
    previous = work.docs.get(index - 1)
    if previous is None or not len(previous):
        return
    quoted = {i for q in work.quoted for s in q.segments if s.paragraph == index - 1
              for i in range(len(previous)) if s.outer_start <= work.paragraphs[index - 1][0] + previous[i].idx < s.outer_end}
    for sentence in reversed(list(previous.sents)):
        subjects = [c for c in sentence.root.children if c.dep_ == "nsubj" and c.i not in quoted
                    and (c.pos_ == "PROPN" or c.lower_ in PERSON_PRONOUNS)]
        if subjects:
            doc = previous
            start, end = _noun_phrase(subjects[0])
            base = work.paragraphs[index - 1][0]
            span = doc[start:end]
            found.doc, found.paragraph = previous, index - 1
            found.attribution = Attribution(sentence.root, start, end, "paragraph")
            found.speaker_chars = (base + span.start_char, base + span.end_char)
            found.speaker_text = span.text
            found.speaker_is_pronoun = len(span) == 1 and span[0].lower_ in PERSON_PRONOUNS
            found.speaker_is_name = not found.speaker_is_pronoun
            found.resolved = None if found.speaker_is_pronoun else clean_name(span.text)
            return


def _antecedent_paragraphs(work: _Work) -> list[int]:
    """Unparsed paragraphs just before a pronoun speaker, where its antecedent may be."""
    needed: set[int] = set()
    for found in work.found:
        if found.speaker_is_pronoun:
            for back in range(1, _PRONOUN_LOOKBACK + 1):
                if found.paragraph - back >= 0 and found.paragraph - back not in work.docs:
                    needed.add(found.paragraph - back)
    return sorted(needed)


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int  # absolute offset
    name: str | None  # cleaned name or role phrase; None for a pronoun (resolved through its own antecedent)
    rank: int  # 2 = speaks (subject of a reporting verb), 1 = a clause subject, 0 = other
    sentence: tuple[int, int]  # (paragraph, sentence start token): orders sentences
    gender: str | None
    paragraph: int
    is_name: bool = True


def _rank(token) -> int:
    """How salient a mention is for a following pronoun: speaker > subject > other."""
    if token.dep_ in ("appos", "compound") and token.head.dep_ in ("nsubj", "nsubjpass"):
        token = token.head
    if token.dep_ == "nsubj" and is_cue(token.head):
        return 2
    return 1 if token.dep_ in ("nsubj", "nsubjpass") else 0


def _person_mentions(work: _Work) -> list[_Mention]:
    """People outside quotes in the parsed paragraphs, in text order: names, he/she, speaking roles.

    The small model labels surnames ORG or GPE as often as PERSON, so a name counts as a person
    when its surname is labelled PERSON somewhere in the article or it is the subject of a reporting
    verb (places do not speak). A pronoun subject is kept so a chain of "he" leads back to its name;
    a role that speaks ("the British premier said") is kept as written for the story to resolve.
    """
    per_paragraph = {index: paragraph_mentions(doc, is_cue) for index, doc in work.docs.items()}
    people = {surname(m.text).lower() for found in per_paragraph.values() for m in found
              if m.label == "PERSON" or (m.speaks and m.label != "GPE")}
    quoted = [(s.outer_start, s.outer_end) for q in work.quoted for s in q.segments]
    mentions: list[_Mention] = []
    for index in sorted(per_paragraph):
        doc, base = work.docs[index], work.paragraphs[index][0]
        if _CAPTION.search(doc.text):
            continue  # a picture caption names who is in the photo, not who is talking
        named = set()
        for mention in per_paragraph[index]:
            named.update(range(mention.start, mention.end))
            if surname(mention.text).lower() not in people:
                continue
            start = base + doc[mention.start].idx
            if any(lo <= start < hi for lo, hi in quoted):
                continue
            root = doc[mention.start:mention.end].root
            mentions.append(_Mention(start, mention.text, _rank(root), (index, root.sent.start),
                                     title_gender(mention.title), index))
        for token in doc:
            if token.dep_ not in ("nsubj", "nsubjpass") or token.i in named:
                continue
            start = base + token.idx
            if any(lo <= start < hi for lo, hi in quoted):
                continue
            if token.lower_ in ("he", "she"):
                mentions.append(_Mention(start, None, _rank(token), (index, token.sent.start),
                                         PERSON_PRONOUNS[token.lower_], index))
            elif token.pos_ == "NOUN" and is_cue(token.head) and not any(
                    c.dep_ in ("appos", "compound") and c.i in named for c in token.children):
                role = doc[_phrase_start(token):token.i + 1]
                mentions.append(_Mention(base + role.start_char, role.text, 2, (index, token.sent.start),
                                         None, index, is_name=False))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _phrase_start(token) -> int:
    start = token.i
    for child in reversed(list(token.lefts)):
        if child.right_edge.i != start - 1 or child.dep_ not in ("det", "amod", "compound", "nummod", "poss", "nmod", "case"):
            break
        start = child.left_edge.i
    return start


def _resolve_article(work: _Work) -> None:
    """Pronoun speakers -> the nearest compatible person; names -> their fullest form here."""
    if not work.found:
        return
    mentions = _person_mentions(work)
    fullest: dict[str, str] = {}
    genders: dict[str, str] = {}
    for mention in mentions:
        if mention.name is None or not mention.is_name:
            continue
        key = surname(mention.name).lower()
        if len(mention.name.split()) > len(fullest.get(key, "").split()):
            fullest[key] = mention.name
        if mention.gender:
            genders.setdefault(key, mention.gender)
    for found in work.found:
        if found.speaker_is_pronoun and found.speaker_chars:
            wanted = PERSON_PRONOUNS[found.speaker_text.lower()]
            name = _antecedent(mentions, found.speaker_chars[0], found.paragraph, wanted, genders)
            if name and surname(name).lower() in fullest:
                genders.setdefault(surname(name).lower(), wanted)
            found.resolved = name
        if found.resolved and (found.speaker_is_pronoun or found.speaker_is_name):
            found.resolved = fullest.get(surname(found.resolved).lower(), found.resolved)


def _antecedent(mentions: list[_Mention], position: int, paragraph: int, gender: str,
                genders: dict[str, str], depth: int = 0) -> str | None:
    """The speaker or subject of the nearest sentence with a compatible person, else its last person.

    A pronoun found there stands for its own antecedent (followed up to a few links back).
    """
    def compatible(m: _Mention) -> bool:
        if m.name is None:
            return m.gender == gender
        return genders.get(surname(m.name).lower(), gender) == gender

    before = [m for m in mentions if m.start < position and m.paragraph >= paragraph - _PRONOUN_LOOKBACK
              and compatible(m)]
    if not before or depth > 6:
        return None
    # the nearest sentence with a person as subject, else the nearest person at all: a passing
    # mention of someone as an object does not take "he" over
    subjects = [m for m in before if m.rank > 0]
    sentence = (subjects or before)[-1].sentence
    in_sentence = [m for m in before if m.sentence == sentence]
    best = max(m.rank for m in in_sentence)
    ranked = [m for m in in_sentence if m.rank == best]
    # a speaker or subject: the main clause's (the first); otherwise the nearest name
    chosen = ranked[0] if best > 0 else ranked[-1]
    if chosen.name is None:
        return _antecedent(mentions, chosen.start, chosen.paragraph, gender, genders, depth + 1)
    return chosen.name


def _kind(text: str, quote: QuotedSpan) -> str:
    if len(quote.segments) > 1:
        return "block"
    content = text[quote.start:quote.end].lstrip()
    first_letter = next((c for c in content if c.isalpha()), "")
    before = text[max(quote.segments[0].outer_start - 3, 0):quote.segments[0].outer_start].rstrip()
    mid_sentence = bool(before) and (before[-1].isalnum())
    if first_letter.islower() or (mid_sentence and not content.rstrip().endswith((".", "?", "!", ".”"))):
        return "partial"
    return "direct"


def _records(work: _Work) -> list[Quote]:
    records = []
    for found in sorted(work.found, key=lambda f: f.quote.start):
        start, end = found.quote.start, found.quote.end
        while start < end and work.text[start].isspace():
            start += 1
        while end > start and (work.text[end - 1].isspace() or work.text[end - 1] in ",;:"):
            end -= 1
        if end <= start:
            continue
        if len(found.quote.segments) > 1:
            text = "\n".join(work.text[max(s.start, start):min(s.end, end)].strip() for s in found.quote.segments)
        else:
            text = work.text[start:end]
        records.append(Quote(work.article, text, (start, end), found.speaker_text, found.speaker_chars,
                             found.resolved, found.cue, found.kind or _kind(work.text, found.quote)))
    return records
