"""Reading an employer's email: a person, an automatic reply, a rejection or an offer."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.mail.classify import Mail, classify, own_text, return_date

MONDAY = date(2026, 11, 23)  # the day the replies below were written


def mail(text: str = "", subject: str = "Re: Thank you", **headers: str) -> Mail:
    return Mail(
        subject=subject,
        text=text,
        sent_on=MONDAY,
        headers={k.replace("_", "-").lower(): v for k, v in headers.items()},
    )


def test_a_plain_answer_from_a_person_is_a_human_reply() -> None:
    reading = classify(mail("Thanks Jordan, great talking to you. We'll be in touch next week."))
    assert reading.kind == "human"
    assert reading.return_on is None


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"auto_submitted": "auto-replied"}, "Auto-Submitted: auto-replied"),
        ({"x_autoreply": "yes"}, "X-Autoreply header"),
        ({"x_autorespond": "Out of office"}, "X-Autorespond header"),
        ({"precedence": "auto_reply"}, "Precedence: auto_reply"),
    ],
)
def test_out_of_office_headers_make_an_automatic_reply(headers: dict[str, str], why: str) -> None:
    reading = classify(mail("I am away and will be back on Monday 30 November.", **headers))
    assert reading.kind == "auto"
    assert reading.why == why
    assert reading.return_on == date(2026, 11, 30)


@pytest.mark.parametrize(
    "subject", ["Out of Office: Thank you", "Automatic reply: Thank you", "Autoreply: hi"]
)
def test_an_out_of_office_subject_makes_an_automatic_reply(subject: str) -> None:
    reading = classify(mail("I will return on 2026-12-01.", subject=subject))
    assert reading.kind == "auto"
    assert reading.return_on == date(2026, 12, 1)


def test_auto_submitted_no_is_a_person() -> None:
    assert classify(mail("Sounds good!", auto_submitted="no")).kind == "human"


@pytest.mark.parametrize(
    "headers",
    [
        {"auto_submitted": "auto-generated"},
        {"precedence": "bulk"},
        {"precedence": "junk"},
        {"list_unsubscribe": "<mailto:leave@northwind.example>"},
    ],
)
def test_newsletters_and_notifications_are_automatic_without_a_pause(
    headers: dict[str, str],
) -> None:
    reading = classify(mail("Our product news: back in stock until December 1st!", **headers))
    assert reading.kind == "auto"
    assert reading.return_on is None


def test_an_out_of_office_reply_that_says_unfortunately_is_not_a_rejection() -> None:
    text = "Unfortunately I am out of the office until December 1st with no access to email."
    reading = classify(mail(text, auto_submitted="auto-replied"))
    assert reading.kind == "auto"
    assert reading.return_on == date(2026, 12, 1)


def test_an_out_of_office_reply_without_a_return_date_pauses_nothing() -> None:
    reading = classify(
        mail("I am out of the office with limited access to email.", x_autoreply="yes")
    )
    assert (reading.kind, reading.return_on) == ("auto", None)


@pytest.mark.parametrize(
    "text",
    [
        "Unfortunately, we have decided not to proceed with your application.",
        "We have decided to move forward with other candidates whose experience is closer.",
        "After careful consideration we are not moving forward at this time.",
        "We regret to inform you that the position has been filled.",
        "Unfortunately your application was not successful on this occasion.",
        "Thank you, but we will not be extending an offer.",
        "Unfortunately we have chosen another direction for the role at this time.",
    ],
)
def test_rejections_are_recognised(text: str) -> None:
    reading = classify(mail(text))
    assert reading.kind == "rejection"
    assert reading.why.startswith("it says")


def test_a_system_sent_rejection_is_still_a_rejection() -> None:
    text = "Unfortunately we decided not to proceed with your candidacy."
    assert classify(mail(text, auto_submitted="auto-generated")).kind == "rejection"


@pytest.mark.parametrize(
    "text",
    [
        "We are pleased to offer you the position of Senior Data Engineer!",
        "Please find your offer letter attached.",
        "We would like to extend you a formal offer.",
        "Welcome to the team, Jordan.",
    ],
)
def test_offers_are_recognised(text: str) -> None:
    assert classify(mail(text)).kind == "offer"


@pytest.mark.parametrize(
    "text",
    [
        "Unfortunately Priya is ill tomorrow; could we move our call to Thursday?",
        "We are still interviewing other candidates and will decide by Friday.",
    ],
)
def test_everyday_words_alone_do_not_read_as_a_rejection(text: str) -> None:
    assert classify(mail(text)).kind == "human"


def test_our_own_note_quoted_back_does_not_decide_the_meaning() -> None:
    text = (
        "Thanks Jordan, talk soon.\n\n"
        "On Fri, 20 Nov 2026 at 17:00, Jordan Lee <jordan.lee@example.org> wrote:\n"
        "> I understand if you decide not to proceed with my application.\n"
        "> Unfortunately my offer letter from another company expires Friday."
    )
    assert classify(mail(text)).kind == "human"
    assert own_text("Yes.\n> quoted\nStill mine.") == "Yes.\nStill mine."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I will be back on Monday 30 November.", date(2026, 11, 30)),
        ("I will return on 2026-12-01.", date(2026, 12, 1)),
        ("Away until December 1st, then happy to help.", date(2026, 12, 1)),
        ("Back in the office on 3 December 2026.", date(2026, 12, 3)),
        ("Back on Thursday.", date(2026, 11, 26)),
        ("Away until 2 January.", date(2027, 1, 2)),  # no year: the next 2 January
        ("Away until further notice.", None),
        ("Back at 5pm today.", None),
        ("Back on 1 March 2025.", None),  # before the reply was written: not a return date
    ],
)
def test_return_dates_are_read_relative_to_the_day_the_reply_was_sent(
    text: str, expected: date | None
) -> None:
    assert return_date(text, MONDAY) == expected


def test_numeric_return_dates_follow_the_writers_convention() -> None:
    assert return_date("Back 01/12/2026.", MONDAY, dayfirst=True) == date(2026, 12, 1)
    assert return_date("Back 12/01/2026.", MONDAY, dayfirst=False) == date(2026, 12, 1)
