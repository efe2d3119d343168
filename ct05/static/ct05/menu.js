// The menu button on a phone: the menu folds away (only when this script runs, so without
// JavaScript the menu stays open) and the button opens and closes it; Escape closes it.
document.documentElement.classList.add("js");
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-menu-toggle]");
  if (!button) return;
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  menu.classList.toggle("open", open);
  if (open) menu.querySelector("a")?.focus();
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const button = document.querySelector("[data-menu-toggle][aria-expanded='true']");
  if (!button) return;
  button.setAttribute("aria-expanded", "false");
  document.getElementById(button.getAttribute("aria-controls")).classList.remove("open");
  button.focus();
});
