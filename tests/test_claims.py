"""Key claims on the sample articles: kinds, speakers, hedges, scores, library queries."""

from __future__ import annotations

import pytest

from briefing_reader.app import claims as ops
from briefing_reader.app.entities import rename_entity
from briefing_reader.app.importing import analyse_file
from briefing_reader.app.searching import search
from briefing_reader.core.analysis.claims import KINDS, quote_regions
from briefing_reader.core.claim_store import no_speaker_label
from briefing_reader.core.library import Library
from tests.conftest import SEED_THANH_NIEN, SEED_YOMIURI


@pytest.fixture(scope="module")
def claims() -> dict[str, list[dict]]:
    return {p.name: analyse_file(p)["claims"] for p in (SEED_YOMIURI, SEED_THANH_NIEN)}


def find(claims: list[dict], start_of_text: str) -> dict:
    matches = [c for c in claims if start_of_text in c["text"]]
    assert matches, f"no claim containing {start_of_text!r}"
    return matches[0]


def test_contract_fields(claims: dict) -> None:
    for name, path in ((SEED_YOMIURI.name, SEED_YOMIURI), (SEED_THANH_NIEN.name, SEED_THANH_NIEN)):
        text = analyse_file(path)["document"]["text"]
        for claim in claims[name]:
            contract = {"start", "end", "text", "kind", "speaker", "hedges", "score"}
            assert set(claim) == contract | {"key"}
            assert text[claim["start"] : claim["end"]] == claim["text"]
            assert claim["kind"] in KINDS


def test_every_kind_occurs(claims: dict) -> None:
    kinds = {c["kind"] for cs in claims.values() for c in cs}
    assert kinds == set(KINDS)


@pytest.mark.parametrize(
    ("seed", "fragment", "kind", "speaker", "hedges"),
    [
        ("000", "is ironclad", "quote", "Lloyd Austin", []),
        ("000", "may have been aimed", "assessment", "The Yomiuri Shimbun", ["may have been"]),
        (
            "000",
            "is said to tend to prioritize",
            "assessment",
            "The Yomiuri Shimbun",
            ["is said to"],
        ),
        ("000", "reportedly failed", "event", "The Yomiuri Shimbun", ["reportedly"]),
        ("000", "Japan must play a leading role", "assessment", "The Yomiuri Shimbun", []),
        # an obligation the writer states, not Japan persuading anyone
        ("000", "Japan needs to persistently work", "assessment", "The Yomiuri Shimbun", []),
        ("000", "It can be said that", "assessment", "The Yomiuri Shimbun", []),
        ("000", "Austin visited Japan and met", "event", "The Yomiuri Shimbun", []),
        ("000", "If Yoon were forced to step down", "forecast", "The Yomiuri Shimbun", []),
        ("004", "assessed that this development stems", "reported", "Stephen Robert Nagy", []),
        ("004", "Trilateral cooperation is something", "quote", "Yoichiro Sato", []),
        ("004", "Diplomatic coordination goes hand in hand", "quote", "Yoichiro Sato", []),
        ("004", "signed the GSOMIA", "quote", "Yoichiro Sato", []),
        ("004", "The threats that Japan faces", "quote", "Carl O. Schuster", []),
        ("004", "seems to demonstrate", "quote", "Carl O. Schuster", ["seems to"]),
        ("004", "But he also said it could be", "reported", "Carl O. Schuster", ["could"]),
        (
            "004",
            "Institutionalizing trilateral cooperation",
            "quote",
            "Stephen Robert Nagy",
            ["may"],
        ),
        ("004", "wants to have a legacy", "quote", "Stephen Robert Nagy", []),
        ("004", "According to him", "reported", "Yoichiro Sato", []),
    ],
)
def test_seed_claims(
    claims: dict, seed: str, fragment: str, kind: str, speaker: str, hedges: list[str]
) -> None:
    name = SEED_YOMIURI.name if seed == "000" else SEED_THANH_NIEN.name
    claim = find(claims[name], fragment)
    assert (claim["kind"], claim["speaker"], claim["hedges"]) == (kind, speaker, hedges)


