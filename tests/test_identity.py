"""Library-wide identity: which names are one entity, decided from the whole library."""

from __future__ import annotations

from briefing_reader.core.analysis.identity import (
    NameUse,
    groups_of,
    resolve_library,
    spelling_key,
)


def use(doc: int, name: str, label: str = "PERSON", **kw) -> NameUse:
    forms = kw.pop("forms", {name})
    return NameUse(doc, label, name, frozenset(forms), **kw)


def about(docs, name: str = "White House", label: str = "ORG") -> list[NameUse]:
    """Another name the documents share: the topic evidence a short form needs."""
    return [use(d, name, label) for d in docs]


def elsewhere(count: int = 40) -> list[NameUse]:
    """Documents about something else, so that shared names stand out."""
    return [use(1000 + d, "France", "GPE") for d in range(count)]


def links_of(uses: list[NameUse], blocked=None) -> dict[tuple[int, str], str]:
    return {(k.doc_id, k.name): k.target for k in resolve_library(uses, blocked).links}


def test_spelling_variants_join_the_most_widespread_spelling() -> None:
    uses = [use(1, "George W. Bush"), use(2, "George W. Bush"), use(3, "George W Bush")]
    uses += [use(4, "U.S. Navy", "ORG"), use(5, "US Navy", "ORG"), use(6, "US Navy", "ORG")]
    links = links_of(uses)
    assert links == {(3, "George W Bush"): "George W. Bush", (4, "U.S. Navy"): "US Navy"}
    assert spelling_key("George W. Bush") == spelling_key("george w bush")
    assert spelling_key("Department of Justice") == spelling_key("Justice Department")


def test_middle_names_join_only_when_they_nest() -> None:
    trump = [use(1, "Donald Trump"), use(2, "Donald Trump"), use(3, "Donald J. Trump")]
    jr = [use(4, "Donald Trump Jr.")]
    assert links_of(trump + jr) == {(3, "Donald J. Trump"): "Donald Trump"}
    bushes = [use(5, "George W. Bush"), use(6, "George H. W. Bush"), use(7, "George Bush")]
    assert links_of(bushes) == {}
    sanders = [use(8, "Sarah Sanders"), use(9, "Sarah Sanders"), use(10, "Sarah H. Sanders")]
    sanders.append(use(11, "Sarah Huckabee Sanders"))
    assert set(links_of(sanders).values()) == {"Sarah Sanders"}


def test_surname_joins_the_person_the_library_resolves_it_to() -> None:
    uses = [use(d, "Donald Trump", forms={"Donald Trump", "Trump"}) for d in range(1, 30)]
    uses += [use(30, "Ivanka Trump", forms={"Ivanka Trump"}), use(31, "Trump")]
    uses += about([*range(1, 30), 31]) + elsewhere()
    resolution = resolve_library(uses)
    (link,) = resolution.links
    assert (link.doc_id, link.name, link.target) == (31, "Trump", "Donald Trump")
    assert "Trump" in link.reason and "%" in link.reason


def test_surname_of_two_people_decided_by_the_document_or_left_alone() -> None:
    uses = [
        use(d, "Hillary Clinton", forms={"Hillary Clinton", "Clinton"}, gender="f")
        for d in range(1, 8)
    ]
    uses += [
        use(d, "Bill Clinton", forms={"Bill Clinton", "Clinton"}, gender="m") for d in range(8, 12)
    ]
    uses += [use(20, "Clinton", gender="m"), use(21, "Clinton", gender="f"), use(22, "Clinton")]
    resolution = resolve_library(uses)
    links = {(k.doc_id, k.target) for k in resolution.links}
    assert links == {(20, "Bill Clinton"), (21, "Hillary Clinton")}
    (ambiguity,) = resolution.ambiguities
    assert ambiguity.doc_id == 22 and set(ambiguity.candidates) == {
        "Hillary Clinton",
        "Bill Clinton",
    }


