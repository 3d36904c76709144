"""Calculators inside posts (issue 18): the fence, where the scripts load, and each JavaScript
calculator against the Python the posts use (SciPy/statsmodels or the notebooks' functions),
on seeded random inputs and edge cases, to 1e-9 relative. One browser for the whole module;
calculators are evaluated in batches through window.MedCalc, plus a few real UI interactions."""

from __future__ import annotations

import contextlib

import gzip
import math
import random
import re
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from scipy.integrate import cumulative_trapezoid, trapezoid
from scipy.optimize import brentq
from scipy.special import expit
from scipy.stats import norm
from statsmodels.stats.inter_rater import cohens_kappa
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from browser import serve
from conftest import FIXTURES, ROOT, build, make_project
from medblog import calculators

JS_DIR = ROOT / "docs" / "assets" / "javascripts"
CSS = ROOT / "docs" / "assets" / "stylesheets" / "calculators.css"
NODE_MODULES = ROOT / "node_modules"
RTOL, ATOL = 1e-9, 1e-12
Z = norm.ppf(0.975)
N_RANDOM = 60
HANGUL = re.compile(r"[가-힣]")


# ---------------------------------------------------------------- build and browser

@pytest.fixture(scope="module")
def calc_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("calculators"), [FIXTURES / "calculators" / "calculator-demo.md"],
                           [FIXTURES / "calculators" / "confusion-matrix-prevalence.ipynb"])
    built = build(project)
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="module")
def served(calc_site, chromium):
    with serve(calc_site.site) as base, contextlib.nullcontext(chromium) as instance:
        yield base, instance


def wait_ready(page, count=7):
    """Wait until every calculator on the page is mounted; say what is missing otherwise."""
    try:
        page.wait_for_function(f"() => document.querySelectorAll('.medcalc--ready').length === {count}", polling=100, timeout=15000)
    except Exception:
        state = page.evaluate("() => [document.readyState, typeof window.MedCalc, document.querySelectorAll('.medcalc').length, "
                              "document.querySelectorAll('.medcalc--ready').length, Array.from(document.scripts).map(s => s.src).join(' ')]")
        raise AssertionError(f"calculators not mounted: {state}") from None


@pytest.fixture(scope="module")
def calc_page(served):
    base, instance = served
    page = instance.new_page(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + "calculators/", wait_until="networkidle")
    wait_ready(page)
    page.requests = requests
    yield page
    page.close()


def run_batch(page, name, cases):
    """Run MedCalc.run on every case in one evaluate; also render, to catch NaN in the text."""
    return page.evaluate(
        """([name, cases]) => cases.map(c => {
            const out = MedCalc.run(name, c);
            if (out.ok) out.text = JSON.stringify(MedCalc.calcs[name].render(out.result, out.values));
            return out;
        })""",
        [name, cases],
    )


# ---------------------------------------------------------------- comparison

def close(js, py, where):
    if py is None or (isinstance(py, float) and math.isnan(py)):
        assert js is None, f"{where}: JS {js!r}, Python undefined"
        return
    assert js is not None, f"{where}: JS undefined, Python {py!r}"
    if math.isinf(py):
        assert js == py or (js is not None and js > 1e300), f"{where}: JS {js!r}, Python {py!r}"
        return
    assert math.isclose(js, py, rel_tol=RTOL, abs_tol=ATOL), f"{where}: JS {js!r}, Python {py!r}"


def check_all(page, name, cases, reference):
    outs = run_batch(page, name, cases)
    for case, out in zip(cases, outs):
        assert out["ok"], f"{case}: {out.get('message')}"
        assert "NaN" not in out["text"] and "undefined" not in out["text"], out["text"]
        for key, expected in reference(case).items():
            close(out["result"][key], expected, f"{name} {case} {key}")
    return outs


def s(x, digits=None):
    """Inputs travel as the strings a reader types."""
    return repr(round(x, digits)) if digits is not None else repr(x)


def rng_for(name):
    return random.Random(f"calculators-{name}-20261218")


# ---------------------------------------------------------------- references (the posts' Python)

def ppv_at(prevalence, sensitivity, specificity):  # confusion-matrix-prevalence
    den = sensitivity * prevalence + (1 - specificity) * (1 - prevalence)
    return None if den == 0 else sensitivity * prevalence / den


