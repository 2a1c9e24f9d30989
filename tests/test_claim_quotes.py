"""Who speaks in a quotation set into a longer sentence, and whom a pronoun before it
stands for: names before a dash, the acting subject against a name merely mentioned,
and names standing where a place would."""

from __future__ import annotations

from briefing_reader.core.analysis.claims import extract_claims
from briefing_reader.core.analysis.entities import Mention
from briefing_reader.core.analysis.pipeline import pipeline
from tests.test_claims import _claim


def test_an_example_named_before_a_dash_speaks_the_quotation() -> None:
    text = (
        "A chorus of prominent economists has said the same thing, including the former "
        "minister Paul Denholm -- \u201cIt is reckless to cut the budget for roads this "
        "year\u201d -- and the banker Ruth Agnew."
    )
    assert _claim(text, "reckless").speaker == "Paul Denholm"


def test_a_name_the_quotation_is_about_does_not_speak_it() -> None:
    text = (
        "Martin Hale said the network never told him what to say. He said Victor Crane "
        "has recently seemed supportive of Diane Foley -- \u201ca completely different "
        "Victor to me, which was a shock to me.\u201d"
    )
    assert _claim(text, "completely different").speaker != "Diane Foley"


def test_the_acting_subject_speaks_quotations_set_into_his_sentence() -> None:
    text = (
        "The issue grew after the debate, when Maria Ortega suggested that Daniel "
        "Dunmore \u201chas paid nothing in federal taxes for years.\u201d\n\n"
        "Mr. Dunmore hardly clarified the matter, treating Ms. Ortega's remark first as a "
        "compliment -- \u201cThat makes me smart\u201d -- and, when questioned after the "
        "debate, asserting, \u201cOf course, I pay federal taxes.\u201d"
    )
    assert _claim(text, "makes me smart").speaker == "Daniel Dunmore"


def test_a_pronoun_skips_a_name_standing_where_a_place_would() -> None:
    text = (
        "Senator Tom Barker said the refuge must be protected for good.\n\n"
        "During his tour of the birds on Kilimora, he paused to make a remark.\n\n"
        "\u201cMy hope,\u201d he said, \u201cis that the reef will survive another century.\u201d"
    )
    doc = pipeline()(text)
    mentions = [
        Mention(text.find("Tom"), text.find(" said"), "Tom Barker", "PERSON", "Tom Barker"),
        # the entity model may read an island as a person; a pronoun must not take it
        Mention(text.find("Kilimora"), text.find(", he"), "Kilimora", "PERSON", "Kilimora"),
    ]
    claims = extract_claims(doc, mentions)
    [quote] = [c for c in claims if "reef" in c.text]
    assert quote.speaker == "Tom Barker"


def test_a_clause_of_time_dates_the_quotation_it_follows() -> None:
    text = (
        "Maria Ortega has a new campaign ad hitting Daniel Dunmore over his taxes. "
        "The spot concludes with footage of Dunmore saying during the debate last week, "
        "\u201cThat makes me smart,\u201d when Ortega blasted him for not paying income tax."
    )
    assert _claim(text, "makes me smart").speaker == "Daniel Dunmore"


def test_a_pronoun_takes_a_name_the_entity_model_missed_in_its_sentence() -> None:
    text = (
        "Dr. Walter Pemberton hosts a daily health show on cable.\n\n"
        "Senator Claire Hobbs called the show dangerous.\n\n"
        "Pemberton's dubious advice earned him a hearing, where he appeared for his role "
        "in promoting diet pills and for saying that a tea was a \u201cmagic cure for "
        "every body type.\u201d"
    )
    doc = pipeline()(text)
    named = [("Walter Pemberton", "PERSON"), ("Claire Hobbs", "PERSON")]
    mentions = [
        Mention(text.find(name), text.find(name) + len(name), name, label, name)
        for name, label in named
    ]  # the surname alone in the last paragraph is not a mention, as the model may miss it
    claims = extract_claims(doc, mentions)
    [claim] = [c for c in claims if "magic cure" in c.text]
    assert claim.speaker == "Walter Pemberton"


def test_an_opening_clause_that_attributes_to_someone_else_is_its_own_claim() -> None:
    text = (
        "When the mayor, Anna Lind, noted that the bridge had been closed for a year, "
        "Paul Brandt boasted that his company would reopen it within a week."
    )
    assert _claim(text, "closed for a year").speaker == "Anna Lind"
    assert _claim(text, "reopen it").speaker == "Paul Brandt"


def test_an_attitude_the_tagger_read_as_a_verb_is_its_subjects_stance() -> None:
    text = (
        "Senator Ruth Agnew met with the new ministers and came away convinced that real "
        "reforms were underway."
    )
    claim = _claim(text, "reforms")
    assert (claim.kind, claim.speaker) == ("reported", "Ruth Agnew")
    persuaded = "Ruth Agnew convinced the ministers that reforms were needed."
    assert _claim(persuaded, "reforms").speaker is None


