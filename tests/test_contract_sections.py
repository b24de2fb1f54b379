"""Sections of the Lincolnshire contract paper, built from the project's params (or a copy of them)."""

import re

import pytest

from kpilib import open_paper

from .conftest import PARAMS


@pytest.fixture(scope="module")
def lincs():
    return open_paper("lincolnshire", "2017-08", PARAMS)


def row_of(html: str, heading: str) -> str:
    """The table row whose row heading starts with `heading`."""
    return re.search(rf'<tr><th scope="row">{re.escape(heading)}.*?</tr>', html, re.S).group(0)


def test_appendix_b_update_column_shows_the_update_text(lincs):
    html = lincs.appendix_b().data
    assert "built-in method" not in html and "None" not in html
    first = re.search(r"<tr>.*?</tr>", html[html.index("<tbody>") :], re.S).group(0)
    assert "Amazon Web Services (AWS)" in first  # the Channel Shift update
    # Online purchase of Highways licences has no update in the seed: its cell is empty.
    licences = re.search(r"<td>Online purchase of Highways licences.</td>.*?</tr>", html, re.S).group(0)
    assert licences.endswith("<td></td></tr>")


def test_acf_kpi_10_mitigation_reason_is_the_narratives(lincs):
    html = lincs.failures_and_mitigation().data
    row = row_of(html, "ACF_KPI_10")
    assert "Mitigation granted for June and July only" in row
    assert "Mosaic implementation" in row and "Commentary to follow" not in row
    assert not any("ACF_KPI_10" in w for w in lincs.warnings)


def test_payroll_rate_in_doubt_is_marked_beside_the_figure_and_explained(lincs):
    html = lincs.service_areas().data
    table = html[html.index("Table 3: Payroll contacts") :]
    rate = row_of(table, "Resolution rate")
    # Mar-17: 258 received, 257 resolved, 0 outstanding: the seed's 100%, flagged, with 99.61% quoted.
    # Flagged 4, as in Appendix C (whose notes 1 to 3 are Nov-16, Jan-17 and Feb-17), not 1.
    assert re.search(
        r'<td>100.00%<sup class="note-ref"><span class="dq-flag" title="data-quality flag">⚑</span>4</sup></td>', rate
    )
    assert (
        '<li><span class="note-no">4.</span> <strong><span class="dq-flag">⚑</span> Data-quality flag</strong> – Mar-17: corporate'
        in table
    )
    appendix = lincs.appendix_c().data
    assert re.search(
        r'<td>100.00%<sup class="note-ref"><span class="dq-flag" title="data-quality flag">⚑</span>4</sup></td>',
        row_of(appendix, "Resolution rate"),
    )
    assert rate.count("dq-flag") == 1 and "<td>99.54%</td>" in rate
    assert "counting resolved ÷ received, the overall rate would be 99.61%" in table
    annex = lincs.quality_annex().data
    assert (
        "the overall resolution rate shown, 100.00%, is received less outstanding; counting resolved ÷ received, "
        "the overall rate would be 99.61%"
    ) in annex


def test_appendix_a_marks_a_flagged_figure_and_explains_it(lincs_copy):
    # A stale feed: IMT_KPI_09 made to repeat 96.79 for all six months.
    path = lincs_copy / "lincolnshire" / "actuals.csv"
    lines = [re.sub(r"^(IMT_KPI_09,2017-0\d),[\d.]+,", r"\1,96.79,", line) for line in path.read_text().splitlines()]
    path.write_text("\n".join(lines) + "\n")
    paper = open_paper("lincolnshire", "2017-08", lincs_copy)
    html = paper.appendix_a().data
    row = re.search(r'<th scope="row">IMT_KPI_09</th>.*?</tr>', html, re.S).group(0)
    cells = re.findall(r'<td class="rag.*?</td>', row, re.S)
    assert "dq-flag" not in "".join(cells[:5])
    assert re.search(
        r'96.79<sup class="note-ref"><span class="dq-flag" title="data-quality flag">⚑</span>(\d)</sup>', cells[5]
    )
    number = re.search(r'⚑</span>(\d)</sup>', cells[5]).group(1)
    part = html[html.index("Part 2") : html.index("Part 3")]
    notes = re.findall(r"<li>(.*?)</li>", part, re.S)
    assert notes[int(number) - 1].startswith(
        '<strong><span class="dq-flag">⚑</span> Data-quality flag</strong> – '
        "IMT_KPI_09, Aug-17: unchanged at 96.79 for 6 months running"
    )
    assert "unchanged at 96.79 for 6 months running" in paper.quality_annex().data


