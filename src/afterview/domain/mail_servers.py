"""How a mail server is reached: the security each protocol may use, and the port each
implies when none is given. One table for the personal installation's settings
(``mail/config.py``) and a centre seeker's stored account (``services/mail_accounts.py``)."""

from __future__ import annotations

from typing import Literal

Security = Literal["starttls", "ssl", "plain"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "plain")
DEFAULT_PORTS = {
    ("smtp", "starttls"): 587,
    ("smtp", "ssl"): 465,
    ("smtp", "plain"): 25,
    ("imap", "starttls"): 143,
    ("imap", "ssl"): 993,
    ("imap", "plain"): 143,
}
DEFAULT_SECURITY: dict[str, Security] = {"smtp": "starttls", "imap": "ssl"}
