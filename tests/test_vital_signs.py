"""The vital-signs paper: its exports, sections and captions, on Norfolk and on fixture councils."""

import pytest

from kpilib import open_paper
from kpilib._papers.scores import scores_frame


def test_exception_goes_on_the_month_assessed_not_on_an_awaited_month(norfolk_feb19):
    frame = scores_frame(norfolk_feb19).set_index(["kpi_id", "month"])
    # 320: February 2019 is awaited; January's 27,760 is 18.4% short of 34,005, so red and off target.
    assert frame.loc[("320", "2019-02"), ["value", "rag", "exception"]].tolist() == ["", "awaited", ""]
    assert frame.loc[("320", "2019-01"), ["value", "rag", "exception"]].tolist() == ["27760", "red", "off_target"]
    # 323: January's 60.8% is green and one fall from December's 63.5%: no exception in any month.
    assert set(frame.loc["323", "exception"]) == {""}
    # A month without a value never carries an exception.
    assert (frame[frame["value"] == ""]["exception"] == "").all()


def _printed(html: str):
    """The HTML laid out for print by WeasyPrint with the paper's CSS."""
    from weasyprint import HTML

    from kpilib._render.pdf import CSS

    return HTML(
        string=f"<html><head><style>{CSS.read_text(encoding='utf-8')}</style></head>"
        f"<body><main class='paper'>{html}</main></body></html>"
    ).render()


def _table_width_mm(html: str) -> float:
    """Printed width of the first table, in millimetres."""
    from weasyprint.formatting_structure import boxes

    def find(box):
        if isinstance(box, boxes.TableBox):
            return box
        for child in getattr(box, "children", None) or []:
            found = find(child)
            if found:
                return found

    return find(_printed(html).pages[0]._page_box).border_width() * 25.4 / 96


def _overflowing_text(html: str) -> list[str]:
    """Text of the printed dashboard (WeasyPrint, the paper's CSS) that sticks out of its table cell."""
    from weasyprint.formatting_structure import boxes

    document = _printed(html)
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

    html = open_paper("norfolk", "2019-02", params_copy).dashboard().data
    # Before the fix '▼ Deteriorated (Jan 19)' (323) and 636's Sep 18 markers ran out of their cells.
    assert _overflowing_text(html) == []
    assert 270 < _table_width_mm(html) < 281.5  # 13 months fill A4 landscape's 281 mm text width
    # The cells checked: 323's travel, and 636 Sep 18's two markers. Notes are numbered by KPI, then
    # month: 323 (1), 608 (2), 611 (3-5), 626 (6), then 636's Feb, Mar, Apr and Jun 18 (7-10), so
    # Sep 18's flag is 11 and its correction note 12.
    assert (
        '<td class="travel travel-deteriorated"><span class="way">▼ Deteriorated</span> '
        '<span class="since">(Jan 19)</span></td>' in html
    )
    assert '<span class="note-ref"><span class="dq-flag" title="data-quality flag">⚑</span>11, 12</span>' in html


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
    """Headings followed directly by an empty paragraph, the end of their section or card, or a
    heading of the same or a higher level (a subheading below is content)."""
    import re

    found = []
    for match in re.finditer(
        r"<h([2-4])[^>]*>([^<]*)</h[2-4]>\s*(?:<h([1-4])|(</section>|</article>|<p>\s*</p>))", html
    ):
        if match.group(4) or int(match.group(3)) <= int(match.group(1)):
            found.append(match.group(2))
    return found


