"""A contract's terms in council.yml (template: contract): its service areas, calendar, trend settings,
and the abatement and service-credit rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .errors import ProblemList, quote
from .months import Month
from .numbers import to_decimal
from .status import Rag
from .yamlfile import Section

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class AbatementRules:
    """How a contract's failures become points and service credits (see _scoring/abatement.py)."""

    source: str  # where the points come from, printed in the paper
    fractions: dict[Rag, Decimal]  # share of a KPI's points each failing outcome attracts
    multipliers: tuple[Decimal, ...]  # the nth consecutive failing month uses multipliers[n-1] (last repeats)
    mitigation_breaks_run: bool  # a mitigated month ends a run of failures (else it pauses it)
    value_per_point: Decimal | None = None  # money per point, or:
    percent_per_point: Decimal | None = None  # % of the monthly charge per point
    monthly_charge: Decimal | None = None
    cap_percent: Decimal | None = None  # credits in a contract year at most this % of its charges
    max_total_points: Decimal = Decimal(1000)
    points_range: tuple[Decimal, Decimal] | None = None  # least and most points a KPI carries, where published
    points_except: tuple[tuple[str, Decimal], ...] = ()  # KPIs outside that range, with their points

    def multiplier(self, run: int) -> Decimal:
        """The multiplier of the `run`th consecutive failing month (the last one repeats)."""
        return self.multipliers[min(run, len(self.multipliers)) - 1]

    @property
    def has_credits(self) -> bool:
        """Whether points become service credits (a value or a percentage per point)."""
        return self.value_per_point is not None or self.percent_per_point is not None

    def credit_for(self, points: Decimal) -> Decimal:
        """Service credit for `points`, before any cap, to the penny."""
        if self.value_per_point is not None:
            amount = points * self.value_per_point
        else:
            amount = points * self.percent_per_point / 100 * self.monthly_charge
        return amount.quantize(PENNY, ROUND_HALF_UP)


@dataclass(frozen=True)
class ServiceArea:
    """A service area of the contract; its code prefixes its KPI references."""

    code: str  # the KPI reference prefix: PM for PM_KPI_01
    name: str
    subsections: tuple[str, ...] = ()  # narrative sections after the area's commentary ('## CSC Citizen engagement')

    @property
    def title(self) -> str:
        """'Revenues and Benefits (REV)', but 'ICT' alone where the name is the code."""
        return self.name if self.name == self.code else f"{self.name} ({self.code})"


@dataclass(frozen=True)
class Contract:
    """The contract a contract-KPI paper reports on (template: contract)."""

    name: str
    provider: str
    commencement: Month  # month 1 of the contract calendar
    reporting_months: int  # the months the paper reports on in detail (Tables 8 and 9)
    service_areas: list[ServiceArea]
    on_behalf_of: str
    actions_required: str
    abbreviations: dict[str, str]
    payroll_area: str | None
    end: Month | None = None  # last month of the contract, for trend projections
    year_labels: bool = False  # column heads like 'Yr 5 Jan-20'
    trend_months: int | None = None  # months fitted for a green KPI's trend; None: no trend analysis
    trend_horizon: int = 12  # flag crossings within this many months (or before the end)
    abatement: AbatementRules | None = None  # when the contract has points
    consultation: dict[str, str] = field(default_factory=dict)  # closing questions and their answers
    background_papers: str = ""  # the closing statement on background papers

    def contract_month(self, month: Month) -> int:
        """1 for the commencement month: June 2017 is month 27 of a contract starting April 2015."""
        return month - self.commencement + 1

    def contract_year(self, month: Month) -> int:
        """Contract years run twelve months from commencement: April 2017 starts year 3."""
        return (month - self.commencement) // 12 + 1

    def area_of(self, kpi_id: str) -> ServiceArea | None:
        """The service area whose code prefixes `kpi_id`, or None."""
        return next((a for a in self.service_areas if kpi_id.startswith(a.code + "_")), None)

    def month_head(self, month: Month, fmt: str) -> str:
        """Column head for a month: 'Jan-20', or 'Yr 5 Jan-20' when the contract asks for year labels."""
        label = month.label(fmt)
        return f"Yr {self.contract_year(month)} {label}" if self.year_labels else label


