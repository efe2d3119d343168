// The organization tree: once the organizations under a branch have arrived (htmx), its
// "show the organizations under it" link has done its work and goes. Without JavaScript the
// link opens the branch as a page of its own.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var link = event.detail.elt;
    if (event.detail.successful && link.matches && link.matches("a.open-branch")) link.remove();
  });
})();
