"""Speaker rules for the harder shapes of attribution, on invented sentences through the real parser.

Each shape here was a speaker error class on real news (PolNeAR dev): the fix is general, so the
sentences are new ones, not the articles it was seen in.
"""
from __future__ import annotations

from storyfold.quotes import find_quotes


def only(text: str):
    found = find_quotes([("a", text)])
    assert len(found) == 1, [(q.text, q.speaker) for q in found]
    q = found[0]
    if q.speaker_span is not None:
        assert text[q.speaker_span[0]:q.speaker_span[1]] == q.speaker
    return q


def test_speakers_attribution_after_a_comma_beats_the_clause_before_the_colon():
    # the statement frames it, the union is who wrote it
    q = only("The statement also referenced the impact it said the senator would have on pensions: "
             "“Her record on pensions is second to none,” the union wrote.")
    assert q.speaker == "the union"


def test_speakers_pronoun_after_the_quote_resolves_to_the_name_before_the_colon():
    # the parser hangs "scolded" under "said"; the words are still hers, and "she" is Kaplan
    q = only("Senator Ruth Kaplan scolded the minister: “Your figures on the hospital budget do not "
             "add up at all,” she said.")
    assert q.speaker == "she" and q.speaker_resolved == "Ruth Kaplan"


def test_speakers_colon_clause_speaker_is_the_subject_of_the_clause_the_colon_ends():
    q = only("The mayor grew so impatient with the questions, that I had to change my answer: "
             "“Of course the budget will balance next year.”")
    assert q.speaker == "I"


def test_speakers_a_name_right_before_a_participle_cue_is_who_speaks():
    q = only("The new ad uses footage of Martin Delacroix asking, “Why aren’t we fifty points ahead, "
             "you might ask?”")
    assert q.speaker == "Martin Delacroix"


def test_speakers_a_report_inside_a_report_goes_to_the_outer_reporter():
    q = only("Marsh said he recalled thinking, “This is what the whole valley has feared for years.”")
    assert q.speaker == "Marsh"


def test_speakers_pronoun_in_a_clause_about_another_event_keeps_its_own_referent():
    # "after she blamed": her own act, reported by the writer, not the words of the main subject
    quotes = find_quotes([("a", "Governor Dale Whitcombe called the senator a “disgrace” a day after she "
                                "attacked the county for “years of neglect” of the levees.")])
    by_text = {q.text: q.speaker for q in quotes}
    assert by_text.get("disgrace") == "Dale Whitcombe"
    assert by_text.get("years of neglect") == "she"


def test_speakers_free_relative_pronoun_belongs_to_the_sentence_subject():
    q = only("Harriet Moss rejects what she calls the “dangerous fantasy” of a tax-free state.")
    assert q.speaker == "Harriet Moss"


def test_speakers_passive_ask_does_not_make_the_person_asked_the_speaker():
    found = find_quotes([("a", "In the interview, Councillor Ben Ayodele was asked, “Will you resign "
                                "if the audit finds any wrongdoing at all?”")])
    assert found and all(q.speaker is None or "Ayodele" not in q.speaker for q in found)


def test_speakers_a_denied_cue_does_not_speak_the_next_quote():
    text = ("“We have seen intrusions before,” the president said after the summit. He did not "
            "suggest any retaliation. “Our aim is to set rules so that everybody acts responsibly.”")
    quotes = find_quotes([("a", text)])
    last = [q for q in quotes if q.text.startswith("Our aim")]
    assert last and last[0].speaker == "the president"


def test_speakers_inverted_cue_opening_a_paragraph_before_a_quoted_paragraph():
    for opening, speaker in (("Added the senator:", "the senator"), ("Said the senator from Ohio:", "the senator from Ohio"),
                             ("Wrote the judge in her ruling:", "the judge")):
        text = opening + "\n\n“I think that the stakes are so high that nobody can sit this one out.”\n"
        assert only(text).speaker == speaker, opening


def test_speakers_subject_misparsed_before_an_apposed_name():
    q = only("Ten days before the ballot, Tom Okoro, the party treasurer, called the budget “a fantasy” "
             "in a letter.")
    assert q.speaker is not None and "Okoro" in q.speaker


def test_speakers_participle_after_a_comma_takes_the_subject_of_the_clause_before():
    text = ("“The whole debate today, the old question again, is pointless,” Okafor said, going on to say "
            "that the county has spent “decades fighting over the same stretch of river.”")
    quotes = find_quotes([("a", text)])
    later = [q for q in quotes if q.text.startswith("decades")]
    assert later and later[0].speaker == "Okafor"
