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
