"""Figures: numbers that measure something (money, counts, shares, durations) and their ledger.

    extract_figures(article_id, text) -> list[Figure]       one article, pure
    figure_ledger(figures, copy_of=None) -> list[LedgerFigure]  one story's figures across articles
"""
from storyfold.figures.extract import Figure, extract_figures
from storyfold.figures.ledger import Conflict, LedgerFigure, figure_ledger

__all__ = ["Conflict", "Figure", "LedgerFigure", "extract_figures", "figure_ledger"]
