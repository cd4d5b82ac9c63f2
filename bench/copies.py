"""Copy detection: exact-truth recall/precision on real articles, speed and memory beside peers.

    python bench/copies.py                  # quality + ours vs datasketch vs rensa + scale 10k, 100k
    python bench/copies.py --scale 1000000  # also the 1M-document constructed run (~5-10 min more)
    python bench/copies.py --explore        # the (Jaccard x containment) table behind the thresholds

Data: every article text in ../shared/data (multinews-sample, neus-allsides raw_crawled,
timeline17, ecbplus), pooled (~5,200 real articles, real wire copies among them). Truth: the exact
Jaccard of the word 5-shingle sets of every pair sharing at least one shingle, from Python string
sets and an inverted index (independent of storyfold's hashing; same word definition).

Peers, used plainly (their documented usage, one document at a time, query then insert), on the
same shingles: datasketch MinHash + MinHashLSH(threshold=0.5, num_perm=128) (it picks 25 bands of
5 rows) and rensa RMinHash + RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32) (bands must
divide 128; 32x4 is the split nearest 0.5). End to end = text -> groups: shingling, sketching,
candidate search and union-find over the candidates; storyfold also verifies every candidate
exactly and picks verified origins. Each engine runs in a fresh subprocess; peak memory is the
rise of the process high-water mark (VmHWM, reset through /proc/self/clear_refs) over the RSS with
the texts loaded, divided by the number of documents: the same measure for all three.

Scale: 10k / 100k / 1M constructed documents, two constructions. "families": distinct articles
(the real ones, letters permuted by a new cipher on each pass over them, so that passes share no
shingle while word lengths and text statistics stay those of real news) with 10 copies
each (three random character edits per copy) spread over 10,000-document windows: family size is
fixed, so the cost per document should not grow with N. "repeat": the real articles repeated
N/5,162 times with three random edits each, spread over the whole stream: families grow with N
(2, 19, 194 copies), the worst case for the candidate caps and for locality. Documents are added
to one CopyIndex in batches of 20,000, texts of earlier batches re-read through texts_of (as the
store would), then grouped.
"""
from __future__ import annotations

import argparse
import functools
import gc
import json
import pickle
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
sys.path.insert(0, str(HERE.parent / "src"))

from labelled import ecb_documents, multinews_documents  # noqa: E402  (bench/labelled.py)
from storyfold.copies import CopyDoc, CopyIndex, CopySettings  # noqa: E402
from storyfold.copies.shingles import WORD_RE  # noqa: E402

THRESHOLDS = (0.8, 0.5, 0.3)  # 0.8 and 0.5 are the acceptance thresholds; 0.3 = version_jaccard
BATCH = 20_000


# ---- data ---------------------------------------------------------------------------------------

def load_articles() -> list[CopyDoc]:
    """Every article text of the four datasets, with its publication date when the data has one."""
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent: this benchmark reads the labelled data in ../shared")
    docs: list[CopyDoc] = []
    docs.extend(CopyDoc(doc_id, text) for doc_id, text, _ in
                multinews_documents(DATA / "multinews-sample" / "sample_validation.csv"))
    crawl = DATA / "neus-allsides" / "data" / "raw_crawled" / "headline_11_2021-10-19_crawled_all.jsonl"
    for line in crawl.open(encoding="utf-8"):
        story = json.loads(line)
        for side, news in sorted(story["news"].items()):
            docs.append(CopyDoc(f"neus:{story['id']}:{side}", "\n\n".join(news.get("newBody") or []),
                                (story.get("date") or "")[:10] or None))
    for path in sorted((DATA / "timeline17" / "dataset" / "t17").glob("*/articles.json")):
        for article in json.loads(path.read_text(encoding="utf-8")):
            docs.append(CopyDoc(f"t17:{path.parent.name}:{article['uid']}", article["text"],
                                article.get("dct")))
    docs.extend(CopyDoc(f"ecb:{name}", text) for name, text, _ in
                ecb_documents(DATA / "ecbplus" / "ECB+_LREC2014" / "ECB+"))
    return docs


