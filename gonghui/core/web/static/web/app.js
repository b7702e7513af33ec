// gonghui page behaviour. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";
  // Filters: submit on change for selects, after a pause for text inputs (htmx does the request).
  document.addEventListener("htmx:configRequest", function (event) {
    // Background refreshes must not keep an idle session alive.
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-background")) {
      event.detail.headers["X-Gonghui-Background"] = "1";
    }
  });
  // A POST form whose submit button asks for confirmation.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
  // A button that prints the page (print styles hide the navigation).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-gh-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
