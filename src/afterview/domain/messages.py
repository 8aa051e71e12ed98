"""The neutral sentence for each error code: what went wrong, in words any interface can show.

A sentence here names no command, flag or page: the CLI and the web app each add their own
hint (``afterview.cli.messages``, ``afterview.web.messages``). Placeholders are
``str.format`` fields filled from the error's ``params``; ``tests/unit/test_error_codes.py``
checks that every code raised has a sentence and that every field is supplied. The
sentences are marked with ``N_`` and translated as they are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from afterview.i18n import N_, gettext

if TYPE_CHECKING:
    from collections.abc import Mapping

    from afterview.domain.errors import AfterviewError

MESSAGES: Final[dict[str, str]] = {
    # -- records an id names --------------------------------------------------------------
    "unknown_application": N_("No application with id {id}."),
    "unknown_step": N_("No plan step with id {id}."),
    "unknown_message": N_("No message with id {id} in the outbox."),
    "unknown_reply": N_("No reply with id {id}."),
    "unknown_person": N_("Nobody called {name!r} is in this interview (known: {known})."),
    "unknown_person_nobody_known": N_(
        "Nobody called {name!r} is in this interview (it names nobody yet)."
    ),
    "no_profile": N_("No candidate profile is stored yet; add an interview first."),
    "no_interview": N_("Application {id} has no interview recorded yet."),
    "no_interview_for_debrief": N_(
        "Application {id} has no interview recorded yet; add one before its debrief."
    ),
    "cannot_update": N_("Cannot update {fields}."),
    # -- the database ---------------------------------------------------------------------
    "no_local_account": N_(
        "This database has no local account named {name!r}; it was made for a career centre."
    ),
    "unsupported_database_url": N_(
        "Unsupported database URL {url!r}: use sqlite:///PATH or postgresql://…"
    ),
    "database_unreachable": N_(
        "Cannot reach the database at {url} ({problem}); check DATABASE_URL and that the "
        "server is running."
    ),
    "demo_needs_empty_database": N_(
        "This database already holds a job search; the demo only fills a fresh one."
    ),
    # -- steps and outcomes ---------------------------------------------------------------
    "skip_needs_reason": N_("Say why you skip this step, so the plan remembers your reason."),
    "step_already_closed": N_("Step {id} is already {status}; nothing was changed."),
    "unknown_outcome": N_("{kind!r} is not an outcome: choose offer, rejected or withdrawn."),
    "not_rejected": N_(
        "Application {id} ({company}) is not marked rejected; record the rejection first."
    ),
    "entry_empty": N_("The entry is empty; write something, or simply skip the prompt."),
    "entry_too_long": N_(
        "The entry is {length:,} characters long; keep one entry under {limit:,}."
    ),
    "no_offer": N_(
        "Application {id} ({company}) has no offer recorded (it is {status}); record the "
        "offer, in writing, first."
    ),
    "offer_not_on_paper": N_(
        "The offer from {company} is not on paper yet: ask for it in writing and keep "
        "searching until then."
    ),
    "offer_not_accepted": N_(
        "You have not accepted an offer from {company} (application {id}); accept it first, "
        "once it is on paper."
    ),
    "no_close_out": N_(
        "Application {id} ({company}) has no close-out step waiting (it is {status}); only a "
        "process that went silent after the follow-ups closes."
    ),
    "too_early_to_close": N_(
        "It is too early to close {company}: give them until {date} after your last "
        "follow-up, then close it."
    ),
    # -- the inbox ------------------------------------------------------------------------
    "reply_not_waiting": N_(
        "Reply {id} is not waiting for a decision (it is {status}); nothing was changed."
    ),
    "reply_already_undone": N_("Reply {id} was already undone; nothing was changed."),
    "reply_undo_order": N_(
        "Reply {newer} to {company} came after reply {id}; undo {newer} first, then {id}. "
        "Nothing was changed."
    ),
    "reply_undo_unknown_before": N_(
        "Reply {id} was recorded before replies could be undone, so what came before it is "
        "not known; nothing was changed."
    ),
    "reply_decided_meanwhile": N_("Reply {id} was decided meanwhile; nothing was changed."),
    # -- the outbox -----------------------------------------------------------------------
    "keep_in_touch_not_email": N_("A keep-in-touch note goes out on LinkedIn, not by email."),
    "no_email_address": N_(
        "There is no email address on file for {name}; add one to the interview before "
        "approving the note."
    ),
    "note_empty": N_("The note is empty; write it before approving it."),
    "already_in_outbox": N_(
        "A {label} to {name} is already in the outbox (message {id}); cancel it first."
    ),
    "message_being_sent": N_(
        "Message {id} is being sent right now; it can no longer be cancelled."
    ),
    "message_already_closed": N_("Message {id} is already {status}; nothing changed."),
    "message_not_retryable": N_(
        "Message {id} is {status}; only a failed, blocked or cancelled message can be sent again."
    ),
    "message_held": N_(
        "Message {id} stays held: {why} To send it anyway, give your reason; else cancel it."
    ),
    "sending_blocked": N_(
        "Sending this to {name} then is blocked ({rules}); it goes only with your reason to "
        "send it anyway, which is kept with the application."
    ),
    # -- the journal ----------------------------------------------------------------------
    "debrief_not_mapping": N_("{source}: expected a mapping with `questions`, `stood_out`…"),
    "interview_not_over": N_("The interview has not ended yet; write its debrief once it is over."),
    "debrief_first": N_("Write the debrief first: the revisit rereads it two days later."),
    "revisit_not_open": N_(
        "The revisit opens on {date}, two days after your debrief: the distance is the "
        "point, so come back then."
    ),
    # -- drafting and lint ----------------------------------------------------------------
    "nobody_gets_note": N_("Nobody gets a {label} note in this application."),
    "note_goes_elsewhere": N_("A {label} note does not go to {to}; it goes to {names}."),
    "no_call_invited": N_(
        "Nobody on the panel invited a call, so there is no {label} phone script to draft; "
        "send the email instead."
    ),
    "draft_kind_is_a_step": N_(
        "Nothing to draft for {kind!r}: it is a step for you, not a note. Draftable kinds: {kinds}."
    ),
    "draft_kind_unknown": N_(
        "Nothing to draft for {kind!r}: afterview knows no note of that kind. Draftable "
        "kinds: {kinds}."
    ),
    "unknown_variant": N_("Unknown variant {variant!r}: choose one of {variants}."),
    "no_card_for_kind": N_(
        "A handwritten card is drafted only for thank-you notes, not for {kind!r}; use the "
        "email variant."
    ),
    "no_script_for_kind": N_(
        "A phone script is drafted only for thank_you and follow_up, not for {kind!r}; use "
        "the email variant."
    ),
    "call_not_invited": N_(
        "A call was not invited: {name} did not ask you to phone and the employer's contact "
        "preference is {preference!r}, so there is no {label} phone script; send the email "
        "instead."
    ),
    "no_references": N_("There is nobody to notify: the application lists no references."),
    "no_referrer": N_(
        "There is nobody to thank for a referral: the application names no referrer."
    ),
    "no_promise_open": N_(
        "There is no promise to deliver: every promise is already kept (or none was made)."
    ),
    "no_panel": N_("There is nobody to send a {label} note to: the interview lists no panel."),
    "note_goes_to_panel": N_("{to} is your {role}; a {label} note goes to someone on the panel."),
    "note_goes_to_reference": N_("{to} is your {role}; a {label} note goes to a reference."),
    "note_goes_to_referrer": N_("{to} is your {role}; a {label} note goes to your referrer."),
    "nothing_promised_to": N_(
        "Nothing open was promised to {name}; there is no promise note to draft."
    ),
    "unknown_note_kind": N_("Unknown note kind {kind!r}; expected one of {kinds}."),
    # -- dates and places -----------------------------------------------------------------
    "unknown_country": N_(
        "No public-holiday calendar is known for country {country!r}; use a two-letter ISO "
        "code such as US, CA, GB or DE."
    ),
    "unknown_subdivision": N_(
        "Unknown subdivision {subdivision!r} for country {country!r}; use its ISO code (for "
        "example ON for Ontario, CA for California) or leave it out."
    ),
    "year_out_of_range": N_(
        "{where}: the year {year} is outside {earliest}-{latest}; check the date."
    ),
    "too_far_ahead": N_("{where}: {date} is more than a year after now ({today}); check the year."),
    "unreadable_moment": N_(
        "{where}: cannot read {value!r} as a date and time; write it like 2026-11-20T16:00 "
        "or 2026-11-20T16:00-05:00."
    ),
    "unreadable_day": N_("{where}: cannot read {value!r} as a date; write it like 2026-12-15."),
    "no_such_file": N_("{where}: no such file {path!r}."),
    "unreadable_file": N_("{where}: cannot read {path!r} ({problem})."),
    # -- the revisit ----------------------------------------------------------------------
    "revisit_not_mapping": N_("{source}: expected a mapping of fields such as `went_well`."),
    "revisit_invalid": N_("{source}: {problem}"),
    "revisit_empty": N_(
        "{source}: nothing is written yet; note at least what went well or what did not."
    ),
    "revisit_needs_why": N_(
        "{source}: still_want_why: give the reason for your {rating} out of 5; it is what "
        "helps you decide if an offer comes."
    ),
    # -- export and import ----------------------------------------------------------------
    "unknown_export_format": N_("{value!r} is not an export format: choose json, csv or yaml."),
    "archive_has_nul": N_(
        "the archive was not imported, nothing was stored: it contains a NUL character "
        "(\\u0000), which no text in afterview may hold; remove it and import again."
    ),
    "file_exists": N_("{path} already exists; choose a new file name."),
    "cannot_create_file": N_("{path}: cannot create the file ({problem})."),
    "archive_refused": N_(
        "the archive was not imported, nothing was stored: {problems}{more}. Correct the "
        "archive, or export it again from afterview."
    ),
    "archive_not_json": N_("not valid JSON (line {line}, column {column}: {problem})."),
    "not_an_archive": N_('not an afterview archive (expected "format": "{format}").'),
    "archive_version": N_("archive version {version!r} is not supported here."),
    "archive_no_tables": N_("the archive has no `tables`."),
    "archive_table_columns": N_("tables.{table}: missing, or not the columns this version writes."),
    "archive_rows_not_list": N_("tables.{table}.rows: expected a list of rows."),
    "archive_row_width": N_("tables.{table}.rows[{index}]: expected {count} values."),
    "tracker_file_too_large": N_(
        "The file is {size:.1f} MB, more than {limit} MB; split it or delete unused columns."
    ),
    "status_word_form": N_(
        'Status word {given!r}: write it as "WORD=STATUS", like "Maybe=applied".'
    ),
    "status_word_unknown": N_("Status word {given!r}: {status!r} is not one of {choices}."),
    "tracker_old_xls": N_("Old .xls workbooks cannot be read; save it as .xlsx or export CSV."),
    # -- the command line's own options ---------------------------------------------------
    "not_a_web_address": N_(
        "{option}: {value!r} is not a web address; write it like http://127.0.0.1:8000."
    ),
    "no_such_folder": N_("{option}: there is no folder {folder!r}; create it first."),
    "folder_missing": N_("{where}: the folder {folder} does not exist; create it first."),
    "cannot_write": N_("{option}: cannot write {path!r} ({problem})."),
    "not_png": N_("{option}: {path} does not end in .png; name a PNG file."),
    "not_one_of": N_("{option}: {value!r} is not one of {choices}."),
    "needs_one_of": N_("{where}: give at least one of {options}."),
    "options_for_trackers_only": N_("{options} apply to tracker files only."),
    "draft_needs_recipient": N_("{where}: say whom the note is for."),
    "card_needs_file": N_("{where}: say where to write it."),
    "note_spec_form": N_("{option}: {spec!r} should look like 'Priya Raman=notes/priya.txt'."),
    "setting_spec_form": N_("{where}: write NAME=VALUE (e.g. pipeline_target=4), not {spec!r}."),
    "cannot_listen": N_(
        "{where}: cannot listen on {host}:{port} ({problem}); is afterview already running there?"
    ),
    "located": N_("{where}: {problem}"),
    # -- files ----------------------------------------------------------------------------
    "file_missing": N_("{path}: no such file."),
    "file_unreadable": N_("{path}: cannot read the file ({problem})."),
    "file_not_found_here": N_("no such file {path!r}."),
    "file_unreadable_here": N_("cannot read it ({problem})."),
    "fields_not_mapping": N_("{source}: expected a YAML mapping of fields."),
    "yaml_too_long": N_(
        "{source}: the file is {length:,} characters long; afterview reads YAML files of at "
        "most {limit:,} characters, so keep only what the file is for."
    ),
    "yaml_invalid": N_("{source}: not valid YAML ({problem})."),
    # -- the interview file ---------------------------------------------------------------
    "interview_file_not_mapping": N_(
        "{source}: expected a YAML mapping with `candidate`, `application` and `interview` "
        "sections."
    ),
    "interview_needs_end": N_(
        "interview: give the interview an `end` time or a `duration` such as 45m."
    ),
    "interview_ends_before_start": N_("interview.end: the interview must end after it starts."),
    "panel_twice": N_("interview.panel: the panel lists {name!r} twice; give each person once."),
    "unreadable_duration": N_(
        "interview.duration: cannot read duration {value!r}; write it like 45m, 1h or 1h30m."
    ),
    "expected_text_not_list": N_(
        "{where}: expected text, found a list; write it as one line of text."
    ),
    "expected_text_not_mapping": N_(
        "{where}: expected text, found a mapping; write it as one line of text."
    ),
    "promise_to_nobody_known": N_(
        "interview.promises[{index}].to: {name!r} is nobody in this interview ({people}); "
        "write the name as it stands there, or leave `to` out for a promise to nobody in "
        "particular."
    ),
    "promise_to_nobody_met": N_(
        "{source}: interview.promises[{index}].to: {name!r} is not one of the people you met "
        "({people}); write one of their names, or leave it empty for no one in particular."
    ),
    "promise_needs_what": N_(
        "{source}: interview.promises[{index}].what: say what you promised, or clear its "
        "other fields."
    ),
    "unknown_time_zone": N_(
        "{where}: unknown time zone {value!r}; use an IANA name such as Europe/Berlin."
    ),
    "unreadable_time": N_(
        "{where}: cannot read {value!r} as a date and time; write it like 2026-11-20T14:00."
    ),
    "unreadable_start": N_("cannot read the start {value!r}; write it like 2026-11-20T14:00."),
    "country_first": N_("give your country first: business days skip its public holidays."),
    # -- settings -------------------------------------------------------------------------
    "not_a_setting": N_("{where}: {name!r} is not a setting (known: {known})."),
    "setting_not_bool": N_("{where}: {name} must be true or false, not {value!r}."),
    "setting_not_number": N_("{where}: {name} must be a number, not {value!r}."),
    "setting_not_whole": N_("{where}: {name} must be a whole number, not {value!r}."),
    "setting_out_of_range": N_("{where}: {name} must be from {low:g} to {high:g}, not {value:g}."),
    "settings_out_of_order": N_(
        "{where}: {first} ({a:g}) must be less than {second} ({b:g}) for {meaning}."
    ),
    "send_window_outside_day": N_(
        "{where}: the send window ({send_start}:00 to {send_end}:00) must lie within the "
        "daytime hours ({day_start}:00 to {day_end}:00)."
    ),
    "stored_settings_unreadable": N_(
        "The stored settings are not readable (expected a JSON object); save them again."
    ),
    # -- importing a tracker --------------------------------------------------------------
    "choose_import_file": N_("Choose a file to import: your tracker's CSV or .xlsx export."),
    "choose_date_order": N_("Choose one of the date orders offered."),
    "no_such_status": N_("There is no status {value!r}; choose one of {choices}."),
    "spreadsheet_unreadable": N_(
        "The spreadsheet cannot be read ({problem}); save it again as .xlsx or export it as CSV."
    ),
    "spreadsheet_no_sheet": N_("The spreadsheet has no sheet; export your applications again."),
    "not_xlsx": N_("The file is not an .xlsx workbook; save it as .xlsx or export it as CSV."),
    "workbook_too_packed": N_(
        "The workbook unpacks to far more than it weighs, so it was not opened; export the "
        "sheet as CSV instead."
    ),
    "tracker_empty": N_("The tracker file is empty; export your applications again."),
    "tracker_too_many_rows": N_(
        "The tracker file has {rows:,} rows, more than {limit:,}; split it into smaller files."
    ),
    "tracker_too_many_columns": N_(
        "The tracker file has {columns} columns, more than {limit}; delete the columns you do "
        "not need."
    ),
    "tracker_not_text": N_(
        "The tracker file is not a text CSV file; save it as CSV (or import the .xlsx)."
    ),
    "tracker_bad_csv": N_(
        "Line {line} of the tracker file is not valid CSV ({problem}); export it again."
    ),
    "tracker_no_header": N_(
        "The first row of the tracker file is not a header row (found {found}); add a first "
        "row naming the columns, such as Company, Job Title, Status and Date Applied."
    ),
    "tracker_no_company": N_(
        "No column of the tracker file names the company (found {found}); call that column "
        "Company or Employer."
    ),
    "tracker_no_role": N_(
        "No column of the tracker file names the role (found {found}); call that column Job "
        "Title, Role or Position."
    ),
    # -- writing and sending mail ---------------------------------------------------------
    "note_empty_to_send": N_("The note is empty; write it before sending it."),
    "note_empty_to_download": N_("The note is empty; write it before downloading it."),
    "invalid_email": N_("The email address {email!r} is not valid."),
    "invalid_email_of": N_("The email address {email!r} on file for {name} is not valid."),
    "linkedin_not_email": N_(
        "A {label} note is sent on LinkedIn, not by email; copy the text into the connection "
        "request instead."
    ),
    "sending_blocked_now": N_("Sending this to {name} now is blocked ({rules})."),
    "guard_blocks": N_("{why}"),
    "nothing_to_address": N_(
        "There is no email address on file for {name}, so there is nothing to address the "
        "message to; add one to the interview file, or copy the text instead."
    ),
    "override_needs_reason": N_(
        "Say why you send it anyway: the reason is kept with the application."
    ),
    "nothing_to_override": N_("Nothing blocks this note to {name}; there is nothing to override."),
    "no_mail_account": N_(
        "{where}: no mail account is set up; set AFTERVIEW_SMTP_HOST (and the other "
        "AFTERVIEW_SMTP_* settings, see the README's 'Sending mail')."
    ),
    "smtp_host_first": N_("{where}: set AFTERVIEW_SMTP_HOST first (see 'Sending mail')."),
    "smtp_no_password": N_(
        "No password for {server}: set AFTERVIEW_SMTP_PASSWORD or store it in the system "
        "keyring (service afterview-smtp, user {user})."
    ),
    "mail_security_unknown": N_("{prefix}SECURITY is {value!r}; use one of {choices}."),
    "mail_port_unreadable": N_("{prefix}PORT is {value!r}; use a port number (1–65535)."),
    "no_profile_email": N_("No candidate profile with an email address is stored yet."),
    "digest_not_sent": N_("digest: not sent: {detail}"),
    "digest_failed": N_("digest: {detail}"),
    # -- watching for replies -------------------------------------------------------------
    "watch_not_set_up": N_(
        "The reply watch is not set up: set AFTERVIEW_IMAP_HOST (and AFTERVIEW_IMAP_USER, "
        "AFTERVIEW_IMAP_PASSWORD or the keyring entry afterview-imap); see 'Watching for "
        "replies' in the README."
    ),
    "watch_needs_imap": N_("The reply watch needs the IMAP settings (AFTERVIEW_IMAP_*)."),
    "imap_no_login": N_(
        "The IMAP account has no user name or password: set AFTERVIEW_IMAP_USER and "
        "AFTERVIEW_IMAP_PASSWORD (or keep the password in the system keyring under "
        "afterview-imap)."
    ),
    "imap_unreachable": N_(
        "Cannot reach {where} ({problem}); check AFTERVIEW_IMAP_HOST, AFTERVIEW_IMAP_PORT and "
        "AFTERVIEW_IMAP_SECURITY, and that the server is up."
    ),
    "imap_login_refused": N_(
        "{where} refused the login; check AFTERVIEW_IMAP_USER and the password "
        "(AFTERVIEW_IMAP_PASSWORD or the keyring)."
    ),
    "imap_failed": N_("{where} failed: {problem}."),
    "imap_read_failed": N_(
        "The connection to {where} failed while reading: {problem}; what was read so far is "
        "kept, the next check goes on from there."
    ),
    "imap_untrusted_certificate": N_(
        "{where} presented a certificate this machine does not trust ({reason}); check that "
        "AFTERVIEW_IMAP_HOST is the server name your provider gives."
    ),
    "imap_mailbox_unopenable": N_(
        "The mailbox {mailbox!r} cannot be opened on {server} ({problem}); set "
        "AFTERVIEW_IMAP_MAILBOX to the folder replies arrive in."
    ),
    # -- the database, once more ----------------------------------------------------------
    "database_unusable": N_("The database {where} cannot be used: {problem}."),
    "database_busy": N_(
        "The database is busy: none of its {size} connections came free within {seconds} s "
        "(or the server is not answering); try again in a moment."
    ),
    "database_pool_setting_invalid": N_("{name} must be a whole number above 0, not {value!r}."),
    # -- career centre ----------------------------------------------------------------------
    "centre_needs_postgresql": N_(
        "A career centre runs on PostgreSQL only; this database is a SQLite file."
    ),
    "centre_role_empty": N_("The runtime role needs a name."),
    "centre_password_stdin": N_(
        "The runtime role's password is read from standard input, never from an argument."
    ),
    "centre_password_empty": N_("The runtime role's password is empty."),
    "secret_key_missing": N_(
        "No key for the stored mail passwords: set AFTERVIEW_SECRET_KEY_FILE to a file "
        "holding a Fernet key (or AFTERVIEW_SECRET_KEY to the key itself)."
    ),
    "mail_account_seekers_only": N_(
        "Only a seeker sets or reads their own mail account; nothing was read or saved."
    ),
    "mail_account_centre_only": N_(
        "This installation sends with the AFTERVIEW_SMTP_* settings (the README's 'Sending "
        "mail'); a mail account kept per seeker belongs to a career centre."
    ),
    "mail_account_empty": N_(
        "Give a server to send through (SMTP), one to watch for replies (IMAP), or both."
    ),
    "mail_account_host": N_(
        "{server}: give the server's host name, such as mail.example.org (no spaces)."
    ),
    "mail_account_security": N_("{server}: the security is one of {choices}."),
    "mail_account_port": N_("{server}: the port {port} is not a port number (1–65535)."),
    "mail_account_user": N_("{server}: the user name is longer than {most} characters."),
    "mail_account_password": N_("{server}: the password is longer than {most} characters."),
    "secret_key_unreadable": N_("The key file {path} could not be read: {error}."),
    "secret_key_invalid": N_(
        "A key for the stored mail passwords is not a Fernet key (44 characters of URL-safe "
        "base64), as cryptography's Fernet.generate_key() makes."
    ),
    "secret_key_wrong": N_(
        "A stored mail password could not be decrypted with the keys given: the key was "
        "changed without keeping the old one (list it after the new one)."
    ),
    "centre_role_owns_tables": N_(
        "The runtime role {role!r} is, or may act as, {owner!r}, which owns the tables; "
        "the runtime role must be a role of its own."
    ),
    "schema_needs_owner": N_(
        "The database at {url} is at schema revision {revision}, this version needs "
        "{head}, and this role may not migrate it."
    ),
    # -- consent and the caseload ----------------------------------------------------------
    "counsellor_reads_only": N_(
        "A counsellor reads a seeker's search and never changes it; nothing was saved."
    ),
    "not_a_seeker": N_("Only a seeker's own account grants access to their search."),
    "not_a_counsellor": N_("Only a counsellor's account has a caseload."),
    "unknown_counsellor": N_("No counsellor's account signs in as {email!r}."),
    "grant_to_self": N_("You cannot invite yourself."),
    "unknown_grant": N_("No access granted with id {id} is standing."),
    "notice_outdated": N_(
        "The notice changed since you read it (you read version {read}, it is now "
        "{current}); read it again before granting access."
    ),
    "no_grant": N_("Seeker {id} does not grant you access to their search."),
    "counsellor_note_empty": N_("The note is empty; write something first."),
    # -- accounts that sign in (career centre) --------------------------------------------
    "accounts_need_centre": N_(
        "Accounts that sign in belong to a career centre; this database serves one person, "
        "who never signs in."
    ),
    "account_email_invalid": N_("{email!r} is not an email address."),
    "account_password_stdin": N_(
        "The password is read from standard input, never from an argument."
    ),
    "account_password_short": N_("A password needs at least {least} characters."),
    "account_exists": N_("There is already an account for {email}."),
    "unknown_account": N_("There is no account for {email}."),
    "account_erase_unconfirmed": N_(
        "Erasing {email} removes the account and everything it holds, for good; nothing was erased."
    ),
    "erase_needs_centre": N_(
        "Only an account of a career centre can be erased here; this database serves one "
        "person, whose applications are deleted one by one."
    ),
    "retention_months_invalid": N_(
        "The retention period is a whole number of months, at least 1 (not {value!r})."
    ),
    "report_needs_centre": N_(
        "The centre report belongs to a career centre; this database serves one person."
    ),
    "report_admin_only": N_("The centre report is for the centre's administrators."),
    "erase_confirm_mismatch": N_(
        "To erase the account, type its email address exactly; nothing was erased."
    ),
    "interview_body_type": N_(
        "An interview is sent as YAML or JSON; this request's body is {kind}."
    ),
    "interview_body_unreadable": N_("The interview sent is not readable: {problem}."),
    "sign_in_failed": N_("That email address and password do not match an account."),
    "sign_in_limited": N_(
        "Too many failed sign-ins from here or for this address; try again in {seconds} seconds."
    ),
    "session_setting_invalid": N_("{name} must be a whole number above 0, not {value!r}."),
    # -- single sign-on (OpenID Connect) -------------------------------------------------
    "oidc_setting_missing": N_("Single sign-on needs {name} too: set it, or unset the issuer."),
    "oidc_secret_unreadable": N_("Cannot read the client secret from {path}: {problem}."),
    "oidc_url_insecure": N_(
        "{name} must be an https:// address (http:// only to this computer), not {url!r}."
    ),
    "oidc_not_configured": N_("This centre has no single sign-on; sign in with your password."),
    "oidc_start_limited": N_(
        "Too many single sign-ons started from here; try again in {seconds} seconds, or sign "
        "in with your password."
    ),
    "oidc_busy": N_(
        "Too many single sign-ons are under way at this centre; try again in a minute, or sign "
        "in with your password."
    ),
    "oidc_state_unknown": N_(
        "This single sign-on has been used already, has expired, or was started in another "
        "browser; nobody was signed in."
    ),
    "oidc_provider_refused": N_(
        "The identity provider did not sign you in ({error}); nobody was signed in."
    ),
    "oidc_provider_unreachable": N_(
        "Cannot reach the identity provider {issuer}; try again in a moment, or sign in "
        "with your password."
    ),
    "oidc_provider_invalid": N_(
        "The identity provider {issuer} answered with something single sign-on cannot use; "
        "nobody was signed in."
    ),
    "oidc_token_unverified": N_(
        "The identity provider's answer is not signed by one of its keys; nobody was signed in."
    ),
    "oidc_wrong_issuer": N_(
        "The identity provider's answer comes from another issuer; nobody was signed in."
    ),
    "oidc_wrong_audience": N_(
        "The identity provider's answer was made for another application; nobody was signed in."
    ),
    "oidc_token_expired": N_(
        "The identity provider's answer has expired; nobody was signed in. Start again."
    ),
    "oidc_token_invalid": N_(
        "The identity provider's answer has an invalid {claim!r}; nobody was signed in."
    ),
    "oidc_nonce_replayed": N_(
        "The identity provider's answer belongs to an earlier sign-in (a replay); nobody was "
        "signed in."
    ),
    "oidc_nonce_mismatch": N_(
        "The identity provider's answer belongs to another sign-in; nobody was signed in."
    ),
    "oidc_email_unverified": N_(
        "The identity provider has not verified the address {email}; nobody was signed in."
    ),
    "oidc_no_account": N_(
        "No account of this centre has the address {email}; ask the centre to add one."
    ),
}


def sentence(code: str, params: dict[str, Any]) -> str:
    """The neutral sentence for ``code`` in the active locale, its fields filled.

    A code without a sentence (a slip the catalogue test catches) still reads as something
    a person can report rather than failing on the error path.
    """
    text = MESSAGES.get(code)
    if text is None:
        return f"{code} {params}" if params else code
    return gettext(text).format(**_one_line(params))


_CONTROL = {c: f"\\x{c:02x}" for c in range(32)} | {10: "\\n", 13: "\\r", 9: "\\t"}


def _one_line(params: Mapping[str, Any]) -> dict[str, Any]:
    """The values with their control characters written as escapes: a value may come from
    a hostile file (a field named with a line break), and an error is one line of text."""
    return {
        name: value.translate(_CONTROL) if isinstance(value, str) else value
        for name, value in params.items()
    }


def with_hint(error: AfterviewError, hints: Mapping[str, str]) -> str:
    """``error``'s neutral sentence, then its hint from an interface's ``hints`` if any."""
    text = str(error)
    hint = hints.get(error.code)
    return f"{text} {gettext(hint).format(**_one_line(error.params))}" if hint else text