def npv_at(prevalence, sensitivity, specificity):
    den = specificity * (1 - prevalence) + (1 - sensitivity) * prevalence
    return None if den == 0 else specificity * (1 - prevalence) / den


def ratio(num, den):
    if den == 0:
        return None if num == 0 else math.inf
    return num / den


def post_test_probability(pre_test, likelihood_ratio):  # the notebook's odds form (Fagan)
    post_odds = pre_test / (1 - pre_test) * likelihood_ratio
    return post_odds / (1 + post_odds)


def ref_predictive(c):
    se, sp, pi, pre, n = (float(c[k]) for k in ("se", "sp", "prevalence", "pretest", "per"))
    lr_pos, lr_neg = ratio(se, 1 - sp), ratio(1 - se, sp)
    post_pos, post_neg = ppv_at(pre, se, sp), npv_at(pre, se, sp)
    post_neg = None if post_neg is None else 1 - post_neg
    if 0 < pre < 1 and lr_pos not in (None, math.inf) and lr_neg not in (None, math.inf):
        # the odds route of the post agrees with Bayes' formula
        assert math.isclose(post_test_probability(pre, lr_pos), post_pos, rel_tol=1e-9, abs_tol=1e-12)
        assert math.isclose(post_test_probability(pre, lr_neg), post_neg, rel_tol=1e-9, abs_tol=1e-12)
    return {"ppv": ppv_at(pi, se, sp), "npv": npv_at(pi, se, sp), "lrPos": lr_pos, "lrNeg": lr_neg,
            "tp": n * se * pi, "fp": n * (1 - sp) * (1 - pi), "fn": n * (1 - se) * pi, "tn": n * sp * (1 - pi),
            "postPos": post_pos, "postNeg": post_neg}


def ref_proportion(c):
    x, n, conf = int(c["x"]), int(c["n"]), float(c["confidence"])
    wl, wh = proportion_confint(x, n, alpha=1 - conf, method="wilson")
    bl, bh = proportion_confint(x, n, alpha=1 - conf, method="beta")
    return {"p": x / n, "wilson_0": wl, "wilson_1": wh, "clopper_0": bl, "clopper_1": bh}


def nnt_interval(rd, lo, hi):  # effect-measures-nnt, numbers instead of text
    out = {"nnt": math.inf if rd == 0 else 1 / abs(rd)}
    if hi < 0:
        out.update(ciLow=1 / abs(lo), ciHigh=1 / abs(hi))
    elif lo > 0:
        out.update(ciLow=1 / hi, ciHigh=1 / lo)
    else:
        out.update(nntbLimit=1 / abs(lo) if lo < 0 else math.inf, nnthLimit=1 / hi if hi > 0 else math.inf)
    return out


def ref_nnt(c):
    if c["mode"] == "counts":
        a, n1, cc, n0 = (int(c[k]) for k in ("a", "n1", "c", "n0"))
        p1, p0 = a / n1, cc / n0
        method = "wald" if c["method"] == "wald" else "newcomb"
        lo, hi = confint_proportions_2indep(a, n1, cc, n0, compare="diff", method=method)
        if method == "wald":  # statsmodels' Wald uses the same unpooled variance as the post
            se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
            assert math.isclose(lo, p1 - p0 - Z * se, rel_tol=1e-9, abs_tol=1e-12)
    else:
        p0, r = float(c["p0"]), float(c["ratio"])
        to_p1 = (lambda x: x * p0) if c["measure"] == "rr" else (lambda x: x * p0 / (1 - p0 + x * p0))
        p1 = to_p1(r)
        lo, hi = to_p1(float(c["lower"])) - p0, to_p1(float(c["upper"])) - p0
    rd = p1 - p0
    return {"p1": p1, "p0": p0, "rd": rd, "rdLow": lo, "rdHigh": hi, **nnt_interval(rd, lo, hi)}


def ref_netbenefit(c):
    se, sp, pi, pt = (float(c[k]) for k in ("se", "sp", "prevalence", "threshold"))
    w = pt / (1 - pt)
    nb = pi * se - (1 - pi) * (1 - sp) * w  # decision-curve-analysis, Se/Sp form
    nb_all = pi - (1 - pi) * w
    return {"nb": nb, "nbAll": nb_all, "snb": nb / pi if pi > 0 else None, "snbAll": nb_all / pi if pi > 0 else None,
            "advantage": nb - max(nb_all, 0), "interventionsAvoided": (nb - nb_all) / w * 100}


