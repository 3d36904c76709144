/* 외부검증 표본 크기: C-statistic, O/E and calibration-slope precision (Riley et al. 2021 criteria, as
   derived in the external-validation-sample-size post), plus Buderer's sample size for Se/Sp precision */
(function (M) {
  "use strict";
  var f = M.fmt, m = M.math, Z = m.Z95, GRID = 4001;

  function trapz(y, dx) { var s = 0; for (var i = 1; i < y.length; i++) s += (y[i] + y[i - 1]) / 2 * dx; return s; }
  function cumtrapz(y, dx) { var out = new Float64Array(y.length), s = 0; for (var i = 1; i < y.length; i++) { s += (y[i] + y[i - 1]) / 2 * dx; out[i] = s; } return out; }

  // η ~ N(μ, σ²), a well-calibrated model: the quantities the standard errors need (trapezoid rule on a grid)
  function summaries(mu, sigma, full) {
    var lo = mu - 9 * sigma, hi = mu + 9 * sigma, dx = (hi - lo) / (GRID - 1), i;
    var x = new Float64Array(GRID), dens = new Float64Array(GRID), p = new Float64Array(GRID), pd = new Float64Array(GRID);
    for (i = 0; i < GRID; i++) {
      x[i] = i === GRID - 1 ? hi : lo + i * dx;
      var zz = (x[i] - mu) / sigma;
      dens[i] = Math.exp(-0.5 * zz * zz) / (m.SQRT2PI * sigma);
      p[i] = 1 / (1 + Math.exp(-x[i]));
      pd[i] = p[i] * dens[i];
    }
    var prev = trapz(pd, dx);
    if (!full) return prev;
    var fe = new Float64Array(GRID), fn = new Float64Array(GRID), w0 = new Float64Array(GRID), w1 = new Float64Array(GRID), w2 = new Float64Array(GRID);
    for (i = 0; i < GRID; i++) { fe[i] = pd[i] / prev; fn[i] = (1 - p[i]) * dens[i] / (1 - prev); }
    var Fe = cumtrapz(fe, dx), Fn = cumtrapz(fn, dx), c = new Float64Array(GRID), q1 = new Float64Array(GRID), q2 = new Float64Array(GRID);
    for (i = 0; i < GRID; i++) {
      c[i] = fe[i] * Fn[i];
      q1[i] = (1 - Fe[i]) * (1 - Fe[i]) * fn[i];
      q2[i] = Fn[i] * Fn[i] * fe[i];
      var w = p[i] * (1 - p[i]);
      w0[i] = w * dens[i]; w1[i] = w * x[i] * dens[i]; w2[i] = w * x[i] * x[i] * dens[i];
    }
    var ew = trapz(w0, dx), ewx = trapz(w1, dx), ewx2 = trapz(w2, dx);
    return { prevalence: prev, c: trapz(c, dx), q1: trapz(q1, dx), q2: trapz(q2, dx), ew: ew, slopeInfo: ewx2 - ewx * ewx / ew };
  }

  var last = { key: null, value: null };
  function solve(prevalence, cstat) {
    var key = prevalence + "|" + cstat;
    if (last.key === key) return last.value;
    var muFor = function (s) { return m.brentq(function (mu) { return summaries(mu, s, false) - prevalence; }, -20, 10); };
    var sigma = m.brentq(function (s) { return summaries(muFor(s), s, true).c - cstat; }, 0.05, 6);
    last = { key: key, value: { mu: muFor(sigma), sigma: sigma } };
    return last.value;
  }

  M.register({
    id: "samplesize",
    title: "외부검증 표본 크기",
    intro: "예상 C-통계량과 사건 비율에서, C·O/E·보정 기울기를 목표 신뢰구간 폭으로 추정하는 데 필요한 환자 수와 사건 수를 구합니다. 고정한 임계값에서 민감도·특이도를 원하는 정밀도로 재는 데 필요한 수(Buderer)도 함께 계산합니다.",
    inputs: [
      { key: "c", label: "예상 C-통계량", min: 0.55, max: 0.95, help: "0.55–0.95", example: "0.75" },
      { key: "prevalence", label: "사건 비율(φ)", min: 0.01, max: 0.5, help: "0.01–0.5, 예: 10%는 0.1", example: "0.1" },
      { key: "widthC", label: "C의 95% CI 목표 폭", min: 0, max: 0.5, minOpen: true, example: "0.1" },
      { key: "widthSlope", label: "보정 기울기의 95% CI 목표 폭", min: 0, max: 2, minOpen: true, example: "0.2" },
      { key: "widthOE", label: "O/E의 95% CI 목표 폭", min: 0, max: 2, minOpen: true, help: "O/E = 1일 때의 폭", example: "0.2" },
      { key: "se", label: "작동점의 민감도", min: 0, max: 1, minOpen: true, maxOpen: true, example: "0.9" },
      { key: "sp", label: "작동점의 특이도", min: 0, max: 1, minOpen: true, maxOpen: true, example: "0.9" },
      { key: "halfWidth", label: "민감도·특이도 95% CI 반폭", min: 0, max: 0.5, minOpen: true, help: "예: ±0.05는 0.05", example: "0.05" }
    ],
    compute: function (v) {
      var phi = v.prevalence, lp = solve(phi, v.c), s = summaries(lp.mu, lp.sigma, true);
      var tC = v.widthC / (2 * Z), tSlope = v.widthSlope / (2 * Z), tOE = Math.asinh(v.widthOE / 2) / Z;
      // SE(C)² = [C(1−C) + (nφ−1)(Q1−C²) + (n(1−φ)−1)(Q2−C²)] / (n² φ(1−φ)) = tC²: a quadratic in n
      var A = s.q1 - s.c * s.c, B = s.q2 - s.c * s.c, sp = s.prevalence;
      var qa = tC * tC * sp * (1 - sp), qb = sp * A + (1 - sp) * B, qk = s.c * (1 - s.c) - A - B;
      var nC = (qb + Math.sqrt(qb * qb + 4 * qa * qk)) / (2 * qa);
      var nSlope = 1 / (tSlope * tSlope * s.slopeInfo);
      var nOE = (1 - sp) / (sp * tOE * tOE);
      // Newcombe's closed form (pmvalsampsize): SE² = C(1−C)[1 + (n/2−1)((1−C)/(2−C) + C/(1+C))] / (n² φ(1−φ))
      var g = (1 - v.c) / (2 - v.c) + v.c / (1 + v.c), cc = v.c * (1 - v.c);
      var na = tC * tC * phi * (1 - phi), nb = cc * g / 2, nk = cc * (1 - g);
      var nCNewcombe = (nb + Math.sqrt(nb * nb + 4 * na * nk)) / (2 * na);
      var d2 = v.halfWidth * v.halfWidth;
      var nDis = Z * Z * v.se * (1 - v.se) / d2, nNon = Z * Z * v.sp * (1 - v.sp) / d2;
      var out = {
        mu: lp.mu, sigma: lp.sigma, q1: s.q1, q2: s.q2,
        nC: nC, nSlope: nSlope, nOE: nOE, nCNewcombe: nCNewcombe,
        nDiseased: nDis, nNondiseased: nNon, nSe: Math.ceil(nDis / phi), nSp: Math.ceil(nNon / (1 - phi))
      };
      out.required = Math.max(Math.ceil(nC), Math.ceil(nSlope), Math.ceil(nOE));
      out.events = Math.ceil(out.required * phi);
      return out;
    },
    render: function (r, v) {
      var ev = function (n) { return f.num(Math.ceil(n), 0) + "명 (사건 " + f.num(Math.ceil(Math.ceil(n) * v.prevalence), 0) + "건)"; };
      return {
        summary: "세 기준을 모두 만족하려면 " + f.num(r.required, 0) + "명(사건 " + f.num(r.events, 0) + "건)이 필요합니다.",
        rows: [
          ["C-통계량 기준", ev(r.nC)],
          ["O/E 기준", ev(r.nOE)],
          ["보정 기울기 기준", ev(r.nSlope)],
          ["필요한 표본(가장 큰 값)", f.num(r.required, 0) + "명, 사건 " + f.num(r.events, 0) + "건"],
          ["참고: C 기준, Newcombe 닫힌 식(pmvalsampsize)", ev(r.nCNewcombe)],
          ["선형예측치 분포", "N(μ = " + f.num(r.mu, 3) + ", σ = " + f.num(r.sigma, 3) + ")"],
          ["민감도 기준(Buderer)", "질환군 " + f.num(Math.ceil(r.nDiseased), 0) + "명, 전체 " + f.num(r.nSe, 0) + "명"],
          ["특이도 기준(Buderer)", "비질환군 " + f.num(Math.ceil(r.nNondiseased), 0) + "명, 전체 " + f.num(r.nSp, 0) + "명"]
        ],
        formula: [
          "선형예측치 η ~ N(μ, σ²)를 E[expit(η)] = φ, C = 예상 C가 되도록 풉니다(사다리꼴 적분).",
          "SE(C)² ≈ [C(1 − C) + (n₁ − 1)(Q₁ − C²) + (n₀ − 1)(Q₂ − C²)] / (n₁n₀)  (Hanley–McNeil, Q는 적분값), 목표 SE = 폭 / (2 × 1.96)",
          "SE[ln(O/E)] ≈ √((1 − φ)/(nφ)), 목표 SE = arsinh(폭/2) / 1.96",
          "SE(보정 기울기) ≈ 1 / √(n(E[wη²] − E[wη]²/E[w])),  w = p(1 − p)",
          "Buderer: 질환군 = 1.96²·Se(1 − Se)/d², 전체 = 질환군 / φ;  비질환군 = 1.96²·Sp(1 − Sp)/d², 전체 = 비질환군 / (1 − φ)"
        ]
      };
    }
  });
})(window.MedCalc);
