"""Reading and writing a profile file, and the commented example to start from.

A profile file is YAML: ``项: 值`` for each answered field (the field's id or its label; a choice
by its value or its label; yes/no as 是/否 or true/false; money as ``30万``, ``300000``).  Only the
user writes one (``保存企业情况…`` in the window, or by hand): the app never stores a profile by
itself.  Qt-free.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from content.console import program_name
from content.profile.model import FieldType, Profile, ProfileField, Value
from content.profile.schema import ProfileSchema

#: A profile is a few dozen lines; anything much larger is not one.
PROFILE_MAX_BYTES = 256 * 1024
NAME_KEYS = ("name", "企业名称")


class ProfileFileError(ValueError):
    """A profile file that cannot be used; the message says where and what to write instead."""


def parse_value(f: ProfileField, raw: Any) -> Value:
    """One answer as typed into a file or a form.

    Raises:
        ValueError: the text is not a value of the field (the message is Chinese and says the forms).
    """
    from content.calc.parsing import ValueFormError, parse_amount, parse_bool

    if isinstance(raw, bool):
        text = "true" if raw else "false"
    elif raw is None:
        raise ValueError("没有填写")
    else:
        text = str(raw).strip()
    if f.type is FieldType.MONEY:
        try:
            return parse_amount(text)
        except ValueFormError as exc:
            raise ValueError(str(exc)) from None
    if f.type is FieldType.BOOL:
        try:
            return parse_bool(text)
        except ValueFormError:
            raise ValueError(f"“{text}”不是“是/否”；请写 是 或 否") from None
    if f.type is FieldType.CHOICE:
        yes_no = {"true": "yes", "false": "no", "是": "yes", "否": "no", "不是": "no"}
        for c in f.choices:
            if text in (c.value, c.label):
                return c.value
        short = [c for c in f.choices if c.label.split("（")[0] == text]
        if len(short) == 1:  # 规上 for 规上（规模以上）
            return short[0].value
        alt = yes_no.get(text.lower())
        if alt is not None and any(c.value == alt for c in f.choices):
            return alt
        raise ValueError(f"“{text}”不是可选的值；可选：" + "、".join(f"{c.value}（{c.label}）" for c in f.choices))
    if not text:
        raise ValueError("没有填写")
    return text  # a region name: checked against the region table when matched


def profile_from_mapping(schema: ProfileSchema, data: Any, *, where: str = "",
                         lines: dict[str, int] | None = None) -> Profile:
    """A :class:`Profile` from ``{项: 值}``; empty values are unanswered.

    Raises:
        ProfileFileError: an unknown key or a value of the wrong form (every problem, one per line).
    """
    if data is None:
        return Profile()
    if not isinstance(data, dict):
        raise ProfileFileError(f"{where}：企业情况应写成“项: 值”的形式（见 match --example）")
    problems: list[str] = []
    values: dict[str, Value] = {}
    name = ""
    for key, raw in data.items():
        line = (lines or {}).get(key) or getattr(data, "lines", {}).get(key, 0)
        at = f"{where}:{line}" if where and line else where
        if str(key).strip() in NAME_KEYS:
            name = str(raw or "").strip()
            continue
        f = schema.field_named(str(key))
        if f is None:
            known = "、".join(x.id for x in schema.fields)
            problems.append(f"{at}：不认识的项“{key}”；可用：{known}")
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            values[f.id] = parse_value(f, raw)
        except ValueError as exc:
            problems.append(f"{at}：“{f.label}”（{f.id}）{exc}")
    if problems:
        raise ProfileFileError("\n".join(problems))
    return Profile(values=values, name=name)


def read_profile(path: Path, schema: ProfileSchema) -> Profile:
    """Read a profile file.

    Raises:
        ProfileFileError: the file cannot be read, is not YAML ``项: 值``, or has a bad value.
    """
    import yaml

    from content.loader import parse_yaml
    from content.safe_read import ReadRefused, read_regular_file

    if not path.exists():
        raise ProfileFileError(f"{path}：找不到企业情况文件")
    try:
        text = read_regular_file(path, max_bytes=PROFILE_MAX_BYTES, what="企业情况文件").decode("utf-8-sig")
    except ReadRefused as exc:
        raise ProfileFileError(f"{path}：{exc.message}") from None
    except UnicodeDecodeError:
        raise ProfileFileError(f"{path}：不是 UTF-8 编码的文本；请另存为 UTF-8") from None
    except OSError as exc:
        raise ProfileFileError(f"{path}：无法读取（{exc.strerror or exc}）") from None
    try:
        data = parse_yaml(text)
    except ReadRefused as exc:
        raise ProfileFileError(f"{path}:{exc.line}：{exc.message}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ProfileFileError(f"{path}{line}：格式不对；请写成“项: 值”的形式（见 match --example）") from None
    except Exception as exc:  # a key written twice, and the like
        raise ProfileFileError(f"{path}：格式不对（{exc}）；请写成“项: 值”的形式") from None
    return profile_from_mapping(schema, data, where=str(path))


def _yaml_text(v: Value, f: ProfileField) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        from content.calc.parsing import format_money

        return format_money(v).removesuffix("元") if format_money(v).endswith("万元") else format(v, "f")
    if f.type is FieldType.CHOICE:
        return f.choice_label(v)
    return v


def profile_to_text(schema: ProfileSchema, profile: Profile) -> str:
    """The profile as a file the user saves (labels as values, so that it reads in Chinese)."""
    out = ["# 我的企业 — 企业情况（科技政策一点通保存）", f"# 用 {program_name()} match --profile 本文件 查看政策体检结果。"]
    if profile.name:
        out.append(f"企业名称: {_quote(profile.name)}")
    for f in schema.fields:
        v = profile.get(f.id)
        if v is not None:
            out.append(f"{f.id}: {_quote(_yaml_text(v, f))}    # {f.label}")
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def example_text(schema: ProfileSchema) -> str:
    """A commented profile file to start from (``main.py match --example``)."""
    out = [
        "# 我的企业 — 企业情况（政策体检）",
        "# 每一项都可以不填（删掉或留空）：没有填的条件，相关措施归入“需确认”，而不是“不适用”。",
        "# 写法：项: 值。选择题写选项（或它的说明文字），是否题写 是 / 否，金额写 30万、300000 或 0.3亿。",
        f"# 保存为 UTF-8 文本，然后运行：{program_name()} match --profile 本文件 [--json] [--pdf 体检单.pdf [--full]]",
        "",
        "企业名称: \"\"",
    ]
    titles = {g.id: g.title for g in schema.groups}
    group = ""
    for f in schema.fields:
        if f.group != group:
            group = f.group
            out += ["", f"# —— {titles.get(group, group)} ——"]
        out.append(f"# {f.label}：{f.question}")
        if f.help:
            out.append(f"#   {f.help}")
        if f.type is FieldType.CHOICE:
            out.append("#   可选：" + "、".join(f"{c.value}（{c.label}）" for c in f.choices))
        elif f.type is FieldType.BOOL:
            out.append("#   是 / 否")
        elif f.type is FieldType.MONEY:
            out.append("#   金额，例如 30万")
        elif f.type is FieldType.REGION:
            out.append("#   例如 " + _region_examples(schema, f.depth))
        out.append(f"{f.id}: {_example_value(f)}")
    return "\n".join(out) + "\n"


_EXAMPLE = {"province": "河北省", "city": "石家庄市", "county": "长安区", "high_tech": "new", "sme": "yes",
            "scale": "above", "industry": "equipment", "rd_increase": "200万", "loan_interest": "30万",
            "first_loan": "否"}


def _example_value(f: ProfileField) -> str:
    return _EXAMPLE.get(f.id, "")


def _region_examples(schema: ProfileSchema, depth: int) -> str:
    names = [r.name for r in schema.regions.walk() if r.depth == depth]
    return "、".join(names[:6]) + ("……" if len(names) > 6 else "")