def lp_summaries(mu, sigma, n_grid=4001):  # external-validation-sample-size
    x = np.linspace(mu - 9 * sigma, mu + 9 * sigma, n_grid)
    density = norm.pdf(x, mu, sigma)
    p = expit(x)
    prevalence = trapezoid(p * density, x)
    f_event = p * density / prevalence
    f_nonevent = (1 - p) * density / (1 - prevalence)
    F_event = cumulative_trapezoid(f_event, x, initial=0)
    F_nonevent = cumulative_trapezoid(f_nonevent, x, initial=0)
    w = p * (1 - p)
    e_w, e_wx, e_wx2 = (trapezoid(w * x**k * density, x) for k in range(3))
    return {"유병률": prevalence, "C": trapezoid(f_event * F_nonevent, x),
            "Q1": trapezoid((1 - F_event) ** 2 * f_nonevent, x), "Q2": trapezoid(F_nonevent**2 * f_event, x),
            "E[p(1-p)]": e_w, "기울기 정보": e_wx2 - e_wx**2 / e_w}


TIGHT = {"xtol": 1e-15, "rtol": 1e-15, "maxiter": 200}


def solve_lp_distribution(prevalence, c_stat):
    def mu_for(sigma):
        return brentq(lambda mu: lp_summaries(mu, sigma)["유병률"] - prevalence, -20, 10, **TIGHT)

    sigma = brentq(lambda s_: lp_summaries(mu_for(s_), s_)["C"] - c_stat, 0.05, 6, **TIGHT)
    return mu_for(sigma), sigma


def se_c_hanley_mcneil(n, c, q1, q2, prevalence):
    n1, n0 = n * prevalence, n * (1 - prevalence)
    return np.sqrt((c * (1 - c) + (n1 - 1) * (q1 - c**2) + (n0 - 1) * (q2 - c**2)) / (n1 * n0))


def se_c_newcombe(n, c, prevalence):
    half = n / 2 - 1
    return np.sqrt(c * (1 - c) * (1 + half * (1 - c) / (2 - c) + half * c / (1 + c)) / (n**2 * prevalence * (1 - prevalence)))


def ref_samplesize(c):
    cstat, phi = float(c["c"]), float(c["prevalence"])
    mu, sigma = solve_lp_distribution(phi, cstat)
    summ = lp_summaries(mu, sigma)
    targets = {"C": float(c["widthC"]) / (2 * Z), "slope": float(c["widthSlope"]) / (2 * Z),
               "OE": np.arcsinh(float(c["widthOE"]) / 2) / Z}

    def n_for(se_function, target):
        return brentq(lambda n: se_function(n) - target, 2.5, 1e12, **TIGHT)

    n_c = n_for(lambda n: se_c_hanley_mcneil(n, summ["C"], summ["Q1"], summ["Q2"], summ["유병률"]), targets["C"])
    n_slope = n_for(lambda n: 1 / np.sqrt(n * summ["기울기 정보"]), targets["slope"])
    n_oe = n_for(lambda n: np.sqrt((1 - summ["유병률"]) / (n * summ["유병률"])), targets["OE"])
    n_newcombe = n_for(lambda n: se_c_newcombe(n, cstat, phi), targets["C"])
    se, sp, d = float(c["se"]), float(c["sp"]), float(c["halfWidth"])
    n_dis, n_non = Z**2 * se * (1 - se) / d**2, Z**2 * sp * (1 - sp) / d**2  # Buderer
    return {"mu": mu, "sigma": sigma, "q1": summ["Q1"], "q2": summ["Q2"], "nC": n_c, "nSlope": n_slope, "nOE": n_oe,
            "nCNewcombe": n_newcombe, "nDiseased": n_dis, "nNondiseased": n_non}


def e_value(rr):  # e-value
    rr = 1 / rr if rr < 1 else rr
    return rr + math.sqrt(rr * (rr - 1))


def rr_from(measure, x, rare):
    if measure == "rr" or rare:
        return x
    if measure == "or":
        return math.sqrt(x)
    return (1 - 0.5 ** math.sqrt(x)) / (1 - 0.5 ** math.sqrt(1 / x))