def test_first_paper_of_a_new_council_shows_one_month_and_says_so(params_copy):

    _new_council(params_copy, ("2019-02",))
    paper = open_paper("norfolk", "2019-02", params_copy)
    assert [str(m) for m in paper.scorecard.months] == ["2019-02"]
    dashboard = paper.dashboard().data
    assert '<th scope="col">Feb 19</th>' in dashboard and "Jan 19" not in dashboard and "Feb 18" not in dashboard
    # Printed, one month's columns take their own widths instead of being stretched to 13 months' 281 mm.
    assert _table_width_mm(dashboard) < 200
    cards = paper.report_cards().data
    assert "First line fix: February 2019; dashed line the target" in cards
    assert "13 months" not in cards
    # 320 and 323 are awaited with no earlier figure: no chart, one sentence saying there is no figure.
    card_320 = cards.split('id="card-320"')[1].split("</article>")[0]
    assert "<img" not in card_320 and "no figure has been reported in the period shown" in card_320
    assert cards.count("<img") == 6
    assert 'alt="Chart of First line fix, Feb 19 only: 21.6% against a target of 28.0% (red)."' in cards
    whole = "".join(
        getattr(paper, s)().data
        for s in ("header", "summary", "introduction", "dashboard", "report_cards", "review", "closing")
    )
    assert _empty_headings(whole) == []


def test_two_months_of_history_are_captioned_as_two_months(params_copy):

    _new_council(params_copy, ("2019-01", "2019-02"))
    paper = open_paper("norfolk", "2019-02", params_copy)
    assert "First line fix: the 2 months to February 2019;" in paper.report_cards().data


def test_headings_without_text_in_council_yml_are_left_out(params_copy):
    import yaml

    path = params_copy / "norfolk" / "council.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("strategic_impact", "recommendations"):
        del config[key]
    for indicator in config["indicators"]:
        indicator.pop("why_important"), indicator.pop("success")
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    paper = open_paper("norfolk", "2019-02", params_copy)
    summary, cards = paper.summary().data, paper.report_cards().data
    assert "Strategic impact" not in summary and "Recommendations" not in summary
    assert "Why is this important?" not in cards and "What will success look like?" not in cards
    assert _empty_headings(summary + cards) == []


def test_introduction_counts_the_vital_signs_and_the_cards(params_copy):

    intro = open_paper("norfolk", "2019-02", params_copy).introduction().data
    assert "a red/amber/green rated dashboard of all 8 vital signs;" in intro
    assert "report cards for all 8 vital signs, at the committee's request;" in intro
    assert "Appendix 1, IMT programme information;" in intro
    path = params_copy / "norfolk" / "council.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("report_cards: all", "report_cards: exceptions"), encoding="utf-8"
    )
    # Exceptions in February 2019: 320 (January off target), 608 (3 rises), 610 (red, 5 falls).
    intro = open_paper("norfolk", "2019-02", params_copy).introduction().data
    assert "report cards for the 3 vital signs meeting an exception criterion;" in intro


def test_report_cards_follow_the_councils_order_then_the_catalogue(params_copy):
    import re

    def order():
        html = open_paper("norfolk", "2019-02", params_copy).report_cards().data
        return re.findall(r'id="card-(\d+)"', html)

    assert order() == ["626", "636", "608", "609", "610", "611", "320", "323"]  # the seed's order
    path = params_copy / "norfolk" / "council.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"report_card_order: .*", 'report_card_order: ["610"]', text), encoding="utf-8")
    assert order() == ["610", "320", "323", "608", "609", "611", "626", "636"]
    path.write_text(re.sub(r"report_card_order: .*", "", text), encoding="utf-8")
    assert order() == ["320", "323", "608", "609", "610", "611", "626", "636"]  # catalogue order


