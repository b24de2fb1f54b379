"""A vital-signs council (template: vital_signs): its indicators, targets and exception rules, all in
council.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .council import DIRECTIONS, Council
from .dated import Target, in_force, target_list
from .errors import quote
from .months import Month
from .numbers import to_decimal
from .schema import items, month, number, obj, text
from .yamlfile import Section

UNITS = ("count", "percent", "score", "rate")


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
    targets: list[Target]
    lead_officer: str | None
    data_owner: str | None
    why_important: str | None
    success: str | None

    def target_at(self, month: Month) -> Decimal | None:
        """The target in force in `month`, or None before the first."""
        entry = in_force(self.targets, month)
        return entry.value if entry else None

    @property
    def label(self) -> str:
        """Title as printed on the dashboard, with the service label: '{IMT} First line fix'."""
        return f"{{{self.service}}} {self.title}" if self.service else self.title


@dataclass(frozen=True, kw_only=True)
class VitalSignsCouncil(Council):
    """A council whose paper is a vital-signs dashboard with report cards."""

    indicators: dict[str, Indicator]
    amber_within: Decimal
    exception_variance: Decimal
    exception_run: int
    report_cards: str
    strategic_impact: str = ""
    recommendations: list[str] = field(default_factory=list)
    projects_title: str | None = None
    introduction: str = ""  # what the paper is for
    members_asked_to: list[str] = field(default_factory=list)  # the review section's asks
    report_card_order: list[str] = field(default_factory=list)  # KPI ids, cards shown first
    alternative_formats: str = ""  # who to call for large print, audio, braille or another language

    @property
    def projects_path(self) -> Path:
        """The council's projects.csv, listing priority projects by month."""
        return self.folder / "projects.csv"


def vital_signs_settings(top: Section, folder: Path) -> tuple[type, dict]:
    """Keys of a vital-signs council: the relative-tolerance RAG rule, exception criteria, catalogue."""
    problems = top.problems
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
    return VitalSignsCouncil, {
        "projects_title": top.text("projects_title", required=False),
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
    targets = target_list(sec, "targets")
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


SCHEMA = obj(
    {
        "rag": obj(
            {
                "rule": text("The RAG rule: relative_tolerance.", ("relative_tolerance",)),
                "amber_within": number("Amber when worse than target by at most this fraction of it (0.05 for 5%)."),
            },
            ("rule", "amber_within"),
            "How a month is scored against its target.",
        ),
        "exceptions": obj(
            {
                "variance": number("Off target by more than this fraction (0.05 for 5%) is an exception."),
                "consecutive_periods": number(
                    "Deteriorating or amber this many periods running is an exception.", "integer"
                ),
            },
            ("variance", "consecutive_periods"),
            "When an indicator is an exception (gets a report card when report_cards is 'exceptions').",
        ),
        "report_cards": text("Which indicators get a report card: all, or exceptions.", ("all", "exceptions")),
        "report_card_order": items(text("A KPI id."), "KPI ids whose cards come first, in this order."),
        "indicators": items(
            obj(
                {
                    "id": text("The KPI's reference, as in actuals.csv (e.g. 610)."),
                    "title": text("Its name."),
                    "service": text("Service label printed before the title: {IMT}."),
                    "frequency": text("monthly (default), quarterly or annual."),
                    "direction": text("Which way is better: bigger or smaller.", DIRECTIONS),
                    "unit": text(
                        "count (0 or more), percent (0 to 100, printed with %), score or rate (any number, printed as written).",
                        UNITS,
                    ),
                    "decimals": number("Decimal places shown (default 0).", "integer"),
                    "targets": items(
                        obj(
                            {"from": month("First month in force."), "value": number("The target.")}, ("from", "value")
                        ),
                        "Effective-dated targets: each in force from its month until the next.",
                    ),
                    "lead_officer": text("Named on the report card."),
                    "data_owner": text("Named on the report card."),
                    "why_important": text("Report card text: why it matters."),
                    "success": text("Report card text: what success looks like."),
                },
                ("id", "title", "direction", "unit"),
            ),
            "The vital signs: one entry per indicator.",
        ),
        "introduction": text("What the paper is for (the introduction section)."),
        "members_asked_to": items(text("One ask."), "What members are asked to do (the review section)."),
        "alternative_formats": text(
            "Who to call, and their number, for large print, audio, braille or another language; it completes the paper's sentence '...please call ___', so write a name and number, not a sentence."
        ),
        "strategic_impact": text("The strategic impact paragraph."),
        "recommendations": items(text("One recommendation."), "Recommendations, numbered."),
        "projects_title": text("Title of the projects appendix (default 'Projects')."),
    },
    ("rag", "exceptions", "report_cards", "indicators"),
)
