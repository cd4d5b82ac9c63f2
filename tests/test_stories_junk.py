"""Texts that are not news (scraped notices, widgets, link lists) stand alone as their own story."""
from __future__ import annotations

import json
import subprocess
import sys

from storyfold.stories import StoryDoc, StorySettings, cluster_stories
from storyfold.stories.junk import is_not_news

# Written for this test: the shapes of what a crawler keeps when a page held no report.
ARCHIVE_NOTICE = ("These web captures were collected by an automated crawl for the Internet Archive. "
                  "The crawled pages are added to the Wayback Machine after an embargo period.")
WIDGET = ("Tweet with a location\n\nYou can add location information to your Tweets, such as your "
          "city. Twitter keeps the location history. Sign in to enable it.")
LINKS = "More: https://example.org/a https://example.org/b www.example.net/c see also"
REPORT = ("Flood waters rose across the Marrow valley on Tuesday, forcing 3,000 people from their homes, "
          "regional governor Petra Lind said. Rescue crews from Halden used boats to reach villages "
          "cut off since the weekend; the river crested at 7.4 metres at Brask bridge. ") * 3


def test_stories_junk_notices_and_link_lists_are_not_news():
    assert is_not_news(ARCHIVE_NOTICE)
    assert is_not_news(WIDGET)
    assert is_not_news(LINKS)


def test_stories_junk_reports_are_news_even_when_they_mention_twitter():
    assert not is_not_news(REPORT)
    assert not is_not_news(REPORT + " The governor posted updates on Twitter.")
    assert not is_not_news("")
    assert not is_not_news("Floods in Marrow.")  # short but no notice words


def test_stories_junk_copies_of_a_notice_do_not_make_a_story():
    docs = [StoryDoc(f"n{i}", WIDGET) for i in range(4)] + [StoryDoc("r1", REPORT), StoryDoc("r2", REPORT)]
    run = cluster_stories(docs)
    stories = [a.story for a in run.assignments]
    assert len(set(stories[:4])) == 4  # each notice alone
    assert stories[4] == stories[5] and stories[4] not in stories[:4]
    # Without the rule the four notices pile up into one false story.
    plain = cluster_stories(docs, settings=StorySettings(not_news_alone=False))
    assert len({a.story for a in plain.assignments[:4]}) == 1


def test_stories_junk_state_without_the_new_settings_still_loads():
    run = cluster_stories([StoryDoc("r1", REPORT)])
    old = json.loads(json.dumps(run.state))
    for name in ("not_news_alone", "embeddings", "dense_weight", "dense_join_threshold"):
        del old["settings"][name]
    again = cluster_stories([StoryDoc("r2", REPORT)], old)
    assert again.story_of["r2"] == again.story_of["r1"]


def test_stories_default_install_never_imports_torch():
    code = ("import sys; from storyfold.stories import cluster_stories, StoryDoc; "
            "cluster_stories([StoryDoc('a', 'Floods in Marrow valley'), StoryDoc('b', 'x')]); "
            "print(any(m.split('.')[0] in ('torch', 'sentence_transformers') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
