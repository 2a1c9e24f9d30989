"""Key claims, datelines, boilerplate, reported speech running on, clause-level claims,
and the user's claim corrections."""

from __future__ import annotations

import pytest

from briefing_reader.app import claims as ops
from briefing_reader.app.analysing import reanalyse
from briefing_reader.app.importing import analyse_file
from briefing_reader.core.analysis.claims.selection import MAX_KEY, key_count
from briefing_reader.core.analysis.claims.structure import dateline_end, is_furniture
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.library import Library
from tests.conftest import SEED_THANH_NIEN, SEED_YOMIURI


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[dict]]:
    return {p.name: analyse_file(p)["claims"] for p in (SEED_YOMIURI, SEED_THANH_NIEN)}


def _claims_of(text: str, source: str | None = None) -> list:
    from briefing_reader.core.analysis.pipeline import analyse

    return next(analyse([(text, source)])).claims


def _find(claims: list, fragment: str):
    matches = [c for c in claims if fragment in (c["text"] if isinstance(c, dict) else c.text)]
    assert matches, f"no claim containing {fragment!r}"
    return matches[0]


# -- the seeds ---------------------------------------------------------------------------


def test_thanh_nien_lead_is_the_newspapers_event(seeds: dict) -> None:
    lead = seeds[SEED_THANH_NIEN.name][0]
    assert lead["text"].startswith("The US has just strengthened")  # the dateline stays out
    assert (lead["kind"], lead["speaker"]) == ("event", "Thanh Nien Newspaper")
    assert lead["key"]


@pytest.mark.parametrize(
    "fragment", ["The US military in South Korea was given", "The South Korean military also went"]
)
def test_according_to_him_runs_on_in_its_paragraph(seeds: dict, fragment: str) -> None:
    claim = _find(seeds[SEED_THANH_NIEN.name], fragment)
    assert (claim["kind"], claim["speaker"]) == ("reported", "Yoichiro Sato")


def test_seed_key_lists_are_short_and_cover_the_sources(seeds: dict) -> None:
    for claims in seeds.values():
        key = [c for c in claims if c["key"]]
        assert 5 <= len(key) <= MAX_KEY
    yomiuri = [c for c in seeds[SEED_YOMIURI.name] if c["key"]]
    assert any("ironclad" in c["text"] and c["speaker"] == "Lloyd Austin" for c in yomiuri)
    experts = {c["speaker"] for c in seeds[SEED_THANH_NIEN.name] if c["key"]}
    assert {"Carl O. Schuster", "Stephen Robert Nagy", "Yoichiro Sato"} <= experts


# -- datelines and boilerplate -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("WASHINGTON (Reuters) - The Senate voted.", "The Senate"),
        ("LONDON -- Ministers met.", "Ministers"),
        ("Washington [US], July 30: The US has acted.", "The US"),
        ("BEIJING, Dec 5 (Reuters) - China said.", "China"),
        ("(Reuters) - The U.S. Senate voted.", "The U.S."),
        ("WASHINGTON/NEW YORK (Reuters) - Federal judges asked.", "Federal"),
        (
            "(In this Dec. 8 story, corrects a name) By Jo Spicer and Rob Cox NEW YORK (Reuters) - The Fed",
            "The Fed",
        ),
        ("By John Smith LONDON -- Ministers met.", "Ministers"),
        ("(Mr Blair) - a note in brackets.", None),
        ("PENCE: We will win this election.", None),  # a transcript label
        ("Sanders: Eliminate tax breaks now.", None),  # a headline's speaker
        ("In Washington - a city of monuments - life goes on.", None),
    ],
)
def test_datelines(text: str, end: str | None) -> None:
    assert dateline_end(text, 0) == (text.index(end) if end else 0)


def test_a_dateline_is_never_a_speaker_nor_an_x_said_line() -> None:
    text = (
        "Washington [US], July 30: The US has just strengthened military cooperation with "
        "Japan, while South Korea has promoted trilateral defense cooperation.\n\n"
        "SEOUL (Reuters) - South Korean officials met on Monday to discuss the plans."
    )
    first, second = _claims_of(text)[:2]
    assert first.text.startswith("The US") and first.speaker is None
    assert second.text.startswith("South Korean officials")


