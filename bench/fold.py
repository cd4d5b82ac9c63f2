"""The main job end to end: `storyfold fold --profile` on N real articles, wall time and stages.

    python bench/fold.py              # 1,000 articles (issue 6: <= 5 minutes on 2 cores)
    python bench/fold.py --articles 300

Data: real articles pooled from ../shared/data (timeline17 collections, NeuS/AllSides crawls,
Multi-News validation sources), a fixed-seed sample written as one JSONL file with their dates where
the data has them. The command runs in a fresh process, so model load and imports are counted.
Also times the seeds (issue 6: <= 10 s including model load).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SEEDS = HERE.parent.parent / "shared" / "seeds"


def sample(n: int, seed: int = 11) -> list[dict]:
    from copies import load_articles  # bench/copies.py: every article text in ../shared/data

    docs = [d for d in load_articles() if len(d.text.split()) >= 80 and not d.id.startswith("ecb:")]
    random.Random(seed).shuffle(docs)
    return [{"url": f"https://bench.example/{d.id.replace(':', '/')}", "text": d.text, "date": d.published}
            for d in docs[:n]]


def run_fold(inputs: list[str], out: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "storyfold", "fold", *inputs, "-o", str(out), "--profile",
                           "--no-progress"], capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        records = sample(args.articles)
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        seconds, printed = run_fold([str(corpus)], Path(tmp) / "out")
        document = json.loads((Path(tmp) / "out" / "stories.json").read_text(encoding="utf-8"))
        stories = document["stories"]
        print(f"# fold on {len(records)} real articles: {seconds:.1f} s wall "
              f"({len(records) / seconds:.1f} articles/s), {len(stories)} stories, "
              f"{sum(len(s['summary']) for s in stories)} summary sentences")
        print("\n".join(line for line in printed.splitlines() if not line.startswith(("s", "story"))
                        or line.startswith(("stage", "stories"))))
        if SEEDS.exists():
            seconds, _ = run_fold([str(SEEDS)], Path(tmp) / "seeds")
            print(f"# fold on the seeds: {seconds:.1f} s wall, model load included")
    print(f"command: python bench/fold.py --articles {args.articles}")


if __name__ == "__main__":
    main()
