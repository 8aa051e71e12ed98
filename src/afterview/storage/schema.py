"""The tables, as SQLAlchemy metadata: what the migrations must produce.

The migrations in ``migrations/versions`` create and change the real tables; a test runs
them on an empty database and checks the result against this metadata, so the two never
drift apart. Runtime code does not import this module (see ``db.py`` for why).

Every table that holds user data has ``owner_id``: in personal mode there is one owner
(id 1, created by the first migration); a career centre has one per account.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

TS = sa.DateTime(timezone=True)


def _owner() -> sa.Column[int]:
    return sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), nullable=False)


def _application() -> sa.Column[int]:
    """The application a row belongs to; deleting the application deletes the row."""
    return sa.Column(
        "application_id",
        sa.Integer,
        sa.ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
    )


owners = sa.Table(
    "owners",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("created_at", TS, nullable=False),
    # a centre's account signs in (0013); the personal database's local account never does
    sa.Column("email", sa.Text, unique=True),  # lower-cased
    sa.Column("role", sa.Text, nullable=False, server_default="seeker"),
    sa.Column("password_hash", sa.Text),  # Argon2 (pwdlib)
    sa.Column("disabled_at", TS),
    sa.Column("retention_warned_at", TS),  # afterview centre purge warned it (0015)
    sa.CheckConstraint("role IN ('seeker', 'counsellor', 'admin')", name="ck_owners_role"),
)

candidates = sa.Table(
    "candidates",
    metadata,
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("phone", sa.Text),
    sa.Column("timezone", sa.Text, nullable=False),
    sa.Column("country", sa.Text, nullable=False),
    sa.Column("subdivision", sa.Text),
    sa.Column("signature", sa.Text),
    sa.Column("updated_at", TS, nullable=False),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    sa.Column("company", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("channel_before", sa.Text, nullable=False),
    sa.Column("referrer_name", sa.Text),
    sa.Column("referrer_email", sa.Text),
    sa.Column("refs", sa.Text, nullable=False),  # JSON list of {name, email}
    sa.Column("links", sa.Text, nullable=False),  # JSON list of {title, url}
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("notes", sa.Text),
    sa.Column("contacts", sa.Text, nullable=False),  # JSON: people from tracker imports
    sa.Column("extra", sa.Text, nullable=False),  # JSON: columns no field maps to, kept
    sa.Column("applied_on", sa.Date),
    sa.Column("replied_at", TS),
    sa.Column("not_until", sa.Date),
    sa.Column("outcome_kind", sa.Text),
    sa.Column("outcome_at", TS),
    sa.Column("on_paper", sa.Boolean, nullable=False),
    sa.Column("feedback", sa.Text),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.Column("company_key", sa.Text),  # casefolded, for look-ups (0002)
    sa.Column("role_key", sa.Text),
    sa.Index("ix_applications_owner_status", "owner_id", "status"),
    sa.Index("ix_applications_owner_keys", "owner_id", "company_key", "role_key"),
    sa.Index("ix_applications_owner_updated", "owner_id", "updated_at"),  # 0018
)

interviews = sa.Table(
    "interviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    _application(),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("start_at", TS, nullable=False),
    sa.Column("end_at", TS, nullable=False),
    sa.Column("timezone", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("decision", sa.Text),
    sa.Column("decision_date", sa.Date),
    sa.Column("contact_preference", sa.Text, nullable=False),
    sa.Column("next_step", sa.Text),
    sa.Column("panel", sa.Text, nullable=False),  # JSON, the interview file's shape
    sa.Column("promises", sa.Text, nullable=False),  # JSON
    sa.Column("notes", sa.Text, nullable=False),  # JSON
    sa.Column("created_at", TS, nullable=False),
    # With the decision date, the applications list counts interviews from the index alone.
    sa.Index("ix_interviews_application", "application_id", "decision_date"),
)

history = sa.Table(
    "history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    _application(),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("to_name", sa.Text),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("at", TS, nullable=False),
    sa.Column("about", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("created_at", TS, nullable=False),
    sa.Index("ix_history_application", "application_id"),
    sa.Index("ix_history_owner_at", "owner_id", "at"),  # 0018: an account's latest activity
)

actions = sa.Table(
    "actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    _application(),
    sa.Column(
        "interview_id",
        sa.Integer,
        sa.ForeignKey("interviews.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("to_name", sa.Text),
    sa.Column("channel", sa.Text),
    sa.Column("zone", sa.Text, nullable=False),
    sa.Column("not_before", TS, nullable=False),
    sa.Column("due", TS, nullable=False),
    sa.Column("send_at", TS),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("sources", sa.Text, nullable=False),  # JSON list
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("done_at", TS),
    sa.Column("note", sa.Text),
    sa.Column("reason", sa.Text),
    sa.Column("edited", sa.Boolean, nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.UniqueConstraint("interview_id", "key", name="uq_actions_interview_key"),
    sa.Index("ix_actions_owner_status_due", "owner_id", "status", "not_before", "due"),
    sa.Index(
        "ix_actions_owner_status_kind", "owner_id", "status", "kind", "not_before", "application_id"
    ),
    sa.Index("ix_actions_application", "application_id"),
)

overrides = sa.Table(
    "overrides",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    _application(),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("to_name", sa.Text),
    sa.Column("rules", sa.Text, nullable=False),  # JSON list of rule ids
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", TS, nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Index("ix_overrides_application", "application_id"),
)

# -- delivery (0004) -------------------------------------------------------------------------

messages = sa.Table(
    "messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    _application(),
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="SET NULL")),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("to_name", sa.Text),
    sa.Column("to_email", sa.Text, nullable=False),
    sa.Column("from_email", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    # approved, scheduled, sent; failed, blocked (by a guard at sending), cancelled
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("message_id", sa.Text, nullable=False, unique=True),
    sa.Column("in_reply_to", sa.Text),
    sa.Column("refs", sa.Text),  # the References header
    sa.Column("send_at", TS, nullable=False),
    sa.Column("approved_at", TS, nullable=False),
    sa.Column("claimed_by", sa.Text),
    sa.Column("claimed_at", TS),
    sa.Column("handoff_at", TS),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", TS),
    sa.Column("sent_at", TS),
    sa.Column("replan_pending", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("error", sa.Text),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.Index("ix_messages_status_send_at", "status", "send_at"),
    sa.Index("ix_messages_application", "application_id"),
)

mail_events = sa.Table(
    "mail_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    _application(),
    sa.Column("message_id", sa.Text, nullable=False),
    sa.Column("in_reply_to", sa.Text),
    sa.Column("from_addr", sa.Text, nullable=False),
    sa.Column("from_name", sa.Text),
    sa.Column("subject", sa.Text),
    sa.Column("received_at", TS, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # human|auto|rejection|offer
    sa.Column("return_on", sa.Date),
    sa.Column("status", sa.Text, nullable=False),  # new|applied|confirmed|dismissed|undone
    sa.Column("why", sa.Text),  # what made the watch read it so
    sa.Column("decided_at", TS),  # when the user confirmed, dismissed or undid it
    sa.Column("created_at", TS, nullable=False),
    sa.Column("prior", sa.Text),  # the application's reply and outcome before it (JSON)
    sa.UniqueConstraint("owner_id", "message_id", name="uq_mail_events_owner_message"),
    sa.Index("ix_mail_events_application", "application_id"),
)

mail_state = sa.Table(
    "mail_state",
    metadata,
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), primary_key=True),
    sa.Column("mailbox", sa.Text, primary_key=True),
    sa.Column("uidvalidity", sa.BigInteger, nullable=False),
    sa.Column("last_uid", sa.BigInteger, nullable=False),
    sa.Column("checked_at", TS, nullable=False),
)

calendar_feeds = sa.Table(
    "calendar_feeds",
    metadata,
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), primary_key=True),
    sa.Column("token", sa.Text, nullable=False, unique=True),
    sa.Column("created_at", TS, nullable=False),
)

# -- learning (0005) -------------------------------------------------------------------------

reflections = sa.Table(
    "reflections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    _application(),
    sa.Column("interview_id", sa.Integer, sa.ForeignKey("interviews.id", ondelete="CASCADE")),
    sa.Column("kind", sa.Text, nullable=False),  # revisit|expressive
    sa.Column("data", sa.Text, nullable=False),  # JSON
    sa.Column("written_at", TS, nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.Index("ix_reflections_application", "application_id"),
)

questions = sa.Table(
    "questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owner(),
    _application(),
    sa.Column(
        "interview_id",
        sa.Integer,
        sa.ForeignKey("interviews.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("answer", sa.Text),
    sa.Column("rating", sa.Integer),
    sa.Column("asked_by", sa.Text),
    sa.Column("asked_at", TS, nullable=False),
    sa.Column("group_id", sa.Integer),
    sa.Column("created_at", TS, nullable=False),
    sa.Index("ix_questions_owner_group", "owner_id", "group_id"),
    sa.Index("ix_questions_interview", "interview_id"),
)

# -- tracker imports (0006) ----------------------------------------------------------------

import_origins = sa.Table(
    "import_origins",
    metadata,
    sa.Column("application_id", sa.Integer, primary_key=True),
    _owner(),
    sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
    sa.Column("origin", sa.Text, nullable=False),  # file fingerprint:line
    sa.Column("key", sa.Text, nullable=False),  # company|role|applied_on, casefolded
    sa.Column("digest", sa.Text, nullable=False),  # hash of what the row said
    sa.Column("imported_at", TS, nullable=False),
    sa.Index("ix_import_origins_owner_origin", "owner_id", "origin"),
    sa.Index("ix_import_origins_owner_key", "owner_id", "key"),
)

# -- each account's settings (0011) ----------------------------------------------------------

account_settings = sa.Table(
    "account_settings",
    metadata,
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), primary_key=True),
    sa.Column("data", sa.Text, nullable=False),  # JSON: the values changed from the defaults
    sa.Column("updated_at", TS, nullable=False),
)

# -- the career-centre mark (0012) -----------------------------------------------------------

centre = sa.Table(
    "centre",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("app_role", sa.Text, nullable=False),  # the runtime role `centre init` set up
    sa.Column("initialised_at", TS, nullable=False),
    sa.CheckConstraint("id = 1", name="ck_centre_one_row"),
)

# -- accounts, sessions, consent (0013) ------------------------------------------------------


def _account(name: str, *, nullable: bool = False) -> sa.Column[int]:
    """An account a row belongs to: erasing the account erases the row. A row that only
    names who acted (``nullable``) keeps itself and loses the name instead."""
    on_delete = "SET NULL" if nullable else "CASCADE"
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("owners.id", ondelete=on_delete), nullable=nullable
    )


api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _account("owner_id"),
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),  # SHA-256 of the token
    sa.Column("created_at", TS, nullable=False),
    sa.Column("last_used_at", TS),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _account("owner_id"),
    sa.Column("session_hash", sa.Text, nullable=False, unique=True),  # SHA-256 of the cookie
    sa.Column("created_at", TS, nullable=False),
    sa.Column("last_seen_at", TS, nullable=False),  # the idle timeout counts from here
    sa.Column("expires_at", TS, nullable=False),  # the absolute timeout
)

sign_in_failures = sa.Table(
    "sign_in_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("at", TS, nullable=False),
    sa.Index("ix_sign_in_failures_email_at", "email", "at"),
    sa.Index("ix_sign_in_failures_address_at", "address", "at"),
)

grants = sa.Table(
    "grants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _account("seeker_id"),
    _account("counsellor_id"),
    sa.Column("notice_version", sa.Text, nullable=False),  # the notice read before granting
    sa.Column("granted_at", TS, nullable=False),
    sa.Column("revoked_at", TS),
    sa.Index("ix_grants_counsellor", "counsellor_id", "revoked_at"),
    sa.Index("ix_grants_seeker", "seeker_id", "revoked_at"),
)

access_log = sa.Table(
    "access_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _account("seeker_id"),
    _account("actor_id", nullable=True),
    sa.Column("actor_email", sa.Text, nullable=False),  # kept if the actor is erased
    sa.Column("action", sa.Text, nullable=False),  # a code: read, granted, revoked…
    sa.Column("subject", sa.Text),  # what was read
    sa.Column("at", TS, nullable=False),
    sa.Index("ix_access_log_seeker_at", "seeker_id", "at"),
)

counsellor_notes = sa.Table(
    "counsellor_notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _account("seeker_id"),
    _account("author_id"),
    sa.Column("application_id", sa.Integer, sa.ForeignKey("applications.id", ondelete="CASCADE")),
    sa.Column("shared", sa.Boolean, nullable=False),  # False: the author's alone
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Index("ix_counsellor_notes_seeker", "seeker_id", "created_at"),
)

# -- single sign-on (0016) -----------------------------------------------------------------

oidc_identities = sa.Table(
    "oidc_identities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _account("owner_id"),
    sa.Column("issuer", sa.Text, nullable=False),  # the identity provider
    sa.Column("subject", sa.Text, nullable=False),  # the account's ``sub`` there
    sa.Column("linked_at", TS, nullable=False),
    sa.UniqueConstraint("issuer", "subject", name="uq_oidc_identities_issuer_subject"),
)

oidc_flows = sa.Table(
    "oidc_flows",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("state_hash", sa.Text, nullable=False, unique=True),  # SHA-256 of the state
    sa.Column("nonce", sa.Text, nullable=False, unique=True),
    sa.Column("verifier", sa.Text, nullable=False),  # PKCE
    sa.Column("created_at", TS, nullable=False),
    sa.Column("expires_at", TS, nullable=False),
    sa.Column("used_at", TS),  # taken once; never again
)

# -- a seeker's own mail account (0014) ------------------------------------------------------

mail_accounts = sa.Table(
    "mail_accounts",
    metadata,
    sa.Column(
        "owner_id",
        sa.Integer,
        sa.ForeignKey("owners.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("smtp_host", sa.Text),
    sa.Column("smtp_port", sa.Integer),
    sa.Column("smtp_security", sa.Text),
    sa.Column("smtp_user", sa.Text),
    sa.Column("smtp_secret", sa.Text),  # a Fernet token, never the password
    sa.Column("imap_host", sa.Text),
    sa.Column("imap_port", sa.Integer),
    sa.Column("imap_security", sa.Text),
    sa.Column("imap_user", sa.Text),
    sa.Column("imap_secret", sa.Text),
    sa.Column("updated_at", TS, nullable=False),
)

# -- each account's data revision (0017) -----------------------------------------------------

# A counter per account, bumped by triggers on PostgreSQL in the transaction of every write
# (storage/revision.py reads it). ``account_id`` rather than ``owner_id``, and no foreign
# key: it is no part of a search and outlives an erased account's rows.
data_revisions = sa.Table(
    "data_revisions",
    metadata,
    sa.Column("account_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("n", sa.BigInteger, nullable=False),
)
