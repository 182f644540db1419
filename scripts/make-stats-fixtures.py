#!/usr/bin/python3
"""Reference values for src/domain/stats, computed with scipy/statsmodels (independent implementations).

Run with Debian's python:  /usr/bin/python3 scripts/make-stats-fixtures.py
Writes test/fixtures/stats/*.json (committed). Deterministic (seeded numpy Generator).
"""
import json
import math
import os

import numpy as np
from scipy import integrate, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (confint_proportions_2indep,
                                          proportion_confint, proportions_ztest)

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'stats')
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20240605)


def dump(name, cases):
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump(cases, f, indent=1)
        f.write('\n')


props = [(0, 10), (1, 10), (5, 50), (17, 300), (50, 1000), (999, 1000), (1000, 1000), (3, 7)]
dump('wilson', [
    {'name': f'wilson {x}/{n} conf {c}', 'x': x, 'n': n, 'conf': c,
     'lower': float(proportion_confint(x, n, alpha=1 - c, method='wilson')[0]),
     'upper': float(proportion_confint(x, n, alpha=1 - c, method='wilson')[1])}
    for (x, n) in props for c in (0.9, 0.95, 0.99)])

pairs = [(10, 100, 5, 100), (0, 50, 0, 50), (3, 40, 0, 60), (100, 1000, 50, 1000), (60, 1000, 30, 1000),
         (25, 500, 40, 500), (1, 20, 19, 20), (200, 4000, 170, 3500)]
dump('newcombe', [
    {'name': f'newcombe {a}/{b} - {c}/{d} conf {cf}', 'x1': a, 'n1': b, 'x2': c, 'n2': d, 'conf': cf,
     'lower': float(confint_proportions_2indep(a, b, c, d, method='newcomb', compare='diff', alpha=1 - cf)[0]),
     'upper': float(confint_proportions_2indep(a, b, c, d, method='newcomb', compare='diff', alpha=1 - cf)[1])}
    for (a, b, c, d) in pairs for cf in (0.9, 0.95)])

zcases = []
for (a, b, c, d) in pairs:
    if a + c == 0 or a + c == b + d:
        continue
    z, p2 = proportions_ztest([a, c], [b, d], alternative='two-sided')
    _, pg = proportions_ztest([a, c], [b, d], alternative='larger')
    zcases.append({'name': f'z {a}/{b} vs {c}/{d}', 'x1': a, 'n1': b, 'x2': c, 'n2': d,
                   'z': float(z), 'pGreater': float(pg), 'pTwoSided': float(p2)})
dump('twoProportionZ', zcases)

fcases = []
for (a, b, c, d) in pairs + [(4, 30, 0, 30), (2, 15, 1, 15), (8, 200, 2, 200)]:
    exact = stats.fisher_exact([[a, b - a], [c, d - c]], alternative='greater')[1]
    hg = stats.hypergeom(b + d, a + c, b)  # population, successes, draws (arm 1)
    mid = hg.sf(a) + 0.5 * hg.pmf(a)
    fcases.append({'name': f'fisher {a}/{b} vs {c}/{d}', 'x1': a, 'n1': b, 'x2': c, 'n2': d,
                   'pExact': float(exact), 'pMid': float(mid)})
dump('fisherMidP', fcases)


def mixture_log_lr(est, se, tau, one_sided):
    """log of ∫ N(est; θ, se²)/N(est; 0, se²) dπ(θ), by numerical quadrature."""
    f0 = stats.norm.pdf(est, 0, se)
    if one_sided:
        g = lambda th: stats.norm.pdf(est, th, se) * 2 * stats.norm.pdf(th, 0, tau)
        val = integrate.quad(g, 0, np.inf, epsabs=0, epsrel=1e-12, limit=500)[0]
    else:
        g = lambda th: stats.norm.pdf(est, th, se) * stats.norm.pdf(th, 0, tau)
        val = integrate.quad(g, -np.inf, np.inf, epsabs=0, epsrel=1e-12, limit=500)[0]
    return math.log(val / f0)


mcases = []
for (est, se, tau) in [(0.01, 0.01, 0.02), (0.05, 0.0117, 0.03), (-0.02, 0.01, 0.02), (0.0, 0.02, 0.05),
                       (0.3, 0.1, 0.2), (0.004, 0.003, 0.01)]:
    mcases.append({'name': f'msprt est {est} se {se} tau {tau}', 'estimate': est, 'se': se, 'tau': tau,
                   'logLr': mixture_log_lr(est, se, tau, False),
                   'oneSidedLogLr': mixture_log_lr(est, se, tau, True),
                   'effect': 2 * tau,
                   'sprtLogLr': float(stats.norm.logpdf(est, 2 * tau, se) - stats.norm.logpdf(est, 0, se))})
