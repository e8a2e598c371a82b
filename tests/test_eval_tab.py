"""The Evaluate tab driven through gradio_client's named endpoints, two evaluators at once."""

from __future__ import annotations

import csv
import threading

import pytest

from assistant.stores.scores import ScoreStore, live_case_id
from assistant.ui.evaluate import LIVE, MAX_CITATIONS

CASE = "qb-01-release-date-phone"


def client_for(url):
    from gradio_client import Client

    return Client(url, verbose=False)


@pytest.fixture(scope="module")
def store(built_settings):
    return ScoreStore.for_data_dir(built_settings.data_dir)


def get_answer(client, case_set="question-bank", case=CASE, live=""):
    return client.predict(case_set, case, live, api_name="/eval_answer")


def submit(client, name, correct, clarity="4", comment="", cites=("yes", "no")):
    judgements = list(cites) + [None] * (MAX_CITATIONS - len(cites))
    return client.predict(name, correct, clarity, comment, *judgements, api_name="/eval_submit")


def test_case_list_endpoint(app_url):
    update = client_for(app_url).predict("question-bank", api_name="/eval_cases")
    assert update["value"] == CASE and len(update["choices"]) >= 48


def test_evaluator_scores_a_case_and_the_dashboard_counts_it(app_url, store):
    before = len(store.rows())
    client = client_for(app_url)
    info, verdict, answer_md, trace, sources, *_ = get_answer(client)
    assert CASE in info and "expected **Not permitted**" in info
    assert "Not permitted" in verdict and "[1]" in answer_md
    assert "**Rule:**" in trace and "share_release_date" in trace
    assert "14-154(b)(1)" in sources
    status, dashboard, table = submit(client, "Alice", "yes", comment="clear")
    assert status.startswith("Recorded score #") and "by Alice" in status
    assert "Agreement with the expected verdicts" in dashboard
    rows = store.rows()
    assert len(rows) == before + 1
    row = rows[-1]
    assert (row["evaluator"], row["case_id"], row["verdict_correct"], row["clarity"]) == ("Alice", CASE, "yes", 4)
    assert row["citations"] == "1:yes;2:no" and row["expected_verdict"] == "prohibited" and row["corpus_version"]


def test_missing_name_or_answer_is_refused(app_url):
    from gradio_client.exceptions import AppError

    fresh = client_for(app_url)
    with pytest.raises(AppError, match="get an answer"):
        submit(fresh, "Alice", "yes")
    get_answer(fresh)
    with pytest.raises(AppError, match="enter your name"):
        submit(fresh, " ", "yes")
    with pytest.raises(AppError, match="clarity"):
        submit(fresh, "Alice", "yes", clarity=None)


def test_live_question_and_empty_question(app_url, store):
    from gradio_client.exceptions import AppError

    client = client_for(app_url)
    question = "ICE called asking when our prisoner gets released. Can I tell them?"
    info, verdict, *_ = get_answer(client, LIVE, None, question)
    assert live_case_id(question) in info and "Not permitted" in verdict
    submit(client, "Carol", "yes", cites=())
    assert store.rows()[-1]["case_id"] == live_case_id(question) and store.rows()[-1]["case_set"] == ""
    with pytest.raises(AppError, match="empty"):
        get_answer(client, LIVE, None, "   ")


def test_two_evaluators_at_once_lose_nothing_and_kappa_is_reported(app_url, store):
    before = len(store.rows())
    clients = {"Dana": client_for(app_url), "Eli": client_for(app_url)}
    for c in clients.values():
        get_answer(c, case="qb-02-i247a-i200-hold")
    errors = []

    def score(name, verdict_ok):
        try:
            for _ in range(3):
                submit(clients[name], name, verdict_ok)
        except Exception as exc:  # surfaced below, not swallowed
            errors.append(exc)

    threads = [threading.Thread(target=score, args=("Dana", "yes")), threading.Thread(target=score, args=("Eli", "no"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(store.rows()) == before + 6
    dashboard, table = clients["Dana"].predict(api_name="/eval_dashboard")
    assert "kappa" in dashboard
    names = [row[0] for row in table["data"]] if isinstance(table, dict) else [row[0] for row in table]
    assert {"Dana", "Eli"} <= set(names)


def test_export_csv(app_url, store):
    client = client_for(app_url)
    get_answer(client)
    submit(client, "Frank", "unsure", comment='quotes " and, commas')
    result = client.predict(api_name="/eval_export")  # a visibility update carrying the file
    path = result["value"] if isinstance(result, dict) else result
    path = path["path"] if isinstance(path, dict) else path
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(store.rows()) and rows[-1]["evaluator"] == "Frank"
    assert rows[-1]["comment"] == 'quotes " and, commas' and rows[-1]["verdict_correct"] == "unsure"
