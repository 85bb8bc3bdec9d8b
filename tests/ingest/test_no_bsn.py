"""Issue 14, point 4: no BSN in any message, none stored in a pseudonym column, none left in the
temporary directory after a load is killed, and the key is checked before it is used."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from duiding.errors import LoadError
from duiding.ingest import source_load_file
from duiding.ingest.pseudonym import KEY_ENV, KEY_FILE_ENV, bsn_like, bsn_valid, key_file_new, key_fingerprint
from duiding.ingest.scratch import scratch_clean, scratch_folder, scratch_root
from duiding.library import LIBRARY
from duiding.workspace import Workspace

HEADER = "traject_id,bsn,buurt_code,start,einde,vorm,aanbieder,geslacht,leeftijd"
ROW = "T{i},{bsn},BU03440112,2023-02-01,,ambulant,Zorg A,man,12"


def _bsns(count: int, seed: int = 14) -> list[str]:
    rng = random.Random(seed)
    found: set[str] = set()
    while len(found) < count:
        text = f"{rng.randrange(10**8, 10**9):09d}"
        if bsn_valid(text):
            found.add(text)
    return sorted(found)


@pytest.fixture
def workspace(workspace_copy: Workspace) -> Workspace:
    for name in ("jeugdhulp_trajecten", "wijkteam_contacten"):
        shutil.copyfile(LIBRARY / "sources" / f"{name}.yaml", workspace_copy.sources_dir / f"{name}.yaml")
    return workspace_copy


def _digits_in(text: str) -> set[str]:
    """Every 9-digit number in ``text`` after removing the separators a BSN may be written with."""
    flat = re.sub(r"(?<=\d)[\s.\-](?=\d)", "", text)
    return {m.zfill(9) for m in re.findall(r"(?<!\d)\d{8,9}(?!\d)", flat)}


@pytest.mark.parametrize(
    ("text", "like"),
    [
        ("999990019", True),
        ("99990015", True),  # 099990015 with its leading zero dropped
        ("999.99.0019", True),
        ("9999 900 19", True),
        ("cliënt 999990019 (moeder)", True),
        ("999990018", False),  # fails the elfproef
        ("000000000", False),
        ("2099-05-09", False),  # a date, though 020990509 passes the elfproef
        ("09-05-2099", False),
        ("1999990019", False),  # ten digits
        ("Zorg A", False),
    ],
)
def test_what_may_be_a_bsn(text: str, like: bool) -> None:
    assert bsn_like(text) is like


@pytest.mark.parametrize("column", ["buurt_code", "start", "einde", "vorm", "geslacht", "leeftijd"])
def test_a_bsn_in_any_column_is_never_printed(workspace: Workspace, tmp_path: Path, column: str) -> None:
    """Each checked column gets BSNs written plainly, without the leading zero, with dots and inside
    text. (Free text such as an aanbieder's name or AGB code is not checked, so not reported.)"""
    zero = next(f"{n:09d}" for n in range(10**7 + 12345, 10**8) if bsn_valid(f"{n:09d}"))
    bsns = [zero, *_bsns(3, seed=2)]
    forms = [bsns[0].lstrip("0"), bsns[1], f"{bsns[2][:3]}.{bsns[2][3:5]}.{bsns[2][5:]}", f"nr {bsns[3]} x"]
    index = HEADER.split(",").index(column)
    lines = [HEADER]
    for i, form in enumerate(forms, start=1):
        cells = ROW.format(i=i, bsn="999990019").split(",")
        cells[index] = form
        lines.append(",".join(cells))
    path = tmp_path / "trajecten.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        source_load_file(workspace, source_id="jeugdhulp_trajecten", path=path)
    message = str(caught.value)
    assert message.count("(verborgen)") >= 4
    assert not _digits_in(message) & set(bsns), message


def test_swapped_bsn_and_leeftijd_headers_hide_the_bsns(workspace: Workspace, tmp_path: Path) -> None:
    bsns = _bsns(25)
    lines = ["traject_id,leeftijd,buurt_code,start,einde,vorm,aanbieder,geslacht,bsn"]
    lines += [f"T{i},{b},BU03440112,2023-02-01,,ambulant,Zorg A,man,12" for i, b in enumerate(bsns)]
    path = tmp_path / "verwisseld.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        source_load_file(workspace, source_id="jeugdhulp_trajecten", path=path)
    message = str(caught.value)
    assert "50 fout(en)" in message and "groter dan het maximum 23" in message
    assert not _digits_in(message) & set(bsns)


def test_quality_findings_hide_a_bsn_used_as_a_name(workspace: Workspace, tmp_path: Path) -> None:
    """An aanbieder 'named' with a BSN and a gap in its months: the stored finding hides it."""
    bsn = _bsns(1, seed=5)[0]
    months = ["2023-01-10", "2023-03-10", "2023-04-10"]
    lines = [HEADER] + [ROW.format(i=i, bsn="999990019").replace("2023-02-01", m) for i, m in enumerate(months)]
    lines += [lines[1].replace("T0,", "T9,").replace("Zorg A", bsn)]
    lines += [lines[2].replace("T1,", "T8,").replace("Zorg A", bsn)]
    path = tmp_path / "trajecten.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = source_load_file(workspace, source_id="jeugdhulp_trajecten", path=path)
    assert any(f.subject == "aanbieder (verborgen)" for f in result.quality)
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        stored = " ".join(" ".join(map(str, r)) for r in con.execute("SELECT * FROM load_quality").fetchall())
    finally:
        con.close()
    assert "aanbieder (verborgen)" in stored and bsn not in stored


def test_a_bsn_in_a_pseudonym_column_is_refused_and_not_printed(workspace: Workspace, tmp_path: Path) -> None:
    bsns = _bsns(3, seed=7)
    header = "contact_id,client_id,huishouden_id,buurt_code,aanmelddatum,startdatum,einddatum,hulpvraag,doorverwezen"
    rows = [
        f"C1,{bsns[0]},,BU03440112,2023-02-01,,,opvoeden,nee",
        f"C2,a1b2c3,{bsns[1][:3]} {bsns[1][3:]},BU03440112,2023-02-01,,,wonen,ja",
        "C3,4f8e2a91,,BU03440112,2023-02-01,,,wonen,ja",  # a real pseudonym is fine
        "C4,123456789,,BU03440112,2023-02-01,,,wonen,ja",  # nine digits, no elfproef: not a BSN
    ]
    path = tmp_path / "wijkteam.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        source_load_file(workspace, source_id="wijkteam_contacten", path=path)
    message = str(caught.value)
    assert "2 fout(en)" in message
    assert "rij 2, kolom 'client_id', waarde '(verborgen)': lijkt op een BSN" in message
    assert "rij 3, kolom 'huishouden_id', waarde '(verborgen)': lijkt op een BSN" in message
    assert not _digits_in(message) & set(bsns)


# --- the key ---------------------------------------------------------------------------------


def _one_row(tmp_path: Path, name: str = "trajecten.csv", bsn: str = "999990019") -> Path:
    path = tmp_path / name
    path.write_text(f"{HEADER}\n{ROW.format(i=1, bsn=bsn)}\n", encoding="utf-8")
    return path


def test_a_short_key_is_refused(workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for short in ("x", "kort", "vijftien tekens"):
        monkeypatch.setenv(KEY_ENV, short)
        with pytest.raises(LoadError, match=f"te kort \\({len(short)} tekens; minstens 16\\)"):
            source_load_file(workspace, source_id="jeugdhulp_trajecten", path=_one_row(tmp_path))


def test_a_key_file_in_the_workspace_or_readable_by_others_is_refused(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_ENV)
    inside = key_file_new(workspace.root / "geheim" / "sleutel.key")
    monkeypatch.setenv(KEY_FILE_ENV, str(inside))
    with pytest.raises(LoadError, match="staat in de werkruimte"):
        source_load_file(workspace, source_id="jeugdhulp_trajecten", path=_one_row(tmp_path))
    outside = key_file_new(tmp_path / "sleutels" / "sleutel.key")
    monkeypatch.setenv(KEY_FILE_ENV, str(outside))
    for mode in (0o644, 0o640, 0o604, 0o660):
        outside.chmod(mode)
        with pytest.raises(LoadError, match=f"rechten {mode:03o}\\).*chmod 600"):
            source_load_file(workspace, source_id="jeugdhulp_trajecten", path=_one_row(tmp_path))
    outside.chmod(0o600)
    assert source_load_file(workspace, source_id="jeugdhulp_trajecten", path=_one_row(tmp_path)).rows == 1


def test_another_key_than_the_first_load_is_refused(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = os.environ[KEY_ENV].encode()
    source_load_file(workspace, source_id="jeugdhulp_trajecten", path=_one_row(tmp_path))
    monkeypatch.setenv(KEY_ENV, "een-heel-andere-sleutel-van-iemand")
    wmo = _one_row(tmp_path, "tweede.csv", bsn="999990020")
    before = wmo.read_bytes()
    with pytest.raises(LoadError, match="een andere dan die waarmee eerder BSN's in deze werkruimte"):
        source_load_file(workspace, source_id="jeugdhulp_trajecten", path=wmo)
    assert wmo.read_bytes() == before
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        assert con.execute("SELECT fingerprint FROM pseudonym_keys").fetchall() == [(key_fingerprint(first),)]
        assert con.execute("SELECT count(*) FROM loads WHERE source_id = 'jeugdhulp_trajecten'").fetchall() == [(1,)]
    finally:
        con.close()
    monkeypatch.setenv(KEY_ENV, first.decode())
    assert source_load_file(workspace, source_id="jeugdhulp_trajecten", path=wmo).rows == 1


def test_the_fingerprint_tells_keys_apart_and_does_not_give_the_key_away() -> None:
    a, b = b"sleutel-a-van-32-tekens-lang-xxx", b"sleutel-b-van-32-tekens-lang-xxx"
    assert key_fingerprint(a) == key_fingerprint(a) != key_fingerprint(b)
    assert a.hex() not in key_fingerprint(a) and a.decode() not in key_fingerprint(a)


# --- temporary files ------------------------------------------------------------------------------


def _files_holding(folder: Path, pattern: re.Pattern[bytes]) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if pattern.search(data) or pattern.search(data.replace(b"\x00", b"")):
                found.append(path)
    return found


def test_scratch_folders_are_private_and_what_a_killed_load_left_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    root = scratch_root()
    assert root.stat().st_mode & 0o777 == 0o700
    left = root / "load-dood"
    left.mkdir()
    (left / "spill.tmp").write_bytes(b"999990019")
    with scratch_folder() as folder:
        assert not left.exists()  # its lock was free: the load that made it is gone
        assert folder.stat().st_mode & 0o777 == 0o700
        assert scratch_clean(root) == []  # a running load's folder is kept
        assert folder.exists()
    assert not folder.exists() and list(root.iterdir()) == []
    root.chmod(0o755)
    with pytest.raises(LoadError, match="niet privé"):
        scratch_root()


_KILLED_LOAD = """
import sys
from pathlib import Path
from duiding.ingest import source_load_file
from duiding.workspace import workspace_open
source_load_file(workspace_open(Path(sys.argv[1])), source_id="jeugdhulp_trajecten", path=Path(sys.argv[2]))
"""


def test_a_load_killed_midway_leaves_no_bsn_after_the_next_load(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bsns = _bsns(500)
    big = tmp_path / "groot-1252.csv"  # Windows-1252: formerly copied to disk in plain text
    with big.open("w", encoding="cp1252", newline="") as handle:
        handle.write(HEADER + "\n")
        for i in range(400_000):
            handle.write(f"T{i},{bsns[i % 500]},BU03440112,2023-02-01,,ambulant,Café {i % 7},man,12\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "DUIDING_LOAD_MEMORY_LIMIT": "64MB"}
    process = subprocess.Popen([sys.executable, "-c", _KILLED_LOAD, str(workspace.root), str(big)], env=env)
    root = temp / f"duiding-{os.getuid()}"
    deadline = time.monotonic() + 60
    while not any(p.is_dir() for p in root.glob("load-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1.0)
    assert process.poll() is None, "the load ended before it could be killed; make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    pattern = re.compile(b"|".join(re.escape(b.encode()) for b in bsns))
    outside = [p for p in _files_holding(temp, pattern) if root not in p.parents]
    assert outside == []  # no decoded copy of the file anywhere
    assert any(root.glob("load-*"))  # what the killed load left, until the next load

    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    source_load_file(workspace, source_id="jeugdhulp_trajecten", path=_one_row(tmp_path))
    assert _files_holding(temp, pattern) == []
    assert list(root.iterdir()) == []
    assert _files_holding(workspace.root, pattern) == []
