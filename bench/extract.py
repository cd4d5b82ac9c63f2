"""Main-text extraction: storyfold vs plain trafilatura on the Article Extraction Benchmark.

    .venv/bin/python bench/extract.py [--data ../shared/data/scrapinghub-aeb] [--repeat 3]

Same process, same pages, same metric (the benchmark's evaluate.py, re-implemented from its
description in DATA.md: token 4-gram shingles, macro P/R, F1 of the means, bootstrap std):
  ours        what `storyfold extract page.html` does for one page: read_html + clean_article
  ours+corpus the same, then corpus-level boilerplate across all pages (`storyfold extract DIR`)
  trafilatura trafilatura.extract(html, include_comments=False)
Timing: every repetition runs each system over all pages, in alternating order; pages/s is the
median over repetitions. HTML is decompressed before timing; ours reads bytes, as from a file.
"""
from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "scrapinghub-aeb"
_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]  # tp, fp, fn of one page


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Token n-grams as a multiset; a text shorter than n tokens is one shingle, an empty one none."""
    toks = tokens(text)
    if not toks:
        return Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)))


def page_counts(gold: str, pred: str | None) -> Counts:
    true, predicted = shingles(gold), shingles(pred)
    tp = sum((true & predicted).values())
    fp = sum((predicted - true).values())
    fn = sum((true - predicted).values())
    return float(tp), float(fp), float(fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fn)


def prf(counts: Sequence[Counts]) -> tuple[float, float, float]:
    """Macro precision (pages with output), macro recall (pages with gold), F1 of the two means."""
    precision = statistics.fmean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.fmean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def evaluate(gold: dict[str, str], predicted: dict[str, str | None], n_bootstrap: int = 1000,
             seed: int = 0) -> dict[str, float]:
    """P/R/F1/accuracy with bootstrap std over pages (deterministic: seeded)."""
    keys = sorted(gold)
    counts = [page_counts(gold[k], predicted.get(k)) for k in keys]
    exact = [float(tokens(gold[k]) == tokens(predicted.get(k))) for k in keys]
    precision, recall, f1 = prf(counts)
    result = {"precision": precision, "recall": recall, "f1": f1, "accuracy": statistics.fmean(exact)}
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {name: [] for name in result}
    for _ in range(n_bootstrap):
        picks = [rng.randrange(len(keys)) for _ in keys]
        p, r, f = prf([counts[i] for i in picks])
        samples["precision"].append(p)
        samples["recall"].append(r)
        samples["f1"].append(f)
        samples["accuracy"].append(statistics.fmean(exact[i] for i in picks))
    for name, values in samples.items():
        result[f"{name}_std"] = statistics.stdev(values) if len(values) > 1 else float("nan")
    return result


def f1_difference_std(gold: dict[str, str], a: dict[str, str | None], b: dict[str, str | None],
                      n_bootstrap: int = 1000, seed: int = 1) -> float:
    """Paired bootstrap std of F1(a) − F1(b): both resampled on the same pages."""
    keys = sorted(gold)
    counts_a = [page_counts(gold[k], a.get(k)) for k in keys]
    counts_b = [page_counts(gold[k], b.get(k)) for k in keys]
    rng = random.Random(seed)
    diffs = []
    for _ in range(n_bootstrap):
        picks = [rng.randrange(len(keys)) for _ in keys]
        diffs.append(prf([counts_a[i] for i in picks])[2] - prf([counts_b[i] for i in picks])[2])
    return statistics.stdev(diffs)


def load(data: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """Gold article bodies and the pages' HTML bytes, by page id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {key: value.get("articleBody", "") for key, value in truth.items()}
    pages = {key: gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()) for key in gold}
    return gold, pages


def ours(pages: dict[str, bytes]):
    """`storyfold extract page.html` for each page: read_html + clean_article (Article or Rejection)."""
    from storyfold.ingest.clean import clean_article
    from storyfold.ingest.html import read_html
    from storyfold.model import Rejection
    from storyfold.settings import Settings

    settings = Settings(progress=False)
    out = {}
    for key, html in pages.items():
        raw = read_html(html, f"{key}.html", settings)
        out[key] = raw if isinstance(raw, Rejection) else clean_article(raw, settings)
    return out


def ours_corpus(articles) -> dict:
    """Corpus-level boilerplate across all the pages' articles (what `storyfold extract DIR` adds)."""
    from storyfold.ingest.boilerplate import clean_corpus
    from storyfold.model import Article
    from storyfold.settings import Settings

    keys = [k for k, a in articles.items() if isinstance(a, Article)]
    cleaned = clean_corpus([articles[k] for k in keys], Settings(progress=False))
    return {**articles, **dict(zip(keys, cleaned))}


def texts(results: dict) -> dict[str, str | None]:
    return {k: getattr(v, "text", None) for k, v in results.items()}


