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
// People suggestions: inputs that name colleagues (list="people-suggestions") get matching names
// from the directory as someone types; for comma-separated lists, the last name is completed.
(() => {
  let timer = null;
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.getAttribute("list") !== "people-suggestions") return;
    const list = document.getElementById("people-suggestions");
    if (!list || !list.dataset.url) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const parts = input.value.split(",");
      const last = parts.pop().trim();
      if (last.length < 2) return;
      const response = await fetch(`${list.dataset.url}?q=${encodeURIComponent(last)}`, { headers: { "HX-Request": "true" } });
      if (!response.ok) return;
      list.innerHTML = await response.text();
      const prefix = parts.length ? parts.map((p) => p.trim()).join(", ") + ", " : "";
      list.querySelectorAll("option").forEach((option) => { option.value = prefix + option.value; });
    }, 250);
  });
})();
