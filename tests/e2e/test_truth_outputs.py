"""The rules of truth on every output a visitor can get, checked against the five source documents.

``truth_check.py`` reads phones, e-mails, who answers which phone and every amount from the sources
itself (not from the content files), generates the 明白卡, 联系卡, 清单, handbook PDF, 体检单 (one page and
完整版, five profiles), every calculator with typical inputs, searches, ``validity`` and ``list`` and
checks them. The last tests corrupt a copy of the content (a phone, a person's phone, a verification)
and show that the check then fails.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import truth_check as tc

pytestmark = [pytest.mark.e2e, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tc.Outputs:
    return tc.generate(tmp_path_factory.mktemp("truth"))


@pytest.fixture(scope="module")
def facts() -> tc.SourceFacts:
    return tc.read_sources()


def _problems(check, *args) -> tc.Report:  # type: ignore[no-untyped-def]
    rep = tc.Report()
    check(*args, rep)
    return rep


def test_the_sources_are_the_seeds() -> None:
    if not tc.SEEDS.is_dir():
        pytest.skip("the seed folder is not on this machine")
    for seed in sorted(tc.SEEDS.glob("0*.txt")):
        assert (tc.SOURCES / seed.name).read_bytes() == seed.read_bytes(), seed.name


def test_source_facts_are_read(facts: tc.SourceFacts) -> None:
    # read from the sources by this check's own patterns; a few known pairs keep the patterns honest
    assert facts.person_phones["朱英华"] == {"85889143"}
    assert facts.person_phones["唐鑫涛"] == {"85996768"}  # "85996768/唐鑫涛 85996767/张少鹏"
    assert facts.person_phones["魏璇"] == {"85996767"}
    assert facts.person_phones["张恩宁"] == {"5212180"}
    assert facts.person_phones["发展计划科"] == {"85057594"}
    assert len(facts.local_numbers) == 26
    assert "0311-85889143" in facts.printed_with_code and "0311-85678026" not in facts.printed_with_code
    assert len(facts.emails) == 17


def test_every_phone_and_email_is_printed_in_a_source(outputs: tc.Outputs, facts: tc.SourceFacts) -> None:
    rep = _problems(tc.check_phones, outputs, facts)
    assert rep.problems == []
    assert rep.counts["phones"] > 500 and rep.counts["emails"] > 100
    assert rep.counts["qr"] >= 25  # every contact card's vCard was decoded and checked


def test_every_person_has_the_phone_the_source_gives(outputs: tc.Outputs, facts: tc.SourceFacts) -> None:
    rep = _problems(tc.check_pairs, outputs, facts)
    assert rep.problems == []
    assert rep.counts["pairs"] > 300


def test_amounts_are_printed_or_computed(outputs: tc.Outputs, facts: tc.SourceFacts) -> None:
    rep = _problems(tc.check_amounts, outputs, facts)
    assert rep.problems == []
    assert rep.counts["amounts"] > 1000 and rep.counts["calculator runs"] >= 38
    assert rep.counts["待核实 figures"] > 50


def test_no_measure_is_current_and_statuses_agree(outputs: tc.Outputs) -> None:
    rep = _problems(tc.check_statuses, outputs)
    rep2 = _problems(tc.check_independent_status, outputs)
    assert rep.problems + rep2.problems == []
    assert rep.counts["statuses"] > 300 and rep2.counts["measures"] == 212


def test_handbook_keeps_the_source_wording(outputs: tc.Outputs) -> None:
    rep = tc.Report()
    missing = tc.check_fidelity(outputs, rep, n=15)
    assert missing == [] and rep.counts["fidelity samples"] == 15


# --- the check can fail ---------------------------------------------------------------------------

def _content_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "data"
    shutil.copytree(tc.ROOT / "content" / "data", folder)
    shutil.copytree(tc.ROOT / "content" / "calculators", tmp_path / "content" / "calculators")
    return folder


def _cards(tmp_path: Path, content_dir: Path, layout: str, env_extra: dict[str, str] | None = None) -> tc.Outputs:
    out = tc.Outputs(tmp_path)
    env = {**tc._env(tmp_path / "data"), **(env_extra or {})}
    pdf = tmp_path / f"{layout}.pdf"
    tc._run(["cards", "--layout", layout, "--out", str(pdf)], env, content_dir)
    out.texts[f"cards-{layout}"] = tc._pdftext(pdf)
    return out


def test_a_corrupted_phone_is_found(tmp_path: Path, facts: tc.SourceFacts) -> None:
    data = _content_copy(tmp_path)
    f = data / "changan-mingbaika.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("0311-85889143", "0311-85889148", 1), encoding="utf-8")
    out = _cards(tmp_path, data, "list")
    rep = _problems(tc.check_phones, out, facts)
    assert any("85889148" in p for p in rep.problems), rep.problems


def test_another_persons_phone_is_found(tmp_path: Path, facts: tc.SourceFacts) -> None:
    # 唐鑫涛's number given to 魏璇: a number printed in the sources, but not hers
    data = _content_copy(tmp_path)
    f = data / "changan-mingbaika.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("person: 魏璇")
    line_end = text.index("phone:", start)
    text = text[:line_end] + text[line_end:].replace("85996767", "85996768", 1)
    f.write_text(text, encoding="utf-8")
    out = _cards(tmp_path, data, "contact")
    out.qr["cards-contact"] = tc._qr_payloads(tmp_path / "contact.pdf", tmp_path)
    rep = _problems(tc.check_pairs, out, facts)
    assert any("魏璇" in p and "85996768" in p for p in rep.problems), rep.problems


def test_a_measure_shown_current_is_found(tmp_path: Path) -> None:
    env = tc._env(tmp_path / "data")
    r = subprocess.run([sys.executable, str(tc.ROOT / "main.py"), "verify", "changan-1-1", "--result", "现行",
                        "--by", "石家庄市长安区科学技术局"], cwd=tc.ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = _cards(tmp_path, None, "list")  # type: ignore[arg-type]
    rep = _problems(tc.check_statuses_text_only, out)
    assert any("现行" in p for p in rep.problems), rep.problems
