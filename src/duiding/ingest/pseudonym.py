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


_NUMBER_RUN = re.compile(r"\d[\d\s.\-]*\d")
_DATE = re.compile(r"(\d{4}([-./])(0?[1-9]|1[0-2])\2\d{1,2}|\d{1,2}([-./])(0?[1-9]|1[0-2])\4\d{4})")
HIDDEN = "(verborgen)"
"""What a message shows instead of a value that may be a BSN."""


def bsn_like(text: str) -> bool:
    """True when ``text`` holds a number that may be a BSN: 9 digits (or 8, a leading zero dropped),
    spaces, dots and dashes allowed between them, passing the elfproef, alone or inside other text.
    A value written as a date (2099-05-09, 09-05-2099) is not taken for a BSN."""
    for run in _NUMBER_RUN.findall(text):
        if _DATE.fullmatch(run.strip()):
            continue  # 2099-05-09 is a date, even when its digits pass the elfproef
        digits = re.sub(r"[\s.\-]", "", run)
        if len(digits) in (8, 9) and bsn_valid(digits.zfill(9)):
            return True
    return False


def shown(text: str) -> str:
    """``text`` as a message may print it: hidden when it may be a BSN."""
    return HIDDEN if bsn_like(text) else text


def bsn_like_sql(column: str) -> str:
    """SQL: the whole value of ``column`` may be a BSN (as in ``bsn_like``, without surrounding text)."""
    digits = f"regexp_replace({column}, '[\\s.\\-]', '', 'g')"
    return f"(length({digits}) IN (8, 9) AND {bsn_valid_sql(f'lpad({digits}, 9, {chr(39)}0{chr(39)})')})"


def bsn_valid_sql(column: str) -> str:
    """The elfproef as a DuckDB SQL expression over a normalised nine-character text column."""
    terms = " + ".join(f"TRY_CAST(substr({column}, {i + 1}, 1) AS INTEGER) * {w}" for i, w in enumerate(_WEIGHTS))
    return f"(regexp_full_match({column}, '\\d{{9}}') AND {column} <> '000000000' AND ({terms}) % 11 = 0)"


KEY_MIN = 16
"""A key has at least this many characters (``duiding key`` writes 64)."""
_NOTHING = " Er is niets geladen."


def _key_file_check(path: Path, workspace: Path | None) -> None:
    """Refuse a key file inside the workspace or readable or writable by others."""
    resolved = path.resolve()
    if workspace is not None and resolved.is_relative_to(workspace.resolve()):
        raise LoadError(
            f"De sleutel voor pseudonimisering ({path}) staat in de werkruimte: wie de werkruimte heeft, mag de "
            "sleutel niet hebben. Verplaats het bestand naar een map buiten de werkruimte (bijvoorbeeld "
            f"~/.config/duiding/) en zet {KEY_FILE_ENV} op de nieuwe plek.{_NOTHING}"
        )
    mode = resolved.stat().st_mode
    if mode & 0o077:
        raise LoadError(
            f"De sleutel voor pseudonimisering ({path}) is te lezen of te wijzigen door anderen dan de eigenaar "
            f"(rechten {mode & 0o777:03o}). Maak hem privé met: chmod 600 {path}{_NOTHING}"
        )


def key_load(workspace: Path | None = None) -> bytes:
    """The pseudonymisation key from the environment; a Dutch error saying how to set it.

    A key shorter than ``KEY_MIN`` is refused, and so is a key file inside ``workspace`` or one that
    others than its owner may read.
    """
    if os.environ.get(KEY_ENV):
        key = os.environ[KEY_ENV].encode("utf-8")
        if len(key) < KEY_MIN:
            raise LoadError(
                f"De sleutel in {KEY_ENV} is te kort ({len(key)} tekens; minstens {KEY_MIN}). Maak een sterke "
                f"sleutel met 'duiding key BESTAND' en zet {KEY_FILE_ENV} op dat bestand.{_NOTHING}"
            )
        return key
    path = os.environ.get(KEY_FILE_ENV)
    if path:
        try:
            key = Path(path).read_bytes().strip()
        except OSError as exc:
            raise LoadError(f"De sleutel voor pseudonimisering ({path}) is niet te lezen: {exc.strerror}.") from exc
        if len(key) < KEY_MIN:
            raise LoadError(f"De sleutel in {path} is te kort (minstens {KEY_MIN} tekens).")
        _key_file_check(Path(path), workspace)
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


_FINGERPRINT_LABEL = b"duiding: vingerafdruk van de pseudonimiseringssleutel"


def key_fingerprint(key: bytes) -> str:
    """A public fingerprint of ``key`` (HMAC of a fixed label): the same key gives the same fingerprint,
    and the key cannot be recovered from it; it tells two keys apart without storing either."""
    return hmac.new(key, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]


def pseudonym(key: bytes, bsn: str) -> str:
    """HMAC-SHA256 of a normalised BSN, hex; without the key it cannot be reversed or recomputed."""
    return hmac.new(key, bsn.encode("ascii"), hashlib.sha256).hexdigest()
