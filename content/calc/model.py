"""Calculators as values: declared inputs, rules, caps and conditions, and the result of a run.

The declarations come from data files (``content/calculators/*.yaml``) through
:mod:`content.calc.declarations`; :mod:`content.calc.engine` evaluates them.  A rule is one of a
small fixed vocabulary (rate × base, progressive tiers, tier lookup, table, step-up difference,
fixed amount, split, plain value); there is no formula language and no ``eval``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, TypeAlias

# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class CalcInputError(ValueError):
    """An input a person typed is missing or not of the expected form.

    Attributes:
        field: The input's name (``amount``) — the CLI and the panel point at it.
        message: What was wrong and what to type instead, in Chinese.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class CalcDeclarationError(Exception):
    """A calculator declaration is malformed, or cites a measure the handbook does not have.

    Attributes:
        problems: One ``file:line: message`` line per problem.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


# --------------------------------------------------------------------------------------------
# Expressions: literals, inputs, other lines, sums, products, minima, choices
# --------------------------------------------------------------------------------------------
LitKind = Literal["money", "rate", "count"]


@dataclass(frozen=True)
class Lit:
    """A number written in a declaration, kept with its text as the document writes it."""

    value: Decimal
    text: str
    kind: LitKind


@dataclass(frozen=True)
class InputRef:
    name: str


@dataclass(frozen=True)
class LineRef:
    """The (rounded) amount of an earlier rule's line."""

    rule: str


@dataclass(frozen=True)
class BaseRef:
    """The base of an earlier rule (the amount a rate was applied to)."""

    rule: str


@dataclass(frozen=True)
class Sum:
    items: tuple[Expr, ...]
    label: str = ""


@dataclass(frozen=True)
class Product:
    items: tuple[Expr, ...]
    label: str = ""


@dataclass(frozen=True)
class Minimum:
    items: tuple[Expr, ...]
    label: str = ""


@dataclass(frozen=True)
class Choose:
    """A value chosen by a choice input (e.g. the cap of 技术攻关类 or 成果转化类)."""

    input: str
    values: tuple[tuple[str, Lit], ...]
    label: str = ""


Expr: TypeAlias = Lit | InputRef | LineRef | BaseRef | Sum | Product | Minimum | Choose


# --------------------------------------------------------------------------------------------
# Conditions on inputs
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Is:
    input: str
    value: str | bool


@dataclass(frozen=True)
class In:
    input: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Compare:
    input: str
    op: Literal["at_least", "above", "below", "at_most"]
    value: Lit


@dataclass(frozen=True)
class All:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Not:
    item: Cond


Cond: TypeAlias = Is | In | Compare | All | AnyOf | Not


