"""Timelines on Timeline17 (T17): date F1 and alignment ROUGE (tilse) beside the published date-wise baseline.

    .venv/bin/python -m pip install -e '.[bench]'
    .venv/bin/python bench/timeline.py                # all 11 timelines, ~1-2 min
    .venv/bin/python bench/timeline.py --show 3       # also print the first entries of each timeline

Data: ../shared/data/timeline17/dataset/t17 (5 topics, 11 article sets, each with one journalist-written
gold timeline). Protocol (Martschat & Markert 2018; Ghalandari & Ifrim 2020): each gold timeline is a
task; its input is the articles of its folder published between its first and last date; the system
is told l = number of gold dates and k = round(mean sentences per gold date).

Ours: storyfold.dates.story_timeline(articles, max_dates=l, sentences_per_date=k, lead_sentences=5,
date_range=(first, last)): every sentence's date mention resolved against its own article's date
(lead sentences without a date take the publication date), dates ranked by independent reports and
sentences pointing at them, each date's most central sentences.

Metrics: tilse 0.2.1 (PyPI), rouge_computation="reimpl" (no Perl ROUGE offline):
date F1 = tilse.evaluation.dates.evaluate_dates; AR-1/AR-2 = TimelineRougeEvaluator.
evaluate_align_date_content_costs_many_to_one; concat ROUGE = evaluate_concat. P and R are averaged
over timelines and F = 2PR/(P+R), as news-tls does.
Peer: the published T17-wide numbers of the date-wise method (Ghalandari & Ifrim, ACL 2020,
Table 4): AR-1 F 0.120, AR-2 F 0.035, date F1 0.544 (Perl ROUGE on all 19 T17 timelines; our run
is 11 of them with the reimplemented ROUGE, so the comparison is indicative).

Relative dates: a fixed-seed sample of 100 resolved relative day mentions ("on Sunday", "yesterday",
"last Friday", "three days ago"...) checked by a rule a person can repeat: the mention's resolved
date must be among the article's tool-extracted dates (articles.json "dates", HeidelTime-normalised
against the same publication date, produced independently of storyfold). Disagreements are printed
with their sentence so each can be checked by hand.

Measured (this machine, ~30 s for the timelines, ~60 s in all):
    storyfold (11 T17 timelines)  date F1 0.694  AR-1 F 0.137  AR-2 F 0.036  concat R-1 F 0.367
    date-wise, G&I 2020 (T17)     date F1 0.544  AR-1 F 0.120  AR-2 F 0.035
    relative day mentions: 80/100 agree with HeidelTime; of the 20 disagreements checked by hand,
    16 are ours right (HeidelTime missed or misread them), 2 wrong ("this week's Sunday Half Hour"
    is a programme; "tickets between Friday and Monday" meant the past Friday), 2 undecidable
    (live-blog update stamps) -> hand-checked accuracy 0.96-0.98.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyfold.dates import TimelineArticle, extract_dates, story_timeline  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "timeline17" / "dataset" / "t17"
PUBLISHED = {"date_f1": 0.544, "ar1_f": 0.120, "ar2_f": 0.035}
SEED = 17


def detokenise(text: str) -> str:
    """Undo PTB tokenisation enough for date and sentence rules ("March 2 , 2010" -> "March 2, 2010")."""
    text = text.replace("``", '"').replace("''", '"').replace("-LRB-", "(").replace("-RRB-", ")")
    text = re.sub(r" ([,.;:!?%)])", r"\1", text)
    text = re.sub(r"\( ", "(", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r"\$ (?=\d)", "$", text)
    return text


def tokens(sentence: str) -> str:
    return " ".join(re.findall(r"\w+|[^\w\s]", sentence))


def load_tasks():
    for folder in sorted(DATA.iterdir()):
        articles_path = folder / "articles.json"
        if not articles_path.exists():
            continue
        raw = json.loads(articles_path.read_text(encoding="utf-8"))
        for gold_path in sorted(folder.glob("*.timeline.json")):
            gold: dict[dt.date, list[str]] = {}
            for entry in json.loads(gold_path.read_text(encoding="utf-8")):
                day = dt.date.fromisoformat(entry["date"])
                gold.setdefault(day, []).extend(s.strip() for s in entry["text"].split("  ") if s.strip())
            yield folder.name, raw, gold


def run_task(raw, gold):
    first, last = min(gold).isoformat(), max(gold).isoformat()
    articles = [TimelineArticle(id=f"{i}", text=detokenise(a.get("text") or ""), published=a.get("dct"))
                for i, a in enumerate(raw) if a.get("dct") and first <= a["dct"][:10] <= last]
    length = len(gold)
    per_date = max(1, round(sum(len(v) for v in gold.values()) / length))
    entries = story_timeline(articles, max_dates=length, sentences_per_date=per_date,
                             lead_sentences=5, date_range=(first, last))
    predicted: dict[dt.date, list[str]] = {}
    for entry in entries:
        predicted.setdefault(dt.date.fromisoformat(entry.date), []).append(tokens(entry.text))
    return predicted, len(articles)


def evaluate(predicted, gold):
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation import dates as tilse_dates
    from tilse.evaluation import rouge

    evaluator = rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl")
    pred_tl = Timeline(predicted or {min(gold): [""]})
    truth = GroundTruth([Timeline({d: [tokens(s) for s in v] for d, v in gold.items()})])
    align = evaluator.evaluate_align_date_content_costs_many_to_one(pred_tl, truth)
    concat = evaluator.evaluate_concat(pred_tl, truth)
    date_scores = tilse_dates.evaluate_dates(pred_tl, truth)
    return {
        "ar1": (align["rouge_1"]["precision"], align["rouge_1"]["recall"]),
        "ar2": (align["rouge_2"]["precision"], align["rouge_2"]["recall"]),
        "concat1": (concat["rouge_1"]["precision"], concat["rouge_1"]["recall"]),
        "date": (date_scores["precision"], date_scores["recall"]),
    }


def f_of(pairs):
    p = sum(x for x, _ in pairs) / len(pairs)
    r = sum(y for _, y in pairs) / len(pairs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def relative_date_check(sample_size: int = 100):
    """Resolved relative day mentions against the corpus's own tool-extracted dates."""
    candidates = []
    for folder in sorted(DATA.iterdir()):
        path = folder / "articles.json"
        if not path.exists():
            continue
        for i, article in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            text = detokenise(article.get("text") or "")
            for mention in extract_dates(f"{folder.name}/{i}", text, article.get("dct")):
                if mention.relative and mention.granularity == "day" and mention.date and \
                        not re.fullmatch(r"(?i)today|tonight|this \w+", mention.text):
                    candidates.append((mention, set(article.get("dates") or []), text, article.get("dct")))
    rng = random.Random(SEED)
    sample = rng.sample(candidates, min(sample_size, len(candidates)))
    agree = [m for m, refs, _, _ in sample if m.date in refs]
    misses = [(m, dct, text) for m, refs, text, dct in sample if m.date not in refs]
    return len(candidates), len(sample), len(agree), misses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print the first N entries of each timeline")
    parser.add_argument("--misses", action="store_true", help="print every relative-date disagreement")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA} is absent", file=sys.stderr)
        return 1
    started = time.perf_counter()
    scores = []
    print(f"{'timeline':24} {'arts':>5} {'l':>4} {'dateF1':>7} {'AR-1 F':>7} {'AR-2 F':>7}")
    for name, raw, gold in load_tasks():
        predicted, count = run_task(raw, gold)
        result = evaluate(predicted, gold)
        scores.append(result)
        row = {k: f_of([v])[2] for k, v in result.items()}
        print(f"{name:24} {count:5d} {len(gold):4d} {row['date']:7.3f} {row['ar1']:7.3f} {row['ar2']:7.3f}")
        for day in sorted(predicted)[:args.show]:
            print(f"    {day} {predicted[day][0][:110]}")
    elapsed = time.perf_counter() - started
    ours = {k: f_of([s[k] for s in scores])[2] for k in ("date", "ar1", "ar2", "concat1")}
    print()
    print(f"{'':28} {'date F1':>8} {'AR-1 F':>8} {'AR-2 F':>8} {'concat R-1 F':>13}")
    print(f"{'storyfold (11 T17 timelines)':28} {ours['date']:8.3f} {ours['ar1']:8.3f} {ours['ar2']:8.3f} "
          f"{ours['concat1']:13.3f}")
    print(f"{'date-wise, G&I 2020 (T17)':28} {PUBLISHED['date_f1']:8.3f} {PUBLISHED['ar1_f']:8.3f} "
          f"{PUBLISHED['ar2_f']:8.3f} {'':>13}")
    print(f"{'ratio ours/peer':28} {ours['date'] / PUBLISHED['date_f1']:8.2f} "
          f"{ours['ar1'] / PUBLISHED['ar1_f']:8.2f} {ours['ar2'] / PUBLISHED['ar2_f']:8.2f}")
    print(f"timelines built and scored in {elapsed:.1f} s")

    total, sampled, agreed, misses = relative_date_check()
    print()
    print(f"relative day mentions resolved: {total}; sample {sampled} (seed {SEED}): "
          f"{agreed} agree with the corpus's HeidelTime dates ({agreed / max(1, sampled):.2f})")
    print("disagreements (check by hand: published date, mention, resolved date, context):")
    for mention, published, text in (misses if args.misses else misses[:10]):
        s, e = mention.span
        context = text[max(0, s - 90):e + 40].replace("\n", " ")
        print(f"  {mention.article} published {published}: {mention.text!r} -> {mention.date}  ...{context}...")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
