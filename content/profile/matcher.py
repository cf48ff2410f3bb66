"""Match an enterprise's profile against every measure of the handbook.

Each measure falls into one group:

* 可申请 — every condition is met: region, beneficiary, the declared conditions;
* 需确认 — nothing fails, but a condition is unanswered or can only be read in the text (quoted);
* 不适用 — another region, a beneficiary that is not this enterprise, a failed condition, or the
  authorities' own work (工作安排, the editor's judgement, said so).

The amounts come from the calculators only (:mod:`content.profile.amounts`); a measure without one
shows the figures its text prints, quoted.  Qt-free.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from content.bundle import ContentBundle
from content.model import Contact, Measure
from content.profile.amounts import amounts_for
from content.profile.model import (
    GROUP_ORDER,
    CalcRun,
    Check,
    DeclaredCondition,
    Figures,
    Group,
    MeasureAmount,
    MeasureRule,
    Outcome,
    Profile,
    Test,
    Value,
)
from content.profile.regions import DEPTH_NAMES, NATION, Location, LocationError, locate
from content.profile.schema import ProfileSchema, load_schema
from content.validity import STATUS_ORDER, Validity

LEVEL_DEPTH = {"国家级": 0, "省级": 1, "市级": 2, "区县级": 3}
LEVEL_ORDER = ("国家级", "省级", "市级", "区县级")
#: The handbook's own disclaimer, and what the 体检单 adds to it.
DISCLAIMER = ("本手册内容仅供参考，不作为享受政策的依据，具体以正式文件为准。"
              "本体检单按所填企业情况与手册收录的措施逐条对照：“可申请”指原文写明的条件与所填情况相符，"
              "不等于一定获得支持；金额由计算器按原文测算，“待核实”的金额须向所列联系人核实现在是否仍在执行，"
              "“不计入”的金额来自征求意见稿、已过期限或不适用的措施。")


@dataclass(frozen=True)
class MeasureMatch:
    """One measure for one enterprise."""

    measure: Measure
    group: Group
    checks: tuple[Check, ...]
    validity: Validity
    amount: MeasureAmount = field(default_factory=MeasureAmount)
    text_figures: tuple[str, ...] = ()
    calculators: tuple[str, ...] = ()  # ids of calculators citing the measure (links)
    folded_into: str = ""  # shown under this measure (研发费用加计扣除's explanations)
    counted_in: str = ""  # the same support written in another measure, whose amount holds it
    document: str = ""  # the document's short title
    order: int = 0  # reading order in the handbook

    @property
    def met(self) -> list[Check]:
        return [c for c in self.checks if c.outcome is Outcome.MET]

    @property
    def unmet(self) -> list[Check]:
        return [c for c in self.checks if c.outcome is Outcome.UNMET]

    @property
    def unknown(self) -> list[Check]:
        return [c for c in self.checks if c.outcome is Outcome.UNKNOWN]

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return self.measure.contacts

    def reasons(self) -> list[Check]:
        """Why it is in its group: the failed checks (不适用), the open ones (需确认), else the met ones."""
        if self.group is Group.NOT_APPLICABLE:
            return self.unmet
        if self.group is Group.TO_CONFIRM:
            return self.unknown
        return self.met


@dataclass(frozen=True)
class MatchResult:
    """Every measure of the handbook grouped for one profile, with amounts and totals."""

    profile: Profile
    schema: ProfileSchema
    location: Location
    matches: tuple[MeasureMatch, ...]
    runs: tuple[CalcRun, ...]
    today: _dt.date
    summary_line: str
    notes: tuple[str, ...] = ()
    #: titles of the calculators citing a measure (also those the profile does not run)
    calculator_titles: Mapping[str, str] = field(default_factory=dict, compare=False)
    _by_id: dict[str, MeasureMatch] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for m in self.matches:
            self._by_id[m.measure.id] = m

    def get(self, measure_id: str) -> MeasureMatch | None:
        return self._by_id.get(measure_id)

    def group(self, group: Group, *, folded: bool = True) -> list[MeasureMatch]:
        """The measures of ``group``, by amount (可确认, 待核实), then status, then reading order.

        With ``folded`` (default), measures folded under another of the same group are left out
        (:meth:`folded_under` lists them).
        """
        ms = [m for m in self.matches if m.group is group]
        if folded:
            ms = [m for m in ms if not self._folds(m)]
        return sorted(ms, key=_sort_key)

    def _folds(self, m: MeasureMatch) -> bool:
        main = self._by_id.get(m.folded_into) if m.folded_into else None
        return main is not None and main.group is m.group

    def folded_under(self, measure_id: str) -> list[MeasureMatch]:
        main = self._by_id.get(measure_id)
        if main is None:
            return []
        return [m for m in self.matches if m.folded_into == measure_id and m.group is main.group]

    def total(self, group: Group, *, deduction: bool = False) -> Figures:
        """可确认 / 待核实 / 不计入 of the measures in ``group`` (money paid, or 税前扣除)."""
        out = Figures()
        for m in self.matches:
            if m.group is group:
                out = out + (m.amount.deduction if deduction else m.amount.subsidy)
        return out

    def total_by_level(self, group: Group) -> dict[str, Figures]:
        """Money paid in ``group`` by the level of the measure (国家级, 省级, 市级, 区县级)."""
        out: dict[str, Figures] = {}
        for m in self.matches:
            if m.group is group and not m.amount.subsidy.is_zero:
                lvl = m.measure.level
                out[lvl] = out.get(lvl, Figures()) + m.amount.subsidy
        return {k: out[k] for k in sorted(out, key=lambda x: LEVEL_ORDER.index(x) if x in LEVEL_ORDER else 9)}

    def counts(self, *, folded: bool = True) -> dict[Group, int]:
        """Measures per group; with ``folded`` (default) those folded under another are not counted."""
        return {g: len(self.group(g, folded=folded)) for g in GROUP_ORDER}


def _sort_key(m: MeasureMatch) -> tuple[Decimal, Decimal, int, Decimal, int]:
    s = m.amount.subsidy + m.amount.deduction
    status = STATUS_ORDER.index(m.validity.status) if m.validity.status in STATUS_ORDER else 99
    return (-s.confirmed, -s.to_verify, status, -s.excluded, m.order)


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------
def _text(v: Value) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def evaluate_test(t: Test, profile: Profile) -> Outcome:
    """One test on one answer.

    >>> from content.profile.model import Profile, Test
    >>> evaluate_test(Test("high_tech", values=("new",)), Profile({"high_tech": "yes"}))
    <Outcome.UNMET: '不符合'>
    >>> evaluate_test(Test("high_tech", values=("new",)), Profile({}))
    <Outcome.UNKNOWN: '待确认'>
    """
    v = profile.get(t.field)
    if v is None:
        return Outcome.UNKNOWN
    if t.at_least is not None or t.above is not None:
        if not isinstance(v, Decimal):
            return Outcome.UNKNOWN
        ok = (t.at_least is None or v >= t.at_least) and (t.above is None or v > t.above)
        return Outcome.MET if ok else Outcome.UNMET
    s = _text(v)
    if s in t.values:
        return Outcome.MET
    if s in t.unsure:
        return Outcome.UNKNOWN
    return Outcome.UNMET


def _answer(schema: ProfileSchema, profile: Profile, fid: str) -> str:
    f = schema.field(fid)
    v = profile.get(fid)
    if f is None or v is None:
        return ""
    return f"{f.label}：{f.display(v)}"


def _labels(schema: ProfileSchema, fids: Sequence[str]) -> str:
    names = []
    for fid in dict.fromkeys(fids):
        f = schema.field(fid)
        names.append(f"“{f.label}”" if f else f"“{fid}”")
    return "、".join(names)


def _condition_check(schema: ProfileSchema, profile: Profile, c: DeclaredCondition) -> Check:
    outcomes = [evaluate_test(t, profile) for t in c.tests]
    if Outcome.MET in outcomes:
        return Check("condition", c.text, Outcome.MET, quote=c.quote)
    unanswered = [t.field for t in c.tests if profile.get(t.field) is None]
    if all(o is Outcome.UNMET for o in outcomes):
        given = "；".join(a for a in (_answer(schema, profile, t.field) for t in c.tests) if a)
        if c.open:
            return Check("condition", c.text, Outcome.UNKNOWN, detail=f"原文未列全（所填{given}）", quote=c.quote)
        return Check("condition", c.text, Outcome.UNMET, detail=f"所填{given}", quote=c.quote)
    if unanswered:
        return Check("condition", c.text, Outcome.UNKNOWN, detail=f"未填{_labels(schema, unanswered)}",
                     quote=c.quote)
    given = "；".join(a for a in (_answer(schema, profile, t.field) for t in c.tests) if a)
    return Check("condition", c.text, Outcome.UNKNOWN, detail=f"原文不能据此判断（所填{given}）", quote=c.quote)


def region_check(schema: ProfileSchema, loc: Location, m: Measure) -> Check:
    """Whether the measure's region covers the enterprise's location."""
    region = m.region or NATION
    if region == NATION:
        return Check("region", "全国适用", Outcome.MET)
    tree = schema.regions
    chain = tree.chain(region)
    depth = chain[0].depth if chain else LEVEL_DEPTH.get(m.level, 1)
    ancestors = {r.depth: r.name for r in chain} if chain else {depth: region}
    for d in range(1, depth + 1):
        want = ancestors.get(d)
        if want is None:
            continue
        have = loc.at(d)
        if have is None:
            return Check("region", f"适用于{region}的企业", Outcome.UNKNOWN,
                         detail=f"所在地未填到{DEPTH_NAMES[d]}")
        if have != want:
            return Check("region", f"本条只适用于{region}的企业", Outcome.UNMET, detail=f"所在地：{loc.text()}")
    return Check("region", f"适用于{region}的企业", Outcome.MET)


def beneficiary_check(schema: ProfileSchema, profile: Profile, m: Measure) -> Check:
    """Whether the enterprise is one of the measure's beneficiaries (any of them)."""
    if not m.beneficiaries:
        return Check("beneficiary", "原文未限定对象", Outcome.MET)
    met: list[str] = []
    unknown: list[str] = []
    unknown_fields: list[str] = []
    unmet: list[str] = []
    nevers: list[str] = []
    for b in m.beneficiaries:
        rule = schema.beneficiaries.get(b)
        if rule is None:
            unknown.append(b)
            continue
        if rule.always:
            met.append(b)
        elif rule.never:
            nevers.append(rule.never)
            unmet.append(b)
        else:
            o = evaluate_test(Test(rule.field, values=rule.values), profile)
            if o is Outcome.MET:
                met.append(b)
            elif o is Outcome.UNKNOWN:
                unknown.append(b)
                unknown_fields.append(rule.field)
            else:
                unmet.append(b)
    names = "、".join(m.beneficiaries)
    if met:
        return Check("beneficiary", f"面向{'、'.join(met)}", Outcome.MET)
    if unknown:
        detail = f"未填{_labels(schema, unknown_fields)}" if unknown_fields else "受益对象无法判断"
        return Check("beneficiary", f"面向{names}", Outcome.UNKNOWN, detail=detail)
    if len(nevers) == len(m.beneficiaries):
        return Check("beneficiary", "、".join(dict.fromkeys(nevers)) + "，不是企业本身的支持事项", Outcome.UNMET)
    given = "；".join(a for a in (_answer(schema, profile, schema.beneficiaries[b].field)
                                 for b in m.beneficiaries if schema.beneficiaries[b].field) if a)
    return Check("beneficiary", f"面向{names}", Outcome.UNMET, detail=f"所填{given}" if given else "")


