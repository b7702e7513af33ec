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
  // Destructive or irreversible actions ask first: a form (or its submit button) or a link carrying
  // data-confirm="question" goes ahead only when the question is answered OK. The server refuses
  // such actions on GET (core.web.lists.destructive), so a link never removes anything by itself.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
      (form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.getAttribute("data-confirm"))) {
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
