"""How the contract paper's tables lay out in print (WeasyPrint, the paper's stylesheet)."""

from weasyprint.formatting_structure import boxes

from kpilib import open_paper

from .test_vital_signs import _printed


def _column_head_lines(html: str) -> list[str]:
    """The text of every laid-out line inside a table's header rows."""
    lines = []

    def walk(box, in_head=False):
        if isinstance(box, boxes.TableRowGroupBox):
            in_head = box.element_tag == "thead"
        if in_head and isinstance(box, boxes.TextBox):
            lines.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child, in_head)

    for page in _printed(html).pages:
        walk(page._page_box)
    return lines


def test_month_heads_with_contract_years_print_on_one_line():
    """'Yr 3 Oct-23' is one label: it is never broken into 'Yr 3' over 'Oct-23', or after its hyphen."""
    paper = open_paper("demo", "2024-02")  # synthetic demo: year labels, Sep-23 to Feb-24
    html = paper.performance().data + paper.service_areas().data + paper.abatement().data + paper.appendix_a().data
    lines = _column_head_lines(html)
    months = [
        line for line in lines if line.startswith("Yr ") or line[:3] in ("Sep", "Oct", "Nov", "Dec", "Jan", "Feb")
    ]
    assert sorted(set(months)) == [
        "Yr 3 Dec-23",
        "Yr 3 Feb-24",
        "Yr 3 Jan-24",
        "Yr 3 Nov-23",
        "Yr 3 Oct-23",
        "Yr 3 Sep-23",
    ]
