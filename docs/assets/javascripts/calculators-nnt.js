/* 치료필요수: risk difference → NNT (benefit/harm) with a confidence interval and its horizon */
(function (M) {
  "use strict";
  var f = M.fmt, Z = M.math.Z95;
  function wilson(x, n) {
    var p = x / n, c = (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
    var h = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n);
    return [c - h, c + h];
  }
  function nntFrom(rd, lo, hi) {
    var out = { nnt: rd === 0 ? Infinity : 1 / Math.abs(rd), kind: rd < 0 ? "NNTB" : rd > 0 ? "NNTH" : "없음" };
    if (hi < 0) { out.ci = "benefit"; out.ciLow = 1 / Math.abs(lo); out.ciHigh = 1 / Math.abs(hi); }
    else if (lo > 0) { out.ci = "harm"; out.ciLow = 1 / hi; out.ciHigh = 1 / lo; }
    else { out.ci = "crossing"; out.nntbLimit = lo < 0 ? 1 / Math.abs(lo) : Infinity; out.nnthLimit = hi > 0 ? 1 / hi : Infinity; }
    return out;
  }
  var counts = function (v) { return v.mode === "counts"; };
  var ratio = function (v) { return v.mode === "ratio"; };
  M.register({
    id: "nnt",
    title: "치료필요수(NNT)",
    intro: "정해 둔 기간의 두 군 위험에서 위험차와 치료필요수를 구합니다. 치료가 이로우면 NNTB, 해로우면 NNTH입니다.",
    inputs: [
      { key: "mode", label: "입력 방식", type: "select", options: [["counts", "두 군의 사건 수"], ["ratio", "기저위험 + 위험비/오즈비"]] },
      { key: "horizon", label: "기간", type: "text", help: "위험을 잰 기간, 예: 3년", example: "3년" },
      { key: "a", label: "치료군 사건 수", integer: true, min: 0, when: counts, example: "132" },
      { key: "n1", label: "치료군 인원", integer: true, min: 1, when: counts, example: "1500" },
      { key: "c", label: "대조군 사건 수", integer: true, min: 0, when: counts, example: "174" },
      { key: "n0", label: "대조군 인원", integer: true, min: 1, when: counts, example: "1500" },
      { key: "method", label: "위험차 신뢰구간", type: "select", when: counts, options: [["wald", "Wald"], ["newcombe", "Newcombe(하이브리드 점수)"]] },
      { key: "p0", label: "대조군 위험(기저위험)", min: 0, max: 1, minOpen: true, maxOpen: true, when: ratio, help: "0–1 사이 비율", example: "0.12" },
      { key: "measure", label: "상대 척도", type: "select", when: ratio, options: [["rr", "위험비(RR)"], ["or", "오즈비(OR)"]] },
      { key: "ratio", label: "위험비/오즈비", min: 0, minOpen: true, when: ratio, example: "0.76" },
      { key: "lower", label: "95% CI 하한", min: 0, minOpen: true, optional: true, when: ratio, help: "비워 두면 구간 없이 계산", example: "0.61" },
      { key: "upper", label: "95% CI 상한", min: 0, minOpen: true, optional: true, when: ratio, example: "0.94" }
    ],
    compute: function (v) {
      var p1, p0, rd, lo, hi, out;
      if (v.mode === "counts") {
        if (v.a > v.n1) throw new M.InputError("치료군 사건 수는 치료군 인원보다 클 수 없습니다.", "a");
        if (v.c > v.n0) throw new M.InputError("대조군 사건 수는 대조군 인원보다 클 수 없습니다.", "c");
        p1 = v.a / v.n1; p0 = v.c / v.n0; rd = p1 - p0;
        if (v.method === "wald") {
          var se = Math.sqrt(p1 * (1 - p1) / v.n1 + p0 * (1 - p0) / v.n0);
          lo = rd - Z * se; hi = rd + Z * se;
        } else {
          var w1 = wilson(v.a, v.n1), w0 = wilson(v.c, v.n0);
          lo = rd - Math.sqrt(Math.pow(p1 - w1[0], 2) + Math.pow(w0[1] - p0, 2));
          hi = rd + Math.sqrt(Math.pow(w1[1] - p1, 2) + Math.pow(p0 - w0[0], 2));
        }
      } else {
        p0 = v.p0;
        var toP1 = function (r) {
          if (v.measure === "rr") {
            if (r * p0 > 1) throw new M.InputError("위험비 × 기저위험이 1을 넘습니다. 위험비나 기저위험을 줄이세요.", "ratio");
            return r * p0;
          }
          return r * p0 / (1 - p0 + r * p0);
        };
        if ((v.lower === null) !== (v.upper === null)) throw new M.InputError("신뢰구간은 하한과 상한을 함께 입력하세요.", "lower");
        if (v.lower !== null && !(v.lower <= v.ratio && v.ratio <= v.upper)) throw new M.InputError("신뢰구간 하한 ≤ 점추정치 ≤ 상한이어야 합니다.", "lower");
        p1 = toP1(v.ratio); rd = p1 - p0;
        if (v.lower !== null) { lo = toP1(v.lower) - p0; hi = toP1(v.upper) - p0; }
      }
      out = { p1: p1, p0: p0, rd: rd, rdLow: lo === undefined ? null : lo, rdHigh: hi === undefined ? null : hi };
      var n = nntFrom(rd, lo === undefined ? rd : lo, hi === undefined ? rd : hi);
      out.nnt = n.nnt; out.kind = n.kind;
      if (lo !== undefined) { out.ci = n.ci; out.ciLow = n.ciLow; out.ciHigh = n.ciHigh; out.nntbLimit = n.nntbLimit; out.nnthLimit = n.nnthLimit; }
      return out;
    },
    render: function (r, v) {
      var horizon = v.horizon ? v.horizon + " 동안 " : "(기간을 적으세요) ";
      var head = r.kind === "없음" ? "위험차 0: 치료필요수는 ∞" : r.kind + " " + f.num(r.nnt, 1);
      var ciText = "";
      if (r.ci === "benefit" || r.ci === "harm") ciText = " (95% CI " + f.ci(r.ciLow, r.ciHigh, 1) + ")";
      else if (r.ci === "crossing") ciText = " (95% CI NNTB " + f.num(r.nntbLimit, 1) + " → ∞ → NNTH " + f.num(r.nnthLimit, 1) + ")";
      var rows = [
        ["치료군 위험 p₁", f.num(r.p1) + " (" + f.pct(r.p1) + ")"],
        ["대조군 위험 p₀", f.num(r.p0) + " (" + f.pct(r.p0) + ")"],
        ["위험차 RD = p₁ − p₀", f.num(r.rd) + (r.rdLow !== null ? " (95% CI " + f.ci(r.rdLow, r.rdHigh) + ")" : "")],
        ["치료필요수", horizon + head + ciText]
      ];
      var formula = ["RD = p₁ − p₀,  NNT = 1 / |RD|  (RD < 0이면 NNTB, RD > 0이면 NNTH)",
        "구간이 0을 지나면 NNT 구간은 두 조각: NNTB 1/|L| → ∞ → NNTH 1/U (Altman)"];
      if (v.mode === "counts") {
        formula.unshift(v.method === "wald" ? "Wald: RD ± 1.96·√(p₁(1 − p₁)/n₁ + p₀(1 − p₀)/n₀)"
          : "Newcombe: RD − √((p₁ − l₁)² + (u₀ − p₀)²),  RD + √((u₁ − p₁)² + (p₀ − l₀)²),  (l, u)는 각 군의 Wilson 구간");
      } else {
        formula.unshift(v.measure === "rr" ? "p₁ = RR × p₀ (신뢰구간은 기저위험을 고정하고 RR의 한계를 넣어 계산)"
          : "p₁ = OR·p₀ / (1 − p₀ + OR·p₀) (신뢰구간은 기저위험을 고정하고 OR의 한계를 넣어 계산)");
      }
      return { summary: horizon + head + ciText + ".", rows: rows, formula: formula };
    }
  });
})(window.MedCalc);
