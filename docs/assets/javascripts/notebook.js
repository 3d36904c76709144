// Notebook posts: code is folded behind "코드 보기"; one switch opens or folds all of it,
// and the reader's choice is remembered for the next notebook post.
(function () {
  var KEY = "medblog.notebook.code";
  var button = document.querySelector("[data-notebook-code-toggle]");
  var cells = function () { return document.querySelectorAll("details.md-notebook-source"); };
  function show(open) {
    cells().forEach(function (cell) { cell.open = open || cell.hasAttribute("data-author-open"); });
    if (button) {
      button.setAttribute("aria-pressed", String(open));
      button.textContent = open ? "코드 모두 접기" : "코드 모두 펼치기";
    }
  }
  cells().forEach(function (cell) { if (cell.open) cell.setAttribute("data-author-open", ""); });
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage may be blocked */ }
  if (stored === "open") show(true);
  if (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      show(open);
      try { window.localStorage.setItem(KEY, open ? "open" : "folded"); } catch (e) { /* ignore */ }
    });
  }
  // A link to something inside folded code (e.g. #cell-id) opens its cell first.
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