def test_report_card_order_naming_an_unknown_indicator_is_refused(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    import re

    import pytest

    from kpilib import load_council
    from kpilib._inputs.errors import InputError

    path = params_copy / "norfolk" / "council.yml"
    path.write_text(
        re.sub(r"report_card_order: .*", 'report_card_order: ["610", "612", "610"]', path.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_council(params_copy, "norfolk")
    assert str(caught.value).splitlines() == [
        "params/norfolk/council.yml: report_card_order: '612' is not an indicator of this council "
        "(known: 320, 323, 608, 609, 610, 611, 626, 636)",
        "params/norfolk/council.yml: report_card_order: an indicator is listed twice",
    ]


VOLUMES = "month,active,new,closed\n2018-12,41,3,5\n2019-01,44,6,3\n2019-02,46,4,2\n2019-03,47,2,1\n"


def test_project_volumes_are_drawn_with_their_table_for_the_months_shown(params_copy):
    import base64
    import re

    (params_copy / "norfolk" / "project_volumes.csv").write_text(VOLUMES, encoding="utf-8")
    paper = open_paper("norfolk", "2019-02", params_copy)
    closing = paper.closing().data
    rows = re.findall(r'<tr><th scope="row">(\w+ \d+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>', closing)
    assert rows == [("Dec 18", "41", "3", "5"), ("Jan 19", "44", "6", "3"), ("Feb 19", "46", "4", "2")]  # no Mar 19
    assert "Projects active, added and closed each month: the 3 months to February 2019." in closing
    assert (
        'alt="Chart of IMT programme information, Dec 18 to Feb 19: in February 2019 46 active, 4 new and 2 closed."'
        in closing
    )
    svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', closing).group(1)).decode()
    assert "Active" in svg and "Closed" in svg
    assert "charts how many projects were active, added and closed each month" in paper.review().data
    assert "params/norfolk/project_volumes.csv" in paper.provenance_record()["inputs"]


def test_without_project_volumes_the_chart_is_left_out(params_copy):

    paper = open_paper("norfolk", "2019-02", params_copy)
    closing, review = paper.closing().data, paper.review().data
    assert "<img" not in closing and "Projects active" not in closing
    assert "Appendix 1 lists the priority projects for January 2019 to March 2019." in review
    assert "active, added and closed" not in review


def test_bad_project_volumes_name_the_file_line_and_column(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    import pytest

    from kpilib._inputs.errors import InputError

    (params_copy / "norfolk" / "project_volumes.csv").write_text(
        "month,active,new,closed\n2019-01,44,six,3\n2019-02,46,4,-2\n2018-12,41,3,5\n2018-12,41,3,5\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:  # at load, before any notebook runs
        open_paper("norfolk", "2019-02", params_copy)
    assert str(caught.value).splitlines() == [
        "params/norfolk/project_volumes.csv:2: new: 'six' should be a whole number of projects (0 or more)",
        "params/norfolk/project_volumes.csv:3: closed: '-2' should be a whole number of projects (0 or more)",
        "params/norfolk/project_volumes.csv:5: month: 2018-12 is listed twice",
    ]


def test_review_and_implications_come_from_config_and_narrative(params_copy):

    paper = open_paper("norfolk", "2019-02", params_copy)
    review = paper.review().data
    assert "<h2>Review of provided information</h2>" in review and "Committee members are asked to:" in review
    assert "has any significant financial implications." in review
    assert "raises any significant issues, risks or innovations." in review
    closing = paper.closing().data
    assert "call 0344 800 8020, or 0344 800 8011 (textphone)." in closing
    (params_copy / "norfolk" / "narrative" / "2019-02.ipynb").unlink()
    paper = open_paper("norfolk", "2019-02", params_copy)
    assert paper.review().data.count("Commentary to follow.") == 2
    assert "no 'Financial implications' commentary: the paper says 'Commentary to follow'" in paper.warnings


@pytest.mark.e2e
def test_a_council_with_one_indicator_is_written_in_the_singular(params_copy):
    import yaml

    from kpilib._papers.narrative_draft import draft_cells

    folder = params_copy / "norfolk"
    config = yaml.safe_load((folder / "council.yml").read_text(encoding="utf-8"))
    config["indicators"] = [i for i in config["indicators"] if i["id"] == "610"]
    config["report_card_order"] = ["610"]
    (folder / "council.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    lines = (folder / "actuals.csv").read_text(encoding="utf-8").splitlines()
    (folder / "actuals.csv").write_text(
        "\n".join([lines[0]] + [x for x in lines if x.startswith("610,")]) + "\n", encoding="utf-8"
    )
    (folder / "narrative" / "2019-02.ipynb").unlink()
    paper = open_paper("norfolk", "2019-02", params_copy)
    assert (
        "There is one vital signs indicator under the remit of this committee. Its position in February 2019:"
        in paper.summary().data
    )
    assert "a red/amber/green rated dashboard of the one vital sign;" in paper.introduction().data
    assert draft_cells(paper.scorecard)[1] == "## Executive summary\n\nOf the 1 indicator: 1 red."