def contract_settings(top: Section) -> Contract:
    """The contract: keys of a contract council; its KPI catalogue is kpis.csv and levels.csv (see catalogue.py)."""
    sec = Section(top.get("contract", dict), "contract", top.problems)
    areas = []
    for i, item in enumerate(sec.get("service_areas", list) or []):
        area = Section(item, f"contract.service_areas[{i}]", top.problems)
        subsections = area.get("subsections", list, required=False, default=[]) or []
        areas.append(ServiceArea(area.text("code"), area.text("name"), tuple(str(t) for t in subsections)))
        area.finish()
    commencement = sec.month("commencement")
    abbreviations = sec.get("abbreviations", dict, required=False, default={}) or {}
    end = sec.month("end", required=False)
    trend_data = sec.get("trend", dict, required=False)
    trend = Section(trend_data or {}, "contract.trend", top.problems)
    trend_months = trend.get("months", int, required=False, default=12) if trend_data is not None else None
    trend_horizon = trend.get("horizon_months", int, required=False, default=12)
    trend.finish()
    abatement = _abatement_rules(sec.get("abatement", dict, required=False), top.problems)
    contract = Contract(
        name=sec.text("name"),
        provider=sec.text("provider"),
        commencement=commencement,
        reporting_months=sec.get("reporting_months", int),
        service_areas=areas,
        on_behalf_of=sec.text("on_behalf_of", required=False, default=""),
        actions_required=sec.text("actions_required", required=False, default=""),
        abbreviations={str(k): str(v) for k, v in abbreviations.items()},
        payroll_area=sec.text("payroll_area", required=False),
        end=end,
        year_labels=bool(sec.get("year_labels", bool, required=False, default=False)),
        trend_months=trend_months,
        trend_horizon=trend_horizon,
        abatement=abatement,
        consultation={
            str(k): str(v) for k, v in (sec.get("consultation", dict, required=False, default={}) or {}).items()
        },
        background_papers=sec.text("background_papers", required=False, default=""),
    )
    sec.finish()
    rag = Section(top.get("rag", dict), "rag", top.problems)
    rule = rag.text("rule")
    if rule is not None and rule != "service_levels":
        rag.fail("rule", f"unknown rule {quote(rule)} for this template (known: service_levels)")
    rag.finish()
    return contract


def _abatement_rules(data, problems: ProblemList):
    """The contract's abatement and service-credit rules (see abatement.py), or None."""
    if data is None:
        return None
    sec = Section(data, "contract.abatement", problems)
    fractions = {}
    for outcome, share in (sec.get("fractions", dict, required=False, default={"red": 1}) or {}).items():
        if outcome not in ("red", "amber") or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            sec.fail(f"fractions.{outcome}", "should be red or amber with a share of the points from 0 to 1")
            continue
        fractions[Rag(outcome)] = to_decimal(share)
    multipliers = sec.get("multipliers", list, required=False, default=[1, 1.5, 2]) or [1]
    if not all(isinstance(m, (int, float)) and m > 0 for m in multipliers):
        sec.fail("multipliers", f"should be a list of positive numbers, not {quote(multipliers)}")
        multipliers = [1]
    credits = Section(sec.get("credits", dict, required=False, default={}), "contract.abatement.credits", problems)
    number = {
        k: credits.get(k, (int, float), required=False)
        for k in ("value_per_point", "percent_per_point", "monthly_charge")
    }
    credits.finish()
    cap = sec.get("cap_percent", (int, float), required=False)
    if number["percent_per_point"] is not None and number["monthly_charge"] is None:
        sec.fail("credits.monthly_charge", "is needed with percent_per_point")
    if cap is not None and number["monthly_charge"] is None:
        sec.fail("credits.monthly_charge", "is needed with cap_percent (the cap is a share of the charges)")
    spread = _points_spread(sec.get("kpi_points", dict, required=False), problems)
    rules = AbatementRules(
        points_range=spread[0],
        points_except=spread[1],
        source=sec.text("source"),
        fractions=fractions,
        multipliers=tuple(to_decimal(m) for m in multipliers),
        mitigation_breaks_run=bool(sec.get("mitigation_breaks_run", bool, required=False, default=True)),
        value_per_point=None if number["value_per_point"] is None else to_decimal(number["value_per_point"]),
        percent_per_point=None if number["percent_per_point"] is None else to_decimal(number["percent_per_point"]),
        monthly_charge=None if number["monthly_charge"] is None else to_decimal(number["monthly_charge"]),
        cap_percent=None if cap is None else to_decimal(cap),
        max_total_points=to_decimal(sec.get("max_total_points", (int, float), required=False, default=1000)),
    )
    sec.finish()
    return rules


def _points_spread(data, problems: ProblemList) -> tuple:
    """`kpi_points: {least: 10, most: 50, except: {CSC_KPI_10: 2}}`: how the contract spreads its
    points when it does not publish each KPI's (the paper's Table 1b explains it)."""
    if data is None:
        return None, ()
    sec = Section(data, "contract.abatement.kpi_points", problems)
    least, most = sec.get("least", (int, float)), sec.get("most", (int, float))
    others = sec.get("except", dict, required=False, default={}) or {}
    bad = [k for k, v in others.items() if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0]
    if bad:
        sec.fail("except", f"should give each KPI id a number of points (not {', '.join(map(str, bad))})")
    if least is not None and most is not None and least > most:
        sec.fail("least", f"{least} is more than most ({most})")
        least = None
    sec.finish()
    if least is None or most is None or bad:
        return None, ()
    return (to_decimal(least), to_decimal(most)), tuple((str(k), to_decimal(v)) for k, v in others.items())