def test_multi_sentence_quote_keeps_its_speaker(claims: dict) -> None:
    schuster = [c for c in claims[SEED_THANH_NIEN.name] if c["speaker"] == "Carl O. Schuster"]
    assert len(schuster) >= 5


def test_headlines_and_source_lines_are_not_claims(claims: dict) -> None:
    texts = [c["text"] for cs in claims.values() for c in cs]
    assert not any(t.startswith(("Multi-benefit agreement", "Source:", "(From")) for t in texts)
    assert not any("\n\n" in t for t in texts)


def test_military_might_is_not_a_hedge(claims: dict) -> None:
    assert find(claims[SEED_YOMIURI.name], "is ironclad")["hedges"] == []


def test_quote_regions_pair_inner_quotes() -> None:
    text = '"Locking down relations, because Trump\'s "America First" tendencies may," he said.'
    [(start, end)] = quote_regions(text)
    assert text[start:end].endswith('may,"')


def test_importance_is_explained(claims: dict, seeded_library: Library) -> None:
    """Every score is exactly the weighted sum of the named features stored with it (a key
    claim also records its novelty against the key claims chosen before it)."""
    from briefing_reader.core.analysis.claims.scoring import WEIGHTS

    ranked = sorted(claims[SEED_YOMIURI.name], key=lambda c: -c["score"])
    assert ranked[0]["kind"] == "quote"  # the attributed quote leads the editorial
    doc_id = next(d.id for d in seeded_library.store.list() if d.source == "The Yomiuri Shimbun")
    stored = ops.document_claims(seeded_library, doc_id, order="importance", every=True)
    assert len(stored) == len(ranked)
    for claim in stored:
        assert set(claim.features) - {"novelty"} == set(WEIGHTS)
        assert all(0 <= value <= 1 for value in claim.features.values())
        explained = sum(WEIGHTS[name] * claim.features[name] for name in WEIGHTS)
        assert claim.score == pytest.approx(explained, abs=1e-3)
    assert stored[0].features["attributed"] == 1.0 and stored[0].kind == "quote"
    assert [c.score for c in stored] == sorted((c.score for c in stored), reverse=True)


@pytest.fixture
def lib(seeded_library: Library) -> Library:
    return seeded_library


def test_claims_by_and_about_across_library(lib: Library) -> None:
    by_austin = ops.claims_by(lib, "Lloyd Austin")
    assert [c.kind for c in by_austin] == ["quote"]
    assert "ironclad" in by_austin[0].text
    about = ops.claims_about(lib, "Osprey")
    assert len(about) >= 4 and all("Osprey" in c.text for c in about)
    editorial = ops.claims_by(lib, "Yomiuri")
    assert len(editorial) >= 15
    ranked = ops.document_claims(lib, by_austin[0].document_id, order="importance", limit=3)
    assert ranked[0].score >= ranked[-1].score
    assert set(ranked[0].features) - {"novelty"} == {
        "attributed",
        "kind",
        "entities",
        "numbers",
        "position",
        "centrality",
        "lead",
        "boilerplate",
    }


def test_speaker_and_claim_search(lib: Library) -> None:
    assert search(lib, "speaker:austin").total == 1
    assert search(lib, "speaker:sato").total == 1
    assert search(lib, "claim:ironclad").total == 1
    assert search(lib, "claim:osprey").total == 0  # only editorial sentences mention it


def test_entity_rename_reaches_speakers(lib: Library) -> None:
    rename_entity(lib, "Yoichiro Sato", "Sato Yoichiro")
    assert {c.speaker for c in ops.claims_by(lib, "Sato Yoichiro")} == {"Sato Yoichiro"}
    assert search(lib, 'speaker:"sato yoichiro"').total == 1


def _claims_of(text: str, source: str | None = None) -> list:
    from briefing_reader.core.analysis.pipeline import analyse

    return next(analyse([(text, source)])).claims