def ref_evalue(c):
    rare = c["outcome"] == "rare"
    est, lo, hi = (rr_from(c["measure"], float(c[k]), rare) for k in ("estimate", "lower", "upper"))
    limit = 1.0 if lo <= 1 <= hi else e_value(lo if est > 1 else hi)
    return {"rr": est, "rrLow": lo, "rrHigh": hi, "evalue": e_value(est), "evalueLimit": limit}


def ref_kappa(c):
    table = np.array([[int(v) for v in row.split(",")] for row in c["table"].split(";")], float)
    n = table.sum()
    po = np.trace(table) / n
    pe = float((table.sum(1) / n * table.sum(0) / n).sum())
    out = {"po": po, "pe": pe}
    if 1 - pe > 1e-15:
        res = cohens_kappa(table)
        se = math.sqrt(max(res["var_kappa"], 0))  # a variance of -1e-17 is 0, not undefined
        if not math.isnan(res["std_kappa"]):
            assert math.isclose(se, res["std_kappa"], rel_tol=1e-12)
            assert math.isclose(res["kappa_low"], res["kappa"] - Z * se, rel_tol=1e-9, abs_tol=1e-12)
        out.update(kappa=res["kappa"], se=se, low=res["kappa"] - Z * se, high=res["kappa"] + Z * se)
    else:
        out.update(kappa=None, se=None)
    if table.shape == (2, 2):
        a, b, cc, d = table.ravel()
        out.update(ppos=2 * a / (2 * a + b + cc) if 2 * a + b + cc else None,
                   pneg=2 * d / (2 * d + b + cc) if 2 * d + b + cc else None)
    return out


# ---------------------------------------------------------------- inputs

def cases_predictive():
    r = rng_for("predictive")
    cases = [{"se": s(r.random(), 6), "sp": s(r.random(), 6), "prevalence": s(r.random() ** 3, 6),
              "pretest": s(r.random(), 5), "per": r.choice(["1000", "100000"])} for _ in range(N_RANDOM)]
    edges = [  # prevalence 0 or 1, Se + Sp = 1, perfect tests, pre-test 0 or 1
        ("0.9", "0.95", "0", "0"), ("0.9", "0.95", "1", "1"), ("0.3", "0.7", "0.2", "0.5"), ("0.5", "0.5", "0.01", "0.3"),
        ("1", "1", "0.1", "0.2"), ("0.8", "1", "0", "0.4"), ("0", "0", "0.5", "0.5"), ("1", "0", "0.3", "0.3"),
        ("0.9", "1", "1", "1"), ("0", "1", "0.2", "0.9"),
    ]
    cases += [{"se": a, "sp": b, "prevalence": p, "pretest": q, "per": "1000"} for a, b, p, q in edges]
    return cases


def cases_proportion():
    r = rng_for("proportion")
    cases = []
    for _ in range(N_RANDOM):
        n = int(math.exp(r.uniform(0, math.log(5000))))
        cases.append({"x": str(r.randint(0, n)), "n": str(n), "confidence": r.choice(["0.95", "0.9", "0.99", s(r.uniform(0.5, 0.999), 4)])})
    cases += [{"x": x, "n": n, "confidence": "0.95"} for x, n in
              [("0", "1"), ("1", "1"), ("0", "20"), ("20", "20"), ("106", "106"), ("98", "106"), ("1", "2000"), ("0", "5000")]]
    return cases


