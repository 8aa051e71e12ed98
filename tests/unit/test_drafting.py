"""Drafting: every default template yields notes that pass their own lint."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import jinja2
import pytest
from msgspec.structs import replace

from afterview.domain import drafting
from afterview.domain.drafting import DRAFT_KINDS, Draft, draft, draft_all, recipients
from afterview.domain.errors import InputError, UnknownPerson
from afterview.domain.lint import note_text, similarity
from afterview.domain.models import (
    Case,
    HistoryEntry,
    Notes,
    Outcome,
    PanelMember,
    Phone,
    Promise,
    Question,
)
from afterview.domain.planner import plan
from afterview.domain.serial import to_builtins
from afterview.domain.settings import Policy
from afterview.templating import environment
from tests import factories as F

OTHER_KINDS = [k for k in DRAFT_KINDS if k != "thank_you"]


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return environment()


@pytest.fixture
def case() -> Case:
    return F.case()


def bare_case() -> Case:
    """One interviewer with no topics; no referrer, references, links, promises or notes."""
    return F.case(
        candidate=F.candidate(signature=None, phone=None),
        application=F.application(referrer=None, references=(), links=()),
        interview=F.interview(
            panel=(PanelMember("Morgan Blake", F.TORONTO),),
            promises=(),
            notes=Notes(),
            decision=None,
            next_step=None,
            contact_preference="unstated",
        ),
        pipeline=(),
    )


def errors(d: Draft) -> list[str]:
    return [f"{f.code}: {f.message}" for f in d.findings if f.severity == "error"]


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", paragraph.strip()) if s]


# -- the defaults pass their own lint -----------------------------------------------------


@pytest.mark.parametrize("variant", ["email", "card"])
def test_every_thank_you_note_to_the_panel_passes_the_lint(
    case: Case, env: jinja2.Environment, variant: str
) -> None:
    drafts = draft_all(case, "thank_you", env=env, variant=variant, policy=Policy())
    assert [d.to for d in drafts] == [m.name for m in case.interview.panel]
    for d in drafts:
        assert d.findings == (), d.body


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_every_other_kind_is_drafted_without_lint_findings(
    case: Case, env: jinja2.Environment, kind: str
) -> None:
    drafts = draft_all(case, kind, env=env, policy=Policy())
    assert drafts
    for d in drafts:
        assert d.findings == (), d.body


def test_the_phone_scripts_pass_the_lint(case: Case, env: jinja2.Environment) -> None:
    for kind in ("thank_you", "follow_up"):
        d = draft(case, kind, "Priya Raman", env=env, variant="script", policy=Policy())
        assert d.channel == "phone"
        assert d.subject is None
        assert errors(d) == []


@pytest.mark.parametrize("kind", ["thank_you", "follow_up", "rejection_reply", "withdrawal"])
def test_a_bare_case_is_drafted_without_errors(env: jinja2.Environment, kind: str) -> None:
    for variant in ("email", "card") if kind == "thank_you" else ("email",):
        (d,) = draft_all(bare_case(), kind, env=env, variant=variant, policy=Policy())
        assert d.to == "Morgan Blake"
        assert errors(d) == []
        assert "None" not in d.body


@pytest.mark.parametrize("kind", ["offer_ack", "keep_in_touch"])
def test_a_bare_case_also_gets_an_offer_reply_and_a_linkedin_note(
    env: jinja2.Environment, kind: str
) -> None:
    (d,) = draft_all(bare_case(), kind, env=env, policy=Policy())
    assert errors(d) == []
    assert d.body.rstrip().endswith("Jordan Lee")


# -- personal and distinct ----------------------------------------------------------------


def test_each_thank_you_mentions_its_own_recipients_topic_only(
    case: Case, env: jinja2.Environment
) -> None:
    panel = case.interview.panel
    for variant in ("email", "card"):
        for d in draft_all(case, "thank_you", env=env, variant=variant, policy=Policy()):
            mine = case.member(d.to)
            assert any(topic in d.body for topic in mine.topics)
            others = [t for m in panel if m != mine for t in m.topics]
            assert not any(topic in d.body for topic in others)
            assert d.body.splitlines()[0].endswith(f"{mine.first_name},")


@pytest.mark.parametrize("variant", ["email", "card"])
def test_no_two_thank_you_notes_to_the_panel_are_near_duplicates(
    case: Case, env: jinja2.Environment, variant: str
) -> None:
    drafts = draft_all(case, "thank_you", env=env, variant=variant, policy=Policy())
    texts = [note_text(d.note) for d in drafts]
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            assert similarity(a, b) < 0.8


@pytest.mark.parametrize("variant", ["email", "card"])
@pytest.mark.parametrize("topics", [("SQL",), ()])
def test_a_large_panel_with_the_same_short_topics_still_gets_distinct_notes(
    env: jinja2.Environment, variant: str, topics: tuple[str, ...]
) -> None:
    names = ["Ava Stone", "Ben Ng", "Cara Diaz", "Dev Patel", "Eli Moss", "Fay Wu", "Gus Roy"]
    panel = tuple(PanelMember(n, F.TORONTO, topics=topics) for n in names)
    case = F.case(interview=F.interview(panel=panel))
    drafts = draft_all(case, "thank_you", env=env, variant=variant, policy=Policy())
    assert [errors(d) for d in drafts] == [[]] * len(names)
    assert not any(f.code == "near_duplicate" for d in drafts for f in d.findings)


def test_the_offer_to_strengthen_the_weakest_answer_is_only_in_the_askers_note(
    case: Case, env: jinja2.Environment
) -> None:
    weakest = case.interview.notes.weakest_question()
    assert weakest is not None
    assert weakest.asked_by == "Tom Becker"
    for d in draft_all(case, "thank_you", env=env, policy=Policy()):
        assert (weakest.q in d.body) == (d.to == "Tom Becker"), d.to


def test_a_well_rated_weakest_answer_is_left_alone(case: Case, env: jinja2.Environment) -> None:
    good = Notes(questions=(Question("Why us?", "Mission.", 4, asked_by="Tom Becker"),))
    case = replace(case, interview=replace(case.interview, notes=good))
    assert "Why us?" not in draft(case, "thank_you", "Tom Becker", env=env, policy=Policy()).body


def test_the_lead_contacts_note_recalls_the_next_step(case: Case, env: jinja2.Environment) -> None:
    next_step = case.interview.next_step
    assert next_step is not None
    bodies = {d.to: d.body for d in draft_all(case, "thank_you", env=env, policy=Policy())}
    assert next_step in bodies["Priya Raman"]
    assert next_step not in bodies["Tom Becker"]


def test_the_thank_you_email_references_the_users_link_and_reminds_of_the_promise(
    case: Case, env: jinja2.Environment
) -> None:
    d = draft(case, "thank_you", "Ana López", env=env, policy=Policy())
    assert "https://example.org/writeup" in d.body
    assert "send the architecture write-up from my last project tomorrow" in d.body


def test_drafting_is_deterministic(case: Case, env: jinja2.Environment) -> None:
    first = to_builtins(draft_all(case, "thank_you", env=env, policy=Policy()))
    assert to_builtins(draft_all(case, "thank_you", env=environment(), policy=Policy())) == first


# -- the shape of each kind ---------------------------------------------------------------


def test_an_email_has_a_subject_and_a_body_without_the_subject_line(
    case: Case, env: jinja2.Environment
) -> None:
    d = draft(case, "thank_you", "Priya Raman", env=env, policy=Policy())
    assert d.channel == "email"
    assert d.subject
    assert not d.body.startswith("Subject:")
    assert d.body.startswith("Dear Priya,")
    assert d.body.endswith("Jordan Lee\n+1 416 555 0100\n")
    assert "\n\n\n" not in d.body
    assert not any(line != line.rstrip() for line in d.body.splitlines())


def test_a_card_is_a_short_letter_without_a_subject(case: Case, env: jinja2.Environment) -> None:
    card = draft(case, "thank_you", "Tom Becker", env=env, variant="card", policy=Policy())
    email = draft(case, "thank_you", "Tom Becker", env=env, policy=Policy())
    assert (card.channel, card.subject, card.variant) == ("letter", None, "card")
    assert len(card.body.split()) < len(email.body.split())


def test_a_phone_script_has_a_voicemail_version(case: Case, env: jinja2.Environment) -> None:
    d = draft(case, "thank_you", "Priya Raman", env=env, variant="script", policy=Policy())
    assert d.body.startswith("Hello Priya,")
    assert "voicemail" in d.body
    assert "migrating the nightly batch jobs to streaming" in d.body


def test_a_follow_up_recalls_the_time_frame_they_gave(case: Case, env: jinja2.Environment) -> None:
    (d,) = draft_all(case, "follow_up", env=env, policy=Policy())
    assert d.to == "Priya Raman"
    assert "within two weeks" in d.body
    assert "Friday 20 November" in d.body


def test_a_second_follow_up_refers_to_the_first(case: Case, env: jinja2.Environment) -> None:
    sent = HistoryEntry(
        "follow_up", "Priya Raman", "email", datetime(2026, 12, 8, 9, 0, tzinfo=F.TORONTO)
    )
    (d,) = draft_all(replace(case, history=(sent,)), "follow_up", env=env, policy=Policy())
    assert "Tuesday 8 December" in d.body
    assert errors(d) == []


def test_a_delivered_promise_is_not_mentioned_again(case: Case, env: jinja2.Environment) -> None:
    kept = HistoryEntry(
        "promise",
        "Priya Raman",
        "email",
        datetime(2026, 11, 21, 9, 0, tzinfo=F.TORONTO),
        about="sent the architecture write-up from my last project",
    )
    case = replace(case, history=(kept,))
    assert drafting.pending_promises(case) == []
    assert "tomorrow" not in draft(case, "thank_you", "Ana López", env=env, policy=Policy()).body
    assert recipients(case, "promise") == []


def test_a_promise_note_delivers_the_matching_link(case: Case, env: jinja2.Environment) -> None:
    (d,) = draft_all(case, "promise", env=env, policy=Policy())
    assert d.to == "Priya Raman"
    assert "I said I would send the architecture write-up" in d.body
    assert "https://example.org/writeup" in d.body


def test_a_promise_due_on_a_weekday_reads_by_that_day(case: Case, env: jinja2.Environment) -> None:
    promise = Promise("send two references", "Friday", to="Tom Becker")
    case = replace(case, interview=replace(case.interview, promises=(promise,)))
    assert recipients(case, "promise") == ["Tom Becker"]
    (d,) = draft_all(case, "promise", env=env, policy=Policy())
    assert "attached" in d.body
    toms_thanks = draft(case, "thank_you", "Tom Becker", env=env, policy=Policy()).body
    assert "send two references" in toms_thanks
    assert "by Friday" in toms_thanks
    assert "references" not in draft(case, "thank_you", "Ana López", env=env, policy=Policy()).body


def test_the_rejection_reply_is_short_and_asks_one_narrow_question(
    case: Case, env: jinja2.Environment
) -> None:
    (d,) = draft_all(case, "rejection_reply", env=env, policy=Policy())
    paragraphs = d.body.split("\n\n")
    assert 3 <= len(sentences(paragraphs[1])) <= 5
    assert d.body.count("?") == 1
    assert "How do you test data quality" in d.body


def test_the_rejection_reply_asks_nothing_when_feedback_was_given(
    case: Case, env: jinja2.Environment
) -> None:
    rejected = Outcome("rejected", datetime(2026, 12, 1, 10, 0, tzinfo=F.TORONTO), feedback="x")
    (d,) = draft_all(replace(case, outcome=rejected), "rejection_reply", env=env, policy=Policy())
    assert "?" not in d.body
    assert errors(d) == []


def test_the_offer_reply_asks_for_the_offer_in_writing_and_the_deadline(
    case: Case, env: jinja2.Environment
) -> None:
    (d,) = draft_all(case, "offer_ack", env=env, policy=Policy())
    assert "in writing" in d.body
    assert "by when" in d.body
    offer = Outcome("offer", datetime(2026, 12, 1, 10, 0, tzinfo=F.TORONTO), on_paper=True)
    (on_paper,) = draft_all(replace(case, outcome=offer), "offer_ack", env=env, policy=Policy())
    assert "send me the offer in writing" not in on_paper.body
    assert "by when" in on_paper.body


def test_the_linkedin_note_fits_a_connection_request(case: Case, env: jinja2.Environment) -> None:
    (d,) = draft_all(case, "keep_in_touch", env=env, policy=Policy())
    assert (d.channel, d.subject, d.variant) == ("linkedin", None, "email")
    assert len(d.body) <= 300


def test_the_reference_heads_up_names_the_company_and_role(
    case: Case, env: jinja2.Environment
) -> None:
    (d,) = draft_all(case, "notify_references", env=env, policy=Policy())
    assert d.to == "Dana Kim"
    assert "Northwind Robotics" in d.body
    assert "Senior Data Engineer" in d.body


def test_the_referrer_thanks_asks_nothing_about_the_decision(
    case: Case, env: jinja2.Environment
) -> None:
    (d,) = draft_all(case, "notify_referrer", env=env, policy=Policy())
    assert d.to == "Sam Ortiz"
    assert "?" not in d.body
    assert "Friday 20 November" in d.body


def test_notes_are_plain_text_and_never_html_escaped(case: Case, env: jinja2.Environment) -> None:
    case = replace(case, application=replace(case.application, company="Smith & Jones"))
    assert (
        "Smith & Jones" in draft(case, "withdrawal", "Priya Raman", env=env, policy=Policy()).body
    )


def test_the_json_has_the_public_keys(case: Case, env: jinja2.Environment) -> None:
    data = to_builtins(draft(case, "thank_you", "Tom Becker", env=env, policy=Policy()))
    assert set(data) == {
        "kind",
        "to",
        "subject",
        "body",
        "findings",
        "variant",
        "channel",
        "why_channel",
    }
    assert data["kind"] == "thank_you"
    assert data["findings"] == []


# -- recipients ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("thank_you", ["Priya Raman", "Tom Becker", "Ana López"]),
        ("follow_up", ["Priya Raman"]),
        ("rejection_reply", ["Priya Raman"]),
        ("offer_ack", ["Priya Raman"]),
        ("withdrawal", ["Priya Raman"]),
        ("keep_in_touch", ["Priya Raman"]),
        ("notify_references", ["Dana Kim"]),
        ("notify_referrer", ["Sam Ortiz"]),
        ("promise", ["Priya Raman"]),
    ],
)
def test_recipients_follow_the_kind(case: Case, kind: str, expected: list[str]) -> None:
    assert recipients(case, kind) == expected


def test_a_note_may_go_to_another_panel_member_than_the_lead(
    case: Case, env: jinja2.Environment
) -> None:
    d = draft(case, "follow_up", "ana lópez", env=env, policy=Policy())
    assert d.to == "Ana López"
    assert errors(d) == []


# -- user templates -----------------------------------------------------------------------


def test_a_user_template_overrides_the_package_one(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "drafts"
    folder.mkdir(parents=True)
    (folder / "thank_you.email.txt.j2").write_text(
        "Subject: Thanks from {{ candidate.first_name }}\n\nDear {{ to.first_name }},\n"
        "My own words about {{ company }}.\n{% include 'drafts/_signature.txt.j2' %}\n",
        encoding="utf-8",
    )
    env = environment(tmp_path)
    d = draft(case, "thank_you", "Tom Becker", env=env, policy=Policy())
    assert d.subject == "Thanks from Jordan"
    assert d.body.startswith("Dear Tom,\nMy own words about Northwind Robotics.\nJordan Lee")
    # Templates the user did not override still come from the package.
    assert draft(case, "follow_up", "Priya Raman", env=env, policy=Policy()).subject


def test_a_user_folder_without_templates_falls_back_to_the_package(
    case: Case, tmp_path: Path
) -> None:
    d = draft(case, "thank_you", "Tom Becker", env=environment(tmp_path), policy=Policy())
    assert d == draft(case, "thank_you", "Tom Becker", env=environment(), policy=Policy())


def test_a_typo_in_a_template_fails_loudly(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "drafts"
    folder.mkdir(parents=True)
    (folder / "withdrawal.email.txt.j2").write_text("Dear {{ to.frist_name }},\n")
    with pytest.raises(jinja2.UndefinedError):
        draft(case, "withdrawal", "Priya Raman", env=environment(tmp_path), policy=Policy())


# -- errors -------------------------------------------------------------------------------


def test_a_plan_step_that_is_not_a_note_cannot_be_drafted(
    case: Case, env: jinja2.Environment
) -> None:
    expected = (
        "Nothing to draft for 'celebrate': it is a step for you, not a note. "
        "Draftable kinds: thank_you, follow_up"
    )
    with pytest.raises(InputError, match=re.escape(expected)):
        draft_all(case, "celebrate", env=env, policy=Policy())


def test_an_unknown_kind_cannot_be_drafted(case: Case, env: jinja2.Environment) -> None:
    with pytest.raises(InputError, match="Nothing to draft for 'thankyou'"):
        draft(case, "thankyou", "Tom Becker", env=env, policy=Policy())
    with pytest.raises(InputError, match="Draftable kinds"):
        recipients(case, "gift")


def test_an_unknown_variant_is_refused(case: Case, env: jinja2.Environment) -> None:
    with pytest.raises(InputError, match="Unknown variant 'fax'"):
        draft(case, "thank_you", "Tom Becker", env=env, variant="fax", policy=Policy())


def test_a_card_is_only_for_thank_you_notes(case: Case, env: jinja2.Environment) -> None:
    with pytest.raises(InputError, match=r"handwritten card .* not for 'follow_up'"):
        draft_all(case, "follow_up", env=env, variant="card", policy=Policy())


def test_a_script_is_only_for_thank_you_and_follow_up(case: Case, env: jinja2.Environment) -> None:
    with pytest.raises(InputError, match=r"phone script .* not for 'promise'"):
        draft(case, "promise", "Priya Raman", env=env, variant="script", policy=Policy())


def test_a_script_needs_an_invited_call(case: Case, env: jinja2.Environment) -> None:
    with pytest.raises(InputError, match="A call was not invited: Tom Becker"):
        draft(case, "thank_you", "Tom Becker", env=env, variant="script", policy=Policy())


def test_a_phone_preference_invites_a_script_for_anyone(
    case: Case, env: jinja2.Environment
) -> None:
    by_phone = replace(case, interview=replace(case.interview, contact_preference="phone"))
    d = draft(by_phone, "thank_you", "Tom Becker", env=env, variant="script", policy=Policy())
    assert errors(d) == []


def phone_before_case() -> Case:
    """No stated preference; before the interview the application went by phone."""
    return F.case(
        application=F.application(channel_before="phone"),
        interview=F.interview(contact_preference="unstated"),
    )


def test_a_follow_up_the_plan_schedules_by_phone_has_its_script_and_voicemail(
    env: jinja2.Environment,
) -> None:
    c = phone_before_case()
    steps = [
        a for a in plan(c, now=c.interview.end, policy=Policy()).actions if a.kind == "follow_up"
    ]
    assert {(a.to, a.channel) for a in steps} == {("Priya Raman", "phone")}
    tom = replace(c.interview.panel[1], phone=Phone("+49 30 5550 1234", "work"))  # not invited
    tom_lead = replace(c, interview=replace(c.interview, panel=(tom,)))
    d = draft(tom_lead, "follow_up", "Tom Becker", env=env, variant="script", policy=Policy())
    assert (d.channel, d.variant) == ("phone", "script")
    assert "voicemail" in d.body.casefold()
    assert [
        x.to for x in draft_all(tom_lead, "follow_up", env=env, variant="script", policy=Policy())
    ] == ["Tom Becker"]


def test_a_follow_up_by_phone_is_drafted_as_a_script_by_default_and_says_why(
    env: jinja2.Environment,
) -> None:
    (d,) = draft_all(phone_before_case(), "follow_up", env=env, policy=Policy())
    assert (d.channel, d.variant) == ("phone", "script")
    assert d.why_channel is not None
    assert "before the interview" in d.why_channel


def test_a_panel_member_without_email_gets_a_card_in_the_plan_and_the_draft(
    env: jinja2.Environment,
) -> None:
    c = F.case()
    panel = tuple(replace(m, email=None) if m.name == "Tom Becker" else m for m in F.panel())
    c = replace(c, interview=replace(c.interview, panel=panel))
    planned = {
        a.to: a.channel
        for a in plan(c, now=c.interview.end, policy=Policy()).actions
        if a.kind == "thank_you"
    }
    drafted = {d.to: d.channel for d in draft_all(c, "thank_you", env=env, policy=Policy())}
    assert planned == drafted
    assert drafted["Tom Becker"] == "letter"
    tom = draft(c, "thank_you", "Tom Becker", env=env, policy=Policy())
    assert tom.variant == "card"
    assert tom.why_channel is not None
    assert "Tom Becker has no email address" in tom.why_channel
    assert draft(c, "thank_you", "Priya Raman", env=env, policy=Policy()).why_channel is None


def test_scripts_for_the_panel_go_only_to_who_invited_a_call(
    case: Case, env: jinja2.Environment
) -> None:
    drafts = draft_all(case, "thank_you", env=env, variant="script", policy=Policy())
    assert [d.to for d in drafts] == ["Priya Raman"]
    with pytest.raises(InputError, match="Nobody on the panel invited a call"):
        draft_all(bare_case(), "thank_you", env=env, variant="script", policy=Policy())


def test_a_stranger_is_an_unknown_person(case: Case, env: jinja2.Environment) -> None:
    with pytest.raises(UnknownPerson, match="Nobody called 'Pat Doe'"):
        draft(case, "thank_you", "Pat Doe", env=env, policy=Policy())


def test_a_note_to_the_wrong_kind_of_person_is_refused(case: Case, env: jinja2.Environment) -> None:
    with pytest.raises(InputError, match="Sam Ortiz is your referrer; a thank-you note goes"):
        draft(case, "thank_you", "Sam Ortiz", env=env, policy=Policy())
    with pytest.raises(InputError, match="Priya Raman is your hiring manager"):
        draft(case, "notify_references", "Priya Raman", env=env, policy=Policy())


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("notify_referrer", "names no referrer"),
        ("notify_references", "lists no references"),
        ("promise", "no promise to deliver"),
    ],
)
def test_a_kind_with_nobody_to_send_to_is_an_input_error(
    env: jinja2.Environment, kind: str, message: str
) -> None:
    assert recipients(bare_case(), kind) == []
    with pytest.raises(InputError, match=message):
        draft_all(bare_case(), kind, env=env, policy=Policy())


def test_a_promise_to_a_first_name_goes_to_that_person(case: Case, env: jinja2.Environment) -> None:
    promises = (Promise("send two references", "Friday", to="tom"), *case.interview.promises)
    case = replace(case, interview=replace(case.interview, promises=promises))
    assert recipients(case, "promise") == ["Tom Becker", "Priya Raman"]
    tom, priya = draft_all(case, "promise", env=env, policy=Policy())
    assert "two references" in tom.body
    assert "two references" not in priya.body
    assert "architecture write-up" in priya.body


def test_a_promise_note_to_someone_owed_nothing_is_refused(
    case: Case, env: jinja2.Environment
) -> None:
    promise = Promise("send two references", "Friday", to="Tom Becker")
    case = replace(case, interview=replace(case.interview, promises=(promise,)))
    with pytest.raises(InputError, match="Nothing open was promised to Ana López"):
        draft(case, "promise", "Ana López", env=env, policy=Policy())


@pytest.mark.parametrize(
    ("written", "person"),
    [("Tom", "Tom Becker"), ("Dr. Tom Becker", "Tom Becker"), ("ana lopez", "Ana López")],
)
def test_a_promise_to_one_panel_member_is_only_in_that_persons_notes_and_plan_step(
    env: jinja2.Environment, written: str, person: str
) -> None:
    made = Promise("send the code sample for the ingestion checks", "Monday", written)
    c = F.case(interview=F.interview(promises=(made,)))
    for d in draft_all(c, "thank_you", env=env, policy=Policy()):
        assert ("code sample" in d.body) == (d.to == person), d.to
        assert "promise_unmentioned" not in {f.code for f in d.findings}, d.to
    steps = [
        a.to for a in plan(c, now=c.interview.end, policy=Policy()).actions if a.kind == "promise"
    ]
    assert steps == [person]
    assert [d.to for d in draft_all(c, "promise", env=env, policy=Policy())] == [person]


def test_a_lead_without_email_is_reached_through_the_recruiter_in_plan_and_draft(
    env: jinja2.Environment,
) -> None:
    panel = tuple(replace(m, email=None) if m.name == "Priya Raman" else m for m in F.panel())
    c = F.case(interview=F.interview(panel=panel))
    steps = plan(c, now=c.interview.end, policy=Policy()).actions
    (follow_up,) = {(a.to, a.why) for a in steps if a.kind == "follow_up" and "last" not in a.why}
    assert follow_up[0] == "Ana López"
    assert "Priya Raman has no email address on file, so this goes to Ana López" in follow_up[1]
    (d,) = draft_all(c, "follow_up", env=env, policy=Policy())
    assert d.to == "Ana López"
    assert d.why_channel is not None
    assert "to pass on" in d.why_channel
    assert [a.to for a in steps if a.kind == "promise"] == ["Ana López"]


def test_a_follow_up_is_never_a_call_to_a_personal_number_they_did_not_offer(
    env: jinja2.Environment,
) -> None:
    tom = next(m for m in F.panel() if m.name == "Tom Becker")  # personal phone, not invited
    c = F.case(
        application=F.application(channel_before="phone"),
        interview=F.interview(panel=(tom,), contact_preference="unstated"),
    )
    steps = [
        a for a in plan(c, now=c.interview.end, policy=Policy()).actions if a.kind == "follow_up"
    ]
    assert {a.channel for a in steps} == {"email"}
    (d,) = draft_all(c, "follow_up", env=env, policy=Policy())
    assert (d.channel, d.variant) == ("email", "email")
    assert d.why_channel is not None
    assert "personal one they did not offer" in d.why_channel


def test_a_promise_to_someone_without_email_goes_through_the_recruiter_in_plan_and_draft(
    env: jinja2.Environment,
) -> None:
    panel = tuple(replace(m, email=None) if m.name == "Tom Becker" else m for m in F.panel())
    made = Promise("send the code sample for the ingestion checks", "Monday", "Tom")
    c = F.case(interview=F.interview(panel=panel, promises=(made,)))
    (step,) = [
        a for a in plan(c, now=c.interview.end, policy=Policy()).actions if a.kind == "promise"
    ]
    assert step.to == "Ana López"
    assert "Tom Becker has no email address on file, so this goes to Ana López" in step.why
    (d,) = draft_all(c, "promise", env=env, policy=Policy())
    assert d.to == "Ana López"
    assert "code sample" in d.body
    assert d.why_channel is not None
    assert d.why_channel.startswith("Tom Becker has no email address on file")