@pytest.mark.parametrize(
    "line",
    [
        "Featured image via Alex Wong/Getty Images",
        "Photo by Win McNamee/Getty Images.",
        "(Reporting by Lawrence Hurley; Editing by Sue Horton)",
        "Read more: the senator's full statement on the bill.",
        "Trump loses it on Twitter over the news coverage (VIDEO)",
        "Watch the video below:",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


def test_a_headline_above_a_dateline_is_no_claim() -> None:
    text = (
        "Flynn says cooperating with Russia probe, in best interest of U.S.\n\n"
        "(Reuters) - Former adviser Michael Flynn said in a statement on Friday that he would "
        "cooperate with the investigation.\n\n"
        "(Photo by Tasos Katopodis/Getty Images)The photographs show the two men at the White House."
    )
    claims = _claims_of(text)
    assert claims[0].text.startswith("Former adviser Michael Flynn said")
    assert claims[-1].text.startswith("The photographs show")


def test_boilerplate_is_never_a_claim() -> None:
    text = (
        "Senate Passes The Budget Bill After A Long Night\n\n"
        "The Senate passed the budget bill on Friday after a debate that lasted all night.\n\n"
        "Senator Jane Holloway said the bill would cut the deficit by a third.\n\n"
        "Trump lashes out at the senators who voted for the bill (VIDEO)\n\n"
        "Nobody expected the vote to pass so easily, right?Featured image via Alex Wong/Getty"
        " Images\n\n"
        "Photo by Win McNamee/Getty Images."
    )
    claims = _claims_of(text)
    texts = [c.text for c in claims]
    assert texts[0].startswith("The Senate passed")  # the headline line is no claim
    assert not any("VIDEO" in t or "Getty" in t or "Featured" in t for t in texts)
    assert not any(t.endswith("so easily, right?") for t in texts)  # a question
    assert claims[0].key


# -- reported speech running on; two attributions in one sentence ---------------------------


def test_said_that_runs_on_until_the_paragraph_ends() -> None:
    text = (
        "Finance Minister Ana Lopez said that the deficit had doubled since 2019. "
        "Spending on pensions had risen by a third over the same years.\n\n"
        "The ministry publishes its accounts every spring."
    )
    claims = _claims_of(text)
    running = _find(claims, "Spending on pensions")
    assert (running.kind, running.speaker, running.inferred) == (
        "reported",
        "Ana Lopez",
        "continuation",
    )
    assert running.named_at == (claims[0].start, claims[0].end)
    assert _find(claims, "publishes").speaker is None  # a new paragraph is the writer's


def test_a_present_tense_sentence_is_the_writers_again() -> None:
    text = (
        "According to Ana Lopez, the deficit doubled since 2019. "
        "The ministry publishes its accounts every spring in Madrid."
    )
    assert _find(_claims_of(text), "publishes").kind != "reported"


def test_two_attributions_in_one_sentence_are_two_claims() -> None:
    text = (
        "Democrats want policies that create more revenue, and Republicans want policies "
        "that create less revenue in the immediate term."
    )
    first, second = _claims_of(text)
    assert (first.text, first.speaker) == (
        "Democrats want policies that create more revenue",
        "Democrats",
    )
    assert second.text.startswith("Republicans want") and second.speaker == "Republicans"


def test_pronoun_speaker_records_the_sentence_naming_them() -> None:
    text = (
        "Senator Jane Holloway met reporters in Ohio on Monday.\n\n"
        "She said the bill would pass this week without another delay."
    )
    claims = _claims_of(text)
    said = _find(claims, "She said")
    assert (said.speaker, said.inferred) == ("Jane Holloway", "pronoun")
    assert text[said.named_at[0] : said.named_at[1]].startswith("Senator Jane Holloway met")


# -- selection ---------------------------------------------------------------------------------


def test_key_count_scales_with_the_document() -> None:
    assert key_count(3) == 3
    assert key_count(12) == 5
    assert key_count(25) == 7
    assert key_count(400) == MAX_KEY


def test_near_duplicates_are_not_both_key() -> None:
    sentence = "The central bank raised interest rates by half a point to 4.5 percent on Tuesday."
    filler = [
        f"Analyst number {i} wrote a long note about the housing market in region {i}."
        for i in range(12)
    ]
    text = "\n\n".join([sentence, *filler, sentence.replace("Tuesday", "Tuesday morning")])
    key = [c for c in _claims_of(text) if c.key]
    assert sum("central bank raised" in c.text for c in key) == 1


# -- corrections -------------------------------------------------------------------------------


def test_corrections_survive_reanalysis_and_reach_the_cli(seeded_library: Library) -> None:
    lib = seeded_library
    doc_id = next(d.id for d in lib.store.iter_all() if "Thanh" in (d.source or ""))
    every = ops.document_claims(lib, doc_id, every=True)
    key = ops.document_claims(lib, doc_id)
    assert 0 < len(key) < len(every) and all(c.key for c in key)
    lead, other = every[0], every[1]
    ops.correct_claim(lib, doc_id, lead.start, speaker="Lloyd Austin", kind="reported")
    ops.correct_claim(lib, doc_id, other.start, hidden=True)
    reanalyse(lib, [doc_id])
    after = {c.start: c for c in ops.document_claims(lib, doc_id, every=True, with_hidden=True)}
    assert (after[lead.start].speaker, after[lead.start].kind) == ("Lloyd Austin", "reported")
    assert after[lead.start].corrected and after[other.start].hidden
    assert other.start not in {c.start for c in ops.document_claims(lib, doc_id, every=True)}
    assert any(c.start == lead.start for c in ops.claims_by(lib, "Lloyd Austin"))
    with pytest.raises(BriefingError, match="no claim starting"):
        ops.correct_claim(lib, doc_id, lead.start + 1, hidden=True)
    with pytest.raises(BriefingError, match="unknown claim kind"):
        ops.correct_claim(lib, doc_id, lead.start, kind="rumour")
    assert ops.undo_claim_correction(lib, doc_id, lead.start)
    assert ops.undo_claim_correction(lib, doc_id, other.start)
    restored = ops.document_claims(lib, doc_id, every=True)
    assert restored[0].speaker == lead.speaker and len(restored) == len(every)
