"""Career-centre mode on PostgreSQL: the database itself keeps each account's rows apart.

``afterview centre init`` runs :func:`initialise` as the role that owns the database. It
migrates, then, in one transaction:

* creates or updates the **runtime role** the web app and the workers connect as: it may
  log in and nothing more (no superuser, no ``BYPASSRLS``, no role or database creation),
  owns nothing, and may only read and write the data tables' rows;
* enables and **forces** row-level security on every table but ``alembic_version``. The
  policies read the acting account from the transaction-local setting ``app.user_id``,
  which :class:`~afterview.storage.db.Database` sets at the start of every unit of work
  (``set_config(…, true)``), through one SQL function, ``app_acting_account()``, read
  once per statement (:data:`ME`); :func:`reach` and :func:`may_read` say who may reach
  and read a row, the one place a later rule (a counsellor's grant) adds its clause;
* creates the narrow ``SECURITY DEFINER`` functions for the work that acts for nobody (the
  outbox worker's claims, a calendar feed's token, the local account, a new account),
  each returning only what its task needs, callable by the runtime role alone;
* writes the one row of ``centre``, which tells the app it runs in a centre.

A query that forgets its ``owner_id`` filter therefore still sees one account's rows:
that is the point. The owner role keeps full access only while no account is named (the
migrations, the functions); in a unit of work it is held to that account too.

Running it again is safe and is how a centre follows an upgrade: new tables get their
policies and the functions their new bodies. A table with neither ``owner_id`` nor a rule
here gets forced row-level security and no policy for accounts, so nobody but the owner
reads it until one is written (fail closed); :class:`Initialised` names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from afterview.domain.errors import InputError
from afterview.storage import consent_repo, outbox_repo, periodic_repo
from afterview.storage.db import Database, Tx
from afterview.storage.work import LOCAL_ACCOUNT

UNGUARDED = "alembic_version"  # Alembic's own bookkeeping: the runtime role only reads it
MARK = "centre"  # its one row says this database is a centre; everyone may read it
ACCOUNTS = "owners"  # an account sees its own row only
DATA_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
OWNER_POLICY = "afterview_owner"
ACCOUNT_POLICY = "afterview_account"
# What a counsellor a seeker grants access may read of that search (domain/consent.py's
# notice says so in words): the applications, interviews, plan steps and history. Never
# the mail, the journal, the settings or anything that signs in.
COUNSELLOR_READS = ("actions", "applications", "history", "interviews")
APPEND_ONLY = ("access_log",)
# Each account's data revision (migration 0017, storage/revision.py): an account reads its
# own counter and those of the seekers who grant it access; only the triggers' function,
# running as the owner, writes them.
REVISIONS = "data_revisions"  # the runtime role may add rows, never change or remove one
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@dataclass(frozen=True)
class Initialised:
    """What ``centre init`` did, for its report."""

    app_role: str
    created: bool  # the role is new (else its attributes and password were updated)
    tables: tuple[str, ...]  # every table now under forced row-level security
    closed: tuple[str, ...]  # tables no account can reach yet (no owner_id, no rule)


def initialise(db: Database, app_role: str, password: str, now: datetime) -> Initialised:
    """Make the database at ``db`` a career centre served by ``app_role`` (see module)."""
    if db.dialect != "postgresql":
        raise InputError("centre_needs_postgresql")
    if not app_role.strip():
        raise InputError("centre_role_empty")
    if not password:
        raise InputError("centre_password_empty")
    db.upgrade()
    with db.transaction() as tx:
        from psycopg import sql

        tables = _tables(tx)
        _refuse_owner(tx, app_role, tables)
        created = _role(tx, app_role, password)
        role = sql.Identifier(app_role)
        _functions(tx)
        _grants(tx, role, tables)
        closed = tuple(_guard(tx, table, role) for table in tables)
        task_queue(tx, role)
        tx.execute(
            """INSERT INTO centre (id, app_role, initialised_at) VALUES (1, :role, :now)
               ON CONFLICT (id) DO UPDATE SET app_role = :role, initialised_at = :now""",
            {"role": app_role, "now": now},
        )
    db.centre = True
    return Initialised(
        app_role, created, tuple(t["name"] for t in tables), tuple(c for c in closed if c)
    )


# -- the runtime role -------------------------------------------------------------------------


_WANTED = {  # pg_roles column -> (wanted value, the attribute that sets it)
    "rolcanlogin": (True, "LOGIN"),
    "rolsuper": (False, "NOSUPERUSER"),
    "rolbypassrls": (False, "NOBYPASSRLS"),
    "rolcreatedb": (False, "NOCREATEDB"),
    "rolcreaterole": (False, "NOCREATEROLE"),
}


def _role(tx: Tx, name: str, password: str) -> bool:
    """Create the runtime role, or bring an existing one to the wanted attributes and the
    new password; ``True`` when it was created.

    Only attributes that differ are altered: PostgreSQL lets a non-superuser owner change
    ``LOGIN`` and ``CREATEDB`` of a role it manages, never ``SUPERUSER`` or ``BYPASSRLS``,
    even to switch them off. The password is hashed here (SCRAM), so its text never
    reaches the server's statement log.
    """
    from psycopg import sql

    row = tx.one("SELECT * FROM pg_roles WHERE rolname = :name", {"name": name})
    hashed = tx.conn.pgconn.encrypt_password(
        password.encode(), name.encode(), b"scram-sha-256"
    ).decode()
    if row is None:
        attributes = " ".join(attribute for _, attribute in _WANTED.values())
        tx.conn.execute(
            sql.SQL("CREATE ROLE {} " + attributes + " PASSWORD {}").format(
                sql.Identifier(name), sql.Literal(hashed)
            )
        )
        return True
    wrong = [attr for column, (value, attr) in _WANTED.items() if row[column] != value]
    tx.conn.execute(
        sql.SQL("ALTER ROLE {} " + " ".join(wrong) + " PASSWORD {}").format(
            sql.Identifier(name), sql.Literal(hashed)
        )
    )
    return False


def _refuse_owner(tx: Tx, name: str, tables: list[dict[str, Any]]) -> None:
    """The runtime role must not own a table, nor act as a role that does (a superuser
    does): an owner's privileges would let it alter the policies away. Checked before the
    role is touched, so a wrong name never changes the owner's own password."""
    me = _current_user(tx)
    if name == me:
        raise InputError("centre_role_owns_tables", role=name, owner=me)
    if tx.one("SELECT 1 AS found FROM pg_roles WHERE rolname = :name", {"name": name}) is None:
        return  # a new role is a member of nothing
    for owner in sorted({t["owner"] for t in tables} | {me}):
        if tx.one(
            "SELECT pg_has_role(:name, :owner, 'MEMBER') AS member",
            {"name": name, "owner": owner},
        ) == {"member": True}:
            raise InputError("centre_role_owns_tables", role=name, owner=owner)


