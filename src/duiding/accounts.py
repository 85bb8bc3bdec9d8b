"""Who asks: the account behind an action that is recorded (an unprotected export, later more).

Today the only accounts are those of the operating system that runs the ``duiding``
command, taken from the process's user id, never from ``$USER`` or ``$LOGNAME`` (which
anyone can set). The web app's accounts (the access issue) become a second ``AccountKind``;
whatever records an action takes an ``Account``, so it does not change when they arrive.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass
from enum import StrEnum


class AccountKind(StrEnum):
    """Where an account is known."""

    SYSTEM = "systeemaccount"
    """A login on the machine that runs ``duiding`` (the command line)."""


@dataclass(frozen=True)
class Account:
    """The account that asked for something; ``recorded`` is what the logs and files name."""

    name: str
    kind: AccountKind

    @property
    def recorded(self) -> str:
        """``'jansen (systeemaccount)'``."""
        return f"{self.name} ({self.kind.value})"


def account_system() -> Account:
    """The operating-system account this process runs as (by user id, not by environment)."""
    uid = os.geteuid()
    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:
        name = f"uid {uid}"
    return Account(name=name, kind=AccountKind.SYSTEM)
