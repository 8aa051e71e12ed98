"""The lint: good notes pass clean, and every rule catches the note it is written for."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from msgspec.structs import replace as changed

from afterview.domain import lint as lint_module
from afterview.domain.errors import InputError, UnknownPerson
from afterview.domain.lint import Note, lint_note, lint_notes, parse_note, similarity
from afterview.domain.models import HistoryEntry, PipelineEntry, Promise
from afterview.domain.rules import LINT_IDS, Finding, lint
from afterview.domain.settings import Policy
from tests.factories import TORONTO, case

PRIYA_NOTE = """Subject: Thank you for today's conversation

Dear Priya,

Thank you for taking the time to meet with me on Friday about the Senior Data Engineer role
at Northwind Robotics. I especially enjoyed our discussion about migrating the nightly batch
jobs to streaming; it is exactly the kind of work I did when I moved our reporting pipeline
to Kafka, and I would be excited to help your team make that shift. Hearing how the on-call
rotation is shared across the team also confirmed that the culture would be a strong fit.

As promised, I will send the architecture write-up from my last project by tomorrow morning.

I look forward to hearing about the next step.

Best regards,
Jordan Lee
"""

TOM_NOTE = """Subject: Thank you, and a fuller answer on data quality

Dear Tom,

Thank you for the thoughtful questions during my interview at Northwind Robotics. Your
description of the data-quality checks in the ingestion pipeline stayed with me, and I
realised my answer about testing focused too narrowly on row counts. In my current role I
also validate schemas, track null rates per column and alert on stale tables, and I would be
keen to bring that discipline to your pipeline.

I will also share the architecture write-up I mentioned, which shows how those checks fit
into a streaming design.

Thanks again for your time; I enjoyed learning how your team works.

Kind regards,
Jordan Lee
"""

ANA_NOTE = """Subject: Thank you for walking me through the process

Dear Ana,

Thank you for coordinating my interviews at Northwind Robotics on Friday and for answering
all of my questions so clearly. I appreciated hearing about the relocation support for the
Toronto office; knowing that the move is well supported makes me even more enthusiastic
about the Senior Data Engineer role. Please let me know if you need anything else from me
before the final conversation. As I mentioned to the panel, I will send over the
architecture write-up from my last project tomorrow.

I look forward to the next step and to hearing from you within the two weeks you mentioned.

Best regards,
Jordan Lee
"""

GOOD = {"Priya Raman": PRIYA_NOTE, "Tom Becker": TOM_NOTE, "Ana López": ANA_NOTE}

REJECTION_REPLY = """Subject: Re: Senior Data Engineer

Dear Priya,

Thank you for letting me know about your decision on the Senior Data Engineer role at
Northwind Robotics. I am disappointed, but I enjoyed meeting the team and learning about the
streaming migration. I would still be glad to hear of future openings. If you have a moment,
which skill would have made my application stronger? I appreciate your time and wish the
team the best with the new platform over the coming months.

