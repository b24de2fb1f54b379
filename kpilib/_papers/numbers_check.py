"""Do the words agree with the numbers? Every number an analyst typed next to something the data
measures is compared with the data.

A typed number is about a fact when a noun the fact names follows it ('54 compliments'; 'seven
complaints'), or when it stands in brackets after one ('the most compliments (seven)'); the subject is
the one the sentence names, else the one its heading names ('ICT feedback'); a month named in the
sentence ('February 2016') picks that month's figure, else the figure for the whole period. Headline
measures are matched by their words ('calls' and 'answered') and by unit: a percentage against a
percentage, pounds against pounds. Anything else (a year, a count of something else) is left alone."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal

from .._inputs.months import Month
from .._inputs.narrative import Narrative
from .figures import REFERENCE, Fact, Figures

WORDS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
NUMBER_WORDS = {w: Decimal(i) for i, w in enumerate(WORDS.split(), start=1)}
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<pound>£)?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?"
    r"(?P<scale>k\b|K\b|m\b| million\b)?(?P<percent>%| per ?cent\b)?"
    r"|\b(?P<word>" + "|".join(NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
MATCHED_BY_WORDS = ("headline", "kpi")  # facts a sentence names by the words of their title
_MONTH = re.compile(r"\b(" + "|".join(calendar.month_name[1:]) + r")\s+(\d{4})\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'‘“])|\n+")


@dataclass(frozen=True)
class Typed:
    """A number as typed in a sentence."""

    value: Decimal
    unit: str  # count, percent, days or gbp
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Disagreement:
    """A typed number the data contradicts."""

    cell: int | None
    heading: str
    sentence: str
    typed: str
    facts: tuple[Fact, ...]  # what the data says instead (a headline's baseline, current and change)

    @property
    def data(self) -> str:
        """What the data says: '57 (ICT compliments, the whole period; feedback.csv line 4)'."""
        fact = self.facts[0]
        where = "the whole period" if fact.month is None else fact.month.long
        said = " or ".join(f.text for f in self.facts if f.text)
        return f"{said} ({fact.subject} {', '.join(f.field for f in self.facts)}, {where}; {fact.source})"

    def __str__(self) -> str:
        return f"cell {self.cell} ({self.heading}): the text says {self.typed!r} where the data has {self.data}: {self.sentence!r}"


def typed_numbers(sentence: str) -> list[Typed]:
    """Every number typed in the sentence, with its unit: '£6m', '97%', '8 days', 'seven', '80K'."""
    found = []
    for m in _NUMBER.finditer(sentence):
        if m.group("word"):
            value, unit = NUMBER_WORDS[m.group("word").lower()], "count"
        else:
            value = Decimal(m.group("digits").replace(",", "") + (m.group("fraction") or ""))
            scale = (m.group("scale") or "").strip().lower()
            value *= {"k": 1000, "m": 1_000_000, "million": 1_000_000}.get(scale, 1)
            unit = "gbp" if m.group("pound") else "percent" if m.group("percent") else "count"
        if unit == "count" and re.match(r"\s+(working\s+)?days?\b", sentence[m.end() :]):
            unit = "days"
        found.append(Typed(value, unit, m.start(), m.end(), m.group(0).strip()))
    return found


def sentences(text: str) -> list[str]:
    """The sentences of Markdown text, list items each their own."""
    plain = re.sub(r"[*_`#>]", "", REFERENCE.sub("", text))
    return [s.strip(" -•\t") for s in _SENTENCE_END.split(plain) if s.strip(" -•\t")]


def check(narrative: Narrative, figures: Figures, heading_of=str) -> list[Disagreement]:
    """Every typed number in the narrative that the data contradicts, in cell order (cited figures are
    read as printed, so a quoted sentence reads as the paper does)."""
    found, facts = [], figures.facts
    for slot, text in sorted(narrative.texts.items(), key=lambda item: narrative.cells.get(item[0], 0)):
        heading = heading_of(slot)
        for sentence in sentences(figures.resolve(text)):
            for typed, about in _paired(sentence, heading, facts):
                if not any(_same(typed.value, abs(f.value)) for f in about):
                    found.append(Disagreement(narrative.cells.get(slot), heading, sentence, typed.text, tuple(about)))
    return found


def _paired(sentence: str, heading: str, facts: list[Fact]) -> list[tuple[Typed, list[Fact]]]:
    pairs = []
    named = {Month(int(y), list(calendar.month_name).index(name)) for name, y in _MONTH.findall(sentence)}
    months = named if len(named) == 1 else set()  # two months name a period ('October 2015 to February 2016')
    for typed in typed_numbers(sentence):
        if any(typed.start >= m.start() and typed.end <= m.end() for m in _MONTH.finditer(sentence)):
            continue  # the year of a month named in the sentence
        noun = _noun_of(sentence, typed, {n for f in facts for n in f.nouns})
        candidates = [f for f in facts if noun and noun in f.nouns] or _headlines_about(sentence, typed, facts)
        candidates = [f for f in _narrowed(candidates, sentence, heading, months) if f.value is not None]
        if candidates:
            pairs.append((typed, candidates))
    return pairs


def _noun_of(sentence: str, typed: Typed, nouns: set[str]) -> str | None:
    """The fact noun the number counts: within three words after it, or before it when it is bracketed."""
    after = re.match(r"\s+((?:[\w'-]+\s+){0,3}?)(\w+)", sentence[typed.end :])
    if typed.unit == "count" and after and after.group(2).lower() in nouns:
        return after.group(2).lower()
    if sentence[: typed.start].rstrip().endswith("(") and sentence[typed.end :].lstrip().startswith(")"):
        words = re.findall(r"\w+", sentence[: typed.start])[-8:]
        return next((w.lower() for w in reversed(words) if w.lower() in nouns), None)
    return None


def _headlines_about(sentence: str, typed: Typed, facts: list[Fact]) -> list[Fact]:
    """Headline facts of the typed number's unit the sentence is about: two of their words (stems) appear in it."""
    lowered = sentence.lower()
    about = [
        f
        for f in facts
        if f.kind in MATCHED_BY_WORDS
        and f.unit == typed.unit
        and f.names
        and sum(n in lowered for n in f.names) >= min(2, len(f.names))
    ]
    if typed.unit == "count" and (typed.value < 100 or (1900 <= typed.value <= 2100 and "," not in typed.text)):
        return []  # months, small counts and years are not headline volumes
    subjects = {f.subject for f in about}
    return about if len(subjects) == 1 else []


def _narrowed(candidates: list[Fact], sentence: str, heading: str, months: set[Month]) -> list[Fact]:
    """The candidates the sentence (or else its heading) names, for the month it names (or the period)."""
    for place in (sentence, heading):
        named = [f for f in candidates if f.kind != "feedback" or any(_names(place, n) for n in f.names)]
        if named and len({f.subject for f in named}) == 1:
            candidates = named
            break
    if candidates and candidates[0].kind in MATCHED_BY_WORDS:
        return candidates if len({f.subject for f in candidates}) == 1 else []
    wanted = [f for f in candidates if f.month in months] if months else [f for f in candidates if f.month is None]
    return wanted if len({(f.subject, f.field) for f in wanted}) == 1 else []


def _names(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def _same(typed: Decimal, value: Decimal) -> bool:
    """Equal, or equal once the data is rounded as the typed number is ('97%' for 96.8%)."""
    exponent = typed.as_tuple().exponent
    step = Decimal(1).scaleb(min(exponent, 0))
    return typed == value or abs(value - typed) < step / 2 or abs(value - typed) == step / 2
