"""我的企业 (政策体检) as values: the profile's fields, an enterprise's answers, the declared
conditions of the measures, and the outcome of matching.

Everything here is a frozen value built by :mod:`content.profile.schema` (from the data files in
``content/profile/``) or by :mod:`content.profile.matcher`.  Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias

from content.calc.model import Ranged

#: An answer: a choice value, yes/no, or an amount of money in 元.
Value: TypeAlias = str | bool | Decimal

ZERO = Decimal(0)


class FieldType(StrEnum):
    REGION = "region"  # one level of the location (省 / 市 / 区县)
    CHOICE = "choice"
    BOOL = "bool"
    MONEY = "money"


class Group(StrEnum):
    """Where a measure falls for one enterprise."""

    APPLICABLE = "可申请"
    TO_CONFIRM = "需确认"
    NOT_APPLICABLE = "不适用"

    @property
    def key(self) -> str:
        """The JSON key: ``applicable`` / ``to_confirm`` / ``not_applicable``."""
        return {Group.APPLICABLE: "applicable", Group.TO_CONFIRM: "to_confirm",
                Group.NOT_APPLICABLE: "not_applicable"}[self]


GROUP_ORDER: tuple[Group, ...] = (Group.APPLICABLE, Group.TO_CONFIRM, Group.NOT_APPLICABLE)


class Outcome(StrEnum):
    MET = "符合"
    UNKNOWN = "待确认"
    UNMET = "不符合"


class Bucket(StrEnum):
    """The three figures of an amount."""

    CONFIRMED = "可确认"  # the cited measure was verified 现行 recently
    TO_VERIFY = "待核实"  # 效力未核实: the money is written, whether it is still paid is not known
    EXCLUDED = "不计入"  # a draft, an ended period, a repealed measure, another region, not applicable

    @property
    def key(self) -> str:
        return {Bucket.CONFIRMED: "confirmed", Bucket.TO_VERIFY: "to_verify", Bucket.EXCLUDED: "excluded"}[self]


# ---------------------------------------------------------------------------------------------
# The form: fields, groups, beneficiaries
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldChoice:
    value: str
    label: str


@dataclass(frozen=True)
class ProfileField:
    """One question of the profile (``content/profile/fields.yaml``)."""

    id: str
    label: str
    question: str
    group: str
    type: FieldType
    depth: int = 0  # region fields: 1 省, 2 市, 3 区县
    choices: tuple[FieldChoice, ...] = ()
    help: str = ""
    short: bool = False
    line: int = 0

    def choice_label(self, value: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return value

    def display(self, value: Value) -> str:
        """An answer as a person reads it: ``今年首次认定``, ``是``, ``30万元``."""
        from content.calc.parsing import format_money

        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, Decimal):
            return format_money(value)
        return self.choice_label(value) if self.type is FieldType.CHOICE else value


@dataclass(frozen=True)
class FieldGroup:
    id: str
    title: str


@dataclass(frozen=True)
class BeneficiaryRule:
    """How a measure's beneficiary (vocabulary.yaml) is read against a profile."""

    name: str
    always: bool = False
    never: str = ""  # why it is not the enterprise itself ("面向高校、科研院所")
    field: str = ""
    values: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Declared conditions (content/profile/conditions/*.yaml)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Test:
    """One test on one field: a choice among values, yes/no, or an amount at least/above a figure."""

    field: str
    values: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()  # answers that cannot tell (the text says 等, or names more cases)
    at_least: Decimal | None = None
    above: Decimal | None = None


@dataclass(frozen=True)
class DeclaredCondition:
    """A condition the text states, testable on the profile (any of ``tests``), with its words quoted."""

    text: str
    quote: str
    tests: tuple[Test, ...]
    open: bool = False  # an answer outside the list cannot tell (原文“…等”)
    line: int = 0


@dataclass(frozen=True)
class Ask:
    """A condition only the text can state (新认定…, 择优…): the measure stays 需确认, the words quoted."""

    text: str
    quote: str
    line: int = 0


@dataclass(frozen=True)
class MeasureRule:
    """The declared conditions of one measure.

    Attributes:
        arrangement: Non-empty when the measure is the authorities' own work (工作安排) with nothing
            for an enterprise to apply for: the reason shown.
        see: The measure this one explains (研发费用加计扣除's 口径 items): shown folded under it.
    """

    measure: str
    conditions: tuple[DeclaredCondition, ...] = ()
    ask: tuple[Ask, ...] = ()
    arrangement: str = ""
    see: str = ""
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class InputMap:
    """How one calculator input is filled from the profile.

    Exactly one of ``field`` (optionally through ``values``), ``region`` (the enterprise's region,
    most specific first) or ``value`` (a fixed text).  ``otherwise`` is used when the field is not
    answered; without it the calculator is not run then (when the calculator shows the input).
    """

    input: str
    field: str = ""
    values: tuple[tuple[str, str], ...] = ()
    region: tuple[tuple[str, str], ...] = ()
    value: str | None = None
    otherwise: str | None = None


@dataclass(frozen=True)
class CalculatorMap:
    """When and with what a calculator is run for a profile (``content/profile/calculators.yaml``)."""

    calculator: str
    inputs: tuple[InputMap, ...]
    run_if: tuple[Test, ...] = ()  # any of these (empty: always, once the inputs are there)
    deduction: bool = False  # the amount is a 税前扣除 (taxable income), not money paid
    line: int = 0


# ---------------------------------------------------------------------------------------------
# An enterprise's answers
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """The answers of one enterprise; a field not in :attr:`values` is unanswered.

    Kept only in memory unless the user saves it (see :mod:`content.profile.io`).
    """

    values: Mapping[str, Value] = field(default_factory=dict)
    name: str = ""  # 企业名称, printed on the 体检单 when given

    def get(self, field_id: str) -> Value | None:
        return self.values.get(field_id)

    def answered(self, field_id: str) -> bool:
        return field_id in self.values

    def with_value(self, field_id: str, value: Value | None) -> Profile:
        values = dict(self.values)
        if value is None or value == "":
            values.pop(field_id, None)
        else:
            values[field_id] = value
        return Profile(values=values, name=self.name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


# ---------------------------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    """One condition checked for one measure: what, the outcome, why, and the words it rests on.

    ``kind``: ``region`` | ``beneficiary`` | ``condition`` | ``ask`` | ``arrangement`` | ``unreviewed``.
    """

    kind: str
    text: str
    outcome: Outcome
    detail: str = ""
    quote: str = ""

    def sentence(self) -> str:
        """The check as one line: ``未填“高新技术企业”：新认定的高新技术企业``."""
        return f"{self.detail}：{self.text}" if self.detail else self.text


@dataclass(frozen=True)
class Figures:
    """可确认 / 待核实 / 不计入, in 元."""

    confirmed: Decimal = ZERO
    to_verify: Decimal = ZERO
    excluded: Decimal = ZERO

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.confirmed + other.confirmed, self.to_verify + other.to_verify,
                       self.excluded + other.excluded)

    def get(self, bucket: Bucket) -> Decimal:
        return {Bucket.CONFIRMED: self.confirmed, Bucket.TO_VERIFY: self.to_verify,
                Bucket.EXCLUDED: self.excluded}[bucket]

    def add(self, bucket: Bucket, amount: Decimal) -> Figures:
        return self + Figures(**{bucket.key: amount})

    @property
    def is_zero(self) -> bool:
        return self.confirmed == 0 and self.to_verify == 0 and self.excluded == 0


@dataclass(frozen=True)
class AmountLine(Ranged):
    """A calculator line attributed to a measure."""

    calculator: str
    calculator_title: str
    label: str
    level: str
    amount: Decimal
    bucket: Bucket
    status: str  # the status the line counts under (the calculator's: the weakest of what it depends on)
    in_total: bool  # in one of the three figures (False: an explanation or an alternative not taken)
    deduction: bool
    explanation: str
    source: str
    low: Decimal | None = None  # a range the text gives (30%~50%): its minimum; ``amount`` is the maximum
    why: str = ""  # the calculator's reason for the figure (征求意见稿, 备选：…)


@dataclass(frozen=True)
class MeasureAmount:
    """What the calculators computed for one measure: money paid and 税前扣除, each as three figures."""

    subsidy: Figures = Figures()
    deduction: Figures = Figures()
    lines: tuple[AmountLine, ...] = ()


@dataclass(frozen=True)
class CalcRun:
    """One calculator run (or not run) for a profile."""

    calculator: str
    title: str
    ran: bool
    reason: str = ""  # why not run, or ""
    missing: tuple[str, ...] = ()  # labels of the fields to fill in to run it
    inputs: tuple[tuple[str, str], ...] = ()  # (label, value) as the result shows them
    total: Decimal = ZERO
    total_label: str = ""
    warnings: tuple[str, ...] = ()
    deduction: bool = False
    stacking: tuple[str, ...] = ()  # how the calculator combined its lines, in words
    figures: Figures = Figures()  # the calculator's own three figures (ranges at their minimum)
