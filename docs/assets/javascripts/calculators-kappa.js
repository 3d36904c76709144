/* 카파: observed and expected agreement, Cohen's kappa with an asymptotic CI, positive/negative agreement */
(function (M) {
  "use strict";
  var f = M.fmt, Z = M.math.Z95;
  M.register({
    id: "kappa",
    title: "카파(판독 일치도)",
    intro: "두 판독자의 교차표(행: 판독자 A, 열: 판독자 B)에서 카파와 양성·음성 일치율을 구합니다. 유병률이 낮으면 관찰 일치율이 높아도 카파가 낮아지는 역설을 확인할 수 있습니다.",
    inputs: [
      { key: "table", label: "교차표", type: "table", help: "행은 세미콜론(;), 칸은 쉼표(,)로 구분. 2×2 예: 31,55;51,863 (첫 행·열이 양성)", example: "31,55;51,863" }
    ],
    compute: function (v) {
      var t = v.table, k = t.length, i, j, n = 0;
      for (i = 0; i < k; i++) for (j = 0; j < k; j++) n += t[i][j];
      if (n === 0) throw new M.InputError("교차표의 합이 0입니다. 판정 수를 입력하세요.", "table");
      var row = [], col = [], po = 0, pe = 0;
      for (i = 0; i < k; i++) { row[i] = 0; col[i] = 0; }
      for (i = 0; i < k; i++) for (j = 0; j < k; j++) { row[i] += t[i][j] / n; col[j] += t[i][j] / n; }
      for (i = 0; i < k; i++) { po += t[i][i] / n; pe += row[i] * col[i]; }
      var out = { n: n, po: po, pe: pe, kappa: null, se: null, low: null, high: null, ppos: null, pneg: null };
      if (k === 2) {
        var a = t[0][0], b = t[0][1], c = t[1][0], d = t[1][1];
        out.ppos = 2 * a + b + c > 0 ? 2 * a / (2 * a + b + c) : null;
        out.pneg = 2 * d + b + c > 0 ? 2 * d / (2 * d + b + c) : null;
      }
      if (1 - pe <= 1e-15) return out; // every rating in one category: kappa is 0/0
      var kappa = (po - pe) / (1 - pe), ta = 0, tb = 0;
      for (i = 0; i < k; i++) ta += t[i][i] / n * Math.pow(1 - (row[i] + col[i]) * (1 - kappa), 2);
      for (i = 0; i < k; i++) for (j = 0; j < k; j++) if (i !== j) tb += t[i][j] / n * Math.pow(col[i] + row[j], 2);
      tb *= Math.pow(1 - kappa, 2);
      var tc = Math.pow(kappa - pe * (1 - kappa), 2);
      var variance = (ta + tb - tc) / Math.pow(1 - pe, 2) / n;
      out.kappa = kappa;
      out.se = Math.sqrt(Math.max(variance, 0));
      out.low = kappa - Z * out.se; out.high = kappa + Z * out.se;
      return out;
    },
    render: function (r) {
      var rows = [
        ["판정 수 n", f.num(r.n, 0)],
        ["관찰 일치율 pₒ", f.num(r.po)],
        ["우연 기대 일치율 pₑ", f.num(r.pe)],
        ["카파 κ", r.kappa === null ? "계산할 수 없음(모든 판정이 한 범주: pₑ = 1)" : f.num(r.kappa) + " (95% CI " + f.ci(r.low, r.high) + ")"]
      ];
      if (r.ppos !== undefined && (r.ppos !== null || r.pneg !== null)) {
        rows.push(["양성 일치율 2a/(2a + b + c)", f.num(r.ppos)]);
        rows.push(["음성 일치율 2d/(2d + b + c)", f.num(r.pneg)]);
      }
      return {
        summary: "관찰 일치율 " + f.num(r.po, 3) + ", 카파 " + (r.kappa === null ? "계산할 수 없음" : f.num(r.kappa, 3)) + ".",
        rows: rows,
        formula: [
          "pₒ = Σ pᵢᵢ,  pₑ = Σ pᵢ· p·ᵢ,  κ = (pₒ − pₑ) / (1 − pₑ)",
          "SE(κ): Fleiss·Cohen·Everitt(1969)의 대표본 분산, 95% CI = κ ± 1.96·SE",
          "양성 일치율 = 2a/(2a + b + c), 음성 일치율 = 2d/(2d + b + c) (2×2 표에서)"
        ]
      };
    }
  });
})(window.MedCalc);