def test_pronoun_after_quote_and_continuation() -> None:
    text = (
        "Senator Jane Holloway met reporters in Ohio on Monday.\n\n"
        "\u201cThe bill will pass this week,\u201d she said. "
        "\u201cNobody in the chamber wants another delay.\u201d"
    )
    claims = _claims_of(text)
    quotes = [c for c in claims if c.kind == "quote"]
    assert len(quotes) == 2
    assert {c.speaker for c in quotes} == {"Jane Holloway"}


def test_statement_below_a_said_line() -> None:
    text = (
        "Foreign Office Minister Tobias Ellwood said:\n\n"
        "I utterly condemn the attack on the aid convoy near Aleppo yesterday.\n\n"
        "We will keep working with our partners to end this conflict."
    )
    claims = _claims_of(text, "UK Government")
    assert [c.speaker for c in claims] == ["Tobias Ellwood", "Tobias Ellwood"]
    assert not any(c.text.endswith("said:") for c in claims)


def test_subject_the_entity_model_missed() -> None:
    text = (
        "Stumpf said on Tuesday that the lowest-paid bank workers make $12 an hour in most regions."
    )
    [claim] = _claims_of(text)
    assert (claim.kind, claim.speaker) == ("reported", "Stumpf")


def test_worker_processes_give_the_same_analysis() -> None:
    """The parallel path (spawned workers, plain data back) matches the in-process one."""
    from briefing_reader.core.analysis.pipeline import analyse

    items = [
        (SEED_YOMIURI.read_text(encoding="utf-8"), "The Yomiuri Shimbun"),
        (SEED_THANH_NIEN.read_text(encoding="utf-8"), "Thanh Nien Newspaper"),
        ("Defense Minister Gen Nakatani met Lloyd Austin in Tokyo.", None),
    ]
    alone = list(analyse(items))
    parallel = list(analyse(items, processes=2, batch_size=1))
    assert [a.mentions for a in parallel] == [a.mentions for a in alone]
    assert [a.claims for a in parallel] == [a.claims for a in alone]


def _claim(text: str, fragment: str):
    matches = [c for c in _claims_of(text) if fragment in c.text]
    assert matches, f"no claim containing {fragment!r}"
    return matches[0]


@pytest.mark.parametrize(
    ("text", "fragment", "kind", "speaker"),
    [
        # stance, cognition, intention and finding verbs attribute; plain actions do not
        (
            "Donald Trump wants to build a wall along the southern border.",
            "wants",
            "reported",
            "Donald Trump",
        ),
        (
            "Donald Trump signed the bill into law at the White House on Tuesday.",
            "signed",
            "event",
            None,
        ),
        (
            "A new Quinnipiac poll found that most voters in Ohio oppose the deal.",
            "found",
            "reported",
            "Quinnipiac",
        ),
        (
            "Senator Elizabeth Warren has called for the breakup of the largest banks.",
            "called",
            "reported",
            "Elizabeth Warren",
        ),
        # adjectives of attitude
        (
            "Hillary Clinton is confident that she will win Ohio in November.",
            "confident",
            "reported",
            "Hillary Clinton",
        ),
        # light verbs with a statement as object, statements owned by someone
        (
            "Hillary Clinton issued a statement on Tuesday condemning the attack in Ohio.",
            "issued",
            "reported",
            "Hillary Clinton",
        ),
        (
            "Politifact seized on Donald Trump’s claim that there were thousands of shootings.",
            "seized",
            "reported",
            "Donald Trump",
        ),
        # the main clause speaks; a conjoined verb shares its subject
        (
            "Donald Trump wants a wall along the whole border, Mike Pence said on Sunday.",
            "wants",
            "reported",
            "Mike Pence",
        ),
        (
            "Ted Cruz exhorted Republicans to vote their conscience and said he was standing on principle.",
            "exhorted",
            "reported",
            "Ted Cruz",
        ),
        # "for X to do" is wanted, not said; a dateline is no speaker
        (
            "It is important for the United States to disclose information on equipment issues.",
            "disclose",
            "assessment",
            None,
        ),
        (
            "WASHINGTON -- President Obama said on Saturday that the museum would tell a story.",
            "museum",
            "reported",
            "Obama",
        ),
    ],
)
def test_attribution_verbs(text: str, fragment: str, kind: str, speaker: str | None) -> None:
    claim = _claim(text, fragment)
    assert (claim.kind, claim.speaker, claim.attributed) == (kind, speaker, speaker is not None)


