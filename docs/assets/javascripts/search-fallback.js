// medblog's additions to Material's search, loaded in <head> before Material's bundle.
// It touches Material at two documented-by-behaviour seams only: the index request
// (an XMLHttpRequest for search/search_index.json) and the search worker's messages
// ({type: 0 setup, 2 query, 3 result}). If either changes, search works as stock Material.
//
// 1. Fallback: Material compiles search.separator inside its worker. Ours drops Korean
//    particles with a lookbehind; a browser that cannot compile one (Safari before 16.4)
//    would never finish starting search, so it loads a copy of the index whose separator
//    has none (search_index.fallback.json).
// 2. Lazy index: the index request is sent when the reader first opens or focuses search,
//    not on every page load. It comes from the site itself, so search works offline too.
// 3. Concept card first: when the whole query is a name of a glossary concept (any name,
//    with or without particles and spacing, English plurals), that concept's card (an index
//    document at glossary/?c=<id>) is moved to the top, then the posts that explain it
//    (the card's `posts`), then everything else in Material's order.
// 4. On the 용어집 page, ?c=<id> (where a card leads) scrolls to the entry #<id>.
(function () {
  "use strict";
  var INDEX = /search\/search_index\.json$/;
  var fallback = false;
  try {
    new RegExp("(?<=a)b");
  } catch (error) {
    fallback = true;
    window.__medblogSearchFallback = true;
  }

  // ── 1 and 2: the index request ──────────────────────────────────────────────
  var opened = false;
  var waiting = [];
  function open() {
    if (opened) return;
    opened = true;
    window.__medblogSearchRequested = true;
    waiting.splice(0).forEach(function (send) { send(); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.matches && event.target.matches("input[name=query]")) open();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) open();
  }, true);
  ["pointerdown", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target && event.target.closest && event.target.closest("label[for=__search], .md-search")) open();
    }, {capture: true, passive: true});
  });

  var nativeOpen = XMLHttpRequest.prototype.open;
  var nativeSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    this.__medblogIndex = INDEX.test(String(url));
    if (this.__medblogIndex && fallback) args[1] = String(url).replace(INDEX, "search/search_index.fallback.json");
    return nativeOpen.apply(this, args);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.__medblogIndex || opened) return nativeSend.apply(xhr, args);
    waiting.push(function () { nativeSend.apply(xhr, args); });
  };

  // ── 3: the card and the explaining posts first ─────────────────────────────
  function split(input, separator) {  // Material's split, then lunr's lowercasing
    var rx = new RegExp(separator, "g"), out = [], index = 0, match;
    do {
      match = rx.exec(input);
      var until = match ? match.index : input.length;
      if (index < until) out.push(input.slice(index, until).toLowerCase());
      if (match) {
        index = match.index + match[0].length;
        if (match[0].length === 0) rx.lastIndex = match.index + 1;
      }
    } while (match);
    return out;
  }
  // medblog/search.py PARTICLES (a test keeps the two lists equal), longest first
  var PARTICLES = "에서는 으로는 으로 에서 에게 에는 이란 이나 이며 이고 로는 와는 과는 은 는 이 가 을 를 의 에 와 과 로 란".split(" ");
  // The query and a name match when their tokens, joined with or without spaces, are equal.
  // On the query side only, the last word may also lose a particle the separator kept (one
  // syllable before it: 컷오프 값은; the fallback separator's cuts: 평균처치효과 -> 평균처치효),
  // a lone particle after a symbol (LR+ 는) goes, and an English plural becomes singular.
  function keys(text, separator, query) {
    var tokens = split(text, separator);
    var variants = [tokens];
    if (query && tokens.length) {
      var last = tokens[tokens.length - 1], rest = tokens.slice(0, -1);
      PARTICLES.forEach(function (particle) {
        if (last === particle && rest.length) variants.push(rest);
        else if (last.length > particle.length && last.slice(-particle.length) === particle)
          variants.push(rest.concat([last.slice(0, -particle.length)]));
      });
      if (/^[a-z]{3,}s$/.test(last))  // curves -> curve, classes -> class
        variants.push(rest.concat([last.replace(/(?:([^s])s|(ss)es)$/, "$1$2")]));
    }
    var out = [];
    variants.forEach(function (t) { if (t.length) out.push(t.join(" "), t.join("")); });
    return out;
  }

  var concepts = null;  // normalized name -> [card location]
  var cards = {};  // card location -> card document
  var pages = {};  // page location -> page document
  var separator = null;

  function setup(data) {
    concepts = {};
    cards = {};
    pages = {};
    separator = data.config && data.config.separator;
    (data.docs || []).forEach(function (doc) {
      if (doc.location.indexOf("#") < 0) pages[doc.location] = doc;
      if (!doc.names || !doc.posts) return;
      cards[doc.location] = doc;
      doc.names.forEach(function (name) {
        var bare = name.replace(/\s*\(.*\)\s*$/, "");  // 교정(calibration) also as 교정
        keys(name, separator).concat(bare !== name && bare.length > 1 ? keys(bare, separator) : []).forEach(function (key) {
          var list = concepts[key] = concepts[key] || [];
          if (list.indexOf(doc.location) < 0) list.push(doc.location);
        });
      });
    });
  }

  function base() {
    var config = document.getElementById("__config");
    var root = config ? JSON.parse(config.textContent).base : ".";
    return new URL(root + "/", location.href);
  }

  function rewrite(group) {  // root-relative links in card text -> absolute
    var root = base();
    group.forEach(function (doc) {
      if (cards[doc.location] && typeof doc.text === "string")
        doc.text = doc.text.replace(/href="([^":#?]*)"/g, function (all, href) {
          return 'href="' + new URL(href, root) + '"';
        });
    });
  }

  function match(query) {  // the cards whose concept the whole query names
    var matched = [];
    if (!concepts || !separator) return matched;
    keys(query.replace(/[*+~^]/g, " "), separator, true).forEach(function (key) {
      (concepts[key] || []).forEach(function (loc) { if (matched.indexOf(loc) < 0) matched.push(loc); });
    });
    return matched;
  }
  window.__medblogSearch = {setup: setup, match: match};  // for tests/test_search.py

  function reorder(query, items) {
    var matched = match(query);
    items.forEach(rewrite);
    if (!matched.length) return;
    var order = [];
    matched.forEach(function (loc) {
      order.push(loc);
      cards[loc].posts.forEach(function (post) { if (order.indexOf(post) < 0) order.push(post); });
    });
    var head = [];
    order.forEach(function (loc) {
      var at = -1;
      for (var i = 0; i < items.length; i++) {
        var first = items[i][0] && items[i][0].location;
        var path = first ? first.split("#")[0] : null;
        if (path === loc) { at = i; break; }
      }
      if (at >= 0) head.push(items.splice(at, 1)[0]);
      else if (cards[loc] || pages[loc]) {  // named but not matched by lunr: show it anyway
        var doc = cards[loc] || pages[loc];
        var copy = {score: 0, terms: {}};
        for (var k in doc) if (k !== "parent") copy[k] = doc[k];
        var group = [copy];
        rewrite(group);
        head.push(group);
      }
    });
    Array.prototype.unshift.apply(items, head);
  }

  var NativeWorker = window.Worker;
  if (typeof NativeWorker === "function") {
    var Wrapped = function (url, options) {
      var worker = new NativeWorker(url, options);
      if (!/search/.test(String(url))) return worker;
      var queries = [];
      var post = worker.postMessage;
      worker.postMessage = function (message) {
        try {
          if (message && message.type === 0 && message.data) setup(message.data);
          if (message && message.type === 2) queries.push(String(message.data));
        } catch (error) { /* leave search as Material's */ }
        return post.apply(worker, arguments);
      };
      // registered before Material's own listener, so the result is reordered in place first
      worker.addEventListener("message", function (event) {
        var message = event.data;
        if (!message || message.type !== 3) return;
        var query = queries.shift();
        try {
          if (message.data && Array.isArray(message.data.items)) reorder(query || "", message.data.items);
        } catch (error) { /* leave search as Material's */ }
      });
      return worker;
    };
    Wrapped.prototype = NativeWorker.prototype;
    window.Worker = Wrapped;
  }

  // ── 4: arriving from a card ─────────────────────────────────────────────────
  document.addEventListener("DOMContentLoaded", function () {
    var match = /[?&]c=([a-z0-9-]+)/.exec(location.search);
    if (!match || location.hash) return;
    var entry = document.getElementById(match[1]);
    if (entry) location.replace("#" + match[1]);
  });
})();