def _current_user(tx: Tx) -> str:
    row = tx.one("SELECT current_user AS name")
    assert row is not None
    return str(row["name"])


def _grants(tx: Tx, role: Any, tables: list[dict[str, Any]]) -> None:
    """Exactly the rows' privileges: read and write the data tables, read the mark and the
    schema revision (checked at start-up), draw ids from the sequences."""
    from psycopg import sql

    run = tx.conn.execute
    database = sql.Identifier(_one(tx, "SELECT current_database() AS v"))
    run(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, role))
    run(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    run(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(role))
    run(sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(role))
    for table in [t["name"] for t in tables] + [UNGUARDED]:
        read_only = table in (MARK, UNGUARDED, REVISIONS)
        privileges = sql.SQL("SELECT" if read_only else DATA_PRIVILEGES)
        if table in APPEND_ONLY:
            privileges = sql.SQL("SELECT, INSERT")
        run(sql.SQL("GRANT {} ON {} TO {}").format(privileges, sql.Identifier(table), role))
    run(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role))
    for signature in (*_DEFINERS, *_CONSENT_DEFINERS):
        run(sql.SQL(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC"))
        run(sql.SQL(f"GRANT EXECUTE ON FUNCTION {signature} TO {{}}").format(role))


def _one(tx: Tx, query: str) -> str:
    row = tx.one(query)
    assert row is not None
    return str(row["v"])


# -- row-level security -----------------------------------------------------------------------


def _tables(tx: Tx) -> list[dict[str, Any]]:
    """Every table of the public schema but Alembic's, with its owner and whether it has an
    ``owner_id`` column (read from the catalogue, so a table added later is included)."""
    return tx.all(
        """SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner,
                  EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                            AND a.attname = 'owner_id' AND NOT a.attisdropped) AS owned
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> :skip
           ORDER BY c.relname""",
        {"skip": UNGUARDED},
    )


def _guard(tx: Tx, table: dict[str, Any], role: Any) -> str | None:
    """Force row-level security on ``table`` and (re)write its policies; returns the
    table's name when no account can reach it (no rule for it)."""
    from psycopg import sql

    name = sql.Identifier(table["name"])
    run = tx.conn.execute
    run(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
    run(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(name))
    for old in tx.all(
        "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = :t"
        " AND policyname LIKE 'afterview%'",
        {"t": table["name"]},
    ):
        run(sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(old["policyname"]), name))
    unnamed = sql.SQL(f"{ME} IS NULL")
    run(
        sql.SQL("CREATE POLICY {} ON {} TO {} USING ({}) WITH CHECK ({})").format(
            sql.Identifier(OWNER_POLICY), name, sql.Identifier(table["owner"]), unnamed, unnamed
        )
    )
    rules = _rules(table)
    if rules is None:
        return str(table["name"])
    for suffix, rule in rules.items():
        called = sql.Identifier(ACCOUNT_POLICY + suffix)
        run(sql.SQL("CREATE POLICY {} ON {} ").format(called, name) + sql.SQL(rule))
    return None


def _rules(table: dict[str, Any]) -> dict[str, str] | None:
    """The account policies of ``table`` (name suffix -> the policy's text after its
    table), or ``None`` when no rule reaches it."""
    if table["name"] == MARK:
        return {"": "FOR SELECT USING (true)"}
    if table["name"] == ACCOUNTS:
        return {"": f"USING ({reach('id')}) WITH CHECK ({reach('id')})"}
    if table["name"] == REVISIONS:
        owner = '"' + str(table["owner"]).replace('"', '""') + '"'
        return {
            "_select": f"FOR SELECT USING ({may_read('account_id')})",
            "_bump": f"FOR ALL TO {owner} USING (true) WITH CHECK (true)",
        }
    consent = _consent_rules(table["name"])
    if consent is not None:
        return consent
    if not table["owned"]:
        return None
    if table["name"] in COUNSELLOR_READS:
        return _split("owner_id", may_read("owner_id"))
    return {"": f"USING ({reach('owner_id')}) WITH CHECK ({reach('owner_id')})"}


def _split(column: str, read: str) -> dict[str, str]:
    """Reading by ``read``; writing (insert, update, delete) by the account's own rows only."""
    own = reach(column)
    return {
        "_select": f"FOR SELECT USING ({read})",
        "_insert": f"FOR INSERT WITH CHECK ({own})",
        "_update": f"FOR UPDATE USING ({own}) WITH CHECK ({own})",
        "_delete": f"FOR DELETE USING ({own})",
    }


def _consent_rules(table: str) -> dict[str, str] | None:
    """The consent tables (migration 0013):

    * ``grants`` — a seeker sees and changes their own; a counsellor sees those naming
      them. No delete: a revoked grant stays, for the log.
    * ``access_log`` — the seeker reads theirs; an account appends entries as itself, on
      its own search or one that grants it access now. No update or delete policy, and the
      runtime role has no such privilege (``APPEND_ONLY``).
    * ``counsellor_notes`` — the author sees all their notes, the seeker the shared ones on
      them; only the author writes, and only while the seeker grants them access.
    """
    me = ME
    if table == "grants":
        own = f"seeker_id = {me}"
        return {
            "_select": f"FOR SELECT USING ({own} OR counsellor_id = {me})",
            "_insert": f"FOR INSERT WITH CHECK ({own})",
            "_update": f"FOR UPDATE USING ({own}) WITH CHECK ({own})",
        }
    if table == "access_log":
        return {
            "_select": f"FOR SELECT USING (seeker_id = {me})",
            "_insert": f"FOR INSERT WITH CHECK (actor_id = {me} AND {may_read('seeker_id')})",
        }
    if table == "counsellor_notes":
        author = f"author_id = {me} AND public.app_granted(seeker_id)"
        return {
            "_select": f"FOR SELECT USING (author_id = {me} OR (seeker_id = {me} AND shared))",
            "_insert": f"FOR INSERT WITH CHECK ({author})",
            "_update": f"FOR UPDATE USING ({author}) WITH CHECK ({author})",
            "_delete": f"FOR DELETE USING (author_id = {me})",
        }
    return None


# -- the functions ----------------------------------------------------------------------------

# The account a unit of work names, as the policies read it: a sub-select, which PostgreSQL
# runs once per statement (an InitPlan) and then compares each row with as a constant. The
# function called directly would read the setting again for every row (a function call and
# a look-up of the setting by name: about a third of the policies' cost over a caseload of
# 10,000 rows, measured with EXPLAIN ANALYZE). It cannot go inside ``app_may_reach``: a
# function whose body holds a sub-select is not inlined, and would then run per row itself.
ME = "(SELECT public.app_acting_account())"


def reach(column: str) -> str:
    """The account named owns the row (``app_may_reach``, as a policy says it)."""
    return f"({column} = {ME})"


# The policies' expression. Plain SQL, STABLE and without SET clauses so the planner inlines
# it into each query (an index on owner_id still serves). NULLIF: a connection reused after a
# transaction that named an account reads '' rather than nothing.
_POLICY_FUNCTIONS = """
CREATE OR REPLACE FUNCTION public.app_acting_account() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::integer $$;
CREATE OR REPLACE FUNCTION public.app_may_reach(account integer) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT account = public.app_acting_account() $$;
CREATE OR REPLACE FUNCTION public.app_granted(seeker integer) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM public.grants g
  WHERE g.seeker_id = seeker AND g.counsellor_id = public.app_acting_account()
    AND g.revoked_at IS NULL) $$;
"""


def may_read(column: str) -> str:
    """What the account named may read: its own rows, or a seeker's who grants it access
    now. The grants are read by an uncorrelated sub-select, which PostgreSQL runs once per
    statement into a hash table (a hashed SubPlan), and only when a row is not the
    account's own, so a seeker's reads never run it. A function holding it would not be
    inlined and would query the grants once per row (about 15 µs each: 150 ms over a
    caseload of 10,000 plan steps); ``= ANY (ARRAY(…))`` would compare each row with every
    granting seeker in turn (250 ms for 1,000 of them). The reading policies use this
    text; ``app_may_read`` says the same for one row (an index look-up of its grant)."""
    return (
        f"({reach(column)} OR {column} IN ("
        "SELECT g.seeker_id FROM public.grants g"
        f" WHERE g.counsellor_id = {ME} AND g.revoked_at IS NULL))"
    )


# The same rule for one row at a time (a check on a row written): one index look-up of
# the grants rather than all of them.
_POLICY_FUNCTIONS += """
CREATE OR REPLACE FUNCTION public.app_may_read(account integer) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT public.app_may_reach(account) OR public.app_granted(account) $$;
"""

# The work that acts for nobody: signature -> (returns, body). Bodies of the outbox claims
# are the repository's own statements (outbox_repo), with :name parameters as p_name.
_DEFINERS: dict[str, tuple[str, str]] = {
    "public.app_claim_due_mail(p_worker text, p_now timestamptz, p_stale timestamptz, "
    "p_limit integer)": (
        "TABLE (message integer, owner integer)",
        outbox_repo.CLAIM.format(due=outbox_repo.DUE, lock=" FOR UPDATE SKIP LOCKED"),
    ),
    "public.app_claim_unknown_mail(p_worker text, p_now timestamptz, p_stale timestamptz)": (
        "TABLE (message integer, owner integer)",
        outbox_repo.CLAIM_UNKNOWN.format(lock=" FOR UPDATE SKIP LOCKED"),
    ),
    "public.app_release_queued_mail(p_holder text, p_now timestamptz)": (
        "TABLE (message integer, owner integer)",
        outbox_repo.RELEASE_QUEUED,
    ),
    "public.app_mail_watchers()": ("TABLE (owner integer)", periodic_repo.MAIL_WATCHERS),
    "public.app_seekers_to_replan()": ("TABLE (owner integer)", periodic_repo.SEEKERS_TO_REPLAN),
    "public.app_mail_awaiting_replan()": (
        "TABLE (owner integer, application integer)",
        outbox_repo.AWAITING_REPLAN,
    ),
    # A feed token is a secret: compared as hashes over every row, never used as a key.
    "public.app_feed_owner(p_token text)": (
        "integer",
        "SELECT owner_id FROM calendar_feeds "
        "WHERE sha256(convert_to(token, 'UTF8')) = sha256(convert_to(:token, 'UTF8'))",
    ),
    "public.app_local_account()": (
        "integer",
        "SELECT id FROM owners WHERE name = '" + LOCAL_ACCOUNT.replace("'", "''") + "'",
    ),
    "public.app_create_account(p_name text, p_now timestamptz)": (
        "integer",
        "INSERT INTO owners (name, created_at) VALUES (:name, :now) RETURNING id",
    ),
    "public.app_other_accounts(p_account integer)": (
        "boolean",
        "SELECT EXISTS (SELECT 1 FROM owners WHERE id <> :account)",
    ),
}


def _plpgsql(statement: str) -> str:
    """A repository statement's ``:name`` parameters as the function's ``p_name``."""
    return _PARAM.sub(r"p_\1", statement)


# Look-ups across accounts a unit of work needs (consent_repo): the accounts table shows an
# account its own row only, and a definer function runs as the owner, held to the account
# named too; so each notes who acts (p_me), names nobody while it reads (the owner's own
# policy), and names them again before it returns. Who acts is never a parameter: a caller
# cannot ask for another account's parties. signature -> (returns, PL/pgSQL body).
_NAMELESS, _RENAMED = (
    "PERFORM set_config('app.user_id', '', true);",
    ("PERFORM set_config('app.user_id', p_me::text, true);"),
)
_CONSENT_DEFINERS: dict[str, tuple[str, str]] = {
    "public.app_grant_parties()": (
        "TABLE (party integer, address text)",
        f"""DECLARE p_me integer := public.app_acting_account();
BEGIN
  IF p_me IS NULL THEN RETURN; END IF;
  {_NAMELESS}
  RETURN QUERY {_plpgsql(consent_repo.PARTIES)};
  {_RENAMED}
END""",
    ),
    "public.app_counsellor_id(p_email text)": (
        "integer",
        f"""DECLARE p_me integer := public.app_acting_account(); p_found integer;
BEGIN
  IF p_me IS NULL THEN RETURN NULL; END IF;
  {_NAMELESS}
  p_found := ({_plpgsql(consent_repo.COUNSELLOR)});
  {_RENAMED}
  RETURN p_found;
END""",
    ),
}


def _consent_functions(tx: Tx) -> None:
    from psycopg import sql

    for signature, (returns, body) in _CONSENT_DEFINERS.items():
        tx.conn.execute(
            sql.SQL(
                f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} LANGUAGE plpgsql "
                f"VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS {{}}"
            ).format(sql.Literal(body))
        )


def _functions(tx: Tx) -> None:
    """(Re)create the policy expression and the ``SECURITY DEFINER`` functions, owned by
    the role running this, each with a pinned ``search_path``."""
    from psycopg import sql

    tx.conn.execute(_POLICY_FUNCTIONS)
    for signature in _SUPERSEDED:
        tx.conn.execute(f"DROP FUNCTION IF EXISTS {signature}")
    _consent_functions(tx)
    for signature, (returns, body) in _DEFINERS.items():
        text = _PARAM.sub(r"p_\1", body)
        writes = re.search(r"\b(UPDATE|INSERT|DELETE)\b", body) is not None  # a WITH too
        volatility = "VOLATILE" if writes else "STABLE"
        tx.conn.execute(
            sql.SQL(
                f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} LANGUAGE sql "
                f"{volatility} SECURITY DEFINER SET search_path = pg_catalog, public AS {{}}"
            ).format(sql.Literal(text))
        )


