"""Readers for the labelled data in ../shared/data, shared by the benchmarks and the quality tests.

Each reads the data where it lies (nothing is copied into the repo) and returns plain tuples.
"""
from __future__ import annotations

import ast
import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path


def ecb_documents(root: Path) -> list[tuple[str, str, str]]:
    """(file name, text, gold event) of every ECB+ document under `root` (.../ECB+_LREC2014/ECB+).

    Sentences are joined by newlines, tokens by spaces; the source URL (sentence 0 of ecbplus files)
    is dropped. The gold event is the topic and its half: "<topic>ecb" or "<topic>ecbplus".
    """
    docs = []
    for path in sorted(root.glob("*/*.xml")):
        sentences: dict[int, list[str]] = {}
        for token in ET.parse(path).getroot().iter("token"):
            sentences.setdefault(int(token.get("sentence", 0)), []).append(token.text or "")
        if path.name.endswith("ecbplus.xml"):
            sentences.pop(0, None)  # the source URL
        text = "\n".join(" ".join(tokens) for _, tokens in sorted(sentences.items()))
        topic = path.name.split("_", 1)[0]
        docs.append((path.name, text, topic + ("ecbplus" if path.name.endswith("ecbplus.xml") else "ecb")))
    return docs


def multinews_documents(csv_path: Path) -> list[tuple[str, str, str]]:
    """(id, text, gold cluster = its row) of every source article of the Multi-News sample CSV."""
    csv.field_size_limit(sys.maxsize)
    docs = []
    with csv_path.open(encoding="utf-8", newline="") as f:
        for row_no, row in enumerate(csv.DictReader(f)):
            for j, text in enumerate(ast.literal_eval(row["documents"])):
                docs.append((f"multinews:{row_no}:{j}", text.replace(" \n \n ", "\n\n"), str(row_no)))
    return docs


def neus_documents(jsonl_path: Path) -> list[tuple[str, str, str, str, str]]:
    """(id, text, gold story, title, date) of every outlet's article in the NeuS/AllSides crawl.

    Each line is one AllSides story: up to three outlets (left, centre, right) on one event. The
    date is the AllSides story's, not the article's (the crawl has no article dates)."""
    docs = []
    with jsonl_path.open(encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            for side, news in sorted(story["news"].items()):
                text = "\n\n".join(news.get("newBody") or [])
                docs.append((f"neus:{story['id']}:{side}", text, str(story["id"]),
                             news.get("newsTitle") or "", story["date"]))
    return docs


def bcubed(pred: list, gold: list) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over documents (pred[i] and gold[i] label document i)."""
    pred_size, gold_size, both = Counter(pred), Counter(gold), Counter(zip(pred, gold))
    n = len(pred)
    p = sum(both[(a, b)] / pred_size[a] for a, b in zip(pred, gold)) / n
    r = sum(both[(a, b)] / gold_size[b] for a, b in zip(pred, gold)) / n
    return p, r, 2 * p * r / (p + r)
