#!/usr/bin/python3
"""Writes test/fixtures/gate/mcnemar.json: exact McNemar p-values computed independently.

Run with Debian's interpreter (it has scipy and statsmodels):
    /usr/bin/python3 scripts/make-mcnemar-fixtures.py
Each row: b = pass->fail (regressions), c = fail->pass (improvements), p from
statsmodels mcnemar(exact=True) on the 2x2 table [[a, b], [c, d]] and, as a cross-check,
scipy binomtest(min(b, c), b + c, 0.5, two-sided).
"""
import json
import os

from scipy.stats import binomtest
from statsmodels.stats.contingency_tables import mcnemar

PAIRS = [
    (0, 0), (1, 0), (0, 1), (1, 1), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (5, 1), (6, 1),
    (7, 2), (10, 3), (3, 10), (12, 12), (20, 8), (40, 25), (100, 70), (250, 200), (1000, 900),
    (3000, 2900), (17, 0), (30, 1),
]

rows = []
for b, c in PAIRS:
    table = [[10, b], [c, 10]]
    p_statsmodels = float(mcnemar(table, exact=True).pvalue)
    p_binom = 1.0 if b + c == 0 else float(binomtest(min(b, c), b + c, 0.5).pvalue)
    rows.append({"b": b, "c": c, "p": p_statsmodels, "p_binomtest": p_binom})

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "gate", "mcnemar.json")
with open(out, "w") as f:
    json.dump({"source": "statsmodels.stats.contingency_tables.mcnemar(exact=True); scipy.stats.binomtest", "rows": rows}, f, indent=1)
    f.write("\n")
print(f"wrote {len(rows)} rows to {os.path.normpath(out)}")
