"""The analysts' commentary: drafted from the data, never overwritten, checked on read."""

import hashlib

import nbformat
import pytest

from kpilib._inputs.errors import InputError
from kpilib._inputs.narrative import read_narrative
from kpilib._papers.narrative_draft import create_narrative, draft_cells
from kpilib._render.html import markdown
from kpilib._render.wording import fact_sentence
from kpilib._scoring.criteria import BUDGET, flagged_criteria
from kpilib._scoring.scorecard import build_scorecard


def test_draft_sentence_for_first_line_fix(norfolk_feb19):
    assert fact_sentence(norfolk_feb19.row("610")) == (
        "First line fix: 21.6% in February 2019, against a target of 28.0% (red); it has fallen for 5 months running."
    )


def test_draft_sentence_reads_for_a_plural_title(norfolk_feb19):
    # 'Incidents resolved within SLA was 84.0%' does not read; the title and a colon does.
    assert fact_sentence(norfolk_feb19.row("611")) == (
        "Incidents resolved within SLA: 84.0% in February 2019, against a target of 80.0% (green); "
        "down from 85.3% in January 2019."
    )


def test_draft_sentence_when_the_month_is_awaited(norfolk_feb19):
    assert fact_sentence(norfolk_feb19.row("320")) == (
        "Number of active My Norfolk accounts: February 2019 data will become available later; "
        "the latest figure was 27,760 in January 2019, against a target of 34,005 (red); "
        "it has risen for 11 months running."
    )


def test_draft_sentence_says_when_the_figure_rated_is_flagged(norfolk_feb19):
    # 323 January 2019: 60.8% rates green, but 2299 / 1483 = 155.0%.
    assert fact_sentence(norfolk_feb19.row("323")) == (
        "Customer satisfaction with web access: February 2019 data will become available later; "
        "the latest figure was 60.8% in January 2019, against a target of 60.0% (green); "
        "down from 63.5% in December 2018. "
        "This figure is flagged for checking: numerator/denominator give 155.0%, not 60.8%."
    )


def test_draft_sentence_one_step(norfolk_feb19):
    assert fact_sentence(norfolk_feb19.row("609")) == (
        "ICT incidents per customer per month: 0.8 in February 2019, against a target of 1.5 "
        "(green); down from 1.1 in January 2019."
    )


def test_draft_has_summary_counts_and_a_cell_per_slot(norfolk_feb19):
    cells = draft_cells(norfolk_feb19)
    assert cells[1] == ("## Executive summary\n\nOf the 8 indicators: 4 green, 1 amber, 1 red, 2 awaiting data.")
    assert sum(c.startswith("## 610 ") for c in cells) == 4


def test_create_refuses_to_overwrite(tmp_path, norfolk_feb19):
    path = tmp_path / "2019-02.ipynb"
    create_narrative(path, draft_cells(norfolk_feb19))
    notebook = nbformat.read(path, 4)
    notebook.cells[2].source = "## 320 Background\n\nAn analyst's words."
    nbformat.write(notebook, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InputError, match="already exists"):
        create_narrative(path, draft_cells(norfolk_feb19))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def write_narrative(path, *cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(c) for c in cells]
    nbformat.write(notebook, path)


def test_read_by_heading(tmp_path, norfolk):
    path = tmp_path / "n.ipynb"
    write_narrative(
        path,
        "# Title\n\nguide",
        "## Executive summary\n\nAll fine.",
        "## 610 Background\n\nFewer simple calls.",
        "## 610 action required\n\nMore knowledge articles.",
    )
    narrative = read_narrative(path, norfolk)
    assert narrative.text("Executive summary") == "All fine."
    assert narrative.text(("610", "Background")) == "Fewer simple calls."
    assert narrative.text(("610", "Action required")) == "More knowledge articles."


def test_narrative_naming_an_unknown_kpi_is_an_error(tmp_path, norfolk):
    path = tmp_path / "n.ipynb"
    write_narrative(path, "## Executive summary\n\nx", "## 999 Background\n\ny")
    with pytest.raises(
        InputError,
        match=r"n.ipynb: cell 2: heading '999 Background' names KPI '999', "
        r"which Norfolk County Council does not have",
    ):
        read_narrative(path, norfolk)


def test_unknown_section_and_missing_heading(tmp_path, norfolk, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "n.ipynb"
    write_narrative(path, "## 610 Backround\n\ny", "Just text")
    with pytest.raises(InputError) as caught:
        read_narrative(path, norfolk)
    assert [str(p) for p in caught.value.problems] == [
        "n.ipynb: cell 1: heading '610 Backround': unknown section 'Backround' for KPI 610 "
        "(did you mean '610 Background'? sections: Background, Action required, Budget impact, Corporate risk)",
        "n.ipynb: cell 2: should start with a '## ' heading naming its slot, "
        "such as '## Executive summary' or '## <KPI id> Background'",
    ]


def test_budget_commentary_sets_the_budget_criterion(tmp_path, norfolk):
    from kpilib._inputs.actuals import load_actuals
    from kpilib._inputs.months import Month

    path = tmp_path / "n.ipynb"
    write_narrative(path, "## 611 Budget impact\n\nOvertime to clear the backlog.", "## 626 Corporate risk\n")
    narrative = read_narrative(path, norfolk)
    card = build_scorecard(norfolk, load_actuals(norfolk), Month.parse("2019-02"), flagged_criteria(narrative))
    assert card.row("611").criteria == [BUDGET]
    assert card.row("626").criteria == []  # an empty section sets nothing


def test_missing_file_is_an_empty_narrative(tmp_path, norfolk):
    narrative = read_narrative(tmp_path / "none.ipynb", norfolk)
    assert not narrative.exists and narrative.text("Executive summary") == ""


def test_markdown_neutralises_raw_html_and_script_links():
    # Raw HTML is escaped; a javascript: link is not made a link at all, its text stays as typed.
    assert markdown("<script>alert(1)</script> [x](javascript:alert(1)) **ok**") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) <strong>ok</strong></p>\n"
    )