def test_unnamed_speakers_report_without_a_speaker() -> None:
    said = _claim("Several cast members said the host rated contestants by their looks.", "cast")
    assert (said.kind, said.speaker, said.attributed) == ("reported", None, False)
    shown = _claim("The new figures show that unemployment fell in Ohio last month.", "figures")
    assert shown.kind != "reported"


def test_hedged_statement_stays_editorial() -> None:
    claim = _claim(
        "Donald Trump's claim that the deal was rigged may have been aimed at his voters in Ohio.",
        "aimed",
    )
    assert (claim.kind, claim.speaker) == ("assessment", None)


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Hillary Clinton met union leaders in Ohio on Monday.\n\nShe believes the trade deal would cost jobs.",
            "She believes",
            "Hillary Clinton",
        ),
        (
            "The Sierra Club filed a brief with the court on Monday.\n\nThey argue that the agency has the authority to act.",
            "They argue",
            "Sierra Club",
        ),
        (
            "Though she called the bank's behavior outrageous, Hillary Clinton restricted her comments to hypotheticals.",
            "Though she",
            "Hillary Clinton",
        ),
    ],
)
def test_pronoun_subjects(text: str, fragment: str, speaker: str) -> None:
    assert _claim(text, fragment).speaker == speaker


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # a definite role stands for the person just named; its place word is no speaker
        (
            "Bernie Sanders spoke to reporters in Burlington on Friday.\n\n"
            "The Vermont senator acknowledged that the primary had left deep divisions.",
            "acknowledged",
            "Bernie Sanders",
        ),
        # a subject shared through "by saying" and "after saying"
        (
            "Hillary Clinton spoke first at the debate in New York.\n\n"
            "She started off by emphasizing economic fairness and a higher minimum wage.",
            "emphasizing",
            "Hillary Clinton",
        ),
        (
            "Hillary Clinton fell ill at the memorial in New York.\n\n"
            "After saying her foot was badly swollen, she was taken to a hospital for tests.",
            "swollen",
            "Hillary Clinton",
        ),
        # a surname the entity model read as a common noun ("trump") before its verb
        (
            "Donald Trump spoke in Ohio on Friday.\n\n"
            "Trump charges that countries that stand to benefit from the deal donated millions.",
            "charges",
            "Donald Trump",
        ),
    ],
)
def test_subjects_the_parse_hides(text: str, fragment: str, speaker: str) -> None:
    claim = _claim(text, fragment)
    assert (claim.speaker, claim.attributed) == (speaker, True)


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            '"The border is a disaster and we will fix it on day one," said Sen. Ted Cruz, R-Texas.',
            "border",
            "Ted Cruz",
        ),
        (
            'Ryan Ellis is a tax consultant in Washington.\n\nThe plan is regressive, critics say. Said Ellis: "I don\'t get the sense she is interested in tax reform."',
            "Said Ellis",
            "Ryan Ellis",
        ),
        (
            "\u201cTrump must stop portraying Latinos as dangerous gangsters when most of us work hard.\u201d \u2015 Carla Sanchez",
            "gangsters",
            "Carla Sanchez",
        ),
        # the quotation's own "it" is not the subject of the verb after it
        (
            "\"If it doesn't have the capability yet, it will at some point, probably sooner "
            'rather than later," said James Acton, a physicist at the Carnegie Endowment.',
            "capability",
            "James Acton",
        ),
        (
            "Mr. Obama spoke at the museum on Saturday.\n\n''It won't eliminate gun violence from all our neighborhoods,'' Mr. Obama said.",
            "gun violence",
            "Obama",
        ),
        (
            "Sanders: Clinton needs to get away from all of this personality stuff.\n\nBernie Sanders offered some pointed advice to Hillary Clinton on Friday.",
            "personality",
            "Bernie Sanders",
        ),
    ],
)
def test_quote_speakers(text: str, fragment: str, speaker: str) -> None:
    claim = _claim(text, fragment)
    assert (claim.kind, claim.speaker) == ("quote", speaker)


