// Health checks (decision 0038): the "Print / save as PDF" button opens the browser's print
// dialog, whose "Save as PDF" gives the clean page of health.css's print section. Without
// JavaScript the button stays hidden and the browser's own Print does the same.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
