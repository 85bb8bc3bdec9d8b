"""BSNs: the elfproef, and the keyed pseudonym that replaces them at the door.

The key comes from ``DUIDING_PSEUDONYM_KEY`` (the key itself) or ``DUIDING_PSEUDONYM_KEY_FILE``
(a file holding it), never from the workspace's data. The same key gives the same pseudonym
for the same BSN in every source, so stapeling can be determined without any BSN being stored.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from duiding.errors import LoadError

KEY_ENV = "DUIDING_PSEUDONYM_KEY"
KEY_FILE_ENV = "DUIDING_PSEUDONYM_KEY_FILE"
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_NINE_DIGITS = re.compile(r"^\d{9}$")


def bsn_valid(text: str) -> bool:
    """True when ``text`` is a nine-digit number passing the elfproef (and not all zeros)."""
    if not _NINE_DIGITS.match(text) or text == "000000000":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text, _WEIGHTS, strict=True))
    return total % 11 == 0


def bsn_valid_sql(column: str) -> str:
    """The elfproef as a DuckDB SQL expression over a normalised nine-character text column."""
    terms = " + ".join(f"TRY_CAST(substr({column}, {i + 1}, 1) AS INTEGER) * {w}" for i, w in enumerate(_WEIGHTS))
    return f"(regexp_full_match({column}, '\\d{{9}}') AND {column} <> '000000000' AND ({terms}) % 11 = 0)"


def key_load() -> bytes:
    """The pseudonymisation key from the environment; a Dutch error saying how to set it."""
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode("utf-8")
    path = os.environ.get(KEY_FILE_ENV)
    if path:
        try:
            key = Path(path).read_bytes().strip()
        except OSError as exc:
            raise LoadError(f"De sleutel voor pseudonimisering ({path}) is niet te lezen: {exc.strerror}.") from exc
        if len(key) < 16:
            raise LoadError(f"De sleutel in {path} is te kort (minstens 16 tekens).")
        return key
    raise LoadError(
        "Er is geen sleutel voor het pseudonimiseren van BSN's. Zet DUIDING_PSEUDONYM_KEY_FILE op een "
        "geheim bestand buiten de werkruimte (of DUIDING_PSEUDONYM_KEY op de sleutel zelf). Er is niets geladen."
    )


def key_file_create(path: Path) -> Path:
    """Write a new random key (readable by the owner only) unless the file exists."""
    if not path.exists():
        key_file_new(path)
    return path


def key_file_new(path: Path) -> Path:
    """A new random key in a new file that only its owner can read; an existing file is never
    overwritten (pseudonyms made with the old key would no longer match)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise LoadError(
            f"{path} bestaat al. Een sleutel wordt nooit overschreven: met een nieuwe sleutel passen de "
            "pseudoniemen van eerder geladen bestanden niet meer. Kies een andere bestandsnaam."
        ) from exc
    with os.fdopen(handle, "w", encoding="ascii") as file:
        file.write(secrets.token_hex(32) + "\n")
    os.chmod(path, 0o600)
    return path


def key_configured() -> bool:
    """True when the environment names a key (it may still be unreadable; ``key_load`` says so)."""
    return bool(os.environ.get(KEY_ENV) or os.environ.get(KEY_FILE_ENV))


def pseudonym(key: bytes, bsn: str) -> str:
    """HMAC-SHA256 of a normalised BSN, hex; without the key it cannot be reversed or recomputed."""
    return hmac.new(key, bsn.encode("ascii"), hashlib.sha256).hexdigest()
