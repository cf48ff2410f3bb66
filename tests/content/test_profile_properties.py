"""Properties of 政策体检 over random profiles (hypothesis).

* No measure of another region is ever 可申请: a 长安区 enterprise sees province, 石家庄市 and 长安区
  measures, never 廊坊's or 石家庄高新区's.
* No 不计入 money is in a 可确认 total: every amount counted as 可确认 rests on a measure of the
  enterprise's region that a bureau verified 现行; drafts, ended periods, other regions and measures
  that are 不适用 never add to it — whatever was verified.
* The totals are the sums of the lines, and an unanswered field never makes a measure 不适用 that
  answering it could make 可申请.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from content.bundle import bundle_for
from content.profile import Bucket, Figures, Group, Profile, load_schema, match
from content.profile.model import FieldType
from content.validity import Status, Verification, VerificationMethod, VerificationResult

TODAY = dt.date(2026, 12, 1)
SCHEMA = load_schema()

# (省, 市, 区县) as an enterprise might give them, including levels left out and names the table lacks
LOCATIONS = [
    (None, None, None), ("河北省", None, None), (None, "石家庄市", None), (None, None, "长安区"),
    ("河北省", "石家庄市", "长安区"), (None, "石家庄市", "桥西区"), (None, None, "石家庄高新区"),
    (None, "廊坊市", None), (None, "廊坊市", "三河市"), (None, "保定市", None), ("北京市", None, None),
    (None, "石家庄市", "某某新区"), ("河北省", "某某市", None), (None, None, "正定县"),
]
VERIFIABLE = ["changan-mingbaika", "sjz-zhaibian-2023", "lf-kjqs", "sjz-gxq-jingnan", "sjz16", "hb12", "changan",
              "zb-05", "zb-04", "zb-11", "zb-05-07", "lf-12"]


def _value(f):  # type: ignore[no-untyped-def]
    if f.type is FieldType.CHOICE:
        return st.sampled_from([c.value for c in f.choices])
    if f.type is FieldType.BOOL:
        return st.booleans()
    return st.integers(min_value=0, max_value=200_000_000).map(lambda n: Decimal(n))


ANSWERABLE = [f for f in SCHEMA.fields if f.type is not FieldType.REGION]


@st.composite
def profiles(draw):  # type: ignore[no-untyped-def]
    loc = draw(st.sampled_from(LOCATIONS))
    values: dict[str, object] = {}
    for fid, v in zip(("province", "city", "county"), loc, strict=True):
        if v is not None:
            values[fid] = v
    for f in ANSWERABLE:
        if draw(st.booleans()):
            values[f.id] = draw(_value(f))
    return Profile(values=values)


@st.composite
def verified(draw):  # type: ignore[no-untyped-def]
    ids = draw(st.lists(st.sampled_from(VERIFIABLE), unique=True, max_size=5))
    return tuple(Verification(target=i, date=dt.date(2026, 10, 1), office="石家庄市科学技术局",
                              method=VerificationMethod.DOCUMENT, result=VerificationResult.CURRENT) for i in ids)


_bundles: dict[tuple[Verification, ...], object] = {}
_handbook: list[object] = []


def _bundle(recs):  # type: ignore[no-untyped-def]
    """A bundle with these verifications (the handbook is not a test argument: hypothesis would print it)."""
    if not _handbook:
        from content.loader import load_handbook

        _handbook.append(load_handbook())
    b = _bundles.get(recs)
    if b is None:
        b = bundle_for(_handbook[0], verifications=recs, today=TODAY)
        _bundles[recs] = b
    return b


def _chain(result) -> set[str]:  # type: ignore[no-untyped-def]
    names = {x for x in result.location.levels if x}
    return names | {"全国"}


SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(profile=profiles(), recs=verified())
def test_no_other_region_is_applicable(profile, recs) -> None:
    result = match(_bundle(recs), profile, schema=SCHEMA)
    allowed = _chain(result)
    for m in result.matches:
        if m.group is Group.APPLICABLE:
            assert m.measure.region in allowed, (m.measure.id, m.measure.region, result.location)


@SETTINGS
@given(profile=profiles(), recs=verified())
def test_confirmed_money_is_only_verified_money_of_the_region(profile, recs) -> None:
    b = _bundle(recs)
    result = match(b, profile, schema=SCHEMA)
    allowed = _chain(result)
    for g in Group:
        paid, ded = Figures(), Figures()
        for m in result.matches:
            if m.group is not g:
                continue
            for ln in m.amount.lines:
                if ln.bucket is Bucket.CONFIRMED:
                    assert g is not Group.NOT_APPLICABLE
                    assert ln.status == Status.CURRENT.value
                    assert m.measure.region in allowed
                if ln.in_total:
                    if ln.deduction:
                        ded = ded.add(ln.bucket, ln.amount)
                    else:
                        paid = paid.add(ln.bucket, ln.amount)
        assert result.total(g) == paid
        assert result.total(g, deduction=True) == ded
    # nothing from a draft or an ended period is 可确认 in the 可申请 total
    confirmed = sum((ln.amount for m in result.group(Group.APPLICABLE, folded=False) for ln in m.amount.lines
                     if ln.in_total and not ln.deduction and ln.bucket is Bucket.CONFIRMED), Decimal(0))
    assert result.total(Group.APPLICABLE).confirmed == confirmed
    for m in result.matches:
        if m.validity.status in (Status.DRAFT, Status.EXPIRED) and all(
                ln.source == m.measure.id for ln in m.amount.lines):
            assert m.amount.subsidy.confirmed == 0


@SETTINGS
@given(profile=profiles())
def test_answering_a_field_never_turns_not_applicable_into_applicable(profile) -> None:
    """不适用 rests on an answer (or on the text): taking answers away can only make things 需确认."""
    b = _bundle(())
    full = match(b, profile, schema=SCHEMA)
    fewer = Profile({k: v for k, v in profile.values.items() if k in ("province", "city", "county")})
    partial = match(b, fewer, schema=SCHEMA)
    for m in full.matches:
        p = partial.get(m.measure.id)
        if m.group is Group.APPLICABLE:
            assert p.group is not Group.NOT_APPLICABLE, (m.measure.id, [c.sentence() for c in p.unmet])


@SETTINGS
@given(profile=profiles(), recs=verified())
def test_amounts_are_exactly_what_the_calculators_return(profile, recs) -> None:
    """Nothing is added beyond the calculators' own figures: money only moves to a weaker figure
    (可确认 → 待核实 while the region is unknown; → 不计入 for a measure that is 不适用)."""
    result = match(_bundle(recs), profile, schema=SCHEMA)
    ours = Figures()
    for m in result.matches:
        ours = ours + m.amount.subsidy + m.amount.deduction
    theirs = Figures()
    for r in result.runs:
        theirs = theirs + r.figures
    assert ours.confirmed + ours.to_verify + ours.excluded == theirs.confirmed + theirs.to_verify + theirs.excluded
    assert ours.confirmed <= theirs.confirmed
    assert ours.confirmed + ours.to_verify <= theirs.confirmed + theirs.to_verify


@SETTINGS
@given(profile=profiles())
def test_every_open_condition_says_which(profile) -> None:
    """需确认 always says why: the unanswered field by name, or the text's own words, quoted."""
    from content.profile.schema import quote_found

    b = _bundle(())
    result = match(b, profile, schema=SCHEMA)
    for m in result.matches:
        if m.group is not Group.TO_CONFIRM:
            continue
        open_checks = m.unknown
        assert open_checks, m.measure.id
        for c in open_checks:
            if "未填" in c.detail:
                continue  # names the field (or the level of 所在地) to fill in
            assert c.quote, (m.measure.id, c.sentence())
            assert quote_found(c.quote, m.measure, b.handbook), (m.measure.id, c.quote)


@SETTINGS
@given(profile=profiles(), recs=verified())
def test_each_group_is_sorted_by_amount_then_status(profile, recs) -> None:
    from content.validity import STATUS_ORDER

    result = match(_bundle(recs), profile, schema=SCHEMA)
    for g in Group:
        keys = []
        for m in result.group(g):
            s = m.amount.subsidy + m.amount.deduction
            keys.append((-s.confirmed, -s.to_verify, STATUS_ORDER.index(m.validity.status)))
        assert keys == sorted(keys), g
