/* 유병률에 따른 예측도: PPV, NPV, LR+, LR−, expected counts, Fagan post-test probability */
(function (M) {
  "use strict";
  var f = M.fmt;
  function ratio(num, den) { // num/den with 0/0 undefined and x/0 infinite
    if (den === 0) return num === 0 ? null : Infinity;
    return num / den;
  }
  function post(pre, se, sp, positive) { // Bayes on the probability scale = odds × LR (Fagan)
    var a = positive ? se * pre : (1 - se) * pre;
    var b = positive ? (1 - sp) * (1 - pre) : sp * (1 - pre);
    return a + b === 0 ? null : a / (a + b);
  }
  M.register({
    id: "predictive",
    title: "유병률에 따른 예측도",
    intro: "민감도와 특이도가 같아도 유병률이 낮으면 양성예측도가 떨어집니다. 검사전확률에서 검사후확률로 가는 계산(Fagan)도 함께 보여 줍니다.",
    inputs: [
      { key: "se", label: "민감도(Se)", min: 0, max: 1, help: "0–1 사이 비율, 예: 0.9", example: "0.9" },
      { key: "sp", label: "특이도(Sp)", min: 0, max: 1, help: "0–1 사이 비율", example: "0.95" },
      { key: "prevalence", label: "유병률(π)", min: 0, max: 1, help: "0–1 사이 비율, 예: 1%는 0.01", example: "0.01" },
      { key: "pretest", label: "검사전확률", min: 0, max: 1, help: "개별 환자의 검사전확률(0–1)", example: "0.3" },
      { key: "per", label: "기대 인원 기준", type: "select", options: [["1000", "1,000명당"], ["100000", "100,000명당"]] }
    ],
    compute: function (v) {
      var se = v.se, sp = v.sp, pi = v.prevalence, N = Number(v.per);
      return {
        ppv: ratio(se * pi, se * pi + (1 - sp) * (1 - pi)),
        npv: ratio(sp * (1 - pi), sp * (1 - pi) + (1 - se) * pi),
        lrPos: ratio(se, 1 - sp),
        lrNeg: ratio(1 - se, sp),
        tp: N * se * pi, fp: N * (1 - sp) * (1 - pi), fn: N * (1 - se) * pi, tn: N * sp * (1 - pi),
        postPos: post(v.pretest, se, sp, true),
        postNeg: post(v.pretest, se, sp, false)
      };
    },
    render: function (r, v) {
      var per = v.per === "1000" ? "1,000명당" : "100,000명당";
      var nd = v.per === "1000" ? 1 : 0;
      return {
        summary: "유병률 " + f.pct(v.prevalence) + "에서 양성예측도 " + f.pct(r.ppv) + ", 음성예측도 " + f.pct(r.npv) + ".",
        rows: [
          ["양성예측도(PPV)", f.num(r.ppv) + " (" + f.pct(r.ppv) + ")"],
          ["음성예측도(NPV)", f.num(r.npv) + " (" + f.pct(r.npv) + ")"],
          ["양성우도비(LR+)", f.num(r.lrPos, 3)],
          ["음성우도비(LR−)", f.num(r.lrNeg, 3)],
          [per + " 진양성 / 위양성", f.num(r.tp, nd) + " / " + f.num(r.fp, nd) + "명"],
          [per + " 위음성 / 진음성", f.num(r.fn, nd) + " / " + f.num(r.tn, nd) + "명"],
          ["검사전확률 " + f.pct(v.pretest) + " → 양성 뒤 검사후확률", f.pct(r.postPos)],
          ["검사전확률 " + f.pct(v.pretest) + " → 음성 뒤 검사후확률", f.pct(r.postNeg)]
        ],
        formula: [
          "PPV = Se·π / (Se·π + (1 − Sp)(1 − π)),  NPV = Sp·(1 − π) / (Sp·(1 − π) + (1 − Se)·π)",
          "LR+ = Se / (1 − Sp),  LR− = (1 − Se) / Sp",
          "검사후 오즈 = 검사전 오즈 × LR,  확률 = 오즈 / (1 + 오즈)  (Fagan 노모그램)",
          "분모가 0이면(예: 유병률 0이고 특이도 1) 그 값은 정의되지 않습니다."
        ]
      };
    }
  });
})(window.MedCalc);
