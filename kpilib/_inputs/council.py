"""A council's configuration (`params/<council>/council.yml`): the paper's facts and the KPI catalogue."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from .errors import InputError, ProblemList, display_path, quote
from .months import Month
from .numbers import to_decimal
from .yamlfile import Section, load_yaml

DIRECTIONS = ("bigger", "smaller")
TEMPLATES = ("vital_signs", "contract")
UNITS = ("count", "percent", "score", "rate")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Dated:
    """A value in force from `start` until the next entry of its list."""

    start: Month
    value: Decimal


def in_force(entries: list[Dated], month: Month) -> Decimal | None:
    """The value in force in `month`, or None before the first entry."""
    current = None
    for entry in entries:
        if entry.start <= month:
            current = entry.value
    return current


@dataclass(frozen=True)
class Indicator:
    """One KPI of the catalogue."""

    id: str
    title: str
    service: str | None
    frequency: str
    direction: str
    unit: str
    decimals: int
    targets: list[Dated]
    lead_officer: str | None
    data_owner: str | None
    why_important: str | None
    success: str | None

    def target_at(self, month: Month) -> Decimal | None:
        return in_force(self.targets, month)

    @property
    def label(self) -> str:
        """Title as printed on the dashboard, with the service label: '{IMT} First line fix'."""
        return f"{{{self.service}}} {self.title}" if self.service else self.title


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class ServiceArea:
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
    abatement: object = None  # AbatementRules, when the contract has points
    consultation: dict[str, str] = field(default_factory=dict)  # closing questions and their answers
    background_papers: str = ""  # the closing statement on background papers

    def contract_month(self, month: Month) -> int:
        """1 for the commencement month: June 2017 is month 27 of a contract starting April 2015."""
        return month - self.commencement + 1

    def contract_year(self, month: Month) -> int:
        """Contract years run twelve months from commencement: April 2017 starts year 3."""
        return (month - self.commencement) // 12 + 1

    def area_of(self, kpi_id: str) -> ServiceArea | None:
        return next((a for a in self.service_areas if kpi_id.startswith(a.code + "_")), None)

    def month_head(self, month: Month, fmt: str) -> str:
        """Column head for a month: 'Jan-20', or 'Yr 5 Jan-20' when the contract asks for year labels."""
        label = month.label(fmt)
        return f"Yr {self.contract_year(month)} {label}" if self.year_labels else label


@dataclass(frozen=True)
class Council:
    """Everything council.yml says, checked. Vital-signs fields are None on contract councils."""

    key: str
    folder: Path
    name: str
    committee: str
    report_title: str
    template: str
    chief_officers: list[str]
    contacts: list[Contact]
    meetings: dict[Month, dt.date]
    window: int
    month_label: str
    indicators: dict = field(default_factory=dict)
    amber_within: Decimal | None = None
    exception_variance: Decimal | None = None
    exception_run: int | None = None
    report_cards: str | None = None
    strategic_impact: str = ""
    recommendations: list[str] = field(default_factory=list)
    projects_title: str | None = None
    introduction: str = ""  # vital signs: what the paper is for
    members_asked_to: list[str] = field(default_factory=list)  # vital signs: the review section's asks
    report_card_order: list[str] = field(default_factory=list)  # vital signs: KPI ids, cards shown first
    alternative_formats: str = ""  # who to call for large print, audio, braille or another language
    contract: Contract | None = None
    synthetic: bool = False  # invented figures: every paper says so in a banner

    @property
    def actuals_path(self) -> Path:
        return self.folder / "actuals.csv"

    @property
    def projects_path(self) -> Path:
        return self.folder / "projects.csv"

    def narrative_path(self, month: Month) -> Path:
        return self.folder / "narrative" / f"{month}.ipynb"


def council_dir(params_root: Path, key: str) -> Path:
    """The council's folder; InputError naming the known councils if there is none.

    A council is named by a plain folder name, so COUNCIL can never reach outside params/."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", key or ""):
        raise InputError(
            f"council name {key!r} should be a folder name of params/ in lower case "
            "(letters, digits, - and _), such as norfolk"
        )
    folder = params_root / key
    if not (folder / "council.yml").is_file():
        known = ", ".join(known_councils(params_root)) or "none"
        raise InputError(f"unknown council {key!r} (councils in {display_path(params_root)}: {known})")
    return folder