def cases_nnt():
    r = rng_for("nnt")
    cases = []
    for _ in range(N_RANDOM):
        n1, n0 = r.randint(5, 3000), r.randint(5, 3000)
        cases.append({"mode": "counts", "horizon": "3년", "a": str(r.randint(0, n1)), "n1": str(n1), "c": str(r.randint(0, n0)),
                      "n0": str(n0), "method": r.choice(["wald", "newcombe"])})
    for _ in range(N_RANDOM // 2):
        p0 = r.uniform(0.01, 0.6)
        measure = r.choice(["rr", "or"])
        est = math.exp(r.uniform(-1.2, min(1.2, math.log(0.95 / p0)) if measure == "rr" else 1.2))
        lo, hi = est * math.exp(-r.uniform(0.01, 0.8)), est * math.exp(r.uniform(0.01, 0.8))
        if measure == "rr":
            hi = max(min(hi, 0.999 / p0), est)
        cases.append({"mode": "ratio", "horizon": "1년", "p0": s(p0, 6), "measure": measure, "ratio": s(est, 6),
                      "lower": s(lo, 6), "upper": s(hi, 6)})
    for a, n1, c, n0, m in [("0", "100", "0", "100", "wald"), ("0", "100", "0", "100", "newcombe"), ("0", "50", "5", "50", "wald"),
                            ("0", "50", "5", "50", "newcombe"), ("13", "100", "10", "100", "wald"), ("13", "100", "10", "100", "newcombe"),
                            ("30", "30", "0", "30", "newcombe"), ("132", "1500", "174", "1500", "wald")]:
        cases.append({"mode": "counts", "horizon": "3년", "a": a, "n1": n1, "c": c, "n0": n0, "method": m})
    cases.append({"mode": "ratio", "horizon": "5년", "p0": "0.12", "measure": "rr", "ratio": "0.9", "lower": "0.7", "upper": "1.2"})  # CI crosses 1
    cases.append({"mode": "ratio", "horizon": "5년", "p0": "0.2", "measure": "or", "ratio": "1", "lower": "0.8", "upper": "1.25"})
    return cases


def cases_netbenefit():
    r = rng_for("netbenefit")
    cases = [{"se": s(r.random(), 6), "sp": s(r.random(), 6), "prevalence": s(r.random(), 6), "threshold": s(r.uniform(0.005, 0.95), 5)}
             for _ in range(N_RANDOM)]
    cases += [{"se": a, "sp": b, "prevalence": p, "threshold": t} for a, b, p, t in
              [("0.8", "0.7", "0", "0.2"), ("0.8", "0.7", "1", "0.2"), ("0.5", "0.5", "0.3", "0.3"), ("1", "1", "0.1", "0.5"),
               ("0", "0", "0.2", "0.01"), ("0.785", "0.7083", "0.2093", "0.2")]]
    return cases


def cases_samplesize():
    r = rng_for("samplesize")
    cases = [{"c": s(r.uniform(0.6, 0.9), 4), "prevalence": s(r.uniform(0.03, 0.4), 4), "widthC": s(r.uniform(0.05, 0.2), 3),
              "widthSlope": s(r.uniform(0.1, 0.5), 3), "widthOE": s(r.uniform(0.1, 0.5), 3), "se": s(r.uniform(0.05, 0.99), 3),
              "sp": s(r.uniform(0.05, 0.99), 3), "halfWidth": s(r.uniform(0.02, 0.1), 3)} for _ in range(50)]
    base = {"widthC": "0.1", "widthSlope": "0.2", "widthOE": "0.2", "se": "0.9", "sp": "0.9", "halfWidth": "0.05"}
    cases += [{"c": c, "prevalence": p, **base} for c, p in [("0.75", "0.1"), ("0.55", "0.01"), ("0.95", "0.5"), ("0.55", "0.5"), ("0.95", "0.01")]]
    return cases


def cases_evalue():
    r = rng_for("evalue")
    cases = []
    for _ in range(N_RANDOM):
        est = math.exp(r.uniform(-2, 2))
        lo, hi = est * math.exp(-r.uniform(0.01, 1)), est * math.exp(r.uniform(0.01, 1))
        cases.append({"measure": r.choice(["rr", "or", "hr"]), "outcome": r.choice(["rare", "common"]),
                      "estimate": s(est, 6), "lower": s(lo, 6), "upper": s(hi, 6)})
    cases += [{"measure": m, "outcome": o, "estimate": e, "lower": lo, "upper": hi} for m, o, e, lo, hi in
              [("rr", "rare", "1", "0.8", "1.25"), ("or", "common", "1.3", "0.9", "1.8"), ("hr", "common", "0.7", "0.55", "0.9"),
               ("or", "rare", "2.1745", "1.984", "2.3832"), ("rr", "rare", "0.5", "0.4", "1"), ("hr", "rare", "3", "1", "9")]]
    return cases


def cases_kappa():
    r = rng_for("kappa")
    cases = []
    for i in range(N_RANDOM):
        k = 2 if i % 2 == 0 else r.randint(3, 5)
        rows = [[r.choice([0, r.randint(0, 30), r.randint(0, 400)]) for _ in range(k)] for _ in range(k)]
        rows[0][0] += 1
        cases.append({"table": ";".join(",".join(map(str, row)) for row in rows)})
    cases += [{"table": t} for t in ["31,55;51,863", "366,63;63,508", "10,0;0,0", "0,5;0,0", "0,0;0,7", "5,0;0,5", "0,3;4,0",
                                      "10,0,0;0,0,0;0,0,0", "1,0,0;0,1,0;0,0,1", "0,0;1,0"]]
    return cases


CASES = {"predictive": (cases_predictive, ref_predictive), "proportion": (cases_proportion, ref_proportion),
         "nnt": (cases_nnt, ref_nnt), "netbenefit": (cases_netbenefit, ref_netbenefit),
         "samplesize": (cases_samplesize, ref_samplesize), "evalue": (cases_evalue, ref_evalue), "kappa": (cases_kappa, ref_kappa)}


def flatten(result):
    """wilson: [lo, hi] -> wilson_0, wilson_1, so that one comparison loop fits every calculator."""
    out = dict(result)
    for key, value in result.items():
        if isinstance(value, list):
            out.update({f"{key}_{i}": v for i, v in enumerate(value)})
    return out


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # statsmodels on a 0/0 kappa
@pytest.mark.parametrize("name", list(CASES))
def test_calculator_matches_python(calc_page, name):
    make_cases, reference = CASES[name]
    cases = make_cases()
    assert len(cases) >= 55
    outs = run_batch(calc_page, name, cases)
    compared = 0
    for case, out in zip(cases, outs):
        assert out["ok"], f"{name} {case}: {out.get('message')}"
        assert "NaN" not in out["text"] and "undefined" not in out["text"], out["text"]
        result = flatten(out["result"])
        for key, expected in reference(case).items():
            close(result.get(key), None if expected is None else float(expected), f"{name} {case} {key}")
            compared += 1
    assert compared >= 5 * len(cases)


def test_sample_size_reproduces_the_post(calc_page):
    out = run_batch(calc_page, "samplesize", [{"c": "0.75", "prevalence": "0.1", "widthC": "0.1", "widthSlope": "0.2",
                                               "widthOE": "0.2", "se": "0.687", "sp": "0.68", "halfWidth": "0.05"}])[0]
    r = out["result"]
    assert (math.ceil(r["nC"]), math.ceil(r["nSlope"]), math.ceil(r["nOE"])) == (980, 5819, 3469)  # the post's table
    assert (r["required"], r["events"]) == (5819, 582)
    assert (round(r["mu"], 3), round(r["sigma"], 3)) == (-2.565, 1.001)


INVALID = {
    "predictive": [{"se": "abc", "sp": "0.9", "prevalence": "0.1", "pretest": "0.1", "per": "1000"},
                   {"se": "1.2", "sp": "0.9", "prevalence": "0.1", "pretest": "0.1", "per": "1000"},
                   {"se": "0.9", "sp": "0.9", "prevalence": "-0.1", "pretest": "0.1", "per": "1000"},
                   {"se": "0.9", "sp": "", "prevalence": "0.1", "pretest": "0.1", "per": "1000"},
                   {"se": "0.9", "sp": "0.9", "prevalence": "0.1", "pretest": "0.1", "per": "7"}],
    "proportion": [{"x": "5", "n": "3", "confidence": "0.95"}, {"x": "1.5", "n": "3", "confidence": "0.95"},
                   {"x": "1", "n": "0", "confidence": "0.95"}, {"x": "1", "n": "3", "confidence": "95"}],
    "nnt": [{"mode": "counts", "horizon": "", "a": "120", "n1": "100", "c": "3", "n0": "100", "method": "wald"},
            {"mode": "ratio", "horizon": "", "p0": "0", "measure": "rr", "ratio": "0.8", "lower": "", "upper": ""},
            {"mode": "ratio", "horizon": "", "p0": "0.6", "measure": "rr", "ratio": "2", "lower": "", "upper": ""},
            {"mode": "ratio", "horizon": "", "p0": "0.2", "measure": "or", "ratio": "0.8", "lower": "0.9", "upper": "1.2"}],
    "netbenefit": [{"se": "0.8", "sp": "0.7", "prevalence": "0.2", "threshold": "1"},
                   {"se": "0.8", "sp": "0.7", "prevalence": "0.2", "threshold": "0"},
                   {"se": "0.8", "sp": "x", "prevalence": "0.2", "threshold": "0.2"}],
    "samplesize": [{"c": "0.5", "prevalence": "0.1", "widthC": "0.1", "widthSlope": "0.2", "widthOE": "0.2", "se": "0.9", "sp": "0.9", "halfWidth": "0.05"},
                   {"c": "0.75", "prevalence": "0", "widthC": "0.1", "widthSlope": "0.2", "widthOE": "0.2", "se": "0.9", "sp": "0.9", "halfWidth": "0.05"},
                   {"c": "0.75", "prevalence": "0.1", "widthC": "0", "widthSlope": "0.2", "widthOE": "0.2", "se": "0.9", "sp": "0.9", "halfWidth": "0.05"}],
    "evalue": [{"measure": "rr", "outcome": "rare", "estimate": "0", "lower": "", "upper": ""},
               {"measure": "rr", "outcome": "rare", "estimate": "2", "lower": "2.5", "upper": "3"},
               {"measure": "rr", "outcome": "rare", "estimate": "2", "lower": "1.5", "upper": ""},
               {"measure": "rr", "outcome": "rare", "estimate": "둘", "lower": "", "upper": ""}],
    "kappa": [{"table": "1,2;3"}, {"table": "0,0;0,0"}, {"table": "1,-2;3,4"}, {"table": "1,2.5;3,4"}, {"table": "a,b;c,d"}, {"table": "5"}],
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_input_gives_a_korean_message(calc_page, name):
    for case, out in zip(INVALID[name], run_batch(calc_page, name, INVALID[name])):
        assert not out["ok"], f"{name} {case} accepted: {out}"
        assert HANGUL.search(out["message"]) and "NaN" not in out["message"], out["message"]


def test_undefined_results_never_show_nan(calc_page):
    text = run_batch(calc_page, "predictive", [{"se": "0.9", "sp": "1", "prevalence": "0", "pretest": "0", "per": "1000"}])[0]["text"]
    assert "계산할 수 없음" in text and "NaN" not in text


# ---------------------------------------------------------------- the page and the UI

def live_text(page, calc):
    return page.locator(f"#calc-{calc} .medcalc__result").inner_text()


def test_typing_updates_the_live_region_and_the_address(calc_page):
    page = calc_page
    field = page.get_by_label("유병률(π)", exact=True).first
    field.fill("")
    field.type("0.5")
    page.wait_for_function("() => /50%/.test(document.querySelector('#calc-predictive .medcalc__summary')?.textContent || '')", polling=100)
    expected = ppv_at(0.5, 0.8066, 0.9412)
    assert f"{100 * expected:.2f}%" in live_text(page, "predictive")
    assert "predictive.prevalence=0.5" in page.url
    assert page.locator("#calc-predictive [role=status][aria-live=polite]").count() == 1
    # invalid text: a Korean message in the live region, the input marked invalid, no NaN
    field.fill("")
    field.type("영점오")
    page.wait_for_function("() => document.querySelector('#calc-predictive .medcalc__error') !== null", polling=100)
    assert "숫자로 입력하세요" in live_text(page, "predictive") and "NaN" not in live_text(page, "predictive")
    assert field.get_attribute("aria-invalid") == "true"
    # reset restores the post's example, by keyboard
    page.locator("#calc-predictive .medcalc__reset").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#calc-predictive .medcalc__error') === null", polling=100)
    assert field.input_value() == "0.01" and "predictive.prevalence" not in page.url


def test_address_restores_the_inputs(served):
    base, instance = served
    page = instance.new_page()
    page.goto(base + "calculators/?proportion.x=0&proportion.n=20#calc-proportion")
    page.wait_for_function("() => document.querySelector('#calc-proportion .medcalc__summary') !== null", polling=100)
    assert page.locator("#calc-proportion input[name=x]").input_value() == "0"
    lo, hi = proportion_confint(0, 20, method="beta")
    assert f"0/20" in live_text(page, "proportion") and f"{hi:.4f}" in live_text(page, "proportion")
    page.close()


def test_keyboard_reaches_every_input(calc_page):
    page = calc_page
    page.locator("#calc-kappa textarea").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('medcalc__reset')")
    labels = page.evaluate("""() => Array.from(document.querySelectorAll('.medcalc input, .medcalc select, .medcalc textarea'))
        .filter(e => !e.closest('[hidden]')).map(e => document.querySelector(`label[for="${e.id}"]`)?.textContent || '')""")
    assert labels and all(HANGUL.search(label) for label in labels)


def test_scripts_only_on_pages_with_a_calculator(calc_site):
    home = calc_site.html("")
    assert not home.select('script[src*="calculators"]') and not home.select('link[href*="calculators.css"]')
    page = calc_site.html("calculators/")
    scripts = [tag["src"] for tag in page.select('script[src*="calculators"]')]
    assert scripts[0].endswith("assets/javascripts/calculators.js") and len(scripts) == 8
    demo = calc_site.html("2026/10/calculator-demo/")
    assert sorted(tag["src"].rsplit("/", 1)[1] for tag in demo.select('script[src*="calculators"]')) == [
        "calculators-kappa.js", "calculators-predictive.js", "calculators.js"]
    # the derivation link points at the post when it is built, at the section on the post itself
    assert page.select_one('a[data-medcalc-post="confusion-matrix-prevalence"]')["href"] == \
        "../2026/10/confusion-matrix-prevalence/#유병률을-바꾸면-예측도가-바뀝니다"
    notebook = calc_site.html("2026/10/confusion-matrix-prevalence/")
    assert notebook.select_one(".medcalc a")["href"] == "#유병률을-바꾸면-예측도가-바뀝니다"
    assert notebook.find(id="유병률을-바꾸면-예측도가-바뀝니다")
    assert "계산기" in [a.get_text(strip=True) for a in page.select(".md-tabs__link")]


def test_bundle_is_small():
    files = sorted(JS_DIR.glob("calculators*.js")) + [CSS]
    assert len(files) == 9
    compressed = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert compressed <= 30 * 1024, compressed


def test_no_request_leaves_the_site(calc_page):
    origin = urlsplit(calc_page.url).netloc
    assert [u for u in calc_page.requests if urlsplit(u).netloc not in (origin, "") and not u.startswith("data:")] == []


def test_readable_at_360_px_and_accessible(served):
    base, instance = served
    script = (NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    problems = {}
    for scheme in ("light", "dark"):
        page = instance.new_page(color_scheme=scheme, viewport={"width": 360, "height": 800})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "calculators/", wait_until="networkidle")
        assert errors == []
        wait_ready(page)
        page.locator("#calc-evalue input[name=estimate]").fill("x")  # an error state is part of the check
        page.wait_for_function("() => document.querySelector('#calc-evalue .medcalc__error') !== null", polling=100)
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= 360, f"{scheme}: page is {overflow}px wide"
        page.add_script_tag(content=script)
        violations = page.evaluate("async () => (await axe.run(document.querySelector('.md-content'))).violations")
        problems[scheme] = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in violations
                            if v["impact"] in ("serious", "critical")]
        page.close()
    assert problems == {"light": [], "dark": []}


# ---------------------------------------------------------------- authoring

def test_fence_rejects_unknown_names_and_inputs():
    assert calculators.parse_block("name: kappa\ntable: [[1, 2], [3, 4]]")[1]["table"] == [[1, 2], [3, 4]]
    for bad in ("name: nope", "se: 0.9", "name: predictive\nsensitivity: 0.9", "name: predictive\nse: [1, 2]", "name: [", ""):
        with pytest.raises(calculators.CalculatorError):
            calculators.parse_block(bad)


def test_python_and_javascript_know_the_same_inputs(calc_page):
    js = calc_page.evaluate("() => Object.fromEntries(Object.entries(MedCalc.calcs).map(([k, d]) => [k, d.inputs.map(i => i.key)]))")
    assert {k: sorted(v) for k, v in js.items()} == {k: sorted(v["inputs"]) for k, v in calculators.CALCULATORS.items()}


def test_a_bad_block_fails_the_build(tmp_path):
    post = tmp_path / "bad-calculator.md"
    post.write_text((FIXTURES / "calculators" / "calculator-demo.md").read_text(encoding="utf-8")
                    .replace("slug: calculator-demo", "slug: bad-calculator").replace("name: kappa", "name: kapa"), encoding="utf-8")
    built = build(make_project(tmp_path / "project", [post]))
    assert built.returncode != 0 and "unknown calculator 'kapa'" in built.output
