"""Contract KPIs against Target and Minimum Service Levels, with the Lincolnshire 2017 seed's figures."""

from decimal import Decimal as D

import pytest

from kpilib import load_council
from kpilib._inputs.errors import InputError
from kpilib._inputs.months import Month
from kpilib._scoring.rag import Rag, service_level_rag

M = Month.parse


def cell(card, kpi, month):
    return next(c for c in card.cells[kpi] if c.month == M(month))


@pytest.mark.parametrize(
    "value, tsl, msl, direction, expected, why",
    [
        ("3.00", "1", "3", "smaller", Rag.AMBER, "PM_KPI_06 Apr-17: exactly on the MSL meets it"),
        ("15.00", "1", "3", "smaller", Rag.RED, "PM_KPI_06 Mar-17"),
        ("75.00", "75", "60", "bigger", Rag.GREEN, "IMT_KPI_12 Jun-17: exactly on the TSL meets it"),
        ("5.00", "1", "5", "smaller", Rag.AMBER, "IMT_KPI_05 Aug-17: 5 P1 incidents, MSL 5"),
        ("69.00", "85", "70", "bigger", Rag.RED, "IMT_KPI_11 Mar-17"),
        ("17.53", "7", "10", "smaller", Rag.RED, "CSC_KPI_04 May-17"),
        ("98.89", "99", "96", "bigger", Rag.AMBER, "PM_KPI_07 Jul-17"),
        ("100.00", "100", "100", "bigger", Rag.GREEN, "PM_KPI_03: TSL equal to MSL"),
    ],
)
def test_service_levels(value, tsl, msl, direction, expected, why):
    assert service_level_rag(D(value), D(tsl), D(msl), direction) is expected, why


def test_levels_change_over_time(lincs_aug17):
    march, july = cell(lincs_aug17, "F_KPI_01", "2017-03"), cell(lincs_aug17, "F_KPI_01", "2017-07")
    assert (march.tsl, march.msl, march.rag) == (D(95), D(80), Rag.AMBER)  # 90.98 against 95/80
    assert (july.tsl, july.msl, july.rag) == (D(90), D(75), Rag.GREEN)  # 92.99 against 90/75
    assert cell(lincs_aug17, "F_KPI_01", "2017-06").rag is Rag.AMBER  # 92.26, still 95/80


def test_csc_kpi_01_rises_by_contract_year(lincs_aug17):
    kpi = lincs_aug17.council.indicators["CSC_KPI_01"]
    assert (kpi.levels_at(M("2015-06")).tsl, kpi.levels_at(M("2015-06")).msl) == (D(10), D(7))  # year 1
    assert (kpi.levels_at(M("2017-03")).tsl, kpi.levels_at(M("2017-03")).msl) == (D(20), D(17))  # year 2
    assert (kpi.levels_at(M("2017-10")).tsl, kpi.levels_at(M("2017-10")).msl) == (D(25), D(20))  # year 3, 2nd half
    assert (kpi.levels_at(M("2019-12")).tsl, kpi.levels_at(M("2019-12")).msl) == (D(45), D(42))  # year 5


def test_data_not_available_is_red_and_counted_below_msl(lincs_aug17):
    dna = cell(lincs_aug17, "CSC_KPI_03", "2017-04")
    assert (dna.rag, dna.raw_rag, dna.data_not_available) == (Rag.RED, None, True)


def test_mitigation_counts_apart_and_keeps_the_raw_outcome(lincs_aug17):
    with_value = cell(lincs_aug17, "ACF_KPI_10", "2017-06")  # errata: mitigated, 100.00 recorded
    assert (with_value.rag, with_value.raw_rag, with_value.value) == (Rag.MITIGATED, Rag.GREEN, D("100.00"))
    without = cell(lincs_aug17, "CSC_KPI_04", "2017-03")
    assert (without.rag, without.raw_rag) == (Rag.MITIGATED, None)


def test_not_in_use_and_before_first_use_are_not_counted(lincs_aug17):
    assert not lincs_aug17.council.indicators["PM_KPI_04"].in_use
    assert all(not c.counted for c in lincs_aug17.cells["PM_KPI_04"])
    assert not cell(lincs_aug17, "CSC_KPI_10", "2017-03").counted
    assert cell(lincs_aug17, "CSC_KPI_10", "2017-04").counted
    assert sum(k.in_use for k in lincs_aug17.council.indicators.values()) == 41
    assert len(lincs_aug17.council.indicators) == 48


def test_escalations_amended_and_open(lincs_aug17):
    amended = cell(lincs_aug17, "PM_KPI_06", "2017-05")
    assert (amended.value, amended.rag) == (D("1.00"), Rag.GREEN)
    assert (amended.escalation.state, amended.escalation.previous_value) == ("amended", D("6.00"))
    provisional = cell(lincs_aug17, "IMT_KPI_01", "2017-08")
    assert provisional.provisional and provisional.rag is Rag.RED  # scored on the reported 97.50


def test_contract_calendar(lincs_aug17):
    contract = lincs_aug17.council.contract
    assert [contract.contract_month(M(m)) for m in ("2017-06", "2017-08", "2020-01", "2020-10")] == [27, 29, 58, 67]
    assert [contract.contract_year(M(m)) for m in ("2017-03", "2017-04", "2020-03", "2020-04")] == [2, 3, 5, 6]