def test_a_statement_spelled_out_reports_its_maker_even_when_hedged() -> None:
    arguments = (
        "Republicans also persisted in arguments that the committee is trying to "
        "second-guess the decision of the prosecutors."
    )
    assert _claim(arguments, "second-guess").speaker == "Republicans"
    remarks = (
        "Governor Paul Brandt spoke in Dayton on Friday.\n\n"
        "But his remarks on Saturday carried a more personal tone, and a tacit "
        "acknowledgment that he may be the only one who can win the state."
    )
    assert _claim(remarks, "tacit").speaker == "Paul Brandt"


def test_a_quotation_goes_on_from_the_speaker_of_the_sentence_before_it() -> None:
    text = (
        "\u201cI was tired of the business,\u201d Tom Clarke said of the sale in 1999.\n\n"
        "His former business partner, Lawrence Cummings, called him a master at bolting "
        "together deals. \u201cHe showed again and again an ability to close deals that "
        "other people could not.\u201d"
    )
    assert _claim(text, "again and again").speaker == "Lawrence Cummings"


def test_a_one_word_brand_the_tagger_read_as_a_noun_speaks() -> None:
    text = (
        "Polling averages show Maria Ortega with a lead in the low single digits, with "
        "RealPollWatchers showing her ahead by 3 points."
    )
    assert _claim(text, "ahead by").speaker == "RealPollWatchers"


def test_a_name_before_a_colon_and_a_quotation_speaks_it() -> None:
    text = (
        "A lesson from Sally Ames: 'Be the voice that people hear.'\n\n"
        "As a young lawyer, Sally Ames said she was asked to present her research."
    )
    claim = _claim(text, "Be the voice")
    assert (claim.kind, claim.speaker) == ("quote", "Sally Ames")
    assert _claim("Prices rose in March: 'a shock' for the markets.", "Prices").speaker is None


def test_according_to_a_document_names_its_filer_over_an_earlier_quotation() -> None:
    text = (
        "\u201cWe will rebuild the resort,\u201d said the developer Ariel Moss.\n\n"
        "According to a civil complaint filed by the Federal Trade Commission, the "
        "developers ran a \u201cmassive fraudulent scheme\u201d in which they \u201ctook "
        "the savings of hundreds of investors.\u201d"
    )
    assert _claim(text, "fraudulent").speaker == "Federal Trade Commission"


def test_seeing_something_as_something_else_is_a_view() -> None:
    text = (
        "Critics of the visa program, like Senators Ruth Agnew and Paul Brandt, see "
        "reauthorization of the program as an opportunity to fix problems."
    )
    assert _claim(text, "opportunity").speaker == "Ruth Agnew"
    seen = "Ruth Agnew saw the video of the flood in the capital last week."
    assert _claim(seen, "video").speaker is None


def test_feeling_read_as_a_passive_is_the_subjects_stance() -> None:
    text = (
        "Many Canadians felt betrayed when Mr. Laval invited Mr. Dunmore to a meeting "
        "in Ottawa, sending his approval ratings lower."
    )
    assert _claim(text, "betrayed").speaker == "Canadians"


def test_a_subject_the_parser_read_as_an_object_keeps_its_verb() -> None:
    text = (
        "Paul Brandt has been targeting Ortega since Clinton, at Monday\u2019s debate, "
        "cited derogatory comments Brandt had made about Ortega."
    )
    assert _claim(text, "derogatory").speaker == "Clinton"


def test_a_finite_verb_hung_on_a_name_has_that_name_for_subject() -> None:
    from spacy.tokens import Doc

    from briefing_reader.core.analysis.claims.subjects import subject_speaker

    # the parse as the parser sometimes gets it wrong: "called" a reduced relative on
    # the name, as if "a man called John"
    words = ["efforts", "--", "which", "Lena", "Halvorsen", "called", "it", "theatre"]
    doc = Doc(
        pipeline().vocab,
        words=words,
        heads=[0, 0, 4, 4, 0, 4, 5, 5],
        deps=["ROOT", "punct", "det", "compound", "acl", "acl", "dobj", "oprd"],
        tags=["NNS", ":", "WDT", "NNP", "NNP", "VBD", "PRP", "NN"],
    )
    start = doc[3].idx
    name = Mention(
        start, doc[4].idx + len("Halvorsen"), "Lena Halvorsen", "PERSON", "Lena Halvorsen"
    )
    assert subject_speaker(doc[5], [name]) == (name, None)
    doc[5].tag_ = "VBN"  # "a man called John" names him: no subject
    assert subject_speaker(doc[5], [name]) == (None, None)


def test_according_to_opening_a_sentence_holds_the_report_inside_it() -> None:
    text = (
        "According to the Daily Ledger, campaign spokesman Jesse Warren said Friday that "
        "if his candidate won, \u201cshe would sign this bill the day it reached her desk.\u201d"
    )
    assert _claim(text, "sign this bill").speaker == "Daily Ledger"
