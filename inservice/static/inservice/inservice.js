// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // "Select all" checkboxes in queues.
  document.body.addEventListener("change", (event) => {
    const box = event.target;
    if (box.matches("input[data-select-all]")) {
      document.querySelectorAll(`input[name="${box.dataset.selectAll}"]`).forEach((el) => { el.checked = box.checked; });
    }
  });
});
// htmx swaps 422 responses (validation errors) into the form's target; focus the first error.
// After the settle, not the swap: until then htmx keeps the old classes on elements whose id
// survives the swap, so ".has-error" is not there yet.
document.addEventListener("htmx:afterSettle", (event) => {
  const error = event.detail.target.querySelector(".has-error input, .has-error select, .has-error textarea");
  if (error) error.focus();
});
