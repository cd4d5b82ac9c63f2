"""Line rules: each shape of publisher furniture goes, and no real sentence does."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from storyfold.ingest.clean import clean_article, line_rule, removable_lines
from storyfold.model import Article, RawArticle, Rejection, article_id

# (line, rule): lines written for these tests in the shapes publishers use.
POSITIVE = [
    ("Ministers at the summit on Sunday © Jane Roe/Pool/EPA-EFE/Shutterstock", "credit_end"),
    ("The harbour at dawn © Harbour Daily", "credit_end"),
    ("Photograph: Jane Roe/Getty Images", "credit_label"),
    ("Image: Harbour Council", "credit_label"),
    ("Credit: Jane Roe", "credit_label"),
    ("Photo credit: Harbour Daily archive", "credit_label"),
    ("[Graphic: how the vote split]", "credit_label"),
    ("The minister leaves the meeting. Photograph: Jane Roe/Getty Images", "credit_trailing"),
    ("Flood water in the old town. Credit: Harbour Fire Service", "credit_trailing"),
    ("Protesters outside the council (Photo by Jane Roe via Getty Images)", "credit_paren"),
    ("The mayor speaks to reporters (photo released by the council)", "credit_paren"),
    ("The new bridge at night. Jane Roe/Reuters", "credit_agency"),
    ("Rescue teams at the quay. AFP via Getty Images", "credit_agency"),
    ("Unlock the Harbour Politics newsletter for free", "promo_unlock"),
    ("Sign up to our morning briefing newsletter", "promo_signup"),
    ("Subscribe to Harbour Daily on YouTube", "promo_signup"),
    ("- Sign up for email alerts here", "promo_signup"),
    ("Get the day's top stories in your inbox. Sign up for our newsletter.", "promo_newsletter"),
    ("There is more where that came from. Sign up for the free daily newsletter.", "promo_newsletter"),
    ("Thanks for signing up!", "promo_feedback"),
    ("Click here to get the Harbour Daily app", "promo_click"),
    ("CLICK HERE TO GET THE HARBOUR NEWS APP", "promo_click"),
    ("Twelve issues for £10. Click here for more information.", "promo_click"),
    ("Follow Harbour Daily on Facebook, Twitter and Instagram.", "promo_follow"),
    ("Jane Roe covers the port. Follow her on Twitter @janeroe", "promo_follow"),
    ("Write to Jane Roe at jane.roe@harbourdaily.example", "promo_contact"),
    ("Additional reporting by Leila Roe in Paris", "trailer_additional"),
    ("(Additional reporting by Jo Bloggs; Editing by Sam Doe)", "trailer_additional"),
    ("Reporting by Jane Roe; Editing by Sam Doe and Jo Bloggs", "trailer_wire"),
    ("(Reporting by Jane Roe, with reporting by Sam Doe, editing by Jo Bloggs.)", "trailer_wire"),
    ("Jane Roe contributed reporting from Harbourtown.", "trailer_contributed"),
    ("Associated writers Jane Roe and Sam Doe contributed to this report.", "trailer_contributed"),
    ("Copyright 2025 Harbour Daily. All rights reserved.", "copyright"),
    ("(c) 2025 Harbour Daily", "copyright"),
    ("All Rights Reserved.", "rights_reserved"),
    ("Advertisement", "furniture_ad"),
    ("Story continues below advertisement", "furniture_ad"),
    ("Share this article", "furniture_share"),
    ("- Print Article", "furniture_share"),
    ("Facebook Twitter Email", "furniture_share"),
    (" comments", "furniture_share"),
    ("Like this story? Share it with a friend!", "furniture_like"),
    ("READ MORE: Harbour bridge to close for repairs", "furniture_more"),
    ("Read more: Council votes on the ferry budget", "furniture_more"),
    ("Read the full story at The Northern Ledger", "furniture_more"),
    ("[Related: The ferry strike explained]", "furniture_more"),
    ("You may also like...", "furniture_more"),
    ("DON'T MISS", "furniture_more"),
    ("Most read in world news", "furniture_more"),
    ("Updated at 1:23 p.m.", "furniture_stamp"),
    ("UPDATED: Tue., Nov. 19, 2019", "furniture_stamp"),
    ("- Published 18 November 2019", "furniture_stamp"),
    ("Reading time: 3 minutes", "furniture_readtime"),
    ("5 min read", "furniture_readtime"),
    ("Filed under: Politics |", "furniture_tags"),
    ("Tags", "furniture_tags"),
]

# Real sentences that share words with the rules: every one must stay.
NEGATIVE = [
    "He signed up to the plan",
    "Read the full story at the inquest, the coroner said it was clear.",
    "Sign up to the plan, the minister urged voters.",
    "- Sign up for a streaming account for $11.99 a month",
    "- Sign up for the bundle using the same email as your existing account",
    "Subscribers can read the full report here.",
    "More than 200 people were evacuated from the harbour on Sunday.",
    "Read the full statement, the spokesman told reporters, before judging it.",
    "Reporting by the Harbour Daily found that the ferry had been overloaded.",
    "Additional reporting requirements will apply to banks from June.",
    "The newsletter, which is delivered to 2m subscribers, was founded in 2010.",
    "“Our newsletter reaches two million people,” she said.",
    "“Click here to claim your prize,” the scam message read.",
    "Scammers may send emails straight to your inbox, police warned.",
    "Scientists from 40 countries contributed to this report, which warns of floods.",
    "The photo, taken on Sunday, shows the minister at the quay.",
    "Image is everything in politics, the strategist said.",
    "The case concerned copyright and the Law Commission's review.",
    "(c) the minister must publish the figures within a month.",
    "Published in 1998, the book sold well.",
    "Share prices fell 3% on Monday.",
    "Follow-up talks are planned for next week in Geneva.",
    "Watch the video to the end, the director said.",
    "The UK/EU Deal",
    "“If you want to preserve the peace, you have to be prepared to defend the peace.”",
    "Tags on the luggage showed it had come from Lisbon.",
    "Source code for the app was published on Monday.",
    "Contact with the crew was lost at 3am.",
    "You may also be asked to show identification at the border.",
    "All rights were transferred to the new owner in May.",
    "https://www.harbourdaily.example is where the council posts its minutes.",
    "WWW. The three letters changed everything, he said.",
]


@pytest.mark.parametrize("line, rule", POSITIVE)
def test_line_rule_matches_furniture(line, rule):
    assert line_rule(line) == rule


@pytest.mark.parametrize("line", NEGATIVE)
def test_line_rule_keeps_real_sentences(line):
    assert line_rule(line) is None


@pytest.mark.parametrize("line, rule", POSITIVE)
def test_removable_lines_finds_each_furniture_line_inside_a_text(line, rule):
    text = f"The council met on Monday.\n{line}\nThe vote is on Friday."
    spans = removable_lines(text)
    assert [text[s:e] for s, e in spans] == [line + "\n"], rule


def test_removable_lines_keeps_every_negative_sentence():
    text = "\n".join(NEGATIVE)
    assert removable_lines(text) == []


def test_line_rule_word_limit_keeps_long_paragraph_with_a_label():
    long_line = "Read more: " + " ".join(["the council said the ferry would run"] * 6)
    assert line_rule(long_line) is None


def test_line_rule_trailer_contributed_only_near_the_end():
    line = "Jane Roe contributed to this report."
    assert line_rule(line, lines_after=0) == "trailer_contributed"
    assert line_rule(line, lines_after=20) is None


def test_clean_article_trailer_mid_article_stays():
    body = "\n".join(f"Paragraph {i} of the story about the ferry." for i in range(12))
    text = "Jane Roe contributed to this report.\n" + body
    article = clean_article(RawArticle("a.txt", text, "text"), _settings())
    assert article.text == text


def _settings():
    from storyfold.settings import Settings

    return Settings(progress=False)


def test_clean_article_nothing_removed_text_identical(settings):
    raw = RawArticle("a.txt", "  The ferry sank.\r\n\nNobody was hurt.  \n\n", "text", title="Ferry")
    article = clean_article(raw, settings)
    assert isinstance(article, Article)
    assert article.text == raw.text
    assert article.removed == []
    assert article.id == article_id(raw)
    assert article.title == "Ferry"


def test_clean_article_removes_whole_lines_keeping_every_other_character(settings):
    text = ("Unlock the Harbour Politics newsletter for free\n"
            "The ferry sank on Sunday.  \n"
            "\n"
            "The harbour at dawn © Harbour Daily\r\n"
            "  Nobody was hurt.\n"
            "Additional reporting by Leila Roe in Paris")
    raw = RawArticle("a.txt", text, "text", removed=["Harbour Daily — Home"])
    article = clean_article(raw, settings)
    assert article.text == "The ferry sank on Sunday.  \n\n  Nobody was hurt.\n"
    assert article.removed == ["Harbour Daily — Home", "Unlock the Harbour Politics newsletter for free",
                               "The harbour at dawn © Harbour Daily", "Additional reporting by Leila Roe in Paris"]
    assert article.id == article_id(raw)  # from the raw text: better rules do not change ids


def test_clean_article_only_furniture_is_rejected(settings):
    raw = RawArticle("a.txt", "Advertisement\nShare this article\n", "text", line=7)
    rejection = clean_article(raw, settings)
    assert isinstance(rejection, Rejection)
    assert (rejection.code, rejection.source, rejection.line) == ("empty_after_cleaning", "a.txt", 7)


def test_clean_article_blank_text_is_rejected(settings):
    rejection = clean_article(RawArticle("a.txt", " \n\t", "text"), settings)
    assert isinstance(rejection, Rejection) and rejection.code == "empty_after_cleaning"


def test_clean_article_min_text_chars_applies_after_removal(settings):
    raw = RawArticle("a.txt", "Advertisement\nShort.", "text")
    assert isinstance(clean_article(raw, settings), Article)
    rejection = clean_article(raw, settings.with_(min_text_chars=50))
    assert isinstance(rejection, Rejection) and rejection.code == "empty_after_cleaning"


def test_removable_lines_first_and_last_line_without_newline():
    text = "Advertisement\nThe ferry sank.\nShare this article"
    assert [text[s:e] for s, e in removable_lines(text)] == ["Advertisement\n", "Share this article"]


def test_removable_lines_adversarial_lines_finish():
    # Nested quantifiers are atomic: these would take minutes if they backtracked exponentially.
    stamp = "Updated " + "NOV " * 25 + "x"
    credit = "A caption © " + "Jane Roe/" * 40 + " said the minister"
    share = "Share " + "this article on " * 30 + "x"
    text = "\n".join([stamp, credit, share] * 20)
    assert removable_lines(text) == []


@given(st.lists(st.one_of(st.sampled_from([line for line, _ in POSITIVE]), st.sampled_from(NEGATIVE),
                          st.text(alphabet="ab ©:(/\t\r", max_size=12)), min_size=1, max_size=25),
       st.sampled_from(["\n", "\r\n"]))
@settings_(max_examples=80, deadline=None)
def test_clean_article_removes_whole_lines_only(lines, newline):
    from storyfold.settings import Settings

    text = newline.join(lines)
    result = clean_article(RawArticle("p.txt", text, "text"), Settings(progress=False))
    if isinstance(result, Rejection):
        assert result.code == "empty_after_cleaning"
        return
    # Walking the original lines, each is either the next kept line (characters untouched, its
    # newline included) or the next removed one: whole lines go, nothing else changes.
    kept, removed = _with_newlines(result.text), iter(result.removed)
    for line in _with_newlines(text):
        if kept and line == kept[0]:
            kept.pop(0)
        else:
            assert next(removed) == line.rstrip("\r\n")
    assert kept == [] and next(removed, None) is None
    assert not set(NEGATIVE) & set(result.removed)
    if not result.removed:
        assert result.text == text


def _with_newlines(text: str) -> list[str]:
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
