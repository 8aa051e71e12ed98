"""How the command line words an error: the neutral sentence, then the command that helps.

The hints name commands and flags only; the web app has its own (``afterview.web.messages``),
which name pages instead. Each hint is a ``str.format`` template filled from the error's
``params``, marked with ``N_`` and translated as it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from afterview.domain.messages import with_hint
from afterview.i18n import N_

if TYPE_CHECKING:
    from afterview.domain.errors import AfterviewError

HINTS: Final[dict[str, str]] = {
    "unknown_application": N_("`afterview list` shows the ids you have."),
    "unknown_step": N_("`afterview agenda` shows the ids of your steps."),
    "unknown_message": N_("`afterview outbox` lists them."),
    "unknown_reply": N_("`afterview inbox` shows the ids of what was found."),
    "no_profile": N_("`afterview add` reads an interview file."),
    "no_local_account": N_("Sign in through its web app instead."),
    "demo_needs_empty_database": N_(
        "Point AFTERVIEW_HOME (or AFTERVIEW_DATABASE_URL) at an empty place first."
    ),
    "skip_needs_reason": N_("Give it with --why."),
    "not_rejected": N_("`afterview rejection {id}` records it."),
    "no_offer": N_("`afterview outcome {id} offer --on-paper` records it."),
    "offer_not_on_paper": N_("Once you have it, add --on-paper."),
    "reply_undo_unknown_before": N_(
        "Set the application straight with `afterview reply` or `afterview outcome`."
    ),
    "no_email_address": N_("`afterview add` reads it from the interview file."),
    "already_in_outbox": N_("`afterview outbox cancel {id}` cancels it."),
    "message_held": N_("--override-reason takes your reason."),
    "sending_blocked": N_("Give it with --override-reason."),
    "debrief_first": N_("`afterview debrief {id}` opens it."),
    "unknown_export_format": N_("Choose it with --format."),
    "draft_needs_recipient": N_("Give either --to NAME or --all."),
    "card_needs_file": N_("Give --html FILE or --pdf FILE."),
    "cannot_listen": N_("Choose another port with --port."),
    "stored_settings_unreadable": N_("`afterview settings set` does it."),
    "centre_password_stdin": N_("Add --app-password-stdin and pipe the password in."),
    "schema_needs_owner": N_(
        "Run `afterview centre init` with the URL of the role that owns the database."
    ),
    "accounts_need_centre": N_("`afterview centre init` makes a PostgreSQL database one."),
    "account_password_stdin": N_("Add --password-stdin and pipe the password in."),
    "unknown_account": N_("`afterview users list` shows the accounts."),
    "account_erase_unconfirmed": N_("Add --yes to erase it."),
}


def word(error: AfterviewError) -> str:
    """What the terminal prints for ``error``: its sentence, and this interface's hint."""
    return with_hint(error, HINTS)