def known_councils(params_root: Path) -> list[str]:
    """Council keys: the folders of params_root holding a council.yml, sorted."""
    return sorted(p.parent.name for p in params_root.glob("*/council.yml"))


def load_council(params_root: Path, key: str) -> Council:
    """Read and check `params_root/key/council.yml`; InputError listing every problem."""
    folder = council_dir(params_root, key)
    path = folder / "council.yml"
    problems = ProblemList(path)
    top = Section(load_yaml(path), "", problems)

    template = top.text("template")
    if template is not None and template not in TEMPLATES:
        top.fail("template", f"unknown template {quote(template)} (known: {', '.join(TEMPLATES)})")
    specific = _contract_settings(top, folder) if template == "contract" else _vital_signs_settings(top, problems)

    meetings = {}
    for month_text, date in (top.get("meetings", dict, required=False, default={}) or {}).items():
        try:
            month = Month.parse(month_text)
        except ValueError as exc_:
            top.fail(f"meetings.{month_text}", str(exc_))
            continue
        if not isinstance(date, dt.date):
            top.fail(f"meetings.{month_text}", f"should be a date YYYY-MM-DD, not {quote(date)}")
            continue
        meetings[month] = date

    contacts = []
    for i, item in enumerate(top.get("officer_contacts", list, required=False, default=[]) or []):
        sec = Section(item, f"officer_contacts[{i}]", problems)
        contacts.append(Contact(sec.text("name"), sec.text("phone", False), sec.text("email", False)))
        sec.finish()

    council = Council(
        key=key,
        folder=folder,
        name=top.text("council"),
        committee=top.text("committee"),
        report_title=top.text("report_title"),
        template=template,
        chief_officers=top.get("responsible_chief_officers", list, required=False, default=[]) or [],
        contacts=contacts,
        meetings=meetings,
        window=top.get("window_months", int),
        month_label=top.text("month_label", required=False, default="%b %y"),
        projects_title=top.text("projects_title", required=False),
        synthetic=bool(top.get("synthetic", bool, required=False, default=False)),
        **specific,
    )
    top.finish()
    problems.raise_if_any()
    if council.contract is not None:
        from .catalogue import load_catalogue

        council = replace(council, indicators=load_catalogue(folder, council.contract))
    return council


def _vital_signs_settings(top: Section, problems: ProblemList) -> dict:
    """Keys of a vital-signs council: the relative-tolerance RAG rule, exception criteria, catalogue."""
    rag = Section(top.get("rag", dict), "rag", problems)
    rule = rag.text("rule")
    if rule is not None and rule != "relative_tolerance":
        rag.fail("rule", f"unknown rule {quote(rule)} for this template (known: relative_tolerance)")
    amber_within = _fraction(rag, "amber_within")
    rag.finish()

    exc = Section(top.get("exceptions", dict), "exceptions", problems)
    variance = _fraction(exc, "variance")
    run = exc.get("consecutive_periods", int)
    exc.finish()

    report_cards = top.text("report_cards")
    if report_cards not in (None, "all", "exceptions"):
        top.fail("report_cards", f"should be 'all' or 'exceptions', not {quote(report_cards)}")

    indicators: dict[str, Indicator] = {}
    for i, item in enumerate(top.get("indicators", list) or []):
        indicator = _indicator(Section(item, f"indicators[{i}]", problems))
        if indicator is None:
            continue
        if indicator.id in indicators:
            problems.add(None, f"indicators[{i}].id", f"indicator {quote(indicator.id)} is listed twice")
        indicators[indicator.id] = indicator
    order = [str(k) for k in top.get("report_card_order", list, required=False, default=[]) or []]
    for kpi_id in order:
        if kpi_id not in indicators:
            top.fail(
                "report_card_order", f"{kpi_id!r} is not an indicator of this council (known: {', '.join(indicators)})"
            )
    if len(set(order)) != len(order):
        top.fail("report_card_order", "an indicator is listed twice")
    return {
        "introduction": top.text("introduction", required=False, default=""),
        "members_asked_to": top.get("members_asked_to", list, required=False, default=[]) or [],
        "report_card_order": order,
        "alternative_formats": top.text("alternative_formats", required=False, default=""),
        "amber_within": amber_within,
        "exception_variance": variance,
        "exception_run": run,
        "report_cards": report_cards,
        "indicators": indicators,
        "strategic_impact": top.text("strategic_impact", required=False, default=""),
        "recommendations": top.get("recommendations", list, required=False, default=[]) or [],
    }