Best regards,
Jordan Lee
"""


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


PRIYA, TOM, ANA = "Priya Raman", "Tom Becker", "Ana López"


def good(to: str = PRIYA) -> Note:
    return parse_note(GOOD[to], to)


def edited(to: str, changes: dict[str, str], base: str | None = None) -> Note:
    """A good note (or ``base``) with some passages replaced."""
    text = base or GOOD[to]
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return parse_note(text, to)


# -- good notes ----------------------------------------------------------------------------


@pytest.mark.parametrize("to", list(GOOD))
def test_a_good_thank_you_note_to_each_panel_member_has_no_findings(to: str) -> None:
    note = good(to)
    assert 80 <= len(note.body.split()) <= 150
    assert lint_note(case(), "thank_you", note, policy=Policy()) == []


def test_the_good_panel_notes_together_are_not_near_duplicates() -> None:
    notes = [good(to) for to in GOOD]
    assert lint_notes(case(), "thank_you", notes, policy=Policy()) == [[], [], []]


def test_a_gracious_rejection_reply_has_no_findings() -> None:
    assert (
        lint_note(
            case(), "rejection_reply", parse_note(REJECTION_REPLY, "Priya Raman"), policy=Policy()
        )
        == []
    )


# -- one bad note per rule -----------------------------------------------------------------

PROMISE_SENTENCE = (
    "As promised, I will send the architecture write-up from my last project by tomorrow morning."
)

BAD: list[tuple[str, str, list[Note]]] = [
    ("generic_greeting", "thank_you", [edited(PRIYA, {"Dear Priya,": "Dear Hiring Manager,"})]),
    ("generic_greeting", "thank_you", [edited(PRIYA, {"Dear Priya,": "To whom it may concern,"})]),
    ("generic_greeting", "thank_you", [edited(PRIYA, {"Dear Priya,": "Hello,"})]),
    ("generic_greeting", "thank_you", [edited(PRIYA, {"Dear Priya,": "Dear Tom,"})]),
    (
        "not_specific",
        "thank_you",
        [
            edited(
                TOM,
                {
                    "a fuller answer on data quality": "a quick note",
                    "description of the data-quality checks in the ingestion pipeline": "comments",
                    "to your pipeline": "to your team",
                    "checks fit\ninto a streaming design": "approach works",
                },
            )
        ],
    ),
    (
        "near_duplicate",
        "thank_you",
        [parse_note(PRIYA_NOTE, PRIYA), edited(TOM, {"Dear Priya": "Dear Tom"}, PRIYA_NOTE)],
    ),
    ("wrong_company", "thank_you", [edited(PRIYA, {"Northwind Robotics": "Contoso Analytics"})]),
    ("wrong_company", "thank_you", [edited(PRIYA, {"Kafka": "Kafka at Fabrikam"})]),
    ("wrong_company", "thank_you", [edited(PRIYA, {"role\nat Northwind Robotics": "role"})]),
    ("placeholder", "thank_you", [edited(PRIYA, {"Friday": "[day of interview]"})]),
    ("placeholder", "thank_you", [edited(PRIYA, {"Kafka": "{{ tool }}"})]),
    ("placeholder", "thank_you", [edited(PRIYA, {"Kafka": "<technology>"})]),
    ("placeholder", "thank_you", [edited(PRIYA, {"tomorrow morning": "TODO"})]),
    (
        "length",
        "thank_you",
        [Note(PRIYA, "Dear Priya,\n\nThanks for today at Northwind.\n\nJordan Lee", "Thanks")],
    ),
    (
        "pushy",
        "follow_up",
        [edited(PRIYA, {"I look forward": "Just checking in, any update? ASAP!!! I look forward"})],
    ),
    ("pushy", "thank_you", [edited(PRIYA, {"As promised,": "PLEASE HIRE ME NOW. As promised,"})]),
    (
        "gift",
        "thank_you",
        [edited(PRIYA, {"Best regards": "A small token is on its way: flowers.\n\nBest regards"})],
    ),
    (
        "no_interest",
        "thank_you",
        [
            edited(
                PRIYA,
                {
                    ", and I would be excited to help your team make that shift": "",
                    "also confirmed that the culture would be a strong fit": "was useful",
                    "I look forward to hearing about the next step.": "Have a good weekend.",
                },
            )
        ],
    ),
    ("promise_unmentioned", "thank_you", [edited(PRIYA, {PROMISE_SENTENCE: ""})]),
    (
        "no_thanks",
        "thank_you",
        [
            edited(
                PRIYA,
                {
                    "Thank you for taking the time to meet": "It was good to meet",
                    "Subject: Thank you for": "Subject: About",
                },
            )
        ],
    ),
    ("no_signature", "thank_you", [edited(PRIYA, {"Best regards,\nJordan Lee\n": "Cheers\n"})]),
    ("no_subject", "thank_you", [replace(parse_note(PRIYA_NOTE, PRIYA), subject=None)]),
    (
        "no_subject",
        "thank_you",
        [edited(PRIYA, {"Subject: Thank you for today's conversation": ""})],
    ),
    ("misspelled_name", "thank_you", [edited(PRIYA, {"at Northwind Robotics": "at Nortwind"})]),
    ("misspelled_name", "thank_you", [edited(PRIYA, {"Dear Priya,": "Dear Pria,"})]),
    ("misspelled_name", "thank_you", [edited(PRIYA, {"on Friday": "with Tom Beker on Friday"})]),
    (
        "argues_rejection",
        "rejection_reply",
        [
            edited(
                PRIYA,
                {
                    "I would still be glad to hear of future openings.": (
                        "I think this is the wrong decision and ask you to reconsider."
                    )
                },
                REJECTION_REPLY,
            )
        ],
    ),
]


def _bad_id(entry: tuple[str, str, list[Note]]) -> str:
    return entry[0]


@pytest.mark.parametrize(("code", "kind", "notes"), BAD, ids=[_bad_id(e) for e in BAD])
def test_a_bad_note_produces_its_rule(code: str, kind: str, notes: list[Note]) -> None:
    found = [f for per_note in lint_notes(case(), kind, notes, policy=Policy()) for f in per_note]
    assert code in codes(found), found
    finding = next(f for f in found if f.code == code)
    rule = lint(code)
    assert finding.sources == rule.sources
    assert finding.severity == rule.severity
    assert finding.message.endswith(".")


def test_every_lint_rule_has_a_bad_note() -> None:
    produced = {
        f.code
        for _, kind, notes in BAD
        for per in lint_notes(case(), kind, notes, policy=Policy())
        for f in per
    }
    assert set(LINT_IDS) <= produced
    assert {code for code, _, _ in BAD} == set(LINT_IDS)


# -- parsing ------------------------------------------------------------------------------


def test_parse_note_reads_a_subject_line_then_a_blank_line() -> None:
    note = parse_note("Subject: Thanks for today\n\nDear Priya,\nBody.\n", PRIYA)
    assert note == Note(PRIYA, "Dear Priya,\nBody.", "Thanks for today", "email")


def test_parse_note_without_a_subject_keeps_the_whole_text_as_body() -> None:
    note = parse_note("Dear Priya,\n\nBody.\n\nJordan", PRIYA)
    assert note.subject is None
    assert note.body == "Dear Priya,\n\nBody.\n\nJordan"


def test_parse_note_tolerates_windows_line_endings() -> None:
    note = parse_note("Subject: Hello\r\n\r\nDear Priya,\r\nBody.\r\n", PRIYA)
    assert note.subject == "Hello"
    assert note.body == "Dear Priya,\nBody."


def test_parse_note_treats_an_empty_subject_as_none_and_lint_reports_it() -> None:
    note = parse_note(PRIYA_NOTE.replace("Thank you for today's conversation", ""), PRIYA)
    assert note.subject is None
    assert codes(lint_note(case(), "thank_you", note, policy=Policy())) == ["no_subject"]


# -- near duplicates ------------------------------------------------------------------------


def test_two_notes_that_only_swap_names_are_near_duplicates_of_each_other() -> None:
    swapped = PRIYA_NOTE.replace("Priya", "Tom")
    assert similarity(PRIYA_NOTE, swapped) == pytest.approx(1.0)
    results = lint_notes(
        case(),
        "thank_you",
        [parse_note(PRIYA_NOTE, PRIYA), parse_note(swapped, TOM)],
        policy=Policy(),
    )
    assert [codes(r) for r in results] == [["near_duplicate"], ["not_specific", "near_duplicate"]]
    assert "Tom Becker" in results[0][0].message
    assert "Priya Raman" in results[1][1].message


def test_similarity_is_low_for_the_three_personal_notes() -> None:
    assert similarity(PRIYA_NOTE, TOM_NOTE) < 0.5
    assert similarity(TOM_NOTE, ANA_NOTE) < 0.5


def test_the_near_duplicate_threshold_comes_from_the_policy() -> None:
    notes = [good(PRIYA), good(TOM)]
    results = lint_notes(case(), "thank_you", notes, policy=Policy(near_duplicate_ratio=0.05))
    assert all("near_duplicate" in codes(r) for r in results)


# -- false positives -----------------------------------------------------------------------


def test_ordinary_capitalised_words_and_exact_names_are_not_misspellings() -> None:
    note = edited(
        PRIYA,
        {
            "As promised,": (
                "Power matters. Better tooling helps. Notwithstanding the schedule, "
                "Priya and Priya's team, Tom and Ana López, Ana Lopez, NORTHWIND ROBOTICS "
                "and Northwind's roadmap, Dana Kim and Sam Ortiz. As promised,"
            )
        },
    )
    assert "misspelled_name" not in codes(lint_note(case(), "thank_you", note, policy=Policy()))


def test_acronyms_are_not_shouting() -> None:
    note = edited(PRIYA, {"Kafka": "Kafka with SQL ETL API AWS jobs"})
    assert lint_note(case(), "thank_you", note, policy=Policy()) == []


def test_the_greeting_may_use_a_title_and_surname_or_full_name() -> None:
    for greeting in ("Dear Dr. Raman,", "Dear Ms Raman,", "Hello Priya Raman,", "Priya,"):
        note = edited(PRIYA, {"Dear Priya,": greeting})
        assert "generic_greeting" not in codes(
            lint_note(case(), "thank_you", note, policy=Policy())
        ), greeting


def test_a_misspelt_name_in_the_greeting_is_reported_once_as_a_misspelling() -> None:
    note = edited(PRIYA, {"Dear Priya,": "Dear Pria,"})
    assert codes(lint_note(case(), "thank_you", note, policy=Policy())) == ["misspelled_name"]


def test_a_topic_paraphrased_with_its_key_words_counts_as_specific() -> None:
    note = edited(
        TOM,
        {
            "description of the data-quality checks in the ingestion pipeline": (
                "point about checking data quality while ingesting it"
            )
        },
    )
    assert "not_specific" not in codes(lint_note(case(), "thank_you", note, policy=Policy()))


# -- applicability ---------------------------------------------------------------------------


def test_a_delivered_promise_need_not_be_mentioned_again() -> None:
    delivered = HistoryEntry(
        "promise",
        PRIYA,
        "email",
        datetime(2026, 11, 21, 9, 0, tzinfo=TORONTO),
        about="architecture write-up from my last project",
    )
    note = edited(PRIYA, {PROMISE_SENTENCE: ""})
    assert lint_note(case(history=(delivered,)), "thank_you", note, policy=Policy()) == []


def test_a_promise_made_to_someone_else_is_not_owed_in_this_note() -> None:
    interview = case().interview
    promised = changed(interview, promises=(Promise("send the slides", "tomorrow", TOM),))
    note = edited(PRIYA, {PROMISE_SENTENCE: ""})
    assert lint_note(case(interview=promised), "thank_you", note, policy=Policy()) == []


def test_a_linkedin_note_is_checked_for_characters_not_words_or_subject() -> None:
    short = Note(PRIYA, "Hi Priya, thank you for the Northwind interview.\nJordan Lee", None)
    assert lint_note(case(), "keep_in_touch", short, policy=Policy()) == []
    long = replace(short, body=short.body.replace("interview.", "interview. " + "More. " * 50))
    assert codes(lint_note(case(), "keep_in_touch", long, policy=Policy())) == ["length"]


def test_a_letter_has_no_word_range_or_subject() -> None:
    note = Note(PRIYA, "Dear Priya,\nThank you for the Northwind interview.\nJordan Lee", None)
    assert lint_note(case(), "offer_ack", replace(note, channel="letter"), policy=Policy()) == []


def test_a_note_to_the_referrer_needs_no_topic_or_promise() -> None:
    note = Note(
        "sam ortiz",
        "Dear Sam,\n\nThank you for referring me to Northwind Robotics.\n\nJordan Lee",
        "Thank you",
        "letter",
    )
    assert lint_note(case(), "notify_referrer", note, policy=Policy()) == []


def test_an_unknown_recipient_raises_unknown_person() -> None:
    with pytest.raises(UnknownPerson):
        lint_note(case(), "thank_you", replace(good(), to="Nobody Here"), policy=Policy())


def test_an_unknown_kind_raises_input_error() -> None:
    with pytest.raises(InputError, match="Unknown note kind"):
        lint_note(case(), "celebrate", good(), policy=Policy())


def test_messages_name_what_was_found() -> None:
    pushy = edited(
        PRIYA, {"I look forward": "Just checking in, any update? ASAP!!! I look forward"}
    )
    [finding] = lint_note(case(), "follow_up", pushy, policy=Policy())
    for phrase in ("Just checking in", "any update", "ASAP", "!!!"):
        assert phrase in finding.message
    [wrong] = lint_note(
        case(), "thank_you", edited(PRIYA, {"Kafka": "Kafka at Fabrikam"}), policy=Policy()
    )
    assert wrong.message == "The note mentions 'Fabrikam', another company in your pipeline."


def test_a_near_miss_of_a_short_name_in_the_greeting_is_still_reported() -> None:
    # "Ana" is too short to check for misspellings, so the greeting rule must speak up.
    note = edited(ANA, {"Dear Ana,": "Dear Anna,"})
    assert codes(lint_note(case(), "thank_you", note, policy=Policy())) == ["generic_greeting"]


def test_shouting_already_named_as_a_phrase_is_reported_once() -> None:
    note = edited(PRIYA, {"As promised,": "I REALLY NEED THIS JOB. As promised,"})
    [finding] = lint_note(case(), "thank_you", note, policy=Policy())
    assert finding.code == "pushy"
    assert "shouting" not in finding.message


def test_a_case_rebuilt_with_the_same_pipeline_reuses_its_prepared_company_index() -> None:
    pipeline = tuple(PipelineEntry(f"Company{i} Labs", "Engineer", "applied") for i in range(50))
    first = case(pipeline=pipeline)
    rebuilt = case(pipeline=tuple(changed(e) for e in pipeline))
    assert lint_module._pipeline_of(first) is lint_module._pipeline_of(rebuilt)


def test_a_company_added_to_the_pipeline_is_found_in_the_next_note() -> None:
    note = Note("Priya Raman", "Dear Priya,\nI also spoke with Initech last week.\nJordan Lee")
    before = {
        f.message
        for f in lint_note(case(), "thank_you", note, policy=Policy())
        if f.code == "wrong_company"
    }
    grown = (*case().pipeline, PipelineEntry("Initech", "Data Engineer", "applied"))
    after = {f.message for f in lint_note(case(pipeline=grown), "thank_you", note, policy=Policy())}
    assert "The note mentions 'Initech', another company in your pipeline." not in before
    assert "The note mentions 'Initech', another company in your pipeline." in after


def test_a_company_listed_twice_in_the_pipeline_is_reported_once() -> None:
    twice = (*case().pipeline, PipelineEntry("GLOBEX", "Analyst", "applied"))
    note = Note("Priya Raman", "Dear Priya,\nGlobex asked the same question.\nJordan Lee")
    found = lint_note(case(pipeline=twice), "thank_you", note, policy=Policy())
    assert [f.message for f in found if "another company" in f.message] == [
        "The note mentions 'Globex', another company in your pipeline."
    ]


@pytest.mark.parametrize(
    "dispute",
    [
        "I am sure there must have been a mistake in how my test was scored.",
        "Could you please take another look at my application?",
        "Please let me interview again, as I was unwell that day.",
        "I hope you will reconsider, since I meet every requirement.",
        "I would be grateful if you reconsidered your decision.",
        "Would you consider giving me a second chance?",
    ],
)
def test_a_rejection_reply_that_disputes_the_decision_is_flagged(dispute: str) -> None:
    reply = edited(
        PRIYA, {"I would still be glad to hear of future openings.": dispute}, REJECTION_REPLY
    )
    found = [
        f
        for f in lint_note(case(), "rejection_reply", reply, policy=Policy())
        if f.code == "argues_rejection"
    ]
    assert len(found) == 1
    assert "keep the door open" in found[0].message
    assert "keep the door open" in lint("argues_rejection").rationale


@pytest.mark.parametrize(
    "sentence",
    [
        "Having reconsidered my answer on caching, I would add a read-through layer.",
        "I took another look at the query plan after we spoke.",
        "I made a mistake in my answer on joins: a hash join fits that case better.",
        "I look forward to a second interview with the wider team.",
    ],
)
def test_a_thank_you_that_revisits_its_own_answer_does_not_argue(sentence: str) -> None:
    note = edited(PRIYA, {"As promised, ": f"{sentence} As promised, "})
    assert "argues_rejection" not in codes(lint_note(case(), "thank_you", note, policy=Policy()))
