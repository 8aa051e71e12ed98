"""What the add form's closed sections say they hold, and which come open."""

from __future__ import annotations

from afterview.web import form_data, sections


def typed(**values: str) -> form_data.Typed:
    form = form_data.blank_form({"name": "Jordan Lee", "email": "j@example.org", "country": "CA"})
    form.values.update(candidate_timezone="America/Toronto", **values)
    return form


def test_a_closed_section_says_what_it_holds() -> None:
    form = typed(decision="within two weeks", contact_preference="no_contact")
    form.promises = [
        {"what": "send the write-up", "by": "", "to": "Mira"},
        {"what": "", "by": "", "to": ""},
        {"what": "references", "by": "Friday", "to": ""},
    ]
    said = sections.summaries(form)
    assert said["you"] == "Jordan Lee · j@example.org · America/Toronto · CA"
    assert said["asked"] == "they decide “within two weeks”; no follow-ups, as they asked"
    assert said["promised"] == "2 promises"
    assert said["when-more"] == "Video, round 1, in America/Toronto"


def test_one_promise_is_counted_in_the_singular() -> None:
    form = typed()
    form.promises = [{"what": "send the write-up", "by": "", "to": ""}]
    assert sections.summaries(form)["promised"] == "1 promise"


def test_a_section_opens_for_its_error_or_the_cursor_and_you_while_incomplete() -> None:
    assert not any(sections.opened(typed()).values())
    assert sections.opened(typed(), "contact_preference")["asked"]
    assert sections.opened(typed(), None, "promise-3-what")["promised"]
    assert sections.opened(typed(country=""))["you"]
