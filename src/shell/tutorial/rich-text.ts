// Lab text is plain text where `backticks` mark code; it becomes DOM nodes, never HTML, so a
// lab cannot inject markup into the page.

export function paragraph(text: string, className = ""): HTMLParagraphElement {
  const p = document.createElement("p");
  if (className) p.className = className;
  text.split("`").forEach((piece, i) => {
    if (!piece) return;
    if (i % 2 === 1) {
      const code = document.createElement("code");
      code.textContent = piece;
      p.append(code);
    } else {
      p.append(piece);
    }
  });
  return p;
}