def test_quote_takes_the_speaker_named_later_in_its_paragraph() -> None:
    text = (
        "Robby Mook said the campaign was ready for the debate. \u201cWe are ready,\u201d Mook said.\n\n"
        "\u201cThe first debate showed who is ready to lead the country.\u201d "
        "\u201cHe was not prepared for any of it,\u201d Jennifer Palmieri said."
    )
    assert _claim(text, "first debate").speaker == "Jennifer Palmieri"


def test_transcript_label_speaks_for_its_paragraph() -> None:
    text = (
        "Secretary of State John Kerry met reporters in Geneva on Friday.\n\n"
        "SECRETARY KERRY: We have agreed on a plan to reduce the violence in Syria. "
        "It will take effect at sundown on Monday.\n\n"
        "CLARIFICATION: An earlier version of this story misstated the date of the meeting."
    )
    claims = _claims_of(text)
    assert [c.speaker for c in claims if c.kind == "quote"] == ["John Kerry", "John Kerry"]
    assert _claim(text, "earlier version").speaker is None


def test_quote_regions_of_wire_copy() -> None:
    text = "He said it would tell ''a story of suffering and delight,'' he said."
    [(start, end)] = quote_regions(text)
    assert text[start:end] == "''a story of suffering and delight,''"


def test_quote_regions_nest_curly_quotes() -> None:
    text = "\u201cI\u2019d rather live in what he calls \u201chell\u201d than live with him.\u201d \u2015 Ana Ruiz"
    [(start, end)] = quote_regions(text)
    assert text[start:end].endswith("with him.\u201d")
    unclosed = "\u201cAn unclosed quote and \u201canother\u201d one."
    [(start, end)] = quote_regions(unclosed)
    assert unclosed[start:end] == "\u201cAn unclosed quote and \u201canother\u201d"


def test_claims_without_a_speaker_are_labelled_by_kind() -> None:
    assert no_speaker_label("reported") == "unnamed source"
    assert no_speaker_label("quote") == "unnamed source"
    assert no_speaker_label("event") == "speaker unknown"


def test_dateline_subject_gives_way_to_the_person_after_it() -> None:
    text = (
        "WASHINGTON -- President Obama, opening the museum on Saturday, said it would "
        "tell an American story of suffering and hope."
    )
    assert _claim(text, "American story").speaker == "Obama"


def test_continued_colon_introduces_the_next_paragraph() -> None:
    text = (
        "Pollster Pat Caddell spoke on the radio on Thursday.\n\n"
        "Caddell continued:\n\n"
        '"The health issue overall is very much a partisan issue, and the numbers show it."'
    )
    assert _claim(text, "health issue").speaker == "Pat Caddell"


def test_as_someone_put_it_attributes_the_quote() -> None:
    text = (
        "The channel's editor, Margarita Simonyan, runs the newsroom.\n\n"
        "As Ms. Simonyan put it in a statement in July, the channel is "
        "''providing a perspective you won't get from the mainstream press.''"
    )
    assert _claim(text, "perspective").speaker == "Margarita Simonyan"


def test_pronouns_agree_in_gender_with_what_the_text_says() -> None:
    text = (
        "Mrs. Ana Ruiz, the mayor, met Governor Tom Baker in Columbus on Monday. "
        "Baker said he would veto the budget.\n\n"
        '"The city cannot wait another year," she said.'
    )
    assert _claim(text, "cannot wait").speaker == "Ana Ruiz"


def test_a_position_taken_is_reported_as_its_holders() -> None:
    claim = _claim(
        "Senator Mark Ellis has long blocked the pipeline expansion in his state.", "pipeline"
    )
    assert (claim.kind, claim.speaker) == ("reported", "Mark Ellis")
    backed_out = _claim(
        "Under pressure from the unions, Senator Mark Ellis backed out of the trade deal.", "trade"
    )
    assert backed_out.speaker is None
