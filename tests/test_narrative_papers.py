"""Barnet's contract overview (May 2014) and Lancashire's governance report (February 2016), built
from params/: the figures the seeds give, computed and printed as stated, and the one sentence in
which Lancashire's words and numbers disagree."""

import pytest

from kpilib import open_paper

from .conftest import PARAMS


@pytest.fixture(scope="module")
def barnet():
    return open_paper("barnet", "2014-05", PARAMS)


@pytest.fixture(scope="module")
def lancashire():
    return open_paper("lancashire", "2016-02", PARAMS)


def test_barnet_headline_figures_keep_the_seeds_precision(barnet):
    assert barnet.rows() == [
        {
            "title": "Calls received a month",
            "before": "just under 70,000",
            "now": "over 80,000",
            "change": "up by more than 10,000",
        },
        {"title": "Calls answered", "before": "90%", "now": "97%", "change": "up 7 percentage points"},
        {"title": "Benefit claims processing time", "before": "", "now": "8 days", "change": ""},
        {"title": "Cost of the services in scope since go-live", "before": "", "now": "", "change": "£6 million less"},
        {"title": "Children taking part in the schools app competition", "before": "", "now": "over 700", "change": ""},
    ]


def test_barnet_has_every_section_of_its_seed_and_no_disagreement(barnet):
    html = barnet.introduction().data + barnet.performance().data + barnet.conclusion().data
    headings = [
        "1. Introduction",
        "2. Background",
        "3. Performance update",
        "Highlights",
        "Snagging issues",
        "Substantive issues",
        "4. Conclusion",
    ]
    assert [h for h in headings if h not in html] == []
    assert "Commentary to follow" not in html
    assert barnet.disagreements == []
    assert barnet.warnings == [
        "no meeting date for 2014-05 in council.yml (meetings:): the paper says 'to be confirmed'"
    ]


def test_lancashire_feedback_is_computed_and_only_the_ict_54_is_flagged(lancashire):
    html = lancashire.feedback().data
    assert '<tr><th scope="row">October 2015 to February 2016</th><td>14</td><td>19</td></tr>' in html
    assert '<tr><th scope="row">of which February 2016</th><td>7</td><td>not given</td></tr>' in html
    assert '<tr><th scope="row">October 2015 to February 2016</th><td>57</td><td>7</td></tr>' in html
    (only,) = lancashire.disagreements
    assert (only.heading, only.typed, only.data) == (
        "ICT feedback",
        "54",
        "57 (ICT compliments, the whole period; feedback.csv line 4)",
    )
    assert [w for w in lancashire.warnings if "disagree" not in w] == []


def test_lancashire_has_every_section_of_its_seed(lancashire):
    html = "".join(
        getattr(lancashire, name)().data
        for name in (
            "header",
            "summary",
            "background",
            "performance",
            "developments",
            "feedback",
            "staffing",
            "implications",
        )
    )
    for part in (
        "Cabinet Committee on Performance Improvement",
        "12 April 2016",
        "Electoral divisions affected",
        "Lisa Kitto",
        "Executive summary",
        "Recommendation",
        "Background and advice",
        "Achievement of key performance measures",
        "Other developments",
        "Customer feedback",
        "staffing update",
        "Consultations",
        "Risk management",
        "List of background papers",
        "Reason for inclusion in Part II",
    ):
        assert part in html, part
    assert "Commentary to follow" not in html
