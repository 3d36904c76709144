/* E-값: VanderWeele & Ding's E-value for an estimate and its confidence limit */
(function (M) {
  "use strict";
  var f = M.fmt;
  function toRR(x, measure, common) {
    if (measure === "rr" || !common) return x;
    if (measure === "or") return Math.sqrt(x);
    return (1 - Math.pow(0.5, Math.sqrt(x))) / (1 - Math.pow(0.5, Math.sqrt(1 / x)));
  }
  function evalue(rr) {
    if (rr < 1) rr = 1 / rr;
    return rr + Math.sqrt(rr * (rr - 1));
  }
  M.register({
    id: "evalue",
    title: "E-값",
    intro: "측정하지 않은 교란변수가 노출·결과와 각각 위험비 몇 배로 연관되어야 관찰된 연관을 설명해 버릴 수 있는지 계산합니다.",
    inputs: [
      { key: "measure", label: "보고된 척도", type: "select", options: [["rr", "위험비(RR)"], ["or", "오즈비(OR)"], ["hr", "위해비(HR)"]] },
      { key: "outcome", label: "결과의 빈도", type: "select", options: [["rare", "드묾(추적 끝까지 15% 미만)"], ["common", "흔함(15% 이상)"]] },
      { key: "estimate", label: "점추정치", min: 0, minOpen: true, example: "2.17" },
      { key: "lower", label: "95% CI 하한", min: 0, minOpen: true, optional: true, help: "비워 두면 점추정치만 계산", example: "1.98" },
      { key: "upper", label: "95% CI 상한", min: 0, minOpen: true, optional: true, example: "2.38" }
    ],
    compute: function (v) {
      var common = v.outcome === "common";
      if ((v.lower === null) !== (v.upper === null)) throw new M.InputError("신뢰구간은 하한과 상한을 함께 입력하세요.", "lower");
      if (v.lower !== null && !(v.lower <= v.estimate && v.estimate <= v.upper)) throw new M.InputError("신뢰구간 하한 ≤ 점추정치 ≤ 상한이어야 합니다.", "lower");
      var rr = toRR(v.estimate, v.measure, common);
      var out = { rr: rr, evalue: evalue(rr), rrLow: null, rrHigh: null, evalueLimit: null, limit: null };
      if (v.lower !== null) {
        out.rrLow = toRR(v.lower, v.measure, common); out.rrHigh = toRR(v.upper, v.measure, common);
        if (out.rrLow <= 1 && 1 <= out.rrHigh) { out.evalueLimit = 1; out.limit = "crosses"; }
        else { out.limit = rr > 1 ? "lower" : "upper"; out.evalueLimit = evalue(rr > 1 ? out.rrLow : out.rrHigh); }
      }
      return out;
    },
    render: function (r, v) {
      var rows = [
        ["위험비로 바꾼 값", f.num(r.rr, 3) + (r.rrLow !== null ? " (95% CI " + f.ci(r.rrLow, r.rrHigh, 3) + ")" : "")],
        ["점추정치의 E-값", f.num(r.evalue, 3)]
      ];
      if (r.limit) rows.push(["신뢰구간 한계의 E-값", f.num(r.evalueLimit, 3) + (r.limit === "crosses" ? " (구간이 이미 1을 포함)" : r.limit === "lower" ? " (하한)" : " (상한)")]);
      return {
        summary: "E-값: 점추정치 " + f.num(r.evalue, 2) + (r.limit ? ", 신뢰구간 한계 " + f.num(r.evalueLimit, 2) : "") + ".",
        rows: rows,
        formula: [
          "E = RR + √(RR × (RR − 1)),  RR < 1이면 1/RR을 넣습니다.",
          "흔한 결과: RR ≈ √OR,  RR ≈ (1 − 0.5^√HR) / (1 − 0.5^√(1/HR)); 드문 결과: RR ≈ OR ≈ HR",
          "신뢰구간은 1에 가까운 쪽 한계에 같은 식을 적용하고, 구간이 1을 포함하면 1입니다."
        ]
      };
    }
  });
})(window.MedCalc);
