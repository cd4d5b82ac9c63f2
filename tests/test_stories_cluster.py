"""Story clustering on small cases: events kept apart, one story kept together, copies, bad input."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES
from storyfold import api
from storyfold.copies import CopyDoc, find_copies
from storyfold.errors import UsageError
from storyfold.stories import (StoryDoc, StoryIndex, StorySettings, cluster_stories, features,
                                headline, story_id_for)

QUAKE_A = [
    ("a1", "2024-05-02T06:00:00Z", "Magnitude 6.8 earthquake strikes Valdoria",
     "A magnitude 6.8 earthquake struck near the coastal city of Valdoria early on Thursday, "
     "killing at least 42 people, the Meridian Seismic Service said. Governor Ilse Brantwick "
     "said rescue teams from Orsk and Tamber were searching collapsed flats in the old harbour. "
     "The quake hit at a depth of 12 km."),
    ("a2", "2024-05-02T15:00:00Z", "Valdoria quake: death toll rises to 57",
     "Rescuers in Valdoria pulled survivors from the rubble as the death toll from Thursday's "
     "6.8 magnitude earthquake rose to 57. Governor Ilse Brantwick asked for tents and "
     "generators; the Meridian Seismic Service recorded 30 aftershocks near the harbour."),
]
QUAKE_B = [
    ("b1", "2024-05-09T11:00:00Z", "Strong quake hits mountain town of Kessel Ridge",
     "A magnitude 5.9 earthquake shook the mountain town of Kessel Ridge on Thursday, injuring "
     "15 people and cutting the pass road to Dunmoor, mayor Olek Farrow said. The Meridian "
     "Seismic Service put the depth at 8 km; the tremor was felt as far as Valdoria."),
    ("b2", "2024-05-09T19:00:00Z", "Kessel Ridge cut off after 5.9 earthquake",
     "Landslides after the 5.9 magnitude earthquake closed the only road into Kessel Ridge, "
     "mayor Olek Farrow said, and 15 injured people were flown to Dunmoor. Engineers expect "
     "the pass to reopen by Sunday."),
]


def _docs(rows):
    return [StoryDoc(i, text, title, published) for i, published, title, text in rows]


def test_stories_two_earthquakes_a_week_apart_stay_apart():
    run = cluster_stories(_docs(QUAKE_A + QUAKE_B))
    story = {a.article: a.story for a in run.assignments}
    assert story["a1"] == story["a2"]
    assert story["b1"] == story["b2"]
    assert story["a1"] != story["b1"]
    assert len(run.stories) == 2


def test_stories_example_corpus_keeps_the_two_quakes_and_the_vote_apart():
    """examples/expected.json: Port Aldine quake, Kirrow quake a week later (same officials,
    mentions Port Aldine) and the Eastway rail vote are three stories, each whole."""
    import json

    key = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))
    articles = list(api.extract([EXAMPLES]))
    name = {a.id: a.source.replace("\\", "/").rsplit("/", 1)[-1] + (f"#{a.line}" if a.line else "")
            for a in articles}
    copy_of = find_copies([CopyDoc(a.id, a.text, a.published) for a in articles]).copy_of
    run = cluster_stories(articles, copy_of=copy_of)
    found = sorted(sorted(name[i] for i in story.articles) for story in run.stories)
    expected = sorted(sorted(story["files"]) for story in key["stories"])
    assert found == expected


def test_stories_seed_articles_are_one_story(seeds_dir):
    """The five seed articles (one London summit, five outlets, different wording) are one story."""
    articles = list(api.extract([seeds_dir]))
    assert len(articles) == 5
    run = cluster_stories(articles)
    assert len({a.story for a in run.assignments}) == 1


def test_stories_one_story_worded_differently_stays_together():
    rows = [
        ("r1", "2024-03-04", None, "Parliament in Lisvane voted 212 to 190 on Monday to approve the "
         "Harwick dam, ending a six-year dispute over the River Auden, Prime Minister Tomas Reyl said."),
        ("r2", "2024-03-05", None, "Lawmakers narrowly backed the contested Harwick dam on the Auden "
         "river, 212 votes to 190, handing Tomas Reyl a win after years of protests in Lisvane."),
        ("r3", "2024-03-05", None, "Tomas Reyl's government won Monday's vote on the Harwick "
         "hydroelectric dam by 22 votes; farmers along the Auden said they would go to court."),
    ]
    run = cluster_stories(_docs(rows))
    assert len({a.story for a in run.assignments}) == 1


def test_stories_copies_join_their_origin_story():
    rows = QUAKE_A + QUAKE_B
    copy = ("c1", "2024-05-10T08:00:00Z", None, "Completely unrelated words about gardening tips.")
    run = cluster_stories(_docs(rows + [copy]), copy_of={"c1": "b1"})
    story = {a.article: a for a in run.assignments}
    assert story["c1"].story == story["b1"].story
    assert story["c1"].how == "copy"


def test_stories_a_story_goes_cold():
    """The same report a season later is a new story: stories go cold."""
    text = QUAKE_A[0][3]
    run = cluster_stories([StoryDoc("x1", text, None, "2024-01-01"), StoryDoc("x2", text, None, "2024-04-01")])
    assert run.assignments[0].story != run.assignments[1].story


def test_stories_empty_and_one_word_texts_never_raise():
    docs = [StoryDoc("e1", ""), StoryDoc("e2", "   \n\t "), StoryDoc("e3", "Earthquake"),
            StoryDoc("e4", "earthquake"), StoryDoc("e5", "!!! ??? ---"), StoryDoc("e6", "x" * 1_000_000),
            StoryDoc("e7", "\u00e9t\u00e9 \u0416\u0443\u043a \u6f22\u5b57 \U0001f600 \x00 \ud800"),
            StoryDoc("e8", "", "Only a title here"), StoryDoc("e9", "1 2 3 4 5 6 7 8 9 10")]
    run = cluster_stories(docs)
    assert [a.article for a in run.assignments] == [d.id for d in docs]
    assert all(a.story.startswith("s") for a in run.assignments)
    assert all(isinstance(story.title, str) for story in run.stories)
    # Texts with no features at all cannot join anything: each starts its own story.
    assert run.assignments[0].story != run.assignments[1].story


def test_stories_bad_arguments_raise_usage_error():
    with pytest.raises(UsageError):
        cluster_stories([42])
    with pytest.raises(UsageError):
        cluster_stories([StoryDoc("", "text")])
    with pytest.raises(UsageError):
        StoryIndex.from_state({"version": 999})


def test_stories_story_id_is_derived_from_the_first_article():
    run = cluster_stories(_docs(QUAKE_A))
    assert run.stories[0].id == story_id_for("a1")
    assert story_id_for("a1") == story_id_for("a1") != story_id_for("a2")


def test_stories_features_read_names_numbers_and_places():
    counts = features("Reid said on Friday. Tara Reid checked into Promises in Malibu, her 33rd "
                      "birthday.\nThe Big Apple")
    assert counts["n:tara reid"] == 1
    assert counts["e:reid"] == 2  # the sentence opener "Reid" is a name seen elsewhere
    assert counts["p:malibu"] == 1
    assert counts["d:33"] == 1 and "w:rd" not in counts  # "33rd" is the number 33
    assert counts["n:big apple"] == 1 and "e:the" not in counts
    assert counts["w:birthday"] == 1


def test_stories_headline_is_short_and_readable():
    assert headline("A real title", "Body.") == "A real title"
    line = headline(None, "VALDORIA\n\nA magnitude 6.8 earthquake struck near the city early on "
                          "Thursday, killing at least 42 people, officials said. More follows.")
    assert line.startswith("A magnitude 6.8 earthquake") and len(line.split()) <= 15
    assert headline(None, "") == ""


# Written for this test: two floods whose reports share a long background section word for word;
# only the leads say which flood each one is.
_BACKGROUND = (
    "\n\nRiver floods have grown more frequent across the region over the past decade, a pattern "
    "hydrologists link to heavier autumn rain and to farmland drained for building. Insurers have "
    "raised premiums for riverside homes, and many households now go without cover. The national "
    "water agency has promised new embankments, pumping stations and warning sirens, but the work "
    "has fallen years behind schedule for lack of funds and engineers. Residents say warnings often "
    "come too late, and volunteers have formed their own groups to fill sandbags and move the "
    "elderly. ") * 3


def test_stories_lead_pulls_apart_reports_that_share_their_background():
    a = [StoryDoc(f"a{i}", f"Flood waters forced {n} people from homes in the Marrow valley, "
                           f"governor Petra Lind said on {day}. Lind asked Halden and Corby for "
                           "boats as the Marrow crested at Brask bridge. Lind said Marrow valley "
                           "schools would shelter families from Halden." + _BACKGROUND)
         for i, (n, day) in enumerate([("3,000", "Tuesday"), ("3,400", "Wednesday")])]
    b = [StoryDoc(f"b{i}", f"Flood waters cut off {n} villages in the Tessel basin, mayor Jon "
                           f"Dunmore of Orvik said on {day}. Dunmore said helicopters from Pellam "
                           "airfield reached Tessel villages. Orvik hospital took in patients from "
                           "the Tessel basin, Dunmore said." + _BACKGROUND)
         for i, (n, day) in enumerate([("12", "Friday"), ("15", "Saturday")])]
    def similarity_of_b0(settings: StorySettings) -> float:
        assignments = StoryIndex(settings).add(a + b[:1])
        return assignments[2].similarity if assignments[2].how == "joined" else 0.0

    # Counting the leads again pulls the other flood's report away from the first story.
    assert similarity_of_b0(StorySettings()) < similarity_of_b0(StorySettings(lead_repeats=0)) - 0.03
    # ... while a report of the same flood stays as close.
    assert StoryIndex().add(a)[1].similarity > 0.7


def test_stories_lead_settings_are_checked():
    with pytest.raises(UsageError):
        StorySettings(lead_chars=-1)
    with pytest.raises(UsageError):
        StorySettings(lead_repeats=1.5)