def test_a_title_used_with_one_candidate_decides() -> None:
    uses = [
        use(d, "Bill Clinton", forms={"Bill Clinton", "Clinton"}, titles=frozenset({"President"}))
        for d in range(1, 4)
    ]
    uses += [use(d, "Hillary Clinton", forms={"Hillary Clinton", "Clinton"}) for d in range(4, 10)]
    uses += [use(20, "Clinton", titles=frozenset({"President"}))]
    (link,) = resolve_library(uses).links
    assert link.target == "Bill Clinton" and "President" in link.reason


def test_acronym_defined_elsewhere_joins_its_full_name() -> None:
    name = "North Atlantic Treaty Organization"
    uses = [use(1, name, "ORG", forms={name, "NATO"}), use(2, "NATO", "ORG")]
    assert links_of(uses) == {(2, "NATO"): name}


def test_one_word_person_read_as_organisation_elsewhere_is_relabelled() -> None:
    uses = [use(1, "Twitter"), use(2, "Twitter", "ORG"), use(3, "Twitter", "ORG")]
    uses += [use(d, "Barack Obama", forms={"Barack Obama", "Obama"}) for d in range(10, 40)]
    uses += [use(5, "Obama"), use(6, "Obama", "ORG"), use(7, "Obama", "ORG")]
    uses += about([*range(10, 40), 5]) + elsewhere()
    resolution = resolve_library(uses)
    relabelled = {(k.doc_id, k.name): (k.label_to, k.target) for k in resolution.links}
    assert relabelled[(1, "Twitter")] == ("ORG", "Twitter")
    assert relabelled[(5, "Obama")] == ("PERSON", "Barack Obama")  # a surname stays a person


def test_corrected_names_are_never_linked() -> None:
    uses = [use(d, "Donald Trump", forms={"Donald Trump", "Trump"}) for d in range(3, 30)]
    uses += [use(2, "Trump"), *about(range(2, 30)), *elsewhere()]
    assert links_of(uses) == {(2, "Trump"): "Donald Trump"}
    assert links_of(uses, blocked={("PERSON", "Trump")}) == {}


def test_a_short_form_needs_a_name_that_speaks_for_it() -> None:
    uses = [use(d, "Paul Ryan", forms={"Paul Ryan", "Ryan"}) for d in range(1, 40)]
    uses += about(range(1, 40), "Congress") + elsewhere()
    uses += [use(50, "Ryan"), use(50, "Manchester United", "ORG")]  # a team sheet
    uses += [use(51, "Ryan"), use(51, "Congress", "ORG")]
    assert links_of(uses) == {(51, "Ryan"): "Paul Ryan"}


def test_a_first_name_alone_joins_only_on_the_same_topic() -> None:
    # documents that call her "Elizabeth" once named in full
    uses = [use(d, "Elizabeth Warren", forms={"Elizabeth Warren", "Elizabeth"}) for d in range(40)]
    uses += about(range(40), "Senate") + about(range(40), "Democrats", "NORP") + elsewhere()
    uses += [use(60, "Elizabeth"), use(60, "Oscar", "ORG"), use(60, "Senate", "ORG")]  # a film
    uses += [use(61, "Elizabeth"), use(61, "Senate", "ORG"), use(61, "Democrats", "NORP")]
    links = resolve_library(uses).links
    assert [(k.doc_id, k.target) for k in links] == [(61, "Elizabeth Warren")]
    assert "only person called Elizabeth" in links[0].reason


def test_groups_cover_every_name_a_decision_reads() -> None:
    full = use(
        1,
        "North Atlantic Treaty Organization",
        "ORG",
        forms={"NATO", "North Atlantic Treaty Organization"},
    )
    assert groups_of(full) == {"north atlantic treaty organization", "nato"}
    assert groups_of(use(2, "Donald Trump Jr.")) == {"trump"}
