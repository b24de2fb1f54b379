"""Hostile files fail fast, in little memory, with a message naming the file and the limit;
one council's bad configuration never stops another council's paper."""

import hashlib
import re
import resource
import shutil
import subprocess
import sys
import zipfile

import pytest

from kpilib._driver.build import plan
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.months import Month

from ..conftest import PARAMS

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


MB = 1024 * 1024
# The child reports its own time and peak memory as its last line, whatever happens.
CHILD = """import resource, sys, time
start = time.monotonic()
try:
    from kpilib._driver.cli import main
    status = main(sys.argv[1:])
finally:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"measured {time.monotonic() - start:.2f} s {peak:.0f} MB", file=sys.stderr)
sys.exit(status)
"""


def run_bounded(*args):
    """`python -m kpilib args` in a child capped at 1.5 GB of address space (a regression fails
    instead of exhausting the machine): exit status, stderr and peak memory in MB."""

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (1536 * MB, 1536 * MB))

    done = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, args)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap,
    )
    peak = re.search(r"measured [\d.]+ s (\d+) MB", done.stderr).group(1)
    return done.returncode, done.stderr, float(peak)


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def refused_import(lincs_copy, pack):
    """Import `pack` into the Lincolnshire copy in a child: refused fast and small, nothing written."""
    before = digest(lincs_copy / "lincolnshire")
    status, stderr, peak = run_bounded("--params", lincs_copy, "import", "--council", "lincolnshire", "--file", pack)
    assert status == 1 and "Traceback" not in stderr
    assert peak < 300, peak  # the work is bounded by what is read, asserted below, not by the clock
    assert digest(lincs_copy / "lincolnshire") == before
    return stderr