def _contract_settings(top: Section, folder: Path) -> dict:
    """Keys of a contract council; its KPI catalogue is kpis.csv and levels.csv (see catalogue.py)."""
    sec = Section(top.get("contract", dict), "contract", top.problems)
    areas = []
    for i, item in enumerate(sec.get("service_areas", list) or []):
        area = Section(item, f"contract.service_areas[{i}]", top.problems)
        subsections = area.get("subsections", list, required=False, default=[]) or []
        areas.append(ServiceArea(area.text("code"), area.text("name"), tuple(str(t) for t in subsections)))
        area.finish()
    commencement = None
    start = sec.text("commencement")
    if start is not None:
        try:
            commencement = Month.parse(start)
        except ValueError as exc:
            sec.fail("commencement", str(exc))
    abbreviations = sec.get("abbreviations", dict, required=False, default={}) or {}
    end = None
    if sec.text("end", required=False):
        try:
            end = Month.parse(sec.text("end"))
        except ValueError as exc:
            sec.fail("end", str(exc))
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
    return {"contract": contract}


def _abatement_rules(data, problems: ProblemList):
    """The contract's abatement and service-credit rules (see abatement.py), or None."""
    if data is None:
        return None
    from .._scoring.abatement import AbatementRules
    from .._scoring.rag import Rag

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


def _fraction(sec: Section, key: str) -> Decimal | None:
    value = sec.get(key, (int, float))
    if value is None:
        return None
    if not 0 <= value < 1:
        sec.fail(key, f"should be a fraction between 0 and 1 (0.05 for 5%), not {quote(value)}")
    return to_decimal(value)


def _indicator(sec: Section) -> Indicator | None:
    kpi_id = sec.text("id")
    direction = sec.text("direction")
    if direction is not None and direction not in DIRECTIONS:
        sec.fail("direction", f"should be one of {', '.join(DIRECTIONS)}, not {quote(direction)}")
    unit = sec.text("unit")
    if unit is not None and unit not in UNITS:
        sec.fail("unit", f"should be one of {', '.join(UNITS)}, not {quote(unit)}")
    targets = _dated_list(sec, "targets")
    indicator = Indicator(
        id=kpi_id,
        title=sec.text("title"),
        service=sec.text("service", required=False),
        frequency=sec.text("frequency", required=False, default="monthly"),
        direction=direction,
        unit=unit,
        decimals=sec.get("decimals", int, required=False, default=0),
        targets=targets,
        lead_officer=sec.text("lead_officer", required=False),
        data_owner=sec.text("data_owner", required=False),
        why_important=sec.text("why_important", required=False),
        success=sec.text("success", required=False),
    )
    sec.finish()
    return indicator if kpi_id is not None else None


def _dated_list(sec: Section, key: str) -> list[Dated]:
    """An effective-dated list such as targets: [{from: 2018-04, value: 80}], checked for order."""
    entries: list[Dated] = []
    for i, item in enumerate(sec.get(key, list, required=False, default=[]) or []):
        entry = Section(item, sec.key_path(f"{key}[{i}]"), sec.problems)
        start_text = entry.text("from")
        value = entry.get("value", (int, float))
        entry.finish()
        if start_text is None or value is None:
            continue
        try:
            start = Month.parse(start_text)
        except ValueError as exc:
            entry.fail("from", str(exc))
            continue
        if entries and start <= entries[-1].start:
            entry.fail("from", f"{start} does not come after the previous entry's {entries[-1].start}")
            continue
        entries.append(Dated(start, to_decimal(value)))
    return entries


def resolve_params_root(params_root: str | Path | None) -> Path:
    """params_root as given, or the project's params/ folder when None."""
    return Path(params_root) if params_root else PROJECT_ROOT / "params"


__all__ = ["Council", "Indicator", "Dated", "load_council", "known_councils", "InputError"]