dump('msprt', mcases)


def hl_ref(x, y, conf):
    d = np.sort(np.subtract.outer(np.asarray(y), np.asarray(x)).ravel())
    n = len(d)
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    k = max(1, int(math.floor(n / 2 - z * math.sqrt(len(x) * len(y) * (len(x) + len(y) + 1) / 12))))
    return float(np.median(d)), float(d[k - 1]), float(d[n - k])


mw = []
for i, (nx, ny, shift, ties) in enumerate([(20, 25, 0.0, False), (30, 30, 0.3, False), (50, 40, -0.2, False),
                                           (100, 120, 0.1, False), (15, 15, 0.0, True), (60, 80, 0.5, True),
                                           (7, 9, 1.0, False)]):
    x = rng.lognormal(7, 0.5, nx)
    y = rng.lognormal(7 + shift, 0.5, ny)
    if ties:
        x = np.round(x / 100) * 100
        y = np.round(y / 100) * 100
    lx, ly = np.log(x), np.log(y)
    g = stats.mannwhitneyu(ly, lx, alternative='greater', method='asymptotic', use_continuity=True)
    t = stats.mannwhitneyu(ly, lx, alternative='two-sided', method='asymptotic', use_continuity=True)
    est, lo, hi = hl_ref(lx, ly, 0.95)
    mw.append({'name': f'mw case {i} nx {nx} ny {ny} shift {shift} ties {ties}', 'x': lx.tolist(), 'y': ly.tolist(),
               'u': float(g.statistic), 'pGreater': float(g.pvalue), 'pTwoSided': float(t.pvalue),
               'hl': est, 'hlLower': lo, 'hlUpper': hi, 'conf': 0.95})
dump('mannWhitney', mw)

dump('binomialExceedance', [
    {'name': f'binom {k}/{n} q {q}', 'exceed': k, 'n': n, 'q': q,
     'p': float(stats.binomtest(k, n, 1 - q, alternative='greater').pvalue)}
    for (k, n, q) in [(5, 100, 0.95), (12, 100, 0.95), (30, 250, 0.95), (0, 50, 0.95), (5, 300, 0.99),
                      (15, 1200, 0.99), (80, 1000, 0.95)]])

tails = []
for i, (nb, nc, f) in enumerate([(200, 200, 1.0), (300, 250, 1.3), (1000, 800, 1.0)]):
    b = rng.lognormal(7, 0.5, nb)
    c = rng.lognormal(7, 0.5, nc) * np.where(rng.random(nc) < 0.2, f, 1.0)
    thr = float(np.quantile(np.concatenate([b, c]), 0.95))
    tails.append({'name': f'tail case {i}', 'baseline': b.tolist(), 'canary': c.tolist(), 'q': 0.95, 'threshold': thr,
                  'baselineAbove': int((b > thr).sum()), 'canaryAbove': int((c > thr).sum())})
dump('tailExceedance', tails)

cus = []
for i, (p0, p1, h, p, n) in enumerate([(0.05, 0.1, 4.0, 0.05, 400), (0.05, 0.1, 4.0, 0.12, 400), (0.02, 0.04, 5.0, 0.04, 600)]):
    xs = (rng.random(n) < p).astype(int)
    a, bb = math.log(p1 / p0), math.log((1 - p1) / (1 - p0))
    s, alarms = 0.0, []
    for j, x in enumerate(xs):
        s = max(0.0, s + (a if x else bb))
        if s >= h:
            alarms.append(j)
            s = 0.0
    cus.append({'name': f'cusum case {i}', 'xs': xs.tolist(), 'p0': p0, 'p1': p1, 'h': h, 's': s, 'alarms': alarms})
dump('bernoulliCusum', cus)

hc = []
for i, ps in enumerate([[0.01, 0.04, 0.03, 0.005], [0.2, 0.01, 0.5, 0.011, 0.03], [0.001, 0.002, 0.003], [0.5, 0.6]]):
    for alpha in (0.05, 0.01):
        rej, adj, _, _ = multipletests(ps, alpha=alpha, method='holm')
        hc.append({'name': f'holm case {i} alpha {alpha}', 'p': ps, 'alpha': alpha,
                   'rejected': [bool(r) for r in rej], 'adjusted': [float(a) for a in adj]})
dump('holm', hc)
print('wrote fixtures to', os.path.abspath(OUT))