def signatures() -> tuple[str, ...]:
    """The definer functions' signatures (for the documentation's list and the tests)."""
    return (*_DEFINERS, *_CONSENT_DEFINERS)


# -- credentials: accounts that sign in --------------------------------------------------------
#
# The accounts table shows a unit of work its own row only, so finding an account by its
# email, a token or a session (before anyone is known), listing the accounts and creating
# one go through these. Each returns only what its caller needs: no function returns a
# password hash but the sign-in lookup, which must compare it.
#
# The ones that manage accounts (create, list, disable, find by email) are the
# administrator's command line only: they act only while no account is named in the
# transaction, and the web app names one in every unit of work and never calls them. A
# bug in a page therefore cannot create or list accounts; whoever holds the runtime role's
# password can (it is the administrator's: docs/CENTRE.md, "Accounts").
_NOBODY = " AND public.app_acting_account() IS NULL"
TOKEN_ACCOUNT = "public.app_token_account(p_hash text, p_now timestamptz)"
# What an earlier version of a function was called: dropped when the centre is initialised
# again, so that no stale copy stays callable beside its successor.
_SUPERSEDED = (
    "public.app_token_account(p_hash text)",
    "public.app_oidc_flow_start(p_state_hash text, p_nonce text, p_verifier text, "
    "p_now timestamptz, p_expires timestamptz)",  # now with the cap on flows under way
)

