// An error summary's link brings the field's label and message into view (the link's
// target is the field's wrapper, which works without JavaScript too); this then puts the
// focus in the input itself, without scrolling it past its label (issue 15, item 9).
(function () {
  "use strict";
  if (document.documentElement.dataset.errorSummary) return; // one summary script per page
  document.documentElement.dataset.errorSummary = "on";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[data-field]");
    if (!link) return;
    var wrapper = document.getElementById(link.getAttribute("href").slice(1));
    var input = document.getElementById(link.dataset.field);
    if (!wrapper || !input) return; // the browser follows the link as it is
    event.preventDefault();
    wrapper.scrollIntoView();
    if (history.replaceState) history.replaceState(null, "", link.getAttribute("href"));
    input.focus({ preventScroll: true });
  });
})();
