"""Claim speakers that depend on the document's structure and on syntax the parser gets
half right: transcripts, signatures, quotations inside the attribution, appositions,
sentences the parser breaks after a plain word, reported speech set into its clause."""

from __future__ import annotations

from briefing_reader.core.analysis.claims.speaker_labels import transcript_labels
from briefing_reader.core.analysis.pipeline import pipeline
from tests.test_claims import _claim, _claims_of

TRANSCRIPT = (
    "Partial transcript as follows:\n\n"
    "HOLLIS: Let me start with the budget. Will the governor sign the bill this week?\n\n"
    "BRANDT: The governor will sign it on Friday. The state cannot wait another year.\n\n"
    "HOLLIS: Then why did the senate delay the vote for a month?\n\n"
    "BRANDT: Because the senate wanted to hear from the mayors first.\n\n"
    "UPDATE: This story was corrected to give the date of the signing."
)


def test_transcript_labels_taking_turns_speak_without_being_named_elsewhere() -> None:
    assert transcript_labels(TRANSCRIPT) == {"HOLLIS", "BRANDT"}
    assert _claim(TRANSCRIPT, "start with the budget").speaker == "Hollis"
    assert _claim(TRANSCRIPT, "cannot wait").speaker == "Brandt"
    assert _claim(TRANSCRIPT, "story was corrected").speaker is None


def test_a_label_used_once_is_no_transcript() -> None:
    assert transcript_labels("LONDON: Prices rose again in March, the bureau said.") == set()


def test_a_dash_signature_names_the_quoted_person_the_model_missed() -> None:
    text = (
        "Readers answered our question about the election.\n\n"
        "\u201cThe candidates never talk about the rent that we pay every month.\u201d "
        "\u2015 Beck Pimentel\n"
        "\u201cNobody in this race has a plan for the schools in our town.\u201d "
        "\u2015 Carlos Raul"
    )
    assert _claim(text, "the rent").speaker == "Beck Pimentel"
    assert _claim(text, "schools").speaker == "Carlos Raul"


def test_a_quoted_title_after_the_verb_is_not_the_speaker() -> None:
    text = (
        "\u201cThere is a severe disconnect between this White House and our military,\u201d "
        "Michael Flynn, a top Trump surrogate, said Thursday morning on Fox News\u2019s "
        "\u201cFox and Friends.\u201d \u201cThere is a lot of frustration within the ranks.\u201d"
    )
    assert _claim(text, "frustration").speaker == "Michael Flynn"


def test_a_person_in_apposition_speaks_for_the_phrase() -> None:
    text = (
        "His former business partner at Lenox, Lawrence B. Cummings, called him a master "
        "at bolting together impossible business transactions."
    )
    assert _claim(text, "master").speaker == "Lawrence B. Cummings"


def test_no_sentence_ends_after_a_plain_word_inside_a_line() -> None:
    nlp = pipeline()
    doc = nlp(
        "At Monday\u2019s debate, Clinton cited disparaging remarks Trump had made about "
        "Machado as examples of his disrespect for women. He lives in Eau Claire, Wis. "
        "And he votes."
    )
    assert [s.text.split()[0] for s in doc.sents] == ["At", "He", "And"]


def test_reported_speech_set_into_its_clause_runs_on() -> None:
    text = (
        "The museum, Mr. Obama said, would make visitors face uncomfortable truths. "
        "But it would also capture the essential greatness of the United States."
    )
    claim = _claim(text, "essential greatness")
    assert (claim.speaker, claim.inferred) == ("Obama", "continuation")


def test_coordinated_attributions_under_a_main_clause_are_two_claims() -> None:
    text = (
        "The debate over coal is also predictable - Donald J. Trump has vowed to bring "
        "back lost mining jobs, and Hillary Clinton is promising to help mining "
        "communities move into new industries."
    )
    assert _claim(text, "lost mining jobs").speaker == "Donald J. Trump"
    assert _claim(text, "new industries").speaker == "Hillary Clinton"


def test_pronouns_in_a_quoted_report_skip_its_writer() -> None:
    text = (
        "The Post sent its reporter Stephanie Carver to a living room in Ohio.\n\n"
        "Carver reports:\n\n"
        '"Melanie Ross thought the whole thing was outrageous. She was anxious, sure.\n\n'
        "\u201cIt never crossed my mind that I was losing it,\u201d she said months later."
    )
    assert _claim(text, "crossed my mind").speaker == "Melanie Ross"


def test_an_object_does_what_it_was_made_to_say() -> None:
    text = (
        "Senator Elizabeth Warren questioned John Stumpf on Tuesday. Warren also forced "
        "Stumpf to admit that no senior executives have been held accountable."
    )
    assert _claim(text, "no senior executives").speaker == "John Stumpf"


def test_in_a_statement_frames_its_clause_and_a_name_owns_its_report() -> None:
    statement = (
        "In a statement issued Tuesday morning, presidential nominee Hillary Clinton was "
        "more circumspect than her fellow Democrats on the banking committee."
    )
    assert _claim(statement, "circumspect").speaker == "Hillary Clinton"
    report = (
        "Hillary Clinton is seizing upon a New York Times report that Donald Trump had a "
        "net loss of more than $915 million in 1995."
    )
    assert _claim(report, "net loss").speaker == "New York Times"


def test_sentences_about_speech_but_without_its_content_attribute_nothing() -> None:
    text = (
        "Donald Trump said the military is depleted and must grow.\n\n"
        "Trump made the comments Friday during a brief appearance in Grand Rapids.\n\n"
        "An attorney for Mills did not immediately respond to requests for comment.\n\n"
        "If Trump's plan rejected single mothers, black families would be affected."
    )
    for fragment in ("made the comments", "did not immediately respond", "single mothers"):
        claim = _claim(text, fragment)
        assert (claim.speaker, claim.attributed) == (None, False), fragment
    forward = (
        "Senator Bernie Sanders made the following comment: the real unemployment rate "
        "is 51 percent."
    )
    assert _claim(forward, "unemployment").speaker == "Bernie Sanders"


def test_reporters_credits_are_no_claims() -> None:
    text = (
        "The senate passed the budget on Friday after a long debate.\n\n"
        "Julie Hirschfeld Davis reported from Midway Atoll, and Mark Landler from Hawaii.\n\n"
        "Bryant Rousseau and Caryn Wilson contributed reporting."
    )
    assert [c.text[:10] for c in _claims_of(text)] == ["The senate"]