def test_appendix_a_groups_the_kpis_in_one_escalation_in_one_note(lincs):
    html = lincs.appendix_a().data
    part = html[html.index("Part 2") : html.index("Part 3")]
    assert part.count("in escalation") == 1
    assert (
        "IMT_KPI_01, IMT_KPI_02, IMT_KPI_05, IMT_KPI_07, Aug-17: in escalation (Network outage in August 2017)" in part
    )


def table_rows(html: str, caption: str) -> dict[str, list[str]]:
    """Cells of each row of the table captioned `caption`, by row heading (tags stripped)."""
    table = html[html.index(caption) :]
    table = table[: table.index("</table>")]
    rows = {}
    for head, cells in re.findall(r'<tr[^>]*><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        rows[re.sub(r"<[^>]+>", "", head).strip()] = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", cells, re.S)
        ]
    return rows


def test_table_1b_without_published_points_counts_failures_and_their_multipliers(lincs):
    html = lincs.abatement().data
    rows = table_rows(html, "Table 1b: Failing KPIs and their multipliers, Mar-17 to Aug-17")
    # Below MSL from Appendix A: Mar PM_KPI_06, PM_KPI_12, IMT_KPI_11; Apr PM_KPI_12 (2nd month, x1.5),
    # CSC_KPI_03 and _06 (data not available), CSC_KPI_05; May CSC_KPI_03, _05, _06 (x1.5), CSC_KPI_04;
    # Jun CSC_KPI_04 (x1.5), ACF_KPI_07; Jul CSC_KPI_04 (x2); Aug IMT_KPI_01, IMT_KPI_07, CSC_KPI_04 (x2).
    assert rows["KPIs failing"] == ["3", "4", "4", "2", "1", "3"]
    assert rows["Multiplier-weighted failures"] == ["3", "4.5", "5.5", "2.5", "2", "4"]
    assert rows["CSC_KPI_04"] == ["mitigated", "mitigated", "failed x1", "failed x1.5", "failed x2", "failed x2"]
    assert "Total points" not in rows
    text = re.sub(r"<[^>]+>", "", html)
    assert (
        "each KPI carries between 10 and 50 points, except CSC_KPI_10 (% of LRSP Calls that are Abandoned Calls), which carries only 2"
        in text
    )
    assert "x1, x1.5, x2 for the first, second and third and later months of a run" in text
    assert "The points each KPI carries are not published, so the total points of a month cannot be computed" in text
    assert "start in March 2017, month 24 of the contract" in text
    # Only the escalated KPIs that are in Table 1b (IMT_KPI_02 and 05 were amber, so not in it).
    assert (
        "The failures and multipliers for August 2017 are subject to the outcome of the escalation of "
        "IMT_KPI_01 and IMT_KPI_07."
    ) in text
    # Only red fails under Lincolnshire's rules (fractions default to red: 1): no talk of 'a share'.
    assert "a red month (below the MSL) attracts all the KPI&#39;s points; an amber month attracts none" in text
    assert "a share of" not in text and "configured reading" not in text


def test_kpi_points_spread_is_checked(lincs_copy):
    from kpilib import load_council
    from kpilib._inputs.errors import InputError

    path = lincs_copy / "lincolnshire" / "council.yml"
    path.write_text(path.read_text().replace("{least: 10, most: 50,", "{least: 60, most: 50,"))
    with pytest.raises(InputError, match=r"contract.abatement.kpi_points.least: 60 is more than most \(50\)"):
        load_council(lincs_copy, "lincolnshire")


def add_narrative(params, *cells):
    """Append Markdown cells to the copy's August 2017 narrative."""
    import json

    path = params / "lincolnshire" / "narrative" / "2017-08.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"] += [
        {"cell_type": "markdown", "id": f"added-{i}", "metadata": {}, "source": text} for i, text in enumerate(cells)
    ]
    path.write_text(json.dumps(notebook), encoding="utf-8")


def text_of(html: str) -> str:
    html = re.sub(r'<caption class="visually-hidden">.*?</caption>', "", html)  # read by screen readers, not seen
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_citizen_engagement_follows_the_csc_commentary(lincs):
    html = lincs.service_areas().data
    csc = html[html.index("6. Customer Service Centre (CSC)") : html.index("7. Adult Care Finance")]
    assert csc.index("CSC_KPI_04 (abandoned calls)") < csc.index("<h3>Citizen engagement</h3>")
    assert "Customer Insight Charter" in csc[csc.index("<h3>Citizen engagement</h3>") :]
    assert "Citizen engagement" not in html.replace(csc, "")


