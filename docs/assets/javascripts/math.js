// Render pymdownx.arithmatex (generic mode) output with the self-hosted KaTeX.
// Formulas are drawn in slices of under 40 ms so a long notebook never blocks the page.
document.addEventListener("DOMContentLoaded", () => {
  const pending = Array.from(document.querySelectorAll(".arithmatex"));
  const renderSlice = () => {
    const start = performance.now();
    while (pending.length && performance.now() - start < 40) {
      const element = pending.shift();
      const source = element.textContent;
      const display = source.startsWith("\\[");
      const tex = source.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
      try {
        katex.render(tex, element, { displayMode: display, throwOnError: false });
      } catch (error) {
        console.error(error);
      }
    }
    if (pending.length) setTimeout(renderSlice, 0);
  };
  renderSlice();
});
