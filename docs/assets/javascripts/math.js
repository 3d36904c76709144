// Render pymdownx.arithmatex (generic mode) output with the self-hosted KaTeX.
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll(".arithmatex")) {
    const source = element.textContent;
    const display = source.startsWith("\\[");
    const tex = source.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
    try {
      katex.render(tex, element, { displayMode: display, throwOnError: false });
    } catch (error) {
      console.error(error);
    }
  }
});