def test_closing_sections_number_on_from_the_conclusion(lincs):
    text = text_of(lincs.closing().data)
    assert "12. Conclusion" in text
    assert (
        "13. Consultation a) Have risks and impact analysis been carried out? Not applicable "
        "b) Risks and impact analysis Not applicable"
    ) in text
    assert (
        "14. Appendices These are listed below and attached at the back of the report, followed by a data-quality "
        "annex (figures the build's checks found doubtful) and a provenance note (the inputs the paper was built from). "
        "Appendix A Contract performance tables by service area Appendix B Projects in progress with Serco "
        "Appendix C Payroll contacts received by Serco (September 2016 – August 2017) "
        "Appendix D Customer Service Centre report for the Overview and Scrutiny Management Board"
    ) in text
    assert (
        "15. Background papers No background papers within the meaning of Section 100D of the Local Government Act 1972"
        in text
    )


def test_extra_appendix_is_lettered_after_the_appendices_present(lincs, lincs_copy):
    assert (
        "<h2>Appendix D – Customer Service Centre report for the Overview and Scrutiny Management Board</h2>"
        in lincs.extra_appendix().data
    )
    assert "Avaya" in lincs.extra_appendix().data
    (lincs_copy / "lincolnshire" / "projects.csv").unlink()
    paper = open_paper("lincolnshire", "2017-08", lincs_copy)
    assert paper.appendix_b().data == ""
    assert "<h2>Appendix B – Payroll contacts received by Serco" in paper.appendix_c().data
    assert "<h2>Appendix C – Customer Service Centre report" in paper.extra_appendix().data
    assert "Appendix D" not in paper.closing().data


def test_impact_and_path_to_green_columns_only_where_a_row_has_text(lincs, lincs_copy):
    html = lincs.failures_and_mitigation().data
    assert "Impact</th>" not in html and "Path to green</th>" not in html
    add_narrative(
        lincs_copy,
        "## CSC_KPI_04 Impact\n\nLonger waits for callers.",
        "## ACF_KPI_10 Path to green\n\nGreen since August 2017.",
    )
    html = open_paper("lincolnshire", "2017-08", lincs_copy).failures_and_mitigation().data
    failures, mitigations = html.split("KPIs granted mitigation relief")
    for table, kpi, text in (
        (failures, "CSC_KPI_04", "Longer waits for callers."),
        (mitigations, "ACF_KPI_10", "Green since August 2017."),
    ):
        assert '<th scope="col">Impact</th><th scope="col">Path to green</th>' in table
        assert text in row_of(table, kpi)


def test_a_new_contracts_first_paper_shows_only_its_one_month(lincs_copy):
    import csv

    folder = lincs_copy / "lincolnshire"
    for name in ("actuals.csv", "payroll.csv"):
        rows = list(csv.DictReader((folder / name).open(encoding="utf-8")))
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(r for r in rows if r["month"] == "2017-03")
    (folder / "escalations.csv").write_text("kpi_id,month,state,previous_value,previous_rag,reason\n")
    paper = open_paper("lincolnshire", "2017-03", lincs_copy)
    assert paper.scorecard.months == [paper.month]
    html = "".join(
        getattr(paper, name)().data
        for name in (
            "summary",
            "performance",
            "abatement",
            "service_areas",
            "failures_and_mitigation",
            "closing",
            "appendix_a",
            "appendix_b",
            "appendix_c",
            "extra_appendix",
        )
    )
    text = text_of(html)
    heads = re.findall(r'<th scope="col">(\w{3}-\d\d)</th>', html)
    assert set(heads) == {"Mar-17"}  # no empty months before the first
    for claim in ("6 months", "rolling", "Oct-16", "to Mar-17", "these months", "March 2017 – March 2017"):
        assert claim not in text, claim
    assert (
        "in March 2017 (month 24 since the service commencement date of 1 April 2015); this month falls in contract year 2"
        in text
    )
    assert "Appendix A gives the detailed KPI results for March 2017" in text
    assert "Table 1b: Failing KPIs and their multipliers, Mar-17" in text
    assert "Table 3: Payroll contacts received, Mar-17" in text
    assert "Appendix C Payroll contacts received by Serco (March 2017)" in text
    # Every heading has something under it: none followed by one of its own level or higher, none last.
    assert not re.search(r"</h2>\s*<h2|</h3>\s*<h[23]|</h[23]>\s*</section>", html)


def test_appendix_a_gives_kpis_on_the_same_reduced_levels_one_note(lincs):
    html = lincs.appendix_a().data
    part = html[html.index("Part 4") : html.index("Part 5")]
    notes = re.findall(r"<li>(.*?)</li>", part, re.S)
    assert notes == [
        "ACF_KPI_03, ACF_KPI_04: reduced levels until Mosaic&#39;s finance module is fully live; "
        "normal levels: TSL 90 and MSL 85."
    ]
    assert part.count('<sup class="note-ref">1</sup>') == 2  # beside the TSL of each


