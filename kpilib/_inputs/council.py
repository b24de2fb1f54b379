"""What every council's configuration (`params/<council>/council.yml`) says, whatever its paper type.

Each paper type adds its own keys through a `kind`: a function reading them into a Council subclass
(vital signs: indicators.py; contracts: contract_council.py). The paper registry names the kinds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .errors import InputError, ProblemList, display_path, quote
from .months import Month
from .schema import check, flag, items, mapping, merged, number, obj, text
from .yamlfile import Section, load_yaml

DIRECTIONS = ("bigger", "smaller")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Contact:
    """An officer to contact about the paper."""

    name: str
    phone: str | None
    email: str | None
    role: str | None = None  # 'Director of Corporate Services'


@dataclass(frozen=True, kw_only=True)
class Council:
    """What every council.yml says, checked; each paper type's subclass adds its own keys."""

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
    synthetic: bool = False  # invented figures: every paper says so in a banner

    @property
    def actuals_path(self) -> Path:
        """The council's actuals.csv."""
        return self.folder / "actuals.csv"

    @property
    def projects_path(self) -> Path:
        """The council's projects.csv."""
        return self.folder / "projects.csv"

    def narrative_path(self, month: Month) -> Path:
        """The narrative notebook of `month`."""
        return self.folder / "narrative" / f"{month}.ipynb"

    def completed(self) -> "Council":
        """The council with what its other files add (a contract's KPI catalogue); itself by default."""
        return self


class Measure(Protocol):
    """What reading actuals and narratives needs of any paper type's KPI."""

    id: str
    unit: str
    direction: str


class MeasuringCouncil(Protocol):
    """A council of any paper type that has KPIs: what reading actuals and narratives needs of it."""

    key: str
    name: str
    folder: Path
    indicators: Mapping[str, Measure]

    @property
    def actuals_path(self) -> Path:
        """The council's actuals.csv."""


# A paper type's reader of its own council.yml keys: (Council subclass, its fields).
Kind = Callable[[Section, Path], tuple[type, dict]]


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


def load_council(params_root: Path, key: str, kinds: Mapping[str, tuple[Kind, dict]]) -> Council:
    """Read and check `params_root/key/council.yml`, its `template:` one of `kinds`; InputError listing
    every problem."""
    folder = council_dir(params_root, key)
    path = folder / "council.yml"
    problems = ProblemList(path)
    data = load_yaml(path)
    template = data.get("template") if isinstance(data, dict) else None
    template = template if isinstance(template, str) else None
    schema = common_schema(list(kinds))
    # Without a known template the type's keys are unknown: check the common ones, let the rest be.
    check(
        data,
        merged(schema, kinds[template][1]) if template in kinds else {**schema, "additionalProperties": True},
        problems,
    )
    problems.raise_if_any()  # the file's shape first: what follows reads what the schema let through
    top = Section(data, "", problems)

    template = top.text("template")
    if template is not None and template not in kinds:
        top.fail("template", f"unknown template {quote(template)} (known: {', '.join(kinds)})")
    kind, specific = kinds[template][0](top, folder) if template in kinds else (None, {})

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
        contacts.append(
            Contact(sec.text("name"), sec.text("phone", False), sec.text("email", False), sec.text("role", False))
        )
        sec.finish()

    if kind is None:
        problems.raise_if_any()  # no template: nothing says what the rest of the file should hold
    council = kind(
        key=key,
        folder=folder,
        name=top.text("council"),
        committee=top.text("committee"),
        report_title=top.text("report_title"),
        template=template,
        chief_officers=top.get("responsible_chief_officers", list, required=False, default=[]) or [],
        contacts=contacts,
        meetings=meetings,
        window=top.get("window_months", int, required=False, default=13),
        month_label=top.text("month_label", required=False, default="%b %y"),
        synthetic=bool(top.get("synthetic", bool, required=False, default=False)),
        **specific,
    )
    top.finish()
    problems.raise_if_any()
    return council.completed()


def resolve_params_root(params_root: str | Path | None) -> Path:
    """params_root as given, or the project's params/ folder when None."""
    return Path(params_root) if params_root else PROJECT_ROOT / "params"


def common_schema(templates: list[str]) -> dict:
    """The keys every council.yml may have, whatever its paper type."""
    contact = obj(
        {
            "name": text("The officer's name."),
            "role": text("Their job title, printed after the name."),
            "phone": text("Telephone number, as it should be printed."),
            "email": text("Email address (printed as a mailto: link)."),
        },
        ("name",),
    )
    return obj(
        {
            "council": text("The council's name, as printed at the top of the paper."),
            "committee": text("The committee the paper goes to."),
            "report_title": text("The paper's title."),
            "template": text("The paper type: " + ", ".join(templates) + ".", tuple(templates)),
            "responsible_chief_officers": items(
                text("A name and title."), "Chief officers named in the header, one line of text each."
            ),
            "officer_contacts": items(contact, "Officers who can answer questions about the paper."),
            "meetings": mapping(text("The date, YYYY-MM-DD."), "Meeting date by report month: `2019-02: 2019-03-11`."),
            "window_months": number("Months shown in tables and charts (default 13).", "integer"),
            "month_label": text("strftime format of month labels (default '%b %y': 'Feb 19')."),
            "synthetic": flag("true for invented data: every page then says so."),
        },
        ("council", "committee", "report_title", "template"),
    )
