"""我的企业 / 政策体检: one enterprise profile in, every measure of the handbook grouped out.

Typical use::

    from content.bundle import get_bundle
    from content.profile import Profile, match, result_to_json
    result = match(get_bundle(), Profile({"county": "长安区", "high_tech": "new"}))
    result.group(Group.APPLICABLE)      # 可申请, by amount then status
    result.total(Group.APPLICABLE)      # Figures(confirmed=…, to_verify=…, excluded=…)

The fields, the region hierarchy, the declared conditions of the measures and the calculator inputs
are data in ``content/profile/`` (see its README.md).  Qt-free: the screen (``ui/profile_panel.py``)
and the 体检单 (``ui/printing/checkup.py``) only render what this package computes.
"""

from __future__ import annotations

from content.profile.matcher import DISCLAIMER, MatchResult, MeasureMatch, ProfileError, match
from content.profile.model import (
    GROUP_ORDER,
    Bucket,
    CalcRun,
    Check,
    Figures,
    Group,
    Outcome,
    Profile,
    ProfileField,
)
from content.profile.schema import ProfileSchema, check_profile_data, load_schema

__all__ = [
    "DISCLAIMER",
    "GROUP_ORDER",
    "Bucket",
    "CalcRun",
    "Check",
    "Figures",
    "Group",
    "MatchResult",
    "MeasureMatch",
    "Outcome",
    "Profile",
    "ProfileError",
    "ProfileField",
    "ProfileSchema",
    "check_profile_data",
    "load_schema",
    "match",
]
