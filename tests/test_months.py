import pytest

from kpilib._inputs.months import Month, span, window


def test_labels_as_printed_in_the_papers():
    month = Month.parse("2019-02")
    assert month.label() == "Feb 19"  # Norfolk dashboard
    assert Month.parse("2017-03").label("%b-%y") == "Mar-17"  # Lincolnshire tables
    assert month.long == "February 2019"
    assert str(month) == "2019-02"


def test_thirteen_month_window_to_february_2019_starts_february_2018():
    months = window(Month.parse("2019-02"), 13)
    assert len(months) == 13
    assert months[0] == Month(2018, 2) and months[-1] == Month(2019, 2)
    assert months[10] == Month(2018, 12) and months[11] == Month(2019, 1)  # across the year end


def test_arithmetic_and_span():
    assert Month(2018, 12) + 1 == Month(2019, 1)
    assert Month(2019, 2) - Month(2018, 2) == 12
    assert Month(2019, 1) - 13 == Month(2017, 12)
    assert span(Month(2017, 3), Month(2017, 8))[-1] == Month(2017, 8)
    assert len(span(Month(2017, 3), Month(2017, 8))) == 6


def test_uk_financial_year_runs_april_to_march():
    assert Month(2019, 3).financial_year == 2018
    assert Month(2019, 3).financial_year_label == "2018-19"
    assert Month(2019, 4).financial_year == 2019
    assert Month(1999, 12).financial_year_label == "1999-00"


@pytest.mark.parametrize("text", ["2019-13", "2019-2", "Feb 19", "2019-00", "", "19-02"])
def test_malformed_months_are_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)