_CREDENTIALS: dict[str, tuple[str, str]] = {
    "public.app_add_account(p_email text, p_role text, p_hash text, p_now timestamptz)": (
        "integer",
        "INSERT INTO owners (name, email, role, password_hash, created_at) "
        "SELECT :email, :email, :role, :hash, :now WHERE true" + _NOBODY + " "
        "ON CONFLICT DO NOTHING RETURNING id",
    ),
    "public.app_accounts()": (
        "TABLE (id integer, email text, role text, created_at timestamptz, "
        "disabled_at timestamptz)",
        "SELECT id, email, role, created_at, disabled_at FROM owners "
        "WHERE email IS NOT NULL" + _NOBODY + " ORDER BY email",
    ),
    "public.app_account_id(p_email text)": (
        "integer",
        "SELECT id FROM owners WHERE email = :email" + _NOBODY,
    ),
    "public.app_disable_account(p_email text, p_now timestamptz)": (
        "integer",
        "UPDATE owners SET disabled_at = COALESCE(disabled_at, :now) "
        "WHERE email = :email" + _NOBODY + " RETURNING id",
    ),
    # Sign-in: the hash to compare and whether the account may sign in.
    "public.app_sign_in_lookup(p_email text)": (
        "TABLE (account integer, password_hash text, disabled boolean)",
        "SELECT id, password_hash, disabled_at IS NOT NULL FROM owners WHERE email = :email",
    ),
    # A personal API token, by its SHA-256 (256 random bits: the hash is the key). A
    # disabled account's tokens name nobody, from the next request on. Each use is noted
    # in last_used_at, at most once a minute a token: a busy script costs one row write a
    # minute, not one a request.
    TOKEN_ACCOUNT: (
        "TABLE (account integer, role text)",
        "WITH found AS (SELECT t.id, o.id AS account, o.role, t.last_used_at "
        "FROM api_tokens t JOIN owners o ON o.id = t.owner_id "
        "WHERE t.token_hash = :hash AND o.disabled_at IS NULL), "
        "noted AS (UPDATE api_tokens SET last_used_at = :now WHERE id IN (SELECT id FROM found "
        "WHERE last_used_at IS NULL OR last_used_at <= :now - interval '1 minute') "
        "RETURNING id) "
        "SELECT account, role FROM found",
    ),
    # Sessions (web_sessions, by the SHA-256 of the cookie's value): the account a live
    # session names, marking it seen; ending one (sign-out, or the cookie a new sign-in
    # replaces, whoever's it was).
    "public.app_session_account(p_hash text, p_now timestamptz, p_seen_since timestamptz)": (
        "TABLE (account integer, role text)",
        "UPDATE web_sessions s SET last_seen_at = :now FROM owners o "
        "WHERE s.session_hash = :hash AND o.id = s.owner_id AND o.disabled_at IS NULL "
        "AND s.expires_at > :now AND s.last_seen_at > :seen_since RETURNING o.id, o.role",
    ),
    "public.app_end_session(p_hash text)": (
        "integer",
        "DELETE FROM web_sessions WHERE session_hash = :hash RETURNING owner_id",
    ),
    # Failed sign-ins, by the address tried and the network address they came from: how
    # many since a moment (and the first of them, which says when the next try is allowed),
    # one more, and forgetting an address's failures after it signs in (old ones too).
    "public.app_sign_in_failures(p_email text, p_address text, p_since timestamptz)": (
        "TABLE (by_email integer, first_by_email timestamptz, by_address integer, "
        "first_by_address timestamptz)",
        "SELECT COUNT(*) FILTER (WHERE email = :email)::integer, "
        "MIN(at) FILTER (WHERE email = :email), "
        "COUNT(*) FILTER (WHERE address = :address)::integer, "
        "MIN(at) FILTER (WHERE address = :address) "
        "FROM sign_in_failures WHERE at > :since AND (email = :email OR address = :address)",
    ),
    "public.app_sign_in_failed(p_email text, p_address text, p_now timestamptz)": (
        "integer",
        "INSERT INTO sign_in_failures (email, address, at) VALUES (:email, :address, :now) "
        "RETURNING id",
    ),
    "public.app_sign_in_forget(p_email text, p_before timestamptz)": (
        "integer",
        "DELETE FROM sign_in_failures WHERE email = :email OR at < :before RETURNING id",
    ),
}
_DEFINERS.update(_CREDENTIALS)


