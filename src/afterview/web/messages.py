"""How the web app words an error: the neutral sentence, then the page that helps.

The hints name pages and fields, never a command or a flag (the terminal has its own, in
``afterview.cli.messages``). Each hint is a ``str.format`` template filled from the error's
``params``, marked with ``N_`` and translated as it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from afterview.domain.messages import with_hint
from afterview.i18n import N_

if TYPE_CHECKING:
    from afterview.domain.errors import AfterviewError

HINTS: Final[dict[str, str]] = {
    "oidc_state_unknown": N_("Start again from the sign-in page."),
    "schema_needs_owner": N_(
        "The centre's administrator upgrades the database; it works again once they have."
    ),
    "oidc_token_expired": N_("Start again from the sign-in page."),
    "unknown_application": N_("Your applications are listed on the Applications page."),
    "unknown_step": N_("Your steps are listed on the Today page."),
    "unknown_message": N_("The Outbox page lists them."),
    "unknown_reply": N_("The Inbox page shows what was found."),
    "no_profile": N_("Add an interview to start."),
    "skip_needs_reason": N_("Write it in the reason field."),
    "not_rejected": N_("Record it on the application's page."),
    "no_offer": N_("Record it on the application's page."),
    "offer_not_on_paper": N_("Once you have it, tick “I have the offer in writing”."),
    "reply_undo_unknown_before": N_("Set the application straight on its page."),
    "no_email_address": N_("“Edit the interview” on the application's page takes it."),
    "already_in_outbox": N_("The Outbox page cancels it."),
    "message_held": N_("Write it in the reason field on the Outbox page."),
    "sending_blocked": N_("Give your reason on the page (Send it anyway) and approve again."),
    "debrief_first": N_("The Debrief link on the application's page opens it."),
    "stored_settings_unreadable": N_("The Settings page does it."),
    "sending_blocked_now": N_(
        "Read why on the page, and give a reason there if you send it anyway."
    ),
    "guard_blocks": N_("Give your reason on the page (Send it anyway) and approve again."),
}


def word(error: AfterviewError) -> str:
    """What a page or the API says for ``error``: its sentence, and this interface's hint."""
    return with_hint(error, HINTS)
