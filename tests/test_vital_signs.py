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