def patched_sizes(path, member, claimed):
    """Rewrite the uncompressed size the zip's central directory claims for `member`."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:  # central directory entries; the name follows the 46-byte fixed part
        name_length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + name_length].decode() == info.filename:
            data[entry + 24 : entry + 28] = claimed.to_bytes(4, "little")
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    return path


def small_workbook(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_an_xlsx_claiming_a_huge_sheet_is_refused_before_inflating(lincs_copy, tmp_path):
    pack = small_workbook(tmp_path / "pack.xlsx", [["KPI", "KPI Short Description", "TSL", "MSL", "Aug-17"]])
    patched_sizes(pack, "xl/worksheets/sheet1.xml", 1_500_000_000)
    stderr = refused_import(lincs_copy, pack)
    assert "pack.xlsx: part xl/worksheets/sheet1.xml inflates to 1500.0 MB, more than the limit of 20.0 MB" in stderr


def test_a_zip_bomb_member_is_refused_by_its_compression_ratio(lincs_copy, tmp_path):
    pack = small_workbook(tmp_path / "pack.xlsx", [["KPI"]])
    with zipfile.ZipFile(pack, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w") as member:  # 15 MB of zeros packs to 15 kB
            for _ in range(15):
                member.write(bytes(MB))
    stderr = refused_import(lincs_copy, pack)
    assert re.search(r"pack.xlsx: part xl/media/padding.bin inflates \d+ times, more than the limit of 100", stderr)


def rewritten(source_path, target_path, change):
    """A copy of a workbook with change(name, bytes) applied to each zip member."""
    with zipfile.ZipFile(source_path) as source, zipfile.ZipFile(target_path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, change(info.filename, source.read(info)))
    return target_path


def test_one_cell_of_too_much_text_is_refused(lincs_copy, tmp_path):
    # openpyxl cuts text to Excel's 32,767 characters when it writes, so write the long cell ourselves.
    pack = small_workbook(
        tmp_path / "small.xlsx",
        [["KPI", "KPI Short Description", "TSL", "MSL", "Aug-17"], ["PM_KPI_01", "PLACEHOLDER", 99.9, 99, 99.98]],
    )
    pack = rewritten(pack, tmp_path / "pack.xlsx", lambda name, data: data.replace(b"PLACEHOLDER", b"x" * 40_000))
    stderr = refused_import(lincs_copy, pack)
    assert "pack.xlsx:2: Sheet!B2: holds 40,000 characters, more than the limit of 32,767" in stderr


def test_a_sheet_declaring_a_million_rows_is_refused_before_reading_them(lincs_copy, tmp_path):
    pack = small_workbook(tmp_path / "small.xlsx", [["KPI"], ["PM_KPI_01"]])
    target = rewritten(
        pack,
        tmp_path / "pack.xlsx",
        lambda name, data: re.sub(rb'<dimension ref="A1:A2"', b'<dimension ref="A1:Z1000000"', data),
    )
    stderr = refused_import(lincs_copy, target)
    assert "pack.xlsx: Sheet: declares 1000000 rows by 26 columns, more than the limit of 10000 rows" in stderr


def test_a_sheet_with_too_many_rows_is_stopped_while_streaming(lincs_copy, tmp_path):
    pack = small_workbook(tmp_path / "small.xlsx", [["KPI"]] + [[f"R{i}"] for i in range(10_050)])
    # No declared size: only counting the rows as they stream can stop it.
    target = rewritten(pack, tmp_path / "pack.xlsx", lambda name, data: re.sub(rb"<dimension [^>]*/>", b"", data))
    stderr = refused_import(lincs_copy, target)
    assert "pack.xlsx:10001: Sheet: the sheet is larger than the limit of 10000 rows" in stderr


def test_a_row_of_too_many_cells_is_counted_before_openpyxl_parses_it(lincs_copy, tmp_path):
    import random

    random.seed(7)  # varied values, so the part packs like real XML and only the count can stop it
    cells = "".join(f'<c r="A1"><v>{random.randint(0, 10**6)}</v></c>' for _ in range(60_000)).encode()
    pack = small_workbook(tmp_path / "small.xlsx", [["KPI"]])
    target = rewritten(
        pack,
        tmp_path / "pack.xlsx",
        lambda name, data: re.sub(
            rb"<sheetData>.*</sheetData>",
            b'<sheetData><row r="1">' + cells + b"</row></sheetData>",
            re.sub(rb"<dimension [^>]*/>", b"", data),
            flags=re.S,
        ),
    )
    stderr = refused_import(lincs_copy, target)
    assert "pack.xlsx: holds more than 50,000 cells, the limit: a KPI pack is far smaller" in stderr


def test_an_oversized_csv_pack_and_actuals_are_refused_unread(lincs_copy, tmp_path):
    pack = tmp_path / "pack.csv"
    with open(pack, "wb") as handle:
        handle.truncate(25_000_000)  # sparse: 25 MB without writing them
    stderr = refused_import(lincs_copy, pack)
    assert "pack.csv: is 25.0 MB, more than the limit of 5.0 MB for this kind of file" in stderr


def test_a_csv_wrong_on_every_line_stops_early_and_shows_a_hundred_problems(lincs_copy):
    path = lincs_copy / "lincolnshire" / "actuals.csv"
    with open(path, "w", encoding="utf-8") as handle:  # just under the size limit, every row wrong
        handle.write("kpi_id,month,value,status,mitigated,note\n")
        handle.writelines(f"X_{i},2017-0{i % 9 + 1},{i % 97}.5,,,\n" for i in range(190_000))
    assert 4_500_000 < path.stat().st_size < 5_000_000
    status, stderr, peak = run_bounded(
        "--params", lincs_copy, "report", "--month", "2017-08", "--council", "lincolnshire"
    )
    assert status == 1 and "Traceback" not in stderr
    assert peak < 300, peak  # the work is bounded by what is read, asserted below, not by the clock
    assert stderr.count("actuals.csv:") == 101
    assert "actuals.csv:101: kpi_id: unknown indicator 'X_99' (not in council.yml)" in stderr
    assert "actuals.csv: ... and 1000 more problems, then stopped reading" in stderr


def bomb(levels=9):
    """A 'billion laughs' YAML value: a few hundred bytes that alias out to 10**levels strings."""
    lines = ['a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels + 1)]
    return lines


def test_a_yaml_alias_bomb_is_refused_naming_the_line(lincs_copy):
    path = lincs_copy / "lincolnshire" / "council.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "officer_contacts:\n" + "".join(f"  - {line}\n" for line in bomb()), encoding="utf-8")
    line = len(text.splitlines()) + 2
    status, stderr, peak = run_bounded(
        "--params", lincs_copy, "report", "--month", "2017-08", "--council", "lincolnshire"
    )
    assert status == 1 and "Traceback" not in stderr
    # Line `line` is the first item under officer_contacts:, where the anchor &a0 is declared.
    assert stderr.splitlines()[0] == (
        f"error: {path}:{line}: malformed YAML: anchors and aliases (& and *) are not allowed in "
        "configuration: write the value out in full"
    )
    assert peak < 300, peak  # the work is bounded by what is read, asserted below, not by the clock


def test_a_huge_value_where_text_belongs_is_quoted_short(lincs_copy):
    path = lincs_copy / "lincolnshire" / "council.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("template: contract", "template: [" + ", ".join(["long value"] * 5000) + "]"), encoding="utf-8"
    )
    status, stderr, _ = run_bounded("--params", lincs_copy, "report", "--month", "2017-08", "--council", "lincolnshire")
    assert status == 1
    assert (
        "council.yml: template: should be a str or int or float, not ['long value', 'long value', 'long value…\n"
        in stderr
    )
    assert len(stderr) < 2000


def test_an_oversized_yaml_file_is_refused(lincs_copy):
    path = lincs_copy / "lincolnshire" / "council.yml"
    path.write_text(path.read_text(encoding="utf-8") + "#" + "x" * 1_000_000 + "\n", encoding="utf-8")
    status, stderr, _ = run_bounded("--params", lincs_copy, "report", "--month", "2017-08", "--council", "lincolnshire")
    assert status == 1
    size = path.stat().st_size  # the file as it was, plus 1,000,002 characters
    assert f"council.yml: is {size:,} bytes, more than the limit of 1,000,000 bytes for this kind of file" in stderr


def test_a_bomb_in_one_council_leaves_the_others_planned(tmp_path):
    root = tmp_path / "params"
    for key in ("norfolk", "lincolnshire"):
        shutil.copytree(PARAMS / key, root / key)
    path = root / "lincolnshire" / "council.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "recommendations:\n" + "".join(f"  - {line}\n" for line in bomb(12)), encoding="utf-8")
    build, others = plan(Month.parse("2019-02"), None, root)
    assert [inputs.council.key for inputs in build] == ["norfolk"]
    assert [(o.council, o.status, o.reason) for o in others] == [
        (
            "lincolnshire",
            "failed",
            f"{path}:{len(text.splitlines()) + 2}: malformed YAML: anchors and aliases (& and *) are not allowed "
            "in configuration: write the value out in full",
        )
    ]


def test_an_oversized_narrative_is_refused_unread(params_copy, monkeypatch):
    """A narrative is read whole into memory, so it is bounded like every other input (20 MB)."""
    from kpilib import load_council
    from kpilib._inputs.errors import InputError
    from kpilib._inputs.narrative import read_narrative

    monkeypatch.chdir(params_copy.parent)
    council = load_council(params_copy, "norfolk")
    path = council.narrative_path(Month.parse("2019-02"))
    path.write_bytes(b'{"cells": [], "padding": "' + b"x" * 20_000_000 + b'"}')  # 26 + 20,000,000 + 2 bytes
    with pytest.raises(InputError) as caught:
        read_narrative(path, council)
    assert str(caught.value) == (
        "params/norfolk/narrative/2019-02.ipynb: is 20,000,028 bytes, more than the limit of 20,000,000 bytes "
        "for this kind of file: is it the right file?"
    )


@pytest.mark.parametrize(
    "part, cell",
    [("xl/worksheets/sheet1.bin", b"<c/>"), ("xl/worksheets/sheet1.xml", "<é:c/>".encode())],
    ids=["sheet part not named .xml", "non-ASCII namespace prefix"],
)
def test_cells_are_counted_in_every_part_and_under_any_prefix(tmp_path, monkeypatch, part, cell):
    """A sheet part may be named anything its relationships say, and cells may carry any prefix."""
    from kpilib._inputs.errors import InputError, ProblemList
    from kpilib._inputs.xlsx import check_archive

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "pack.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(part, b"<sheetData><row>" + cell * 60_000 + b"</row></sheetData>")
    with pytest.raises(InputError) as caught:
        check_archive(path, ProblemList(path))
    assert str(caught.value) == "pack.xlsx: holds more than 50,000 cells, the limit: a KPI pack is far smaller"
