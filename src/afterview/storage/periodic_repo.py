"""Who a career centre's periodic work acts for: the accounts to list before each job acts
as one of them. Row-level security hides every account from a transaction that names
none, so in a centre each list comes from a ``SECURITY DEFINER`` function whose body is
the statement here (storage/centre.py) and which returns account ids and nothing else."""

from __future__ import annotations

from afterview.storage.db import Tx

# Enabled accounts that gave an inbox to watch (their mail account names an IMAP server).
MAIL_WATCHERS = """SELECT m.owner_id FROM mail_accounts m JOIN owners o ON o.id = m.owner_id
  WHERE m.imap_host IS NOT NULL AND m.imap_host <> '' AND o.disabled_at IS NULL
  ORDER BY m.owner_id"""

# Enabled seekers with at least one application: the nightly replan has something to do.
SEEKERS_TO_REPLAN = """SELECT o.id FROM owners o
  WHERE o.role = 'seeker' AND o.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM applications a WHERE a.owner_id = o.id)
  ORDER BY o.id"""


def mail_watchers(tx: Tx) -> list[int]:
    """The accounts whose inbox the reply watch reads."""
    sql = "SELECT owner FROM app_mail_watchers()" if tx.centre else MAIL_WATCHERS
    return [int(next(iter(r.values()))) for r in tx.all(sql)]


def seekers_to_replan(tx: Tx) -> list[int]:
    """The accounts the nightly replan acts for."""
    sql = "SELECT owner FROM app_seekers_to_replan()" if tx.centre else SEEKERS_TO_REPLAN
    return [int(next(iter(r.values()))) for r in tx.all(sql)]