def shingle_strings(text: str) -> list[str]:
    """Word 5-shingles as strings (the peers' input and the truth's), same words as storyfold."""
    words = WORD_RE.findall(text.lower())
    if len(words) < 5:
        return [" ".join(words)] if words else []
    return list(map(" ".join, zip(words, words[1:], words[2:], words[3:], words[4:])))


def truth_pairs(texts: list[str]) -> dict[tuple[int, int], tuple[float, float]]:
    """Exact (Jaccard, containment) of every pair of docs sharing a shingle (inverted index)."""
    vocab: dict[str, int] = {}
    sets = [np.unique(np.fromiter((vocab.setdefault(s, len(vocab)) for s in shingle_strings(t)),
                                  dtype=np.int64)) for t in texts]
    sizes = np.array([len(s) for s in sets])
    shingle = np.concatenate(sets)
    doc = np.repeat(np.arange(len(sets)), sizes)
    order = np.lexsort((doc, shingle))
    shingle, doc = shingle[order], doc[order]
    first = np.r_[True, shingle[1:] != shingle[:-1]]
    starts = np.flatnonzero(first)
    run_end = np.repeat(np.append(starts[1:], len(shingle)), np.diff(np.append(starts, len(shingle))))
    codes, pos, offset = [], np.arange(len(shingle)), 1
    while True:  # every pair of docs in a posting list, one distance at a time
        pos = pos[pos + offset < run_end[pos]]
        if len(pos) == 0:
            break
        codes.append(doc[pos].astype(np.int64) * len(sets) + doc[pos + offset])
        offset += 1
    code = np.sort(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    first = np.r_[True, code[1:] != code[:-1]] if len(code) else np.zeros(0, dtype=bool)
    at = np.flatnonzero(first)
    inter = np.diff(np.append(at, len(code)))
    code = code[at]
    out = {}
    for c, i in zip(code.tolist(), inter.tolist()):
        a, b = divmod(c, len(sets))
        union = sizes[a] + sizes[b] - i
        out[(a, b)] = (i / union, i / min(sizes[a], sizes[b]))
    return out


# ---- engines (each run in its own subprocess) ---------------------------------------------------

def _groups_from_pairs(n: int, pairs: list[tuple[int, int]]) -> int:
    """Union-find over candidate pairs; the number of groups of two or more (peers' "groups")."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = [find(x) for x in range(n)]
    sizes: dict[int, int] = {}
    for r in roots:
        sizes[r] = sizes.get(r, 0) + 1
    return sum(1 for s in sizes.values() if s > 1)


def run_ours(docs: list[CopyDoc]) -> tuple[list[tuple[int, int, float]], int]:
    index = CopyIndex()
    texts = {d.id: d.text for d in docs}
    index.add(docs)
    result = index.result(lambda ids: [texts[i] for i in ids])
    position = {d.id: i for i, d in enumerate(docs)}
    pairs = [(position[p.a], position[p.b], p.jaccard) for p in index.verified_pairs()]
    # Exact duplicates are verified once, through their representative: expand them.
    by_rep: dict[int, list[int]] = {}
    for doc, rep in enumerate(index.rep.tolist()):
        by_rep.setdefault(rep, []).append(doc)
    ours_to_input = [position[i] for i in index.ids]
    for members in by_rep.values():
        for x in members:
            for y in members:
                if x < y:
                    pairs.append((ours_to_input[x], ours_to_input[y], 1.0))
    return pairs, len(result.groups)


def run_datasketch(docs: list[CopyDoc]) -> tuple[list[tuple[int, int, float]], int]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    pairs = []
    for i, doc in enumerate(docs):
        shingles = shingle_strings(doc.text)
        if not shingles:
            continue
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in shingles])
        pairs.extend((j, i, -1.0) for j in lsh.query(m))
        lsh.insert(i, m)
    return pairs, _groups_from_pairs(len(docs), [(a, b) for a, b, _ in pairs])


def run_rensa(docs: list[CopyDoc]) -> tuple[list[tuple[int, int, float]], int]:
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32)
    pairs = []
    for i, doc in enumerate(docs):
        shingles = shingle_strings(doc.text)
        if not shingles:
            continue
        m = RMinHash(num_perm=128, seed=42)
        m.update(shingles)
        pairs.extend((j, i, -1.0) for j in lsh.query(m))
        lsh.insert(i, m)
    return pairs, _groups_from_pairs(len(docs), [(a, b) for a, b, _ in pairs])


ENGINES = {"storyfold": run_ours, "datasketch": run_datasketch, "rensa": run_rensa}


def _status(field: str) -> int:
    """A VmRSS/VmHWM line of /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def engine_main(name: str, data: Path, out: Path, repeat: int) -> None:
    """Subprocess entry: time an engine end to end; the first run also gives peak memory."""
    docs = pickle.loads(data.read_bytes())
    gc.collect()
    _reset_peak()
    base = _status("VmRSS")
    times = []
    for run in range(repeat):
        start = time.perf_counter()
        pairs, groups = ENGINES[name](docs)
        times.append(time.perf_counter() - start)
        if run == 0:
            peak = _status("VmHWM") - base
            first_pairs, first_groups = pairs, groups
        del pairs
        gc.collect()
    out.write_bytes(pickle.dumps({"seconds": min(times), "peak": peak, "pairs": first_pairs,
                                  "groups": first_groups, "n": len(docs)}))


def run_engine(name: str, data: Path, repeat: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as handle:
        out = Path(handle.name)
    try:
        subprocess.run([sys.executable, __file__, "--engine", name, "--data", str(data),
                        "--out", str(out), "--repeat", str(repeat)], check=True)
        return pickle.loads(out.read_bytes())
    finally:
        out.unlink(missing_ok=True)


# ---- quality ------------------------------------------------------------------------------------

def quality(truth: dict, pairs: list[tuple[int, int, float]], exact: bool) -> dict[float, tuple]:
    """Per threshold: (true pairs, reported, recall, precision, worst |J - truth|)."""
    rows = {}
    for t in THRESHOLDS:
        true = {p for p, (j, _) in truth.items() if j >= t}
        if exact:
            reported = {(min(a, b), max(a, b)) for a, b, j in pairs if j >= t}
        else:  # peers report LSH candidates for threshold 0.5 without a measured similarity
            reported = {(min(a, b), max(a, b)) for a, b, _ in pairs}
        hit = len(true & reported)
        worst = max((abs(j - truth.get((min(a, b), max(a, b)), (0.0, 0.0))[0])
                     for a, b, j in pairs if exact), default=0.0)
        rows[t] = (len(true), len(reported), hit / max(len(true), 1),
                   hit / max(len(reported), 1), worst)
    return rows


def explore(docs: list[CopyDoc], truth: dict) -> None:
    """Print the (Jaccard x containment) counts of pairs whose smaller text has >= 40 shingles."""
    sizes = [len(set(shingle_strings(d.text))) for d in docs]
    cells: dict[tuple[float, float], int] = {}
    for (a, b), (j, c) in truth.items():
        if c >= 0.3 and min(sizes[a], sizes[b]) >= 40:
            key = (min(int(j * 10), 10) / 10, min(int(c * 10), 10) / 10)
            cells[key] = cells.get(key, 0) + 1
    cols = [x / 10 for x in range(3, 11)]
    print("pairs by Jaccard (rows, floor to 0.1) x containment of the smaller (columns)")
    print("J \\ C " + "".join(f"{c:>6.1f}" for c in cols))
    for r in [x / 10 for x in range(11)]:
        print(f"{r:5.1f} " + "".join(f"{cells.get((r, c), 0):>6d}" for c in cols))


# ---- scale --------------------------------------------------------------------------------------

_EDIT_WORDS = ("reported", "officials", "said", "on", "Tuesday", "the", "new", "update", "and")
FAMILY = 10  # copies per article in the "families" construction
SPREAD = 10_000  # ... spread over windows of this many documents


def _edited(text: str, i: int) -> str:
    """text with three random character-level edits (seeded by i)."""
    state = (i * 0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def draw(n: int) -> int:  # xorshift64*: cheap, reproducible, good enough for edit positions
        nonlocal state
        state ^= state >> 12
        state ^= (state << 25) & 0xFFFFFFFFFFFFFFFF
        state ^= state >> 27
        return ((state * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF) % n

    for _ in range(3):
        at, op = draw(len(text) + 1), draw(10)
        word = _EDIT_WORDS[draw(len(_EDIT_WORDS))]
        if op < 4:
            text = text[:at] + " " + word + " " + text[at:]
        elif op < 8:
            text = text[:at] + text[at + 1 + draw(40):]
        else:
            text = text[:at] + word + text[at + 1 + draw(12):]
    return text


_BASES: list[str] = []  # the real article texts, set once per scale worker


@functools.lru_cache(maxsize=4096)
def _family_article(family: int) -> str:
    """A distinct article per family: a real one, its letters permuted by a cipher of its pass
    over the real ones (word lengths and text statistics kept), so passes share no shingle."""
    # A stride coprime with the number of articles spreads every window over all four datasets.
    text = _BASES[family * 7919 % len(_BASES)]
    rounds = family // len(_BASES)
    return text.translate(_cipher(rounds)) if rounds else text


@functools.lru_cache(maxsize=None)
def _cipher(rounds: int) -> dict[int, int]:
    letters = list("abcdefghijklmnopqrstuvwxyz")
    random.Random(rounds).shuffle(letters)
    shuffled = "".join(letters)
    return str.maketrans("abcdefghijklmnopqrstuvwxyz" + "abcdefghijklmnopqrstuvwxyz".upper(),
                         shuffled + shuffled.upper())


def constructed_text(i: int, construction: str) -> str:
    """Document i of a constructed corpus (see the module docstring)."""
    if construction == "repeat":
        return _edited(_BASES[i % len(_BASES)], i)
    per_window = SPREAD // FAMILY
    family = (i // SPREAD) * per_window + i % per_window
    return _edited(_family_article(family), i)


def scale_main(n: int, construction: str, data: Path, out: Path) -> None:
    """Subprocess entry: n constructed docs through CopyIndex in batches; time and memory."""
    _BASES[:] = [d.text for d in pickle.loads(data.read_bytes()) if d.text.strip()]
    gc.collect()
    _reset_peak()
    base_rss = _status("VmRSS")
    index = CopyIndex(CopySettings())
    texts_of = lambda ids: [constructed_text(int(i[1:]), construction) for i in ids]  # noqa: E731
    start = time.perf_counter()
    generate = 0.0
    for lo in range(0, n, BATCH):
        g0 = time.perf_counter()
        batch = [CopyDoc(f"c{i:07d}", constructed_text(i, construction))
                 for i in range(lo, min(n, lo + BATCH))]
        generate += time.perf_counter() - g0
        index.add(batch, texts_of)
        del batch
    added = time.perf_counter() - start
    result = index.result(texts_of)
    seconds = time.perf_counter() - start
    out.write_text(json.dumps({
        "n": n, "seconds": seconds, "add_seconds": added, "generate_seconds": generate,
        "groups": len(result.groups), "copies": sum(v is not None for v in result.copy_of.values()),
        "peak": _status("VmHWM") - base_rss, "state": index.nbytes,
        "verified": int(len(index.rel_a))}))


def run_scale(n: int, construction: str, data: Path) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        subprocess.run([sys.executable, __file__, "--scale-worker", str(n), "--construction",
                        construction, "--data", str(data), "--out", str(out)], check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# ---- main ---------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--scale", type=int, nargs="*", default=[10_000, 100_000],
                        help="constructed corpus sizes (default 10000 100000; add 1000000)")
    parser.add_argument("--construction", choices=["families", "repeat", "both"], default="both",
                        help="scale corpus: families of 10 copies, real articles repeated, or both")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per engine (best kept)")
    parser.add_argument("--explore", action="store_true", help="print the threshold table only")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--scale-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        return engine_main(args.engine, args.data, args.out, args.repeat)
    if args.scale_worker:
        return scale_main(args.scale_worker, args.construction, args.data, args.out)

    docs = load_articles()
    t0 = time.perf_counter()
    truth = truth_pairs([d.text for d in docs])
    print(f"# bench/copies.py — {len(docs)} real articles pooled from ../shared/data; truth: "
          f"{len(truth)} pairs sharing a shingle, exact Jaccard ({time.perf_counter() - t0:.1f} s)")
    if args.explore:
        return explore(docs, truth)
    with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as handle:
        data = Path(handle.name)
        handle.write(pickle.dumps(docs))
    try:
        runs = {name: run_engine(name, data, args.repeat) for name in ENGINES}
        print("\n## Quality on real data (pairs of articles; truth = exact Jaccard of word 5-shingles)")
        print("| engine | J >= | true pairs | reported | recall | precision | max abs J error |")
        print("|---|---|---|---|---|---|---|")
        for name, run in runs.items():
            for t, (n_true, n_rep, rec, prec, worst) in quality(truth, run["pairs"], name == "storyfold").items():
                err = f"{worst:.2g}" if name == "storyfold" else "n/a (estimates)"
                print(f"| {name} | {t} | {n_true} | {n_rep} | {rec:.4f} | {prec:.4f} | {err} |")
        print("\n(peers report their LSH candidates for threshold 0.5 as found pairs; storyfold reports "
              "only pairs verified exactly. J >= 0.3 is storyfold's version threshold, shown for "
              "information: the peers are not tuned for it)")
        ours = runs["storyfold"]
        print(f"\n## Speed and memory, end to end (text -> groups), {len(docs)} real articles, "
              f"best of {args.repeat}")
        print("| engine | seconds | docs/s | storyfold is x faster | peak MB | peak bytes/doc | "
              "storyfold uses x of it | groups |")
        print("|---|---|---|---|---|---|---|---|")
        for name, run in runs.items():
            rate = run["n"] / run["seconds"]
            print(f"| {name} | {run['seconds']:.3f} | {rate:,.0f} | "
                  f"{run['seconds'] / ours['seconds']:.1f} | {run['peak'] / 1e6:.1f} | "
                  f"{run['peak'] / run['n']:,.0f} | {ours['peak'] / max(run['peak'], 1):.3f} | "
                  f"{run['groups']} |")
        if args.scale:
            print("\n## Scale (constructed from the real articles; batches of "
                  f"{BATCH:,} into one CopyIndex, texts re-read through texts_of, then grouped)")
            print("families: distinct articles, 10 copies each (3 random edits per copy) spread over "
                  f"{SPREAD:,}-document windows; repeat: the {len(docs):,} real articles repeated "
                  "N/5,162 times with 3 random edits each, spread over the whole stream")
            print("| construction | docs | seconds | us/doc | of which generating texts | docs/s | "
                  "verified pairs | groups | peak RSS MB | peak bytes/doc | index state bytes/doc |")
            print("|---|---|---|---|---|---|---|---|---|---|---|")
            kinds = ["families", "repeat"] if args.construction == "both" else [args.construction]
            for construction in kinds:
                for n in args.scale:
                    r = run_scale(n, construction, data)
                    print(f"| {construction} | {n:,} | {r['seconds']:.1f} | {1e6 * r['seconds'] / n:.0f} | "
                          f"{1e6 * r['generate_seconds'] / n:.0f} us | {n / r['seconds']:,.0f} | "
                          f"{r['verified']:,} | {r['groups']:,} | {r['peak'] / 1e6:.0f} | "
                          f"{r['peak'] / n:,.0f} | {r['state'] / n:,.0f} |", flush=True)
        print(f"\ncommand: python bench/copies.py {' '.join(sys.argv[1:])}".rstrip())
    finally:
        data.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