_SENTENCE = re.compile(r"[^。；;！？\n]+[。；;！？]?")
_FIGURE = re.compile(r"\d[\d,.]*\s*(?:万元|亿元|万|亿|元)|\d[\d.]*\s*[%‰]|百分之")


def first_sentence(text: str) -> str:
    m = _SENTENCE.search(text.strip())
    return m.group(0).strip() if m else text.strip()[:80]


def text_figures(m: Measure, limit: int = 3) -> tuple[str, ...]:
    """The sentences of the text that print an amount or a rate, verbatim (for measures without a calculator).

    >>> from content.model import Measure
    >>> text_figures(Measure("x", "1", "t", "推动工作。对新认定的给予10万元奖励。其余按30%补助。", "d", "p", (), "市级", "石家庄市"))
    ('对新认定的给予10万元奖励。', '其余按30%补助。')
    """
    out = []
    for s in _SENTENCE.findall(m.text):
        s = s.strip()
        if s and _FIGURE.search(s):
            out.append(s)
        if len(out) >= limit:
            break
    return tuple(out)


def _rule_checks(schema: ProfileSchema, profile: Profile, m: Measure, rule: MeasureRule | None) -> list[Check]:
    if rule is not None and rule.see and rule.see in schema.rules:
        rule = schema.rules[rule.see]
    if rule is None:
        return [Check("unreviewed", "申请条件见原文，本手册未整理成可对照的条件", Outcome.UNKNOWN,
                      quote=first_sentence(m.text))]
    if rule.arrangement:
        return [Check("arrangement", rule.arrangement, Outcome.UNMET)]
    out = [_condition_check(schema, profile, c) for c in rule.conditions]
    out += [Check("ask", a.text, Outcome.UNKNOWN, detail="须按原文确认", quote=a.quote) for a in rule.ask]
    return out


