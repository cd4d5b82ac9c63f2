"""Cited extractive summary (storyfold.synthesis) against LexRank, ROUGE-1/2/L F1, same data, one run.

    .venv/bin/python bench/summary.py                      # both datasets, validation splits
    .venv/bin/python bench/summary.py --neus-split train   # the split the settings were chosen on
    .venv/bin/python bench/summary.py --limit 50           # a quick look

Data (never copied into the repo): ../shared/data/neus-allsides (NeuS/AllSides: three outlets'
title + lead per story, a neutral editor's roundup as reference) and
../shared/data/multinews-sample (1-9 full articles per story, a newser.com summary).
Each article's text is "<title>\n<body>" (NeuS) or the article as given (Multi-News).

Length budget, the same for both systems: NeuS -- 3 sentences (as the published LexRank
baseline); Multi-News -- sentences are added until the summary has at least 250 words (as
DATA.md's LexRank reference). Both systems pick from the same sentences (storyfold's splitter).

The peer is continuous LexRank (Erkan & Radev 2004), written here from the paper: sentence graph
of idf-modified cosines over the cluster, power iteration with jump probability 0.15, top
sentences in text order.
ROUGE: rouge-score (pip, the bench extra), use_stemmer=True, F1 x 100, mean over stories.
Also printed: mean length in words, and the share of our summary sentences that carry a citation
whose span holds exactly the sentence (must be 100%).
"""
from __future__ import annotations

import argparse
import ast
import csv
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from storyfold.copies import find_copies
from storyfold.synthesis import SynthesisSettings, split_sentences, synthesize
from storyfold.synthesis.text import content_stems

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NEUS = SHARED / "neus-allsides" / "data" / "naacl2022_lrc_roundup_random_order_probe"
MULTINEWS = SHARED / "multinews-sample" / "sample_validation.csv"


# ------------------------------------------------------------------------------------- data

def _strip_markers(text: str) -> tuple[str, str]:
    title, _, body = text.partition("ARTICLE=>")
    return title.replace("TITLE=>", "").strip(), body.strip()


def load_neus(split: str) -> list[tuple[list[tuple[str, str]], str]]:
    """[(articles [(id, text)], reference)] -- text is the outlet's title then its lead."""
    sources = (NEUS / f"{split}.source").read_text(encoding="utf-8").splitlines()
    targets = (NEUS / f"{split}.target").read_text(encoding="utf-8").splitlines()
    stories = []
    for n, (source, target) in enumerate(zip(sources, targets)):
        articles = []
        for k, part in enumerate(source.split("[SEP]")):
            title, body = _strip_markers(part)
            if title and title[-1] not in ".!?\"'”’":
                title += "."
            articles.append((f"{n}-{k}", f"{title}\n{body}".strip()))
        title, body = _strip_markers(target)
        stories.append((articles, f"{title} {body}".strip()))
    return stories


def load_multinews() -> list[tuple[list[tuple[str, str]], str]]:
    csv.field_size_limit(1 << 30)
    stories = []
    with MULTINEWS.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            documents = ast.literal_eval(row["documents"])
            articles = [(f"{n}-{k}", doc.replace(" \n \n ", "\n\n")) for k, doc in enumerate(documents)
                        if doc.strip()]
            stories.append((articles, row["summary"].lstrip("– ").strip()))
    return stories


# ------------------------------------------------------------------------------------- systems

def ours(articles: list[tuple[str, str]], sentences: int | None, max_words: int | None,
         settings: SynthesisSettings) -> tuple[str, int, int]:
    """Summary text, sentences emitted, sentences whose first citation holds them exactly."""
    copy_of = find_copies([(i, t, None) for i, t in articles]).copy_of
    result = synthesize(articles, copy_of, settings, sentences=sentences, max_words=max_words)
    texts = dict(articles)
    cited = sum(1 for s in result.summary if s.citations and
                texts[s.citations[0].article][s.citations[0].span[0]:s.citations[0].span[1]] == s.text)
    return " ".join(s.text for s in result.summary), len(result.summary), cited


