/* 순이익: net benefit of the model, treat all and treat none, standardized net benefit */
(function (M) {
  "use strict";
  var f = M.fmt;
  M.register({
    id: "netbenefit",
    title: "순이익(결정곡선의 한 점)",
    intro: "임계확률 pₜ에서 모델을 따를 때, 모두 치료할 때, 아무도 치료하지 않을 때의 순이익을 비교합니다.",
    inputs: [
      { key: "se", label: "민감도(Se)", min: 0, max: 1, help: "임계확률 pₜ에서의 민감도", example: "0.785" },
      { key: "sp", label: "특이도(Sp)", min: 0, max: 1, help: "임계확률 pₜ에서의 특이도", example: "0.708" },
      { key: "prevalence", label: "유병률(π)", min: 0, max: 1, example: "0.209" },
      { key: "threshold", label: "임계확률(pₜ)", min: 0, max: 1, minOpen: true, maxOpen: true, help: "0 초과 1 미만, 예: 0.2", example: "0.2" }
    ],
    compute: function (v) {
      var pi = v.prevalence, w = v.threshold / (1 - v.threshold);
      var nb = v.se * pi - (1 - v.sp) * (1 - pi) * w;
      var nbAll = pi - (1 - pi) * w;
      return {
        odds: w, nb: nb, nbAll: nbAll, nbNone: 0,
        snb: pi > 0 ? nb / pi : null,
        snbAll: pi > 0 ? nbAll / pi : null,
        advantage: nb - Math.max(nbAll, 0),
        interventionsAvoided: (nb - nbAll) / w * 100
      };
    },
    render: function (r, v) {
      var best = r.nb > Math.max(r.nbAll, 0) ? "모델" : r.nbAll > 0 ? "모두 치료" : "아무도 치료 안 함";
      return {
        summary: "임계확률 " + f.pct(v.threshold) + "에서 모델의 순이익 " + f.num(r.nb) + ", 모두 치료 " + f.num(r.nbAll) + ": 가장 나은 전략은 " + best + ".",
        rows: [
          ["임계오즈 pₜ/(1 − pₜ)", f.num(r.odds) + " (진양성 1건 = 위양성 " + f.num(1 / r.odds, 2) + "건)"],
          ["모델의 순이익", f.num(r.nb) + " (100명당 " + f.num(100 * r.nb, 2) + "명)"],
          ["모두 치료의 순이익", f.num(r.nbAll)],
          ["아무도 치료 안 함", "0"],
          ["표준화 순이익 sNB = NB/π", f.num(r.snb) + " (모두 치료 " + f.num(r.snbAll) + ")"],
          ["모델 − max(모두 치료, 0)", f.num(r.advantage)],
          ["100명당 줄어드는 불필요한 개입", f.num(r.interventionsAvoided, 2) + "건"]
        ],
        formula: [
          "NB = π·Se − (1 − π)(1 − Sp)·pₜ/(1 − pₜ)",
          "NB(모두 치료) = π − (1 − π)·pₜ/(1 − pₜ),  NB(아무도 안 함) = 0",
          "sNB = NB / π,  개입 감소(100명당) = (NB − NB모두) / (pₜ/(1 − pₜ)) × 100"
        ]
      };
    }
  });
})(window.MedCalc);