# -- single sign-on (OpenID Connect, migration 0016) -------------------------------------------
#
# Before anyone is known: a sign-in under way (oidc_flows, which names no account and has no
# policy for accounts, so these functions are its only way in), and the enabled account a
# provider's identity names, by its stored link or, the first time, by its verified address.
# An account already linked to another identity at the same provider is not found by
# address: a reused address at the provider does not take it over. The link itself is
# written in the account's own unit of work (oidc_identities has an owner_id).
_SINGLE_SIGN_ON: dict[str, tuple[str, str]] = {
    # Kept only while fewer than p_cap flows are (ended ones forgotten first): a stranger
    # pressing the button from many addresses fills the table up to the cap, no further.
    # The lock makes the count and the insert one step, so concurrent starts cannot pass
    # the cap together (each statement of a volatile function sees what committed before).
    "public.app_oidc_flow_start(p_state_hash text, p_nonce text, p_verifier text, "
    "p_now timestamptz, p_expires timestamptz, p_cap integer)": (
        "integer",
        "SELECT pg_advisory_xact_lock(hashtext('afterview.oidc_flows')); "
        "INSERT INTO oidc_flows (state_hash, nonce, verifier, created_at, expires_at) "
        "SELECT :state_hash, :nonce, :verifier, :now, :expires "
        "WHERE (SELECT COUNT(*) FROM oidc_flows) < :cap RETURNING id",
    ),
    # Taken once: the first call marks it used, any later one finds nothing.
    "public.app_oidc_flow_take(p_state_hash text, p_now timestamptz)": (
        "TABLE (nonce text, verifier text)",
        "UPDATE oidc_flows SET used_at = :now WHERE state_hash = :state_hash "
        "AND used_at IS NULL AND expires_at > :now RETURNING nonce, verifier",
    ),
    "public.app_oidc_nonce_used(p_nonce text)": (
        "boolean",
        "SELECT EXISTS (SELECT 1 FROM oidc_flows WHERE nonce = :nonce AND used_at IS NOT NULL)",
    ),
    "public.app_oidc_flows_forget(p_before timestamptz)": (
        "integer",
        "DELETE FROM oidc_flows WHERE expires_at < :before RETURNING id",
    ),
    "public.app_oidc_account(p_issuer text, p_subject text)": (
        "TABLE (account integer, role text)",
        "SELECT o.id, o.role FROM oidc_identities i JOIN owners o ON o.id = i.owner_id "
        "WHERE i.issuer = :issuer AND i.subject = :subject AND o.disabled_at IS NULL",
    ),
    "public.app_oidc_email_account(p_issuer text, p_email text)": (
        "TABLE (account integer, role text)",
        "SELECT o.id, o.role FROM owners o WHERE o.email = :email AND o.disabled_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM oidc_identities i WHERE i.owner_id = o.id "
        "AND i.issuer = :issuer)",
    ),
}
_DEFINERS.update(_SINGLE_SIGN_ON)


