"""Name variants -> one entity: containment, spelling, titles, possessives, label vote, roles."""
from __future__ import annotations

from storyfold.entities import Entity, NameMention, canonical_name, group_mentions, resolve_role
from storyfold.entities.names import clean_name, similar_spelling


def m(name: str, label: str = "PERSON", title: str = "", roles: tuple[str, ...] = (), article: str = "a",
      place: bool = False) -> NameMention:
    return NameMention(article, name, label, title, roles, False, place)


def test_entities_names_titles_and_possessives_are_stripped():
    assert clean_name("Sir Keir Starmer") == "Keir Starmer"
    assert clean_name("President Zelensky’s") == "Zelensky"
    assert clean_name("UK Prime Minister Sir Keir Starmer") == "Keir Starmer"
    assert clean_name("the Home Office", person=False) == "Home Office"


def test_entities_spelling_variants_match_but_short_different_names_do_not():
    assert similar_spelling("Zelensky", "Zelenskyy") and similar_spelling("Zelensky", "Zelenksy")
    assert not similar_spelling("Trump", "Tusk") and not similar_spelling("Healey", "Haley")


def test_entities_variants_merge_to_the_fullest_name_with_a_voted_label():
    mentions = [m("Volodymyr Zelenskyy", article="1"), m("Zelenskyy", "GPE", article="1"),
                m("Zelensky", "ORG", title="President", article="2"), m("Zelenksy", "ORG", article="3"),
                m("Keir Starmer"), m("Starmer", "ORG"), m("Starmer", "ORG"), m("Keir", "PERSON")]
    entities = {e.name: e for e in group_mentions(mentions)}
    zelenskyy = entities["Volodymyr Zelenskyy"]
    assert zelenskyy.type == "PERSON" and zelenskyy.articles == ["1", "2", "3"]
    assert {"Zelenskyy", "Zelensky", "Zelenksy", "President Zelensky"} <= set(zelenskyy.aliases)
    assert entities["Keir Starmer"].mentions == 4 and entities["Keir Starmer"].type == "PERSON"
    assert len(entities) == 2


def test_entities_different_people_with_one_given_name_stay_apart():
    entities = group_mentions([m("Donald Trump"), m("Donald Tusk"), m("Trump"), m("Tusk"), m("Donald")])
    names = sorted(e.name for e in entities)
    assert names == ["Donald", "Donald Trump", "Donald Tusk"]  # "Donald" alone is ambiguous: kept apart


def test_entities_a_place_used_as_a_place_does_not_join_a_person():
    entities = group_mentions([m("George Washington"), m("Washington", "GPE", place=True)])
    assert sorted(e.name for e in entities) == ["George Washington", "Washington"]


def test_entities_roles_resolve_only_when_the_story_makes_them_unambiguous():
    people = [Entity("Keir Starmer", "PERSON", roles=["UK prime minister"]),
              Entity("Donald Tusk", "PERSON", roles=["Polish prime minister"]),
              Entity("Volodymyr Zelenskyy", "PERSON", roles=["Ukraine's president"])]
    assert resolve_role("the British premier", people) == "Keir Starmer"
    assert resolve_role("the Ukrainian leader", people) == "Volodymyr Zelenskyy"
    assert resolve_role("the PM", people) is None  # two prime ministers: kept ambiguous
    assert resolve_role("one ally of Starmer", people) is None
    assert canonical_name("Starmer", people) == "Keir Starmer"