def plain(pages: dict[str, str]) -> dict[str, str | None]:
    import trafilatura

    return {key: trafilatura.extract(html, include_comments=False) for key, html in pages.items()}


def print_cleaning_cost(pages: dict[str, bytes], rounds: int = 20) -> None:
    """Line cleaning and profiling cost per article on the extracted texts (plain-text ingest pays these)."""
    from storyfold.ingest.boilerplate import profile_article
    from storyfold.ingest.clean import clean_article
    from storyfold.ingest.html import read_html
    from storyfold.model import RawArticle
    from storyfold.settings import Settings

    settings = Settings(progress=False)
    raws = [r for r in (read_html(h, k, settings) for k, h in pages.items()) if isinstance(r, RawArticle)]
    kilobytes = sum(len(r.text.encode("utf-8")) for r in raws) / 1000
    articles = [clean_article(r, settings) for r in raws]
    clean_s = min(_timed(lambda: [clean_article(r, settings) for r in raws])[0] for _ in range(rounds))
    profile_s = min(_timed(lambda: [profile_article(a) for a in articles])[0] for _ in range(rounds))
    print(f"\nline cleaning on the {len(raws)} extracted texts (mean {kilobytes / len(raws):.1f} kB): "
          f"clean_article {clean_s / len(raws) * 1e6:.0f} µs/article ({clean_s / kilobytes * 1e6 * 5:.0f} µs "
          f"per 5 kB, {kilobytes / 1000 / clean_s:.0f} MB/s); profile_article "
          f"{profile_s / len(raws) * 1e6:.0f} µs/article ({profile_s / kilobytes * 1e6 * 5:.0f} µs per 5 kB)")


def _pm(std: float | None) -> str:
    return f" ± {std:.4f}" if std is not None else ""


def _timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions per system")
    parser.add_argument("--bootstrap", type=int, default=1000)
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no benchmark data at {args.data} (see ../shared/data/scrapinghub-aeb/DATA.md)", file=sys.stderr)
        return 2
    import trafilatura

    gold, pages = load(args.data)
    html_text = {k: v.decode("utf-8") for k, v in pages.items()}  # the benchmark's pages are UTF-8
    ours(dict(list(pages.items())[:3]))  # warm-up: imports and lazy initialisation for both sides
    plain(dict(list(html_text.items())[:3]))

    seconds: dict[str, list[float]] = {"ours": [], "ours+corpus": [], "trafilatura": []}
    outputs: dict[str, dict[str, str | None]] = {}
    for rep in range(args.repeat):
        order = ("ours", "trafilatura") if rep % 2 == 0 else ("trafilatura", "ours")
        for name in order:
            if name == "ours":
                elapsed, single = _timed(lambda: ours(pages))
                seconds["ours"].append(elapsed)
                corpus_elapsed, corpus = _timed(lambda: ours_corpus(single))
                seconds["ours+corpus"].append(elapsed + corpus_elapsed)
                outputs["ours"], outputs["ours+corpus"] = texts(single), texts(corpus)
            else:
                elapsed, outputs["trafilatura"] = _timed(lambda: plain(html_text))
                seconds["trafilatura"].append(elapsed)

    n = len(pages)
    rate = {name: n / statistics.median(values) for name, values in seconds.items()}
    scores = {name: evaluate(gold, outputs[name], args.bootstrap) for name in seconds}
    base = scores["trafilatura"]
    command = "python bench/extract.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"## Main-text extraction: scrapinghub-aeb ({n} pages)\n")
    print(f"`{command.strip()}` — Python {platform.python_version()}, trafilatura {trafilatura.__version__}, "
          f"{args.repeat} interleaved repetitions, one core\n")
    diff_std = {name: f1_difference_std(gold, outputs[name], outputs["trafilatura"], args.bootstrap)
                for name in seconds if name != "trafilatura"}
    print("| system | precision | recall | F1 | accuracy | pages/s | F1 − trafilatura (paired std) | speed ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for name, s in scores.items():
        print(f"| {name} | {s['precision']:.4f} ± {s['precision_std']:.3f} | {s['recall']:.4f} ± "
              f"{s['recall_std']:.3f} | {s['f1']:.4f} ± {s['f1_std']:.3f} | {s['accuracy']:.3f} ± "
              f"{s['accuracy_std']:.3f} | {rate[name]:.1f} | {s['f1'] - base['f1']:+.4f}"
              f"{_pm(diff_std.get(name))} | {rate[name] / rate['trafilatura']:.2f}× |")
    print_cleaning_cost(pages)
    ok = scores["ours"]["f1"] >= base["f1"] and rate["ours"] >= 0.8 * rate["trafilatura"]
    print(f"\nacceptance (ours F1 >= trafilatura F1 at >= 0.8× its pages/s): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