# -- the task queue of the workers (procrastinate) ---------------------------------------------
#
# The centre's workers share their work through procrastinate's tables, in a schema of their
# own, ``procrastinate``, outside ``public``: the row-level security above covers ``public``
# only, and the queue must stay usable by the runtime role whoever its unit of work names
# (a worker fetches the next job before it knows whose it is). A job names an account and a
# message by their ids and carries nothing else of an account; what the job then reads and
# writes of the account is in ``public``, in a unit of work for that account.

TASK_SCHEMA = "procrastinate"


def task_queue(tx: Tx, role: Any) -> None:
    """Create procrastinate's schema once (its own SQL, in :data:`TASK_SCHEMA`), and let
    the runtime role use its tables, sequences and functions."""
    from psycopg import sql

    run = tx.conn.execute
    schema = sql.Identifier(TASK_SCHEMA)
    found = tx.one("SELECT to_regclass(:name) AS t", {"name": TASK_SCHEMA + ".procrastinate_jobs"})
    if found is None or found["t"] is None:
        from procrastinate.schema import SchemaManager

        run(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(schema))
        run(sql.SQL("SET LOCAL search_path = {}, pg_catalog").format(schema))
        run(SchemaManager.get_schema())
        run("SET LOCAL search_path TO DEFAULT")
    run(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, role))
    for kind in ("TABLES", "SEQUENCES", "FUNCTIONS"):
        privileges = {"TABLES": "SELECT, INSERT, UPDATE, DELETE", "SEQUENCES": "USAGE, SELECT"}
        granted = privileges.get(kind, "EXECUTE")
        run(sql.SQL(f"GRANT {granted} ON ALL {kind} IN SCHEMA {{}} TO {{}}").format(schema, role))


