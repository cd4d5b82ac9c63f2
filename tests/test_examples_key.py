"""examples/expected.json is the answer key later issues test against: every fact in it must be true of the files."""
from __future__ import annotations

import datetime
import json
import re
import warnings

import trafilatura

from conftest import EXAMPLES as EX


def test_examples_key_is_true_of_the_files():
    warnings.filterwarnings("ignore")
    key = json.loads((EX.parent / "expected.json").read_text(encoding="utf-8"))
    errors = []
    def err(*a): errors.append(" ".join(map(str, a)))
    def norm(s): return s.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))

    texts, meta, raw = {}, {}, {}
    for p in sorted(EX.rglob("*")):
        if p.is_dir() or p.name in ("expected.json", "README.md") or "bad" in p.parts: continue
        rel = str(p.relative_to(EX))
        s = p.read_text(encoding="utf-8")
        if p.suffix == ".txt":
            head, body = s.split("\n\n", 1)
            h = dict(line.split(": ", 1) for line in head.splitlines())
            texts[rel] = body; meta[rel] = {"title": h["title"], "url": h["url"], "published": h["date"], "outlet": h["source"]}
        elif p.suffix == ".html":
            raw[rel] = s
            d = trafilatura.bare_extraction(s, with_metadata=True, include_comments=False, as_dict=True)
            texts[rel] = d["text"]; meta[rel] = {"title": d["title"], "url": d["url"], "published": d["date"], "outlet": d["sitename"]}
            pub = re.search(r'article:published_time" content="([^"]+)"', s).group(1); meta[rel]["published_full"] = pub
        elif p.suffix == ".jsonl":
            for i, line in enumerate(s.splitlines(), 1):
                r = json.loads(line); k = f"{rel}#{i}"
                texts[k] = r["maintext"]; meta[k] = {"title": r["title"], "url": r["url"], "published": r["date_publish"], "outlet": r["source_domain"]}
    N = {k: norm(v) for k, v in texts.items()}
    lines = {k: [l.strip() for l in v.splitlines() if l.strip()] for k, v in N.items()}

    # articles and metadata
    if set(key["articles"]) != set(texts): err("article set differs", set(key["articles"]) ^ set(texts))
    for k, a in key["articles"].items():
        m = meta.get(k, {})
        for f in ("title", "url", "outlet"):
            if a[f] != m.get(f): err("meta", k, f, a[f], "!=", m.get(f))
        if not (a["published"] == m.get("published") or a["published"] == m.get("published_full")): err("published", k, a["published"], m)
        words = len(texts[k].split())
        if not 250 <= words <= 700: err("words", k, words)
    if key["article_count"] != len(texts): err("count")
    # stories partition
    allf = [f for s in key["stories"] for f in s["files"]]
    if sorted(allf) != sorted(texts): err("stories do not partition the articles")
    story_of = {f: s["id"] for s in key["stories"] for f in s["files"]}
    for k, a in key["articles"].items():
        if a["story"] != story_of[k]: err("story mismatch", k)
    for c in key["copies"]:
        if len({story_of[m] for m in c["members"]}) != 1 or c["origin"] not in c["members"]: err("copy group", c)
    # boilerplate
    bset = {}
    for f, ls in key["boilerplate"].items():
        for l in ls:
            if norm(l) not in lines[f]: err("boilerplate line not a line of", f, l)
            bset.setdefault(norm(l), set()).add(f)
    for cb in key["corpus_boilerplate"]:
        l = norm(cb["line"]); have = {f for f in lines if l in lines[f]}
        if have != set(cb["files"]): err("corpus boilerplate files", l, sorted(have ^ set(cb["files"])))
        idx = 0 if cb["position"] == "first line" else -1
        for f in cb["files"]:
            if lines[f][idx] != l: err("corpus boilerplate position", f, l)
            if f not in key["boilerplate"] or cb["line"] not in key["boilerplate"][f]: err("corpus line missing from boilerplate", f)
    for f, ls in key["page_chrome"].items():
        if f == "note": continue
        for l in ls:
            if l not in raw[f] and l.replace("'", "&#39;") not in raw[f]: err("chrome not in page", f, l)
            if norm(l) in N[f]: err("chrome in extracted text", f, l)
    for mk in key["must_keep"]:
        for f in mk["files"]:
            if norm(mk["line"]) not in lines[f]: err("must_keep", f)
    # quotes: the files holding the text (or a variant) must be exactly the listed ones
    for q in key["quotes"]:
        texts_q = [q["text"]] + [v["text"] for v in q.get("variants", [])]
        have = {f for f in N if any(norm(t) in N[f] for t in texts_q)}
        if have != set(q["files"]): err("quote files", q["text"][:50], "extra/missing:", sorted(have ^ set(q["files"])))
        for v in q.get("variants", []):
            hv = {f for f in N if norm(v["text"]) in N[f]}
            if not set(v["files"]) <= hv: err("variant files", v["text"][:40], sorted(set(v["files"]) - hv))
        if "speaker_words" in q:
            for f in q["files"]:
                if norm(q["speaker_words"]) not in N[f]: err("speaker words", f)
        # quoted in the text: preceded by a quotation mark or inside one
        for f in q["files"]:
            for t in texts_q:
                i = N[f].find(norm(t))
                if i >= 0:
                    before = N[f][:i]
                    if before.count('"') % 2 == 0: err("not inside quotation marks", f, t[:40])
    for nq in key["not_quotes"]:
        for f in nq["files"]:
            if f'"{nq["text"]}"' not in N[f]: err("not_quote", f, nq["text"])
    for u in key["unnamed_sources"]:
        for f in u["files"]:
            if norm(u["words"]) not in N[f]: err("unnamed", f, u["words"][:40])
    # aliases: each variant occurs somewhere as a word sequence
    for canon, vs in key["aliases"].items():
        for v in vs:
            if not any(re.search(r"\b" + re.escape(v) + r"\b", N[f]) for f in N): err("alias absent", v)
    for wrong, right in key["misspellings"].items():
        if not any(wrong in N[f] for f in N): err("misspelling absent", wrong)
    # figures
    for fg in key["figures"]:
        anchors = [norm(a) for a in fg["anchors"]]
        expect = set(fg["files"]) | set(fg.get("also_in_other_story", []))
        have = {f for f in N if any(a in N[f] for a in anchors)}
        for f in fg["files"]:
            if story_of[f] != fg["story"] and f not in fg.get("also_in_other_story", []): err("figure file in other story", fg["quantity"], f)
        if have != expect: err("figure files", fg["quantity"], fg["anchors"], "extra/missing:", sorted(have ^ expect))
    for c in key["figure_conflicts"]:
        for pos in c["positions"]:
            for f in pos["files"]:
                if pos["anchor"] not in N[f]: err("conflict anchor", pos["anchor"], f)
    for nc in key["not_conflicts"]:
        for a in nc["anchors"]:
            if not any(norm(a) in N[f] for f in nc["files"]): err("not_conflict anchor", a)
    # relative dates
    WD = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    for rd in key["relative_dates"]:
        f = rd["file"]
        if norm(rd["text"]) not in N[f]: err("date text", f, rd["text"])
        if not key["articles"][f]["published"].startswith(rd["published"]): err("date published", f)
        pub = datetime.date.fromisoformat(rd["published"]); d = datetime.date.fromisoformat(rd["date"])
        m = re.search(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", rd["text"].lower())
        if m and rd["granularity"] == "day":
            if d.weekday() != WD.index(m.group(1)): err("weekday wrong", f, rd)
            if abs((d - pub).days) > 7: err("too far", f, rd)
    for d in key["disputes"]:
        for pos in d["positions"]:
            for f in pos["files"]:
                if story_of[f] != d["story"]: err("dispute file outside story", f)
    for c in key["agreed_claims"] + key["single_source"]:
        anchors = c.get("anchors") or [c["anchor"]]
        for f in c["files"]:
            if not any(norm(a) in N[f] for a in anchors): err("claim anchor", c["text"], f)
    # excerpt is a prefix of its origin; near copies share most lines
    j1 = lines["newsplease-2025-03.jsonl#1"][:-1]; a6 = lines["ledger-2025-03-11-port-aldine-survivors.txt"]
    if a6[:len(j1)] != j1: err("excerpt is not a prefix")
    # bad inputs
    bad = (EX / "bad/broken.jsonl").read_text().splitlines()
    try: json.loads(bad[0]); err("bad line 1 parses")
    except json.JSONDecodeError: pass
    r2 = json.loads(bad[1])
    if any(k in r2 for k in ("text", "maintext", "content", "body")): err("bad line 2 has text")
    if (EX / "bad/empty.txt").stat().st_size: err("empty.txt not empty")
    assert not errors, "examples/expected.json is not true of the files:\n" + "\n".join(errors)
