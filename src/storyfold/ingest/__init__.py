"""Ingest: every input becomes RawArticle or Rejection (readers), then Article or Rejection (clean).

    read_inputs(inputs, settings)        paths/stdin -> RawArticle | Rejection   (readers.py)
    clean_article(raw, settings)         RawArticle -> Article | Rejection       (clean.py)
    corpus boilerplate                   lines that only the corpus reveals      (boilerplate.py)
"""