# -- retention: accounts whose closed search has been idle (afterview centre purge) -----------
#
# The administrator's purge must find, across accounts, those with no activity since a
# moment and a closed search: at least one application and none still open (applied or
# interviewing, or an offer not accepted). It acts for nobody, like the account functions,
# and returns only ids and dates; each warning and purge then runs in that account's own
# unit of work. Activity is the newest of: the account's creation, any application, plan
# step or message changed, any history entry, any session used.
_RETENTION: dict[str, tuple[str, str]] = {
    "public.app_retention_candidates(p_idle_since timestamptz)": (
        "TABLE (owner integer, last_active timestamptz, warned_at timestamptz)",
        """SELECT o.id, act.last_active, o.retention_warned_at FROM owners o
           CROSS JOIN LATERAL (SELECT GREATEST(o.created_at,
               (SELECT MAX(updated_at) FROM applications WHERE owner_id = o.id),
               (SELECT MAX(updated_at) FROM actions WHERE owner_id = o.id),
               (SELECT MAX(updated_at) FROM messages WHERE owner_id = o.id),
               (SELECT MAX(created_at) FROM history WHERE owner_id = o.id),
               (SELECT MAX(last_seen_at) FROM web_sessions WHERE owner_id = o.id)
             ) AS last_active) act
           WHERE o.email IS NOT NULL AND act.last_active < :idle_since
             AND EXISTS (SELECT 1 FROM applications WHERE owner_id = o.id)
             AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.owner_id = o.id
                   AND (a.status IN ('applied', 'interviewing')
                        OR (a.status = 'offer' AND NOT EXISTS (SELECT 1 FROM history h
                              WHERE h.application_id = a.id AND h.kind = 'offer_accepted'))))"""
        + _NOBODY
        + " ORDER BY o.id",
    ),
}
_DEFINERS.update(_RETENTION)


