/* 비율의 신뢰구간: Wilson score and Clopper–Pearson exact intervals for x/n */
(function (M) {
  "use strict";
  var f = M.fmt, m = M.math;
  M.register({
    id: "proportion",
    title: "비율의 신뢰구간",
    intro: "검증 표의 민감도(맞힌 질환군 수 x / 질환군 수 n)처럼 비율 하나에 신뢰구간을 붙입니다.",
    inputs: [
      { key: "x", label: "분자 x", integer: true, min: 0, help: "예: 양성으로 맞힌 질환군 환자 수", example: "171" },
      { key: "n", label: "분모 n", integer: true, min: 1, max: 10000000, help: "예: 질환군 환자 수", example: "212" },
      { key: "confidence", label: "신뢰수준", min: 0.5, max: 0.9999, maxOpen: false, help: "예: 0.95", example: "0.95" }
    ],
    compute: function (v) {
      var x = v.x, n = v.n;
      if (x > n) throw new M.InputError("분자 x는 분모 n보다 클 수 없습니다.", "x");
      var alpha = 1 - v.confidence, z = m.normPpf(1 - alpha / 2), z2 = z * z;
      var center = (x + z2 / 2) / (n + z2);
      var half = z / (n + z2) * Math.sqrt(x * (n - x) / n + z2 / 4);
      return {
        p: x / n, z: z,
        wilson: [center - half, center + half],
        clopper: [x > 0 ? m.betaPpf(alpha / 2, x, n - x + 1) : 0, x < n ? m.betaPpf(1 - alpha / 2, x + 1, n - x) : 1]
      };
    },
    render: function (r, v) {
      var level = f.num(100 * v.confidence, 2) + "%";
      return {
        summary: v.x + "/" + v.n + " = " + f.num(r.p) + ", Wilson " + level + " CI " + f.ci(r.wilson[0], r.wilson[1]) +
          ", Clopper–Pearson " + f.ci(r.clopper[0], r.clopper[1]) + ".",
        rows: [
          ["비율 x/n", f.num(r.p) + " (" + f.pct(r.p) + ")"],
          ["Wilson " + level + " 신뢰구간", f.ci(r.wilson[0], r.wilson[1])],
          ["Clopper–Pearson " + level + " 신뢰구간", f.ci(r.clopper[0], r.clopper[1])]
        ],
        formula: [
          "Wilson: (x + z²/2)/(n + z²) ± z/(n + z²)·√(x(n − x)/n + z²/4),  z = " + f.num(r.z, 4),
          "Clopper–Pearson: [B(α/2; x, n − x + 1), B(1 − α/2; x + 1, n − x)], B는 베타분포의 분위수. x = 0이면 하한 0, x = n이면 상한 1"
        ]
      };
    }
  });
})(window.MedCalc);
