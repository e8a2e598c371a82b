"""Case files: the real ones load; bad ones are refused with the file and the case named."""

from __future__ import annotations

import pytest

from assistant.exercises.cases import CaseError, load_cases
from tests.conftest import CASES_DIR

GOOD = """
- id: info-x
  category: doi
  turns: ["What did DOI find about the task-force alerts?"]
  expect: {verdict: info, gold: ["doi-nypd-2025#incident-1"]}
"""


def test_the_repository_cases_load_with_unique_ids():
    cases = load_cases(CASES_DIR)
    assert len(cases) >= 58
    assert len({c.id for c in cases}) == len(cases)
    info = [c for c in cases if c.file == "info.yaml"]
    assert len(info) == 10 and all(c.verdict == "info" and c.gold for c in info)


def test_info_gold_pinpoints_exist_in_the_corpus():
    from tests.fakes import FakeIndex

    index = FakeIndex()
    for case in load_cases(CASES_DIR):
        for ref in case.gold:
            assert index.lookup(*ref.split("#", 1)), (case.file, case.id, ref)


def test_a_good_file_and_its_fields(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(GOOD, encoding="utf-8")
    (case,) = load_cases(path)
    assert case.question.startswith("What did DOI") and case.history == []
    assert case.gold == ("doi-nypd-2025#incident-1",) and case.must_cite == () and case.file == "c.yaml"


@pytest.mark.parametrize("text,message", [
    ("- id: a\n  turns: [q]\n  expect: {verdict: maybe}\n", "id a.*expect.verdict is 'maybe'"),
    ("- id: a\n  turns: []\n  expect: {verdict: info}\n", "id a.*turns must be"),
    ("- id: a\n  turns: [q]\n", "id a.*expect is missing"),
    ("- turns: [q]\n  expect: {verdict: info}\n", "case 1: the case has no id"),
    ("- id: a\n  turns: [q]\n  expect: {verdict: info, gold: [ac-14-154]}\n", "id a.*doc_id#pinpoint"),
    ("- id: a\n  turns: [q]\n  expect: {verdict: info, must_cite: ac-14-154}\n", "must_cite must be a list"),
    ("- id: a\n  turns: [q]\n  expect: {verdict: info, must_site: [x]}\n", "unknown expect field.*must_site"),
    ("id: a\n", "must hold a YAML list"),
    ("- id: a\n  turns: [q\n", "c.yaml: line \\d+ is not valid YAML"),
])
def test_malformed_cases_name_the_file_and_case(tmp_path, text, message):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError, match=message) as caught:
        load_cases(tmp_path)
    assert "c.yaml" in str(caught.value)


def test_duplicate_ids_across_files_name_both(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(CaseError, match="b.yaml: case 1: id 'info-x' is already used in a.yaml"):
        load_cases(tmp_path)


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(CaseError, match="no such file or directory"):
        load_cases(tmp_path / "nope")
    with pytest.raises(CaseError, match="holds no \\*.yaml"):
        load_cases(tmp_path)


def test_a_case_may_list_its_requests_and_pin_its_day(tmp_path):
    from datetime import date

    from assistant.exercises.cases import CaseError, load_cases

    good = tmp_path / "sub" / "c.yaml"
    good.parent.mkdir()
    good.write_text('- id: a\n  today: "2026-12-01"\n  turns: [q]\n  expect:\n    verdict: prohibited\n'
                    '    requests:\n      - {requester: ice, verdict: prohibited}\n'
                    '      - {requester: fbi, verdict: permitted}\n', encoding="utf-8")
    case = load_cases(tmp_path)[0]  # found in a sub-folder
    assert case.today == date(2026, 12, 1) and [r["requester"] for r in case.requests] == ["ice", "fbi"]
    good.write_text("- id: a\n  turns: [q]\n  expect:\n    verdict: review\n"
                    "    requests: [{requester: ice, verdict: maybe}]\n", encoding="utf-8")
    with pytest.raises(CaseError, match="expect.requests 1: verdict is 'maybe'"):
        load_cases(tmp_path)
    good.write_text('- id: a\n  today: "yesterday"\n  turns: [q]\n  expect: {verdict: info}\n', encoding="utf-8")
    with pytest.raises(CaseError, match="today 'yesterday' must be a date like 2026-12-01"):
        load_cases(tmp_path)


def test_a_case_in_a_sub_folder_is_named_by_its_path_under_the_cases_folder():
    files = {c.file for c in load_cases(CASES_DIR)}
    assert {"info.yaml", "fresh/set1/info.yaml", "fresh/tester/findings.yaml"} <= files