@pytest.mark.parametrize(
    "council, month, message",
    [
        ("norfolk", "2019-03", "error: norfolk has no data for 2019-03 (data from 2018-02 to 2019-02)\n"),
        ("lincolnshire", "2017-09", "error: lincolnshire has no data for 2017-09 (data from 2017-03 to 2017-08)\n"),
    ],
)
def test_make_narrative_refuses_a_month_without_data_naming_the_months_with_data(
    tmp_path, capsys, council, month, message
):
    import shutil

    from kpilib._driver.cli import main
    from kpilib._inputs.council import PROJECT_ROOT

    root = tmp_path / "params"
    shutil.copytree(PROJECT_ROOT / "params" / council, root / council)
    code = main(["--params", str(root), "narrative", "--month", month, "--council", council])
    assert code == 1
    assert capsys.readouterr().err == message
    assert not (root / council / "narrative" / f"{month}.ipynb").exists()


def test_make_narrative_drafts_a_month_with_data(tmp_path, capsys):
    import shutil

    from kpilib._driver.cli import main
    from kpilib._inputs.council import PROJECT_ROOT

    root = tmp_path / "params"
    shutil.copytree(PROJECT_ROOT / "params" / "norfolk", root / "norfolk")
    assert main(["--params", str(root), "narrative", "--month", "2019-01", "--council", "norfolk"]) == 0
    text = (root / "norfolk" / "narrative" / "2019-01.ipynb").read_text(encoding="utf-8")
    assert "First line fix: 26.3% in January 2019, against a target of 28.0% (red)" in text


def test_misspelt_paper_heading_suggests_the_closest_heading_not_a_kpi(tmp_path, norfolk):
    path = tmp_path / "n.ipynb"
    write_narrative(path, "## Executive sumary\n\nAll fine.")
    with pytest.raises(InputError) as caught:
        read_narrative(path, norfolk)
    message = str(caught.value)
    assert "n.ipynb: cell 1: heading 'Executive sumary'" in message
    assert "did you mean 'Executive summary'?" in message
    assert "names KPI" not in message and "'Executive'" not in message


def test_known_kpi_with_unknown_section_names_the_closest_section(tmp_path, norfolk):
    path = tmp_path / "n.ipynb"
    write_narrative(path, "## 610 Action requird\n\nMore articles.")
    with pytest.raises(
        InputError,
        match=r"cell 1: heading '610 Action requird': unknown section "
        r"'Action requird' for KPI 610 \(did you mean '610 Action required'\?",
    ):
        read_narrative(path, norfolk)


def test_heading_without_a_space_after_hashes_is_an_error_naming_the_cell(tmp_path, norfolk):
    path = tmp_path / "n.ipynb"
    write_narrative(path, "## Executive summary\n\nx", "##610 Action required\n\nMore articles.")
    with pytest.raises(
        InputError,
        match=r"cell 2: heading '##610 Action required' needs a space after '##' "
        r"\(write '## 610 Action required'\)",
    ):
        read_narrative(path, norfolk)


def test_contract_headings_get_the_same_suggestions(tmp_path, lincs_aug17):
    from kpilib._papers.contract.paper import SECTIONS, paper_slots

    council = lincs_aug17.council
    path = tmp_path / "n.ipynb"
    write_narrative(
        path, "## PM comentary\n\nx", "## PM_KPI_01 Effect on council\n\ny", "## PM_KPI_01 Mitigation reason\n\nz"
    )
    with pytest.raises(InputError) as caught:
        read_narrative(path, council, paper_slots(council), SECTIONS)
    message = str(caught.value)
    assert len(caught.value.problems) == 2
    assert "cell 1: heading 'PM comentary' is not a heading this paper knows (did you mean 'PM commentary'?" in message
    assert (
        "cell 2: heading 'PM_KPI_01 Effect on council': unknown section 'Effect on council' for KPI "
        "PM_KPI_01 (did you mean 'PM_KPI_01 Effect on the council'?" in message
    )


def test_an_analysts_headings_become_sub_headings_so_the_paper_keeps_one_h1():
    assert str(markdown("# Why it fell\n\nCalls rose.\n\n## In detail\n\n### As written\n\n#### Deeper")) == (
        "<h3>Why it fell</h3>\n<p>Calls rose.</p>\n<h3>In detail</h3>\n<h3>As written</h3>\n<h4>Deeper</h4>\n"
    )
