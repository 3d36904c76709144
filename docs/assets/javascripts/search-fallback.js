// Material compiles search.separator inside its search worker. Ours drops Korean particles
// with a lookbehind; a browser that cannot compile one (Safari before 16.4) would never
// finish starting search. Such browsers load a copy of the index whose separator has none.
(function () {
  try {
    new RegExp("(?<=a)b");
    return;
  } catch (error) {
    window.__medblogSearchFallback = true;
  }
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    args[1] = String(url).replace(/search\/search_index\.json$/, "search/search_index.fallback.json");
    return open.apply(this, args);
  };
})();