# Table 1 and Tables 2, 4, 5, 6 and 7, counted by hand from Appendix A of the seed.
HAND_COUNTS = {
    None: {
        "tsl": [33, 29, 31, 32, 34, 34],
        "msl": [1, 5, 3, 4, 4, 3],
        "below": [3, 4, 4, 2, 1, 3],
        "mitigation": [3, 3, 3, 3, 2, 1],
        "total": [40, 41, 41, 41, 41, 41],
    },
    "PM": {
        "tsl": [7, 7, 9, 9, 8, 9],
        "msl": [0, 1, 0, 0, 1, 0],
        "below": [2, 1, 0, 0, 0, 0],
        "mitigation": [0] * 6,
        "total": [9] * 6,
    },
    "IMT": {
        "tsl": [11, 10, 10, 10, 9, 7],
        "msl": [0, 2, 2, 2, 3, 3],
        "below": [1, 0, 0, 0, 0, 2],
        "mitigation": [0] * 6,
        "total": [12] * 6,
    },
    "CSC": {
        "tsl": [6, 3, 4, 5, 7, 7],
        "msl": [0, 1, 0, 1, 0, 0],
        "below": [0, 3, 4, 1, 1, 1],
        "mitigation": [1, 1, 0, 1, 0, 0],
        "total": [7, 8, 8, 8, 8, 8],
    },
    "ACF": {
        "tsl": [7, 7, 6, 6, 7, 8],
        "msl": [0] * 6,
        "below": [0, 0, 0, 1, 0, 0],
        "mitigation": [2, 2, 3, 2, 2, 1],
        "total": [9] * 6,
    },
    "F": {
        "tsl": [2, 2, 2, 2, 3, 3],
        "msl": [1, 1, 1, 1, 0, 0],
        "below": [0] * 6,
        "mitigation": [0] * 6,
        "total": [3] * 6,
    },
}


@pytest.mark.parametrize("area", list(HAND_COUNTS))
def test_summary_tables_match_hand_counts(lincs_aug17, area):
    assert lincs_aug17.summary(area) == HAND_COUNTS[area]


def test_failures_and_mitigations_of_the_reporting_months(lincs_aug17):
    failures = [(k.id, [str(m) for m in ms]) for k, ms in lincs_aug17.failures()]
    assert failures == [
        ("IMT_KPI_01", ["2017-08"]),
        ("IMT_KPI_07", ["2017-08"]),
        ("CSC_KPI_04", ["2017-06", "2017-07", "2017-08"]),
        ("ACF_KPI_07", ["2017-06"]),
    ]
    mitigations = [(k.id, [str(m) for m in ms]) for k, ms in lincs_aug17.mitigations()]
    assert mitigations == [
        ("CSC_KPI_09", ["2017-06"]),
        ("ACF_KPI_03", ["2017-06", "2017-07"]),
        ("ACF_KPI_04", ["2017-08"]),
        ("ACF_KPI_10", ["2017-06", "2017-07"]),
    ]


def test_levels_contradicting_the_direction_are_a_load_error(lincs_copy):
    path = lincs_copy / "lincolnshire" / "levels.csv"
    path.write_text(path.read_text().replace("IMT_KPI_02,2017-03,1,5,", "IMT_KPI_02,2017-03,5,1,"))
    with pytest.raises(
        InputError,
        match=r"levels.csv:\d+: tsl: IMT_KPI_02: levels contradict its direction: "
        r"TSL 5 is above MSL 1, but smaller is better",
    ) as caught:
        load_council(lincs_copy, "lincolnshire")
    assert len(caught.value.problems) == 1  # no knock-on 'has no levels' for the same KPI


def test_overlapping_levels_are_a_load_error(lincs_copy):
    path = lincs_copy / "lincolnshire" / "levels.csv"
    path.write_text(path.read_text() + "F_KPI_01,2017-07,90,70,\n")
    with pytest.raises(InputError, match="F_KPI_01: 2017-07 overlaps the levels from 2017-07"):
        load_council(lincs_copy, "lincolnshire")


def test_payroll_totals_rates_and_flags():
    from kpilib._inputs.council import PROJECT_ROOT
    from kpilib._inputs.payroll import load_payroll

    months = {str(p.month): p for p in load_payroll(PROJECT_ROOT / "params/lincolnshire/payroll.csv")}
    assert len(months) == 12
    assert months["2017-08"].total.received == 144 and months["2017-08"].total.outstanding == 29
    assert sorted(m for m, p in months.items() if p.data_quality) == ["2016-11", "2017-01", "2017-02", "2017-03"]
    assert months["2017-03"].data_quality == ["corporate: 142 resolved + 0 outstanding = 142, not the 143 received"]


def test_payroll_resolution_rate_is_received_less_outstanding_as_the_seed_prints_it():
    from kpilib._inputs.council import PROJECT_ROOT
    from kpilib._inputs.payroll import load_payroll

    months = load_payroll(PROJECT_ROOT / "params/lincolnshire/payroll.csv")
    # Appendix C of the seed, Sep-16 to Aug-17: (258 - 0) / 258 is 100%, (216 - 1) / 216 is 99.54%.
    assert [str(p.resolution_rate) for p in months] == ["100.00"] * 7 + ["99.54", "98.60", "98.50", "97.67", "79.86"]
    march = next(p for p in months if str(p.month) == "2017-03")
    # 99.61% is all staff (257 / 258), not the corporate group whose counts disagree (142 / 143 = 99.30%).
    assert march.rate_note == (
        "the overall resolution rate shown, 100.00%, is received less outstanding; "
        "counting resolved ÷ received, the overall rate would be 99.61%"
    )
    november = next(p for p in months if str(p.month) == "2016-11")  # schools 432 / 433; all 596 / 597
    assert november.quality_note.endswith("the overall rate would be 99.83%") and "99.77" not in november.quality_note
    assert next(p for p in months if str(p.month) == "2017-04").rate_note == ""
