// The one-screen attendance list: "tick all" / "untick all" without a round trip, and the
// running count of those present. Without JavaScript the same buttons submit the form and the
// server ticks the boxes.
(function () {
  "use strict";

  // With htmx the list follows the unit and date by itself: the reload button is not needed.
  if (window.htmx) document.documentElement.classList.add("live");

  function tally(list) {
    var count = list.querySelector("[data-present-count]");
    if (count) {
      count.textContent = list.querySelectorAll('input[name="present"]:checked').length;
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tick]");
    if (!button) return;
    var list = button.closest(".attendance");
    if (!list) return;
    event.preventDefault();
    var present = button.getAttribute("data-tick") === "all";
    list.querySelectorAll('input[name="present"]').forEach(function (box) {
      box.checked = present;
    });
    tally(list);
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches('.attendance input[name="present"]')) {
      tally(event.target.closest(".attendance"));
    }
  });
})();
