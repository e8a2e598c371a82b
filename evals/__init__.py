"""ShareCheck's offline, deterministic evaluation suite (``sharecheck eval``, DESIGN §5).

cases.py loads and validates the case files; grading.py scores one answer against its case;
metrics.py holds the pure metric functions; faithfulness.py checks that cited passages support
their sentences; runner.py runs the cases through the real Assistant; report.py and plots.py
write the report; scores.py keeps the evaluators' scores from the Evaluate tab.
"""
