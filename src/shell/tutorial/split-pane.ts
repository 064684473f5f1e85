// The draggable divider between the terminal and the side panel. It is a focusable separator:
// arrow keys move it too. The width is remembered across visits.

const KEY = "cn01.sideWidth";
const MIN = 320;
const STEP = 32;

export function wireSplit(divider: HTMLElement, side: HTMLElement, storage: Storage): void {
  const maxWidth = (): number => Math.max(MIN, window.innerWidth - 420);
  const apply = (width: number): void => {
    const clamped = Math.round(Math.min(Math.max(width, MIN), maxWidth()));
    side.style.width = `${clamped}px`;
    divider.setAttribute("aria-valuenow", String(clamped));
    divider.setAttribute("aria-valuemax", String(maxWidth()));
    storage.setItem(KEY, String(clamped));
  };
  divider.setAttribute("role", "separator");
  divider.setAttribute("aria-orientation", "vertical");
  divider.setAttribute("aria-label", "Resize the tutorial panel");
  divider.setAttribute("aria-valuemin", String(MIN));
  divider.tabIndex = 0;
  apply(Number(storage.getItem(KEY)) || Math.min(560, Math.round(window.innerWidth * 0.42)));
  divider.addEventListener("pointerdown", (event) => {
    divider.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent): void => apply(window.innerWidth - e.clientX);
    const stop = (): void => {
      divider.removeEventListener("pointermove", move);
      divider.removeEventListener("pointerup", stop);
    };
    divider.addEventListener("pointermove", move);
    divider.addEventListener("pointerup", stop);
  });
  divider.addEventListener("keydown", (event) => {
    const width = side.getBoundingClientRect().width;
    if (event.key === "ArrowLeft") apply(width + STEP);
    else if (event.key === "ArrowRight") apply(width - STEP);
    else return;
    event.preventDefault();
  });
  window.addEventListener("resize", () => apply(side.getBoundingClientRect().width));
}
