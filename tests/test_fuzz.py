"""Fuzzing the loaders: whatever a user's file holds, the only error is our own InputError."""

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpilib import load_council, open_paper
from kpilib._inputs.actuals import load_actuals
from kpilib._inputs.errors import InputError
from kpilib._inputs.narrative import read_narrative
from kpilib._inputs.pack import read_pack

from .conftest import PARAMS

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@st.composite
def mutated(draw, text: str) -> str:
    """The text with a few edits a hand or a spreadsheet might make: cuts, inserts, swapped lines."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "insert", "swap", "dup"]))
        lines = text.split("\n")
        if kind == "cut" and text:
            start = draw(st.integers(0, len(text) - 1))
            text = text[:start] + text[start + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = (
                text[:at]
                + draw(st.one_of(junk, st.sampled_from([",", "\n", '"', ":", "- ", "{", "]", "\t", "\ufeff"])))
                + text[at:]
            )
        elif kind == "swap" and len(lines) > 2:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "dup" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])
    return text


def only_input_errors(action, files: set[str]):
    """Run action: it succeeds or raises InputError, whose every problem names one of `files`
    (by name) and says what is wrong with it."""
    try:
        action()
    except InputError as exc:
        unplaced = [str(p) for p in exc.problems if Path(p.path).name not in files or not p.message.strip()]
        assert unplaced == []


def with_copy(council: str, name: str, text: str, action):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(PARAMS / council, root / council)
        (root / council / name).write_text(text, encoding="utf-8")
        files = {p.name for p in (root / council).rglob("*") if p.is_file()}
        only_input_errors(lambda: action(root), files)


NORFOLK_YML = (PARAMS / "norfolk" / "council.yml").read_text(encoding="utf-8")
NORFOLK_CSV = (PARAMS / "norfolk" / "actuals.csv").read_text(encoding="utf-8")
LINCS = {
    name: (PARAMS / "lincolnshire" / name).read_text(encoding="utf-8")
    for name in ("kpis.csv", "levels.csv", "actuals.csv", "escalations.csv", "council.yml")
}


@FUZZ
@given(mutated(NORFOLK_YML))
def test_council_yml(text):
    with_copy("norfolk", "council.yml", text, lambda root: load_council(root, "norfolk"))


@FUZZ
@given(mutated(NORFOLK_CSV))
def test_vital_signs_actuals(text):
    with_copy("norfolk", "actuals.csv", text, lambda root: load_actuals(load_council(root, "norfolk")))


@FUZZ
@given(st.sampled_from(sorted(LINCS)), st.data())
def test_contract_files(name, data):
    text = data.draw(mutated(LINCS[name]))

    def load(root):

        open_paper("lincolnshire", "2017-08", root)

    with_copy("lincolnshire", name, text, load)


@FUZZ
@given(mutated((PARAMS / "lincolnshire" / "pack-2017-08.csv").read_text(encoding="utf-8")))
def test_csv_pack(text):
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "pack.csv"
        path.write_text(text, encoding="utf-8")
        only_input_errors(lambda: read_pack(path), {"pack.csv"})


cell = st.one_of(
    st.none(),
    junk,
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.booleans(),
)


@FUZZ
@given(st.lists(st.lists(cell, max_size=12), max_size=12), st.booleans())
def test_xlsx_pack(rows, with_header):
    from openpyxl import Workbook

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "pack.xlsx"
        try:
            book = Workbook()
            sheet = book.active
            if with_header:
                sheet.append(["KPI", "KPI Short Description", "TSL", "MSL", "Mar-17", "Apr-17"])
            for row in rows:
                sheet.append(row)
            book.save(path)
        except Exception:
            return  # openpyxl itself refuses to write some generated values
        only_input_errors(lambda: read_pack(path), {"pack.xlsx"})


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_as_a_pack_or_narrative(data):
    norfolk = load_council(PARAMS, "norfolk")
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("pack.xlsx", "pack.csv"):
            (Path(scratch) / name).write_bytes(data)
            only_input_errors(lambda name=name: read_pack(Path(scratch) / name), {name})
        (Path(scratch) / "n.ipynb").write_bytes(data)
        only_input_errors(lambda: read_narrative(Path(scratch) / "n.ipynb", norfolk), {"n.ipynb"})
