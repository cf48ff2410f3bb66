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
        message: What was wrong and what to type instead, in Chinese, naming the field as the command
            line writes it (``“技术合同实际交易额”（amount）``).
        text: The same sentence for the window, without the internal name.
    """

    def __init__(self, field: str, message: str, text: str = "") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.text = text or message.replace(f"（{field}）", "")


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
    """A number written in a declaration, kept with its text as the document writes it.

    ``low`` is set for a range the text gives (``30%~50%``): ``value`` is its maximum, ``low`` its
    minimum, and a line computed from it shows both.
    """

    value: Decimal
    text: str
    kind: LitKind
    low: Decimal | None = None

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.low != self.value


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
    """One value of a choice input.

    Attributes:
        value: What the command line uses (``shijiazhuang``).
        label: What the form shows (``石家庄市``).
        region: For a choice of an enterprise's location: the handbook regions that apply to it, from
            the widest to its own (``("河北省", "石家庄市", "长安区")``); empty for other choices.
        basis: For a preset figure not printed in the documents (a tax rate): the editor's legal basis.
    """

    value: str
    label: str
    region: tuple[str, ...] = ()
    basis: str = ""


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


#: A line's level (国家 / 省级 / 市级 / 区级) and the level of a measure it may cite (content.model).
LEVEL_OF_MEASURE: dict[str, str] = {"国家": "国家级", "省级": "省级", "市级": "市级", "区级": "区县级"}

#: The three figures of a result, in the order they are shown, with the words a reader sees.
FIGURES: tuple[str, ...] = ("confirmed", "unverified", "excluded")
FIGURE_LABELS: dict[str, str] = {"confirmed": "可确认", "unverified": "待核实", "excluded": "不计入"}
#: Which figure a computed status puts money into (content.validity's vocabulary).
STATUS_FIGURE: dict[str, str] = {
    "现行": "confirmed", "效力未核实": "unverified",
    "期限已过": "excluded", "征求意见稿": "excluded", "已修订": "excluded", "已废止": "excluded",
}
#: Statuses from the weakest to the strongest: a line citing several measures counts by the weakest.
WEAKEST_FIRST: tuple[str, ...] = ("已废止", "已修订", "征求意见稿", "期限已过", "效力未核实", "现行")


@dataclass(frozen=True)
class CitedDocument:
    """The computed status of a measure a rule cites, and the document it comes from.

    Not declared: the content bundle fills it in from :mod:`content.validity` (the same status the
    reader shows), so that a line resting on a draft, an ended period or an unverified measure says so
    and is counted in the right figure (see :func:`content.calc.engine.evaluate`).

    Attributes:
        measure: The cited measure id.
        document: The document's name as a warning says it (its short title).
        status: The computed status: 现行 / 效力未核实 / 期限已过 / 征求意见稿 / 已修订 / 已废止.
        period_end: The last year of the document's stated period (0: none stated).
        period_label: The period as the handbook writes it (``2023—2025年``).
        label: The status as a badge says it (``现行（2026-03-01 经…核实）``).
        reason: Why (``原文：2022年6月底前``).
        level: The measure's level (国家级 / 省级 / 市级 / 区县级), ``""`` when unknown.
        region: The region the measure applies to (全国, 河北省, 石家庄市, 长安区 …), ``""`` when unknown.
        title: Where the measure is, as a reader says it (document › part › number title).
    """

    measure: str
    document: str
    status: str = "效力未核实"
    period_end: int = 0
    period_label: str = ""
    label: str = ""
    reason: str = ""
    level: str = ""
    region: str = ""
    title: str = ""

    def in_force(self, year: int = 0) -> bool:
        """Whether the cited measure is 现行 (verified recently); ``year`` is kept for old callers."""
        return self.status == "现行"


@dataclass(frozen=True)
class Rule:
    """One line of a result: what is computed, at which level, citing which measure.

    ``source`` gives the line's figures; ``also_cites`` are measures that say the same.  Every cited
    measure (and the measure a cap or pool comes from) must apply to the enterprise's region and be
    of the line's level; the line counts under the weakest of their statuses.
    """

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
    line: int = 0
    cited: tuple[CitedDocument, ...] = ()  # from the handbook: every measure the line depends on

    @property
    def cites(self) -> tuple[str, ...]:
        return (self.source, *self.also_cites)

    @property
    def depends(self) -> tuple[str, ...]:
        """Every measure whose words the line uses: its citations and the sources of its caps."""
        out = list(self.cites)
        out.extend(c.source for c in self.caps if c.source and c.source not in out)
        return tuple(out)


StackKind = Literal["add", "alternatives", "same_cost"]


@dataclass(frozen=True)
class Stacking:
    """How lines of one calculator combine; declared, never guessed.

    * ``add``: the lines may be added — a text allows it (``quote`` from ``source``) or they pay for
      different things (``reason``, the editor's words).
    * ``alternatives``: one or the other; the higher counts, and the result says which.
    * ``same_cost``: the lines reimburse one cost, which is paid once: together they never exceed
      ``cost`` (also in the 上限情形).

    Lines that no ``add`` names together are alternatives: nothing is added unless a text allows it.
    """

    kind: StackKind
    rules: tuple[str, ...]
    label: str = ""
    source: str = ""
    quote: str = ""
    reason: str = ""
    cost: Expr | None = None
    line: int = 0

    @property
    def basis(self) -> str:
        """Why, in words: the quoted sentence, or the editor's reason."""
        if self.quote:
            return f"原文“{self.quote}”"
        return f"编者理解：{self.reason}" if self.reason else ""


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
        cites: Every measure id the calculator cites, in order of first use.
        description: One or two sentences on what it computes.
        stacking: How its lines combine (see :class:`Stacking`); lines not declared to add are
            alternatives.
        related_measures: Further measures on the same subject whose contacts the result lists
            (``hb12-08`` for 研发费用加计扣除).
        related: Ids of calculators an enterprise may also use (“还可以申请”).
        headline: Ids of lines outside the three figures that the result shows as headline figures
            (the 预计少缴企业所得税 of a tax deduction).
    """

    id: str
    title: str
    topic: str
    inputs: tuple[CalcInput, ...]
    conditions: tuple[CalcCondition, ...]
    cites: tuple[str, ...]
    description: str
    rules: tuple[Rule, ...] = ()
    pools: tuple[Pool, ...] = ()
    warnings: tuple[CalcWarning, ...] = ()
    keywords: tuple[str, ...] = ()
    total_label: str = "合计"
    file: str = ""
    stacking: tuple[Stacking, ...] = ()
    related_measures: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    headline: tuple[str, ...] = ()

    def input(self, name: str) -> CalcInput | None:
        for i in self.inputs:
            if i.name == name:
                return i
        return None

    def region_input(self) -> CalcInput | None:
        """The choice input whose choices name the enterprise's region (``region``), if any."""
        for i in self.inputs:
            if i.type == "choice" and i.choices and all(c.region for c in i.choices):
                return i
        return None

    @property
    def statuses(self) -> tuple[str, ...]:
        """The computed statuses of the lines' citations (each line by its weakest), weakest first."""
        found = {weakest(r.cited) for r in self.rules if r.cited}
        return tuple(s for s in WEAKEST_FIRST if s in found)

    @property
    def status(self) -> str:
        """One word for the picker: the status all lines share, else ``部分…`` for the weakest one."""
        sts = self.statuses
        if not sts:
            return "效力未核实"
        if len(sts) == 1:
            return sts[0]
        return f"部分{sts[0]}"


def weakest(cited: tuple[CitedDocument, ...]) -> str:
    """The weakest status among ``cited`` (``效力未核实`` when nothing is known)."""
    if not cited:
        return "效力未核实"
    known = {c.status for c in cited}
    return next((s for s in WEAKEST_FIRST if s in known), "效力未核实")


Counted = Literal["confirmed", "unverified", "excluded"]


class Ranged:
    """An amount that may be a range the text gives (30%~50%): ``amount`` is its top, ``low`` its bottom.

    Shared by the calculator's lines and the lines 政策体检 attributes to a measure."""

    amount: Decimal
    low: Decimal | None

    @property
    def minimum(self) -> Decimal:
        """The amount at the low end of a range (the amount itself when there is no range)."""
        return self.amount if self.low is None else self.low

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.low != self.amount


@dataclass(frozen=True)
class CalcLine(Ranged):
    """One line of a result.

    Attributes:
        level: 国家 / 省级 / 市级 / 区级.
        label: What the line is (``省级科技成果受让补助``).
        amount: 元, rounded to the fen (ROUND_HALF_UP); for a range the maximum.
        explanation: The working in Chinese.
        source: The measure id the line cites.
        in_total: False for lines that explain (a split, a tax estimate) rather than add.
        cites: ``source`` and any further measures that say the same.
        rule: The id of the declared rule.
        status: The status the line counts under: the weakest computed status of the measures it
            depends on (content.validity), ``""`` when unknown.
        counted: The figure the line's money is in — ``confirmed`` (可确认), ``unverified`` (待核实),
            ``excluded`` (不计入) — or ``None`` when it is in none (an explanation, an instalment of
            another line, an alternative not taken).
        why: Why the line is in that figure or in none (``征求意见稿``, ``备选：…``, ``其他地区：…``).
        low: For a range the text gives (``30%~50%``): the minimum; ``None`` otherwise.
        cited: The status of every measure the line depends on.
    """

    level: str
    label: str
    amount: Decimal
    explanation: str
    source: str
    in_total: bool = True
    cites: tuple[str, ...] = ()
    rule: str = ""
    status: str = ""
    counted: Counted | None = None
    why: str = ""
    low: Decimal | None = None
    cited: tuple[CitedDocument, ...] = ()



@dataclass(frozen=True)
class CalcTotals:
    """The three figures of a result (元).

    ``confirmed`` (可确认) holds the lines whose measures are 现行 (verified recently), ``unverified``
    (待核实) those whose measures are 效力未核实, ``excluded`` (不计入) drafts, ended periods, revised or
    repealed measures and other regions.  Each is the sum of its counted lines after the stacking
    rules; for a range (``30%~50%``) the plain figure is the minimum and ``*_max`` the maximum.
    """

    confirmed: Decimal = Decimal(0)
    unverified: Decimal = Decimal(0)
    excluded: Decimal = Decimal(0)
    confirmed_max: Decimal = Decimal(0)
    unverified_max: Decimal = Decimal(0)
    excluded_max: Decimal = Decimal(0)

    def figure(self, key: str) -> tuple[Decimal, Decimal]:
        """``(minimum, maximum)`` of ``confirmed`` / ``unverified`` / ``excluded``."""
        return getattr(self, key), getattr(self, f"{key}_max")


@dataclass(frozen=True)
class Ceiling:
    """The 上限情形: what the lines would give if the alternatives could all be had.

    Shown apart, never in the three figures: no text allows it.
    """

    amount: Decimal
    lines: tuple[str, ...]  # the labels of the lines added
    text: str


@dataclass(frozen=True)
class CalcResult:
    """The outcome of one evaluation.

    Attributes:
        total: The sum of every line that applies after the stacking rules, all three figures together
            (ranges at their maximum) — “按文件字面测算的最高额，不是承诺”.  Never shown alone.
        totals: The three figures (可确认 / 待核实 / 不计入).
        ceiling: The 上限情形 when alternatives were left out, else ``None``.
        stacking: How the lines were combined, in words (which alternative was taken and why, which
            lines were added and on what basis).
    """

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
    totals: CalcTotals = field(default_factory=CalcTotals)
    ceiling: Ceiling | None = None
    stacking: tuple[str, ...] = ()
    headline: tuple[str, ...] = ()  # rule ids of lines shown as headline figures

    def counted_lines(self) -> tuple[CalcLine, ...]:
        """The lines whose money is in one of the three figures."""
        return tuple(ln for ln in self.lines if ln.counted is not None)