def lexrank(articles: list[tuple[str, str]], sentences: int | None, max_words: int | None) -> str:
    """Continuous LexRank over all sentences of the cluster."""
    units = [s.text for _, text in articles for s in split_sentences(text)]
    if not units:
        return ""
    bags = [Counter(content_stems(u)) for u in units]
    df = Counter(t for bag in bags for t in bag)
    idf = {t: math.log(len(units) / c) for t, c in df.items()}
    vocab = {t: i for i, t in enumerate(sorted(df))}
    matrix = np.zeros((len(units), max(1, len(vocab))))
    for i, bag in enumerate(bags):
        for t, c in bag.items():
            matrix[i, vocab[t]] = c * idf[t]
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    matrix /= norms[:, None]
    sim = matrix @ matrix.T
    np.fill_diagonal(sim, 0.0)
    rows = sim.sum(axis=1)
    n = len(units)
    transition = np.where(rows[:, None] > 0, sim / np.where(rows == 0, 1, rows)[:, None], 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(100):
        q = 0.15 / n + 0.85 * transition.T @ p
        if np.abs(q - p).sum() < 1e-8:
            p = q
            break
        p = q
    order = sorted(range(n), key=lambda i: (-p[i], i))
    chosen, words = [], 0
    for i in order:
        if (len(chosen) >= sentences) if max_words is None else (words >= max_words):
            break
        if len(units[i].split()) < 3:
            continue
        chosen.append(i)
        words += len(units[i].split())
    return " ".join(units[i] for i in sorted(chosen))


# ------------------------------------------------------------------------------------- scoring

def evaluate(name: str, stories, sentences: int | None, max_words: int | None,
             settings: SynthesisSettings) -> dict[str, tuple[float, ...]]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"ours": np.zeros(3), "lexrank": np.zeros(3)}
    lengths = {"ours": 0, "lexrank": 0}
    seconds = {"ours": 0.0, "lexrank": 0.0}
    emitted = cited = 0
    for articles, reference in stories:
        started = time.perf_counter()
        text, count, good = ours(articles, sentences, max_words, settings)
        seconds["ours"] += time.perf_counter() - started
        emitted, cited = emitted + count, cited + good
        started = time.perf_counter()
        peer = lexrank(articles, sentences, max_words)
        seconds["lexrank"] += time.perf_counter() - started
        for system, summary in (("ours", text), ("lexrank", peer)):
            scores = scorer.score(reference, summary)
            totals[system] += [scores[k].fmeasure for k in ("rouge1", "rouge2", "rougeL")]
            lengths[system] += len(summary.split())
    n = max(1, len(stories))
    print(f"\n{name}: {len(stories)} stories, budget "
          + (f"{sentences} sentences" if max_words is None else f">= {max_words} words"))
    print(f"{'system':<10}{'R-1':>8}{'R-2':>8}{'R-L':>8}{'words':>8}{'seconds':>9}")
    result = {}
    for system in ("ours", "lexrank"):
        r = totals[system] / n * 100
        result[system] = tuple(r)
        print(f"{system:<10}{r[0]:8.2f}{r[1]:8.2f}{r[2]:8.2f}{lengths[system] / n:8.1f}{seconds[system]:9.1f}")
    ratio = np.array(result["ours"]) / np.maximum(np.array(result["lexrank"]), 1e-9)
    print(f"{'ratio':<10}{ratio[0]:8.3f}{ratio[1]:8.3f}{ratio[2]:8.3f}")
    print(f"cited: {cited}/{emitted} summary sentences ({100.0 * cited / max(1, emitted):.1f}%)")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--neus-split", default="val", choices=["val", "train"])
    parser.add_argument("--limit", type=int, default=None, help="first N stories of each set")
    parser.add_argument("--only", choices=["neus", "multinews"], default=None)
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"{SHARED} is absent: the labelled data is needed", file=sys.stderr)
        return 1
    settings = SynthesisSettings()
    if args.only in (None, "neus"):
        stories = load_neus(args.neus_split)[: args.limit]
        evaluate(f"neus-allsides {args.neus_split}", stories, 3, None, settings)
    if args.only in (None, "multinews"):
        stories = load_multinews()[: args.limit]
        evaluate("multinews-sample validation", stories, None, 250, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
