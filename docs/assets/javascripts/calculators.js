/* 의료AI 연구노트 — calculators: shared numerics, input parsing, URL state and the form UI.
   Each formula set lives in its own calculators-<id>.js and calls MedCalc.register().
   Hand-written, no dependencies; loaded only on pages that contain a calculator. */
(function () {
  "use strict";
  var M = (window.MedCalc = window.MedCalc || {});
  M.calcs = M.calcs || {};

  /* ---------- numerics ---------- */
  var SQRT2PI = Math.sqrt(2 * Math.PI);

  // Wichura's AS241 (PPND16): the standard normal quantile to double precision
  function normPpf(p) {
    if (!(p > 0)) return p === 0 ? -Infinity : NaN;
    if (!(p < 1)) return p === 1 ? Infinity : NaN;
    var q = p - 0.5, r, v;
    if (Math.abs(q) <= 0.425) {
      r = 0.180625 - q * q;
      return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
        45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r +
        3.387132872796366608) / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1);
    }
    r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
    if (r <= 5) {
      r -= 1.6;
      v = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r +
        1.42343711074968357734) / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r +
        0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
    } else {
      r -= 5;
      v = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r +
        6.6579046435011037772) / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r +
        1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r +
        0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
    }
    return q < 0 ? -v : v;
  }

  var LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  function lgamma(x) {
    if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    x -= 1;
    var a = LANCZOS[0], t = x + 7.5;
    for (var i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  // continued fraction for the regularized incomplete beta function (modified Lentz)
  function betacf(a, b, x) {
    var TINY = 1e-300, qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap, h, m, m2, aa, del;
    if (Math.abs(d) < TINY) d = TINY;
    d = 1 / d;
    h = d;
    for (m = 1; m <= 100000; m++) {
      m2 = 2 * m;
      aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
      c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d; h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
      c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d; del = d * c; h *= del;
      if (Math.abs(del - 1) < 1e-16) break;
    }
    return h;
  }
  function betaInc(x, a, b) { // I_x(a, b)
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    var front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) return front * betacf(a, b, x) / a;
    return 1 - front * betacf(b, a, 1 - x) / b;
  }
  function betaLowerTail(x, a, b) { // I_x(a, b) evaluated on its accurate side for small values
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    if (x < (a + 1) / (a + b + 2)) return betaInc(x, a, b);
    return 1 - betaInc(1 - x, b, a);
  }
  // quantile of Beta(a, b): bisection to the last representable digit
  function betaPpf(q, a, b) {
    if (q <= 0) return 0;
    if (q >= 1) return 1;
    if (q > 0.5) return 1 - betaPpf(1 - q, b, a);
    var lo = 0, hi = 1, mid;
    for (var i = 0; i < 2000; i++) {
      mid = (lo + hi) / 2;
      if (mid <= lo || mid >= hi) break;
      if (betaLowerTail(mid, a, b) < q) lo = mid; else hi = mid;
    }
    return (lo + hi) / 2;
  }

  // Brent's method as in scipy.optimize.brentq
  function brentq(f, xa, xb, xtol, rtol, maxiter) {
    xtol = xtol || 1e-15; rtol = rtol || 1e-15; maxiter = maxiter || 200;
    var xpre = xa, xcur = xb, xblk = 0, fpre = f(xpre), fcur = f(xcur), fblk = 0, spre = 0, scur = 0, sbis, stry, dpre, dblk, delta;
    if (fpre * fcur > 0) throw new M.InputError("해를 찾을 수 없는 범위입니다.");
    if (fpre === 0) return xpre;
    if (fcur === 0) return xcur;
    for (var i = 0; i < maxiter; i++) {
      if (fpre !== 0 && fcur !== 0 && (fpre < 0) !== (fcur < 0)) { xblk = xpre; fblk = fpre; spre = scur = xcur - xpre; }
      if (Math.abs(fblk) < Math.abs(fcur)) { xpre = xcur; xcur = xblk; xblk = xpre; fpre = fcur; fcur = fblk; fblk = fpre; }
      delta = (xtol + rtol * Math.abs(xcur)) / 2;
      sbis = (xblk - xcur) / 2;
      if (fcur === 0 || Math.abs(sbis) < delta) return xcur;
      if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
        if (xpre === xblk) stry = -fcur * (xcur - xpre) / (fcur - fpre);
        else {
          dpre = (fpre - fcur) / (xpre - xcur);
          dblk = (fblk - fcur) / (xblk - xcur);
          stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre));
        }
        if (2 * Math.abs(stry) < Math.min(Math.abs(spre), 3 * Math.abs(sbis) - delta)) { spre = scur; scur = stry; }
        else { spre = sbis; scur = sbis; }
      } else { spre = sbis; scur = sbis; }
      xpre = xcur; fpre = fcur;
      xcur += Math.abs(scur) > delta ? scur : (sbis > 0 ? delta : -delta);
      fcur = f(xcur);
    }
    return xcur;
  }

  M.math = { normPpf: normPpf, lgamma: lgamma, betaInc: betaInc, betaPpf: betaPpf, brentq: brentq, SQRT2PI: SQRT2PI,
    Z95: normPpf(0.975) };

  /* ---------- input parsing ---------- */
  function InputError(message, key) { this.message = message; this.key = key; }
  InputError.prototype = Object.create(Error.prototype);
  InputError.prototype.name = "InputError";
  M.InputError = InputError;

  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  function rangeText(spec) {
    var lo = spec.min, hi = spec.max, loOpen = spec.minOpen, hiOpen = spec.maxOpen;
    if (lo !== undefined && hi !== undefined) {
      return lo + (loOpen ? " 초과 " : " 이상 ") + hi + (hiOpen ? " 미만" : " 이하");
    }
    if (lo !== undefined) return lo + (loOpen ? "보다 큰" : " 이상의");
    return hi + (hiOpen ? "보다 작은" : " 이하의");
  }

  function parseNumber(spec, raw) {
    var text = raw === undefined || raw === null ? "" : String(raw).trim().replace(/,/g, "");
    if (text === "") {
      if (spec.optional) return null;
      throw new InputError(spec.label + ": 값을 입력하세요.", spec.key);
    }
    if (!NUMBER.test(text)) throw new InputError(spec.label + ": 숫자로 입력하세요(예: " + spec.example + ").", spec.key);
    var value = Number(text);
    if (!isFinite(value)) throw new InputError(spec.label + ": 너무 큰 수입니다.", spec.key);
    if (spec.integer && Math.floor(value) !== value) throw new InputError(spec.label + ": 정수로 입력하세요.", spec.key);
    var bad = (spec.min !== undefined && (spec.minOpen ? value <= spec.min : value < spec.min)) ||
      (spec.max !== undefined && (spec.maxOpen ? value >= spec.max : value > spec.max));
    if (bad) {
      var kind = spec.integer ? " 정수" : " 값";
      throw new InputError(spec.label + ": " + rangeText(spec) + kind + "을 입력하세요.", spec.key);
    }
    return value;
  }

  function parseTable(spec, raw) {
    var text = String(raw === undefined || raw === null ? "" : raw).trim();
    var rows = text.split(";").map(function (r) { return r.split(",").map(function (c) { return c.trim(); }); });
    var k = rows.length;
    if (k < 2 || k > 6 || rows.some(function (r) { return r.length !== k; })) {
      throw new InputError(spec.label + ": 2×2에서 6×6까지의 정사각 표를 입력하세요.", spec.key);
    }
    return rows.map(function (r, i) {
      return r.map(function (c, j) {
        return parseNumber({ key: spec.key, label: spec.label + " " + (i + 1) + "행 " + (j + 1) + "열", integer: true, min: 0,
          example: "12" }, c);
      });
    });
  }

  // raw: {key: string}. Returns the typed values or throws InputError.
  M.parse = function (def, raw) {
    var values = {};
    def.inputs.forEach(function (spec) {
      if (spec.when && !spec.when(values)) return;
      var r = raw[spec.key];
      if (spec.type === "select") {
        var ok = spec.options.some(function (o) { return o[0] === r; });
        if (!ok) throw new InputError(spec.label + ": 보기 가운데 하나를 고르세요.", spec.key);
        values[spec.key] = r;
      } else if (spec.type === "text") {
        values[spec.key] = String(r === undefined || r === null ? "" : r).trim().slice(0, 40);
      } else if (spec.type === "table") {
        values[spec.key] = parseTable(spec, r);
      } else {
        values[spec.key] = parseNumber(spec, r);
      }
    });
    return values;
  };

  // The function the tests call: raw strings in, numbers or a Korean message out.
  M.run = function (id, raw) {
    var def = M.calcs[id];
    try {
      var values = M.parse(def, raw || {});
      return { ok: true, values: values, result: def.compute(values) };
    } catch (e) {
      if (e instanceof InputError) return { ok: false, message: e.message, key: e.key };
      throw e;
    }
  };

  M.register = function (def) {
    def.inputs.forEach(function (spec) { if (!spec.example) spec.example = spec.integer ? "10" : "0.05"; });
    M.calcs[def.id] = def;
    if (M.started) M.mountAll();
  };

  /* ---------- formatting ---------- */
  function num(x, digits) {
    if (x === null || x === undefined || (typeof x === "number" && isNaN(x))) return "계산할 수 없음";
    if (x === Infinity) return "∞";
    if (x === -Infinity) return "−∞";
    var d = digits === undefined ? 4 : digits;
    var s = Math.abs(x) >= 1e6 ? Math.round(x).toLocaleString("ko-KR") : Number(x.toFixed(d)).toLocaleString("ko-KR", { maximumFractionDigits: d });
    return s.replace(/^-/, "−");
  }
  function pct(x, digits) {
    if (x === null || x === undefined || isNaN(x)) return "계산할 수 없음";
    return num(100 * x, digits === undefined ? 2 : digits) + "%";
  }
  function ci(lo, hi, digits, f) {
    f = f || num;
    return f(lo, digits) + " – " + f(hi, digits);
  }
  M.fmt = { num: num, pct: pct, ci: ci };

  /* ---------- UI ---------- */
  var uid = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function tableToText(t) { return t.map(function (r) { return r.join(","); }).join(";"); }

  function mount(root) {
    var def = M.calcs[root.getAttribute("data-calc")];
    if (!def) return;
    var id = root.id || "calc-" + def.id;
    var prefix = root.getAttribute("data-prefix") || def.id;
    var defaults = {};
    try { defaults = JSON.parse(root.getAttribute("data-defaults") || "{}"); } catch (e) { defaults = {}; }
    var initial = {};
    def.inputs.forEach(function (spec) {
      var d = defaults[spec.key] !== undefined ? defaults[spec.key] : spec["default"];
      if (spec.type === "table" && Array.isArray(d)) d = tableToText(d);
      initial[spec.key] = d === undefined || d === null ? "" : String(d);
    });
    var params = new URLSearchParams(window.location.search);
    var state = {};
    Object.keys(initial).forEach(function (k) {
      var v = params.get(prefix + "." + k);
      state[k] = v === null ? initial[k] : v;
    });

    var source = root.querySelector(".medcalc__source");
    var noscript = root.querySelector(".medcalc__noscript");
    if (noscript) noscript.remove();
    var n = ++uid;
    var form = el("form", { "class": "medcalc__form", "aria-label": def.title + " 계산기", novalidate: "" });
    form.addEventListener("submit", function (e) { e.preventDefault(); update(true); });
    var title = el("p", { "class": "medcalc__title" }, def.title);
    var intro = el("p", { "class": "medcalc__intro" }, def.intro);
    var grid = el("div", { "class": "medcalc__inputs" });
    var fields = {};
    def.inputs.forEach(function (spec) {
      var fid = "mc" + n + "-" + spec.key;
      var wrap = el("div", { "class": "medcalc__field" + (spec.type === "table" ? " medcalc__field--wide" : "") });
      var help = spec.help ? el("span", { "class": "medcalc__help", id: fid + "-help" }, spec.help) : null;
      var input;
      if (spec.type === "select") {
        input = el("select", { id: fid, name: spec.key });
        spec.options.forEach(function (o) { input.appendChild(el("option", { value: o[0] }, o[1])); });
      } else if (spec.type === "table") {
        input = el("textarea", { id: fid, name: spec.key, rows: "3", spellcheck: "false", autocomplete: "off" });
      } else {
        input = el("input", { id: fid, name: spec.key, type: "text", inputmode: spec.type === "text" ? "text" : "decimal",
          autocomplete: "off", spellcheck: "false" });
      }
      input.value = state[spec.key];
      if (help) input.setAttribute("aria-describedby", fid + "-help");
      var label = el("label", { "for": fid }, spec.label + (spec.unit ? " (" + spec.unit + ")" : ""));
      wrap.appendChild(label);
      wrap.appendChild(input);
      if (help) wrap.appendChild(help);
      grid.appendChild(wrap);
      fields[spec.key] = { spec: spec, input: input, wrap: wrap };
      input.addEventListener(spec.type === "select" ? "change" : "input", function () { update(false); });
    });
    var buttons = el("div", { "class": "medcalc__buttons" });
    var reset = el("button", { type: "button", "class": "md-button medcalc__reset" }, "예시 값으로 되돌리기");
    reset.addEventListener("click", function () {
      Object.keys(fields).forEach(function (k) { fields[k].input.value = initial[k]; });
      update(true);
    });
    var share = el("a", { "class": "medcalc__share", href: "#" + id }, "이 입력값의 주소");
    buttons.appendChild(reset);
    buttons.appendChild(share);
    var live = el("div", { "class": "medcalc__result", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    var formula = el("div", { "class": "medcalc__formula" });
    form.appendChild(grid);
    form.appendChild(buttons);
    root.insertBefore(title, root.firstChild);
    root.insertBefore(intro, title.nextSibling);
    root.insertBefore(form, intro.nextSibling);
    root.insertBefore(live, form.nextSibling);
    root.insertBefore(formula, live.nextSibling);
    if (source) root.appendChild(source);
    root.classList.add("medcalc--ready");

    function raw() {
      var r = {};
      Object.keys(fields).forEach(function (k) { r[k] = fields[k].input.value; });
      return r;
    }

    function update(fromReset) {
      var r = raw();
      // hide the inputs that do not apply (e.g. counts vs ratio mode)
      var partial = {};
      def.inputs.forEach(function (spec) {
        var shown = !spec.when || spec.when(partial);
        fields[spec.key].wrap.hidden = !shown;
        if (spec.type === "select") partial[spec.key] = r[spec.key];
      });
      Object.keys(fields).forEach(function (k) {
        fields[k].input.removeAttribute("aria-invalid");
      });
      var out = M.run(def.id, r);
      live.textContent = "";
      formula.textContent = "";
      if (!out.ok) {
        if (out.key && fields[out.key]) fields[out.key].input.setAttribute("aria-invalid", "true");
        live.appendChild(el("p", { "class": "medcalc__error" }, out.message));
      } else {
        var view = def.render(out.result, out.values);
        if (view.summary) live.appendChild(el("p", { "class": "medcalc__summary" }, view.summary));
        var table = el("table", { "class": "medcalc__table" });
        var body = el("tbody");
        view.rows.forEach(function (row) {
          var tr = el("tr");
          tr.appendChild(el("th", { scope: "row" }, row[0]));
          tr.appendChild(el("td", null, row[1]));
          body.appendChild(tr);
        });
        table.appendChild(body);
        live.appendChild(table);
        if (view.formula && view.formula.length) {
          formula.appendChild(el("p", { "class": "medcalc__formula-title" }, "사용한 식"));
          var list = el("ul");
          view.formula.forEach(function (line) { list.appendChild(el("li", null, line)); });
          formula.appendChild(list);
        }
      }
      // keep the inputs in the address so that the result can be shared
      var p = new URLSearchParams(window.location.search);
      var same = true;
      Object.keys(fields).forEach(function (k) {
        if (fields[k].wrap.hidden || r[k] === initial[k]) p["delete"](prefix + "." + k);
        else { p.set(prefix + "." + k, r[k]); same = false; }
      });
      var query = p.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + "#" + id;
      share.setAttribute("href", url);
      if (fromReset || !same || window.location.search) {
        try { window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash); } catch (e) { /* file:// */ }
      }
    }
    update(false);
  }

  M.mountAll = function () {
    Array.prototype.forEach.call(document.querySelectorAll(".medcalc[data-calc]:not(.medcalc--ready)"), mount);
  };
  // Deferred scripts run while readyState is "interactive", before DOMContentLoaded: start then, and
  // let a module that registers later (slow network) mount its own calculators.
  function start() { M.started = true; M.mountAll(); }
  if (document.readyState === "complete") window.setTimeout(start, 0);
  else document.addEventListener("DOMContentLoaded", start);
})();