def test_drafted_contract_narrative_has_every_paper_slot_and_reads_back(lincs, tmp_path):
    from kpilib._inputs.narrative import read_narrative
    from kpilib._papers.contract.paper import SECTIONS, paper_slots
    from kpilib._papers.narrative_draft import create_narrative

    cells = lincs.draft_narrative()
    headings = [c.split("\n", 1)[0] for c in cells[1:]]
    for slot in paper_slots(lincs.council):
        assert f"## {slot}" in headings, slot
    assert headings[-4:] == [
        "## CSC Citizen engagement",
        "## Payroll appendix note",
        "## Extra appendix title",
        "## Extra appendix",
    ]
    path = create_narrative(tmp_path / "2017-08.ipynb", cells)
    assert (
        read_narrative(path, lincs.council, paper_slots(lincs.council), SECTIONS).text("CSC Citizen engagement") == ""
    )


def test_escalation_notes_are_numbered_in_month_order_in_every_table(lincs):
    # IMT_KPI_11 was amended for April, four IMT KPIs are in escalation for August: April's note is 1
    # in Table 4 and in Appendix A Part 2 alike (they were once numbered 1 and 2 the other way round).
    table4 = lincs.service_areas().data
    table4 = table4[table4.index("Table 4:") : table4.index("Table 5:")]
    part2 = lincs.appendix_a().data
    part2 = part2[part2.index("Part 2") : part2.index("Part 3")]
    for html in (table4, part2):
        notes = re.findall(r"<li>(.*?)</li>", html, re.S)
        assert [n.split(":")[0] for n in notes] == [
            "IMT_KPI_11, Apr-17",
            "IMT_KPI_01, IMT_KPI_02, IMT_KPI_05, IMT_KPI_07, Aug-17",
        ]
    # Table 1: April (IMT_KPI_11), May (PM_KPI_06), then August.
    table1 = lincs.performance().data
    notes = re.findall(r"<li>(.*?)</li>", table1[: table1.index("Table 1a")], re.S)
    assert [n.split(",")[0] for n in notes] == ["IMT_KPI_11", "PM_KPI_06", "IMT_KPI_01"]


def test_raw_outcome_note_names_each_kpi_and_its_unrecorded_months(lincs):
    html = lincs.performance().data
    note = re.findall(r"<li>(.*?)</li>", html[html.index("Table 1a") :], re.S)[0]
    # Mitigated with no figure (Appendix A): CSC_KPI_04 Mar-Apr, CSC_KPI_09 Jun, ACF_KPI_03 Mar-Jul,
    # ACF_KPI_04 May and Aug, ACF_KPI_10 Mar-May (its June and July have figures).
    assert note.endswith(
        "left out of the total: CSC_KPI_04 (Mar-17 to Apr-17), CSC_KPI_09 (Jun-17), "
        "ACF_KPI_03 (Mar-17 to Jul-17), ACF_KPI_04 (May-17, Aug-17) and ACF_KPI_10 (Mar-17 to May-17)."
    )


def test_new_kpi_month_has_its_status_and_no_stray_letter(lincs):
    html = lincs.appendix_a().data
    row = re.search(r'<th scope="row">CSC_KPI_10</th>.*?</tr>', html, re.S).group(0)
    first = re.findall(r'<td class="rag.*?</td>', row, re.S)[0]
    assert "New KPI – first use in Apr-17" in first and 'class="lbl"' not in first


def test_rising_levels_note_warns_how_the_report_month_would_score_at_the_next_levels(lincs):
    html = lincs.appendix_a().data
    part = html[html.index("Part 3") : html.index("Part 4")]
    # CSC_KPI_01 scored 21.25 in August against TSL 20 / MSL 17: green; from Oct-17 TSL 25 / MSL 20: amber.
    assert "25 and 20 from Oct-17; 35 and 25 from Apr-18" in part
    assert "At the levels from Oct-17, Aug-17&#39;s 21.25 would be amber." in part


def test_closing_names_the_annex_and_provenance_and_appendix_b_has_an_introduction(lincs):
    closing = lincs.closing().data
    assert (
        "attached at the back of the report, followed by a data-quality annex" in closing
        and "provenance note" in closing
    )
    assert "an outcome may need more than one project" in lincs.appendix_b().data


def test_payroll_appendix_prints_the_narratives_note_above_its_table(lincs):
    html = lincs.appendix_c().data
    note = html.index("correct as at 3 October 2017")
    assert note < html.index("<table") and "before April 2017 has been resolved" in html
