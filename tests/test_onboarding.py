"""Adding a council: `make council` for every paper type, the schema's hints, and the README's
configuration reference generated from the schemas."""

import shutil

import pytest

from kpilib import InputError, UsageError, load_council, open_paper, paper_types
from kpilib._driver.reference import END, START, reference
from kpilib._driver.scaffold import create_council
from kpilib._inputs.council import PROJECT_ROOT

from .conftest import PARAMS


@pytest.mark.parametrize("template", ["vital_signs", "contract", "overview", "governance"])
def test_a_council_made_by_make_council_builds_for_the_month_it_prints(tmp_path, template):
    folder, command = create_council(tmp_path, "york", template)
    assert command == "make report MONTH=2024-01 COUNCIL=york"
    paper = open_paper("york", "2024-01", tmp_path)
    assert paper.council.synthetic and paper.council.name == "Example Council (replace)"
    assert "Synthetic demonstration data" in paper.header().data
    assert (folder / "narrative").is_dir()


def test_make_council_never_overwrites_a_folder(tmp_path):
    (tmp_path / "york").mkdir()
    (tmp_path / "york" / "council.yml").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"york already exists: nothing was written"):
        create_council(tmp_path, "york", "governance")
    assert (tmp_path / "york" / "council.yml").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["york"]  # no scratch left behind


def test_make_council_says_what_a_name_and_a_template_should_be(tmp_path):
    with pytest.raises(UsageError) as caught:
        create_council(tmp_path, "York", "vital_signs")
    assert str(caught.value).splitlines()[0] == (
        "NAME should be a folder name in lower case (letters, digits, - and _), such as york."
    )
    with pytest.raises(UsageError) as caught:
        create_council(tmp_path, "york", "vitals")
    assert str(caught.value).splitlines()[0] == (
        "TEMPLATE should be one of contract, governance, overview, vital_signs, not 'vitals'."
    )


def test_a_key_under_the_wrong_parent_says_where_it_belongs(params_copy):
    path = params_copy / "norfolk" / "council.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rag:\n", "amber_within: 0.05\nrag:\n", 1), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_council(params_copy, "norfolk")
    assert [p.message for p in caught.value.problems] == ["unknown key here: it belongs under rag:"]
    assert caught.value.problems[0].column == "amber_within"


def test_a_mistyped_key_names_the_closest_known_one(tmp_path):
    shutil.copytree(PARAMS / "lancashire", tmp_path / "lancashire")
    path = tmp_path / "lancashire" / "council.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("partner:", "partnr:", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_council(tmp_path, "lancashire")
    assert [(p.column, p.message.split(" (")[0], p.message.split("? ")[0]) for p in caught.value.problems] == [
        ("partner", "required key is missing", "required key is missing"),
        ("partnr", "unknown key", "unknown key (did you mean 'partner'"),
    ]


def test_status_words_are_read_whatever_their_case(params_copy):
    path = params_copy / "norfolk" / "actuals.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("610,2019-03,,,,Awaited,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inputs = __import__("kpilib").load_inputs("norfolk", params_copy)
    from kpilib._inputs.months import Month

    assert inputs.actuals[("610", Month(2019, 3))].status == "awaited"


def test_the_readme_reference_is_the_one_the_schemas_give():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert START in readme and END in readme
    assert readme[readme.index(START) : readme.index(END) + len(END)] == reference()
    assert "| `rag.amber_within` | number | yes |" in reference()
    assert "| `indicators[].targets` | list of mappings |  |" in reference()
    assert "| `responsible_chief_officers` | list of text |  |" in reference()
    assert list(paper_types()) == ["contract", "governance", "overview", "vital_signs"]


@pytest.mark.e2e
def test_the_printed_command_builds_the_scaffolded_council(tmp_path):
    import subprocess
    import sys

    params = tmp_path / "params"
    params.mkdir()
    run = [sys.executable, "-m", "kpilib", "--params", str(params)]
    made = subprocess.run([*run, "council", "--name", "york", "--template", "overview"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1] == "  make report MONTH=2024-01 COUNCIL=york"
    built = subprocess.run(
        [*run, "report", "--month", "2024-01", "--council", "york", "--outputs", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built york 2024-01: ")
    html = (tmp_path / "out" / "2024-01" / "york.html").read_text(encoding="utf-8")
    assert "Example calls answered (EXAMPLE row: replace)" in html and "up 5 percentage points" in html