# -- the centre report (admin): counts by month across accounts, no rows ---------------------
#
# One aggregate over every account's rows returns (month, measure, count) and nothing else:
# no id, no name, no company. It acts for nobody (row-level security would hold a unit of
# work to its own rows) and only for an enabled admin account named by the caller, which
# the app takes from the signed-in admin's session. Months are UTC calendar months.
_MONTH = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM')"
_REPORT: dict[str, tuple[str, str]] = {
    "public.app_centre_report(p_admin integer)": (
        "TABLE (month text, measure text, n integer)",
        "SELECT r.month, r.measure, r.n FROM ("
        f"SELECT {_MONTH.format('i.start_at')} AS month, 'interviews' AS measure, "
        "COUNT(*)::integer AS n FROM interviews i GROUP BY 1 "
        f"UNION ALL SELECT {_MONTH.format('i.end_at')}, 'thank_yous_within_24h', "
        "COUNT(*)::integer FROM interviews i WHERE EXISTS (SELECT 1 FROM actions t "
        "WHERE t.interview_id = i.id AND t.kind = 'thank_you' AND t.status = 'done' "
        "AND t.done_at <= i.end_at + interval '24 hours') GROUP BY 1 "
        f"UNION ALL SELECT {_MONTH.format('f.done_at')}, 'follow_ups_after_decision', "
        "COUNT(*)::integer FROM actions f JOIN interviews i ON i.id = f.interview_id "
        "WHERE f.kind = 'follow_up' AND f.status = 'done' AND i.decision_date IS NOT NULL "
        "AND (f.done_at AT TIME ZONE 'UTC')::date > i.decision_date GROUP BY 1 "
        "UNION ALL SELECT o.month, o.outcome, COUNT(*)::integer FROM ("
        f"SELECT {_MONTH.format('MAX(i.end_at)')} AS month, CASE "
        "WHEN a.outcome_kind = 'offer' OR a.status = 'offer' THEN 'offer' "
        "WHEN a.outcome_kind = 'rejected' OR a.status = 'rejected' THEN 'rejection' "
        "WHEN a.status = 'closed' AND a.replied_at IS NULL THEN 'silence' "
        "WHEN a.status IN ('applied', 'interviewing') THEN 'waiting' END AS outcome "
        "FROM applications a JOIN interviews i ON i.application_id = a.id "
        "GROUP BY a.id, a.outcome_kind, a.status, a.replied_at) o "
        "WHERE o.outcome IS NOT NULL GROUP BY 1, 2) r "
        "WHERE EXISTS (SELECT 1 FROM owners WHERE id = :admin AND role = 'admin' "
        "AND disabled_at IS NULL)" + _NOBODY + " ORDER BY 1, 2",
    ),
}
_DEFINERS.update(_REPORT)
