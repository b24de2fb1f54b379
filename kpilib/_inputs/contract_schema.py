"""council.yml's keys for a contract council (template: contract), as JSON Schema."""

from __future__ import annotations

from .schema import flag, items, mapping, month, number, obj, text

_ABATEMENT = obj(
    {
        "source": text("Where the points come from, printed in the paper."),
        "fractions": mapping(
            number("A share from 0 to 1."), "Share of a KPI's points a red or amber month attracts (default red: 1)."
        ),
        "multipliers": items(
            number("A multiplier."), "Multiplier of the 1st, 2nd, 3rd... failing month running (default 1, 1.5, 2)."
        ),
        "mitigation_breaks_run": flag("Whether a mitigated month ends a run of failures (default true) or pauses it."),
        "credits": obj(
            {
                "value_per_point": number("Money per point."),
                "percent_per_point": number("Per cent of the monthly charge per point."),
                "monthly_charge": number("The monthly charge, for percent_per_point and cap_percent."),
            },
            description="How points become service credits.",
        ),
        "cap_percent": number("Credits in a contract year at most this per cent of its charges."),
        "max_total_points": number("Most points the KPIs in use may carry in all (default 1000)."),
        "kpi_points": obj(
            {
                "least": number("Fewest points a KPI carries."),
                "most": number("Most points a KPI carries."),
                "except": mapping(number("Its points."), "KPIs outside that range, with their points."),
            },
            ("least", "most"),
            "How points are spread when the contract does not publish each KPI's.",
        ),
    },
    ("source",),
    "Abatement points and service credits, where the contract has them.",
)

SCHEMA = obj(
    {
        "contract": obj(
            {
                "name": text("The contract's name."),
                "provider": text("The provider."),
                "commencement": month("Month 1 of the contract."),
                "reporting_months": number("Months the paper reports on in detail.", "integer"),
                "service_areas": items(
                    obj(
                        {
                            "code": text("Prefix of the area's KPI references (PM for PM_KPI_01)."),
                            "name": text("The area's name."),
                            "subsections": items(text("A heading."), "Narrative sections after the area's commentary."),
                        },
                        ("code", "name"),
                    ),
                    "The service areas, in paper order.",
                ),
                "on_behalf_of": text("'Open report on behalf of ...' in the header."),
                "actions_required": text("The actions-required paragraph."),
                "abbreviations": mapping(
                    text("Its meaning."), "Abbreviations section: `KPI: Key Performance Indicator`."
                ),
                "payroll_area": text("Service area whose table is followed by the payroll table."),
                "end": month("Last month of the contract, for trend projections."),
                "year_labels": flag("Month heads such as 'Yr 5 Jan-20'."),
                "trend": obj(
                    {
                        "months": number("Months fitted for a green KPI's trend (default 12).", "integer"),
                        "horizon_months": number("Flag crossings within this many months (default 12).", "integer"),
                    },
                    description="Trend analysis of green KPIs (the section appears when this is given).",
                ),
                "abatement": _ABATEMENT,
                "consultation": mapping(text("The answer."), "Closing questions and their answers."),
                "background_papers": text("The statement on background papers."),
            },
            ("name", "provider", "commencement", "reporting_months", "service_areas"),
            "The contract the paper reports on.",
        ),
        "rag": obj(
            {"rule": text("The RAG rule: service_levels.", ("service_levels",))}, ("rule",), "How a month is scored."
        ),
    },
    ("contract", "rag"),
)