# --------------------------------------------------------------------------------------------
# Inputs, caps, rules, calculators
# --------------------------------------------------------------------------------------------
InputType = Literal["money", "bool", "choice", "count", "rate"]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class CalcInput:
    """One field of a calculator's form.

    Attributes:
        name: The name used on the command line (``amount=300万``).
        label: The label shown in the form.
        unit: ``元`` for money, ``%`` for rates, ``位`` … for counts, ``""`` otherwise.
        type: ``money`` | ``bool`` | ``choice`` | ``count`` | ``rate``.
        default: The default as text (``"0"``, ``"false"``, ``"hebei"``) or ``None`` if none.
        choices: The allowed values of a ``choice`` input.
        required: Whether the input must be given (no default).
        help: A hint shown next to the field (what exactly to enter).
    """

    name: str
    label: str
    unit: str
    type: InputType
    default: str | None
    choices: tuple[Choice, ...] = ()
    required: bool = False
    help: str = ""
    when: Cond | None = None  # the form shows the field only when this holds

    def choice_label(self, value: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return value


@dataclass(frozen=True)
class Cap:
    """A ceiling on a line: ``limit`` less what was already received (``less``), or a share.

    ``max_share`` caps an item at ``max_share`` of a total that includes the item itself
    (其他相关费用 ≤ 10% of all R&D costs): limit = others × r ÷ (1 − r).
    """

    label: str
    limit: Expr | None = None
    less: tuple[Expr, ...] = ()
    max_share: Lit | None = None
    of: Expr | None = None
    source: str = ""


@dataclass(frozen=True)
class Pool:
    """A ceiling shared by several lines (各级财政支持资金总和, 年度最高奖励), used up in rule order."""

    id: str
    label: str
    limit: Expr
    less: tuple[Expr, ...] = ()
    source: str = ""
    when: Cond | None = None


@dataclass(frozen=True)
class Tier:
    rate: Lit
    upto: Lit | None = None  # None: everything above the previous tier


@dataclass(frozen=True)
class Bracket:
    at_least: Lit
    amount: Lit
    label: str = ""


@dataclass(frozen=True)
class StepUp:
    """Awards by level; a higher recognition after a lower one pays the difference (逐级…奖励差额)."""

    input: str
    previous: str
    amounts: tuple[tuple[str, Lit], ...]  # in ascending order
    none_value: str = "none"


@dataclass(frozen=True)
class SplitPart:
    label: str
    share: Lit
    note: str = ""


@dataclass(frozen=True)
class Requirement:
    cond: Cond
    text: str


@dataclass(frozen=True)
class CitedDocument:
    """The computed status of a measure a rule cites, and the document it comes from.

    Not declared: the content bundle fills it in from :mod:`content.validity` (the same status the
    reader shows), so that a line resting on a draft, an ended period or an unverified measure says so
    (see :func:`content.calc.engine.evaluate`).

    Attributes:
        measure: The cited measure id.
        document: The document's name as a warning says it (its short title).
        status: The computed status: 现行 / 效力未核实 / 期限已过 / 征求意见稿 / 已修订 / 已废止.
        period_end: The last year of the document's stated period (0: none stated).
        period_label: The period as the handbook writes it (``2023—2025年``).
        label: The status as a badge says it (``现行（2026-03-01 经…核实）``).
        reason: Why (``原文：2022年6月底前``).
    """

    measure: str
    document: str
    status: str = "效力未核实"
    period_end: int = 0
    period_label: str = ""
    label: str = ""
    reason: str = ""

    def in_force(self, year: int = 0) -> bool:
        """Whether the cited measure is 现行 (verified recently); ``year`` is kept for old callers."""
        return self.status == "现行"


@dataclass(frozen=True)
class Rule:
    """One line of a result: what is computed, at which level, citing which measure."""

    id: str
    level: str
    label: str
    source: str
    kind: Literal["rate", "tiers", "lookup", "table", "fixed", "step_up", "split", "value"]
    also_cites: tuple[str, ...] = ()
    base: Expr | None = None
    base_label: str = ""
    rates: tuple[Expr, ...] = ()
    tiers: tuple[Tier, ...] = ()
    lookup_input: str = ""
    brackets: tuple[Bracket, ...] = ()
    below_text: str = ""
    table_input: str = ""
    table: tuple[tuple[str, Lit], ...] = ()
    fixed: Lit | None = None
    step: StepUp | None = None
    split_of: str = ""
    split: tuple[SplitPart, ...] = ()
    when: Cond | None = None
    require: Requirement | None = None
    caps: tuple[Cap, ...] = ()
    pool: str = ""
    in_total: bool = True
    skip_if_zero: bool = False  # leave the line out when its base is 0 (optional components)
    note: str = ""
    warnings: tuple[str, ...] = ()
    status: str = "现行"
    basis: str = ""  # the document the rule rests on, for status warnings
    period_end: int = 0
    period_label: str = ""
    line: int = 0
    cited: tuple[CitedDocument, ...] = ()  # from the handbook, one per cited measure it has

    @property
    def declares_validity(self) -> bool:
        """Whether the declaration states the rule's status or period itself (then it is not derived)."""
        return self.status != "现行" or bool(self.period_end)

    @property
    def cites(self) -> tuple[str, ...]:
        return (self.source, *self.also_cites)


@dataclass(frozen=True)
class CalcCondition:
    """A condition the enterprise must meet (shown as a checklist), with the measure that sets it."""

    text: str
    source: str = ""
    when: Cond | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class CalcWarning:
    text: str
    when: Cond | None = None


@dataclass(frozen=True)
class Calculator:
    """A declared calculator.

    Attributes:
        id: Stable id (``tech-transfer``); the CLI and links use it.
        title: Chinese title.
        topic: A topic of ``content/vocabulary.yaml`` (the panel groups by it).
        inputs: The form's fields in order.
        conditions: What an enterprise must meet (a checklist), each citing its measure.
        status: ``现行`` / ``征求意见稿`` / ``已到期`` / ``部分已到期`` as declared.
        cites: Every measure id the calculator cites, in order of first use.
        description: One or two sentences on what it computes.
    """

    id: str
    title: str
    topic: str
    inputs: tuple[CalcInput, ...]
    conditions: tuple[CalcCondition, ...]
    status: str
    cites: tuple[str, ...]
    description: str
    rules: tuple[Rule, ...] = ()
    pools: tuple[Pool, ...] = ()
    warnings: tuple[CalcWarning, ...] = ()
    keywords: tuple[str, ...] = ()
    total_label: str = "合计"
    file: str = ""

    def input(self, name: str) -> CalcInput | None:
        for i in self.inputs:
            if i.name == name:
                return i
        return None


@dataclass(frozen=True)
class CalcLine:
    """One line of a result.

    Attributes:
        level: 国家 / 省级 / 市级 / 区级.
        label: What the line is (``省级科技成果受让补助``).
        amount: 元, rounded to the fen (ROUND_HALF_UP).
        explanation: The working in Chinese.
        source: The measure id the line cites.
        in_total: False for lines that explain (a split, a tax estimate) rather than add.
        cites: ``source`` and any further measures that say the same.
    """

    level: str
    label: str
    amount: Decimal
    explanation: str
    source: str
    in_total: bool = True
    cites: tuple[str, ...] = ()
    rule: str = ""
    status: str = ""  # computed status of the cited measure (content.validity), "" when unknown


@dataclass(frozen=True)
class CalcResult:
    """The outcome of one evaluation: total, lines, conditions, warnings."""

    calculator: str
    title: str
    total: Decimal
    unit: str
    lines: tuple[CalcLine, ...]
    conditions: tuple[CalcCondition, ...]
    warnings: tuple[str, ...]
    inputs: tuple[tuple[str, str], ...] = ()  # (label, value as shown) for printing
    cites: tuple[str, ...] = ()
    total_label: str = "合计"