def classify(checks: Sequence[Check]) -> Group:
    if any(c.outcome is Outcome.UNMET for c in checks):
        return Group.NOT_APPLICABLE
    if any(c.outcome is Outcome.UNKNOWN for c in checks):
        return Group.TO_CONFIRM
    return Group.APPLICABLE


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------
class ProfileError(ValueError):
    """A profile that cannot be matched as given (contradicting location levels); the message is Chinese."""


def location_of(schema: ProfileSchema, profile: Profile) -> Location:
    """The enterprise's location from its region fields.

    Raises:
        ProfileError: the levels contradict each other or a name is at another level.
    """
    given: list[str | None] = [None, None, None]
    for f in schema.region_fields():
        v = profile.get(f.id)
        if isinstance(v, str) and v.strip() and 1 <= f.depth <= 3:
            given[f.depth - 1] = v
    try:
        return locate(schema.regions, given)
    except LocationError as exc:
        raise ProfileError(str(exc)) from None


def match(bundle: ContentBundle, profile: Profile, *, schema: ProfileSchema | None = None) -> MatchResult:
    """Group every measure of ``bundle`` for ``profile``, with amounts from the calculators.

    Raises:
        ProfileError: the profile's location contradicts itself.
    """
    schema = schema or load_schema()
    loc = location_of(schema, profile)
    hb = bundle.handbook
    try:
        calcs: Mapping[str, object] = bundle.calculators
    except Exception:  # a broken declaration: match without amounts rather than not at all
        calcs = {}
    cites: dict[str, list[str]] = {}
    for cid, c in calcs.items():
        for mid in getattr(c, "cites", ()):
            cites.setdefault(mid, []).append(cid)
    drafts: list[tuple[Measure, Group, list[Check]]] = []
    regions: dict[str, Check] = {}
    for m in hb.measures():
        region = region_check(schema, loc, m)
        regions[m.id] = region
        checks = [region, beneficiary_check(schema, profile, m),
                  *_rule_checks(schema, profile, m, schema.rule_for(m))]
        drafts.append((m, classify(checks), checks))
    groups = {m.id: g for m, g, _ in drafts}
    amounts, runs, shared = amounts_for(bundle, schema, profile, loc, regions, groups, calcs)
    matches = []
    for i, (m, g, checks) in enumerate(drafts):
        rule = schema.rule_for(m)
        amount = amounts.get(m.id, MeasureAmount())
        matches.append(MeasureMatch(
            measure=m, group=g, checks=tuple(checks), validity=bundle.status(m.id), amount=amount,
            # no computed amount: the text's own figures, quoted (never a figure of ours)
            text_figures=() if amount.lines or m.id in shared else text_figures(m),
            calculators=tuple(cites.get(m.id, ())),
            folded_into=rule.see if rule is not None else "", counted_in=shared.get(m.id, ""),
            document=_doc_title(bundle, m), order=i))
    notes = list(loc.notes)
    unknown = [x for x, k in zip(loc.levels, loc.known, strict=True) if x and not k]
    covered = {m.region for m in hb.measures()}
    most = loc.most_specific()
    if most and not unknown and most not in covered:
        notes.append(f"本手册没有收录{most}本级的措施；下面只有上级（{_upper(schema, most)}）的措施适用。")
    return MatchResult(profile=profile, schema=schema, location=loc, matches=tuple(matches), runs=tuple(runs),
                       today=bundle.today, summary_line=bundle.summary_line(), notes=tuple(notes),
                       calculator_titles={cid: str(getattr(calcs[cid], "title", cid))
                                          for ids in cites.values() for cid in ids})


def _doc_title(bundle: ContentBundle, m: Measure) -> str:
    d = bundle.handbook.document(m.document_id)
    return (d.short_title or d.title) if d is not None else ""


def _upper(schema: ProfileSchema, name: str) -> str:
    return "、".join(r.name for r in schema.regions.chain(name)[1:]) or NATION
