"""The vital-signs paper: its exports, sections and captions, on Norfolk and on fixture councils."""

from kpilib.scores import scores_frame


def test_exception_goes_on_the_month_assessed_not_on_an_awaited_month(norfolk_feb19):
    frame = scores_frame(norfolk_feb19).set_index(["kpi_id", "month"])
    # 320: February 2019 is awaited; January's 27,760 is 18.4% short of 34,005, so red and off target.
    assert frame.loc[("320", "2019-02"), ["value", "rag", "exception"]].tolist() == ["", "awaited", ""]
    assert frame.loc[("320", "2019-01"), ["value", "rag", "exception"]].tolist() == ["27760", "red", "off_target"]
    # 323: January's 60.8% is green and one fall from December's 63.5%: no exception in any month.
    assert set(frame.loc["323", "exception"]) == {""}
    # A month without a value never carries an exception.
    assert (frame[frame["value"] == ""]["exception"] == "").all()


def _overflowing_text(html: str) -> list[str]:
    """Text of the printed dashboard (WeasyPrint, the paper's CSS) that sticks out of its table cell."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from kpilib.build import CSS

    document = HTML(string=f"<html><head><style>{CSS.read_text(encoding='utf-8')}</style></head>"
                           f"<body><main class='paper'>{html}</main></body></html>").render()
    found = []

    def walk(box, cell=None):
        if isinstance(box, boxes.TableCellBox):
            cell = box
        if cell is not None and isinstance(box, boxes.TextBox):
            left, right = cell.position_x, cell.position_x + cell.border_width()
            if box.position_x < left - 0.5 or box.position_x + box.width > right + 0.5:
                found.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child, cell)

    for page in document.pages:
        walk(page._page_box)
    return found


def test_printed_dashboard_keeps_travel_and_footnote_markers_inside_their_cells(params_copy):
    from kpilib.vital_signs import VitalSignsPaper

    html = VitalSignsPaper.load("norfolk", "2019-02", params_copy).dashboard().data
    # Before the fix '▼ Deteriorated (Jan 19)' (323) and 636's Sep 18 markers '14,15' ran out of their cells.
    assert _overflowing_text(html) == []
    assert "(Jan 19)" in html and "14" in html and "15" in html


def _new_council(params_copy, months: tuple[str, ...]):
    """params_copy's Norfolk cut to the given months of actuals and no narrative: a new council."""
    import shutil

    folder = params_copy / "norfolk"
    lines = (folder / "actuals.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[1] in months]
    (folder / "actuals.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    shutil.rmtree(folder / "narrative")
    return folder


def _empty_headings(html: str) -> list[str]:
    """Headings followed directly by another heading or the end of their section or card."""
    import re

    return re.findall(r"<h[2-4][^>]*>([^<]*)</h[2-4]>\s*(?=<h[1-4][ >]|</section>|</article>|<p>\s*</p>)", html)


def test_first_paper_of_a_new_council_shows_one_month_and_says_so(params_copy):
    from kpilib.vital_signs import VitalSignsPaper

    _new_council(params_copy, ("2019-02",))
    paper = VitalSignsPaper.load("norfolk", "2019-02", params_copy)
    assert [str(m) for m in paper.scorecard.months] == ["2019-02"]
    dashboard = paper.dashboard().data
    assert '<th scope="col">Feb 19</th>' in dashboard and "Jan 19" not in dashboard and "Feb 18" not in dashboard
    cards = paper.report_cards().data
    assert "First line fix: February 2019; dashed line the target" in cards
    assert "13 months" not in cards
    # 320 and 323 are awaited with no earlier figure: no chart, one sentence saying there is no figure.
    card_320 = cards.split('id="card-320"')[1].split("</article>")[0]
    assert "<img" not in card_320 and "no figure has been reported in the period shown" in card_320
    assert cards.count("<img") == 6
    whole = "".join(getattr(paper, s)().data for s in ("header", "summary", "dashboard",
                                                       "report_cards", "closing"))
    assert _empty_headings(whole) == []


def test_two_months_of_history_are_captioned_as_two_months(params_copy):
    from kpilib.vital_signs import VitalSignsPaper

    _new_council(params_copy, ("2019-01", "2019-02"))
    paper = VitalSignsPaper.load("norfolk", "2019-02", params_copy)
    assert "First line fix: the 2 months to February 2019;" in paper.report_cards().data


def test_headings_without_text_in_council_yml_are_left_out(params_copy):
    import yaml

    from kpilib.vital_signs import VitalSignsPaper

    path = params_copy / "norfolk" / "council.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("strategic_impact", "recommendations"):
        del config[key]
    for indicator in config["indicators"]:
        indicator.pop("why_important"), indicator.pop("success")
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    paper = VitalSignsPaper.load("norfolk", "2019-02", params_copy)
    summary, cards = paper.summary().data, paper.report_cards().data
    assert "Strategic impact" not in summary and "Recommendations" not in summary
    assert "Why is this important?" not in cards and "What will success look like?" not in cards
    assert _empty_headings(summary + cards) == []
