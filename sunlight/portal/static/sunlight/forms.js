/* Form errors, GOV.UK pattern: focus the error summary when the page loads, so a screen reader reads it first;
   a link in it moves focus to its field and scrolls the field's label or legend into view. No inline script. */
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-error-summary] a[href^='#']") : null;
    if (!link) { return; }
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) { return; }
    event.preventDefault();
    var fieldset = input.closest("fieldset");
    var caption = (fieldset && fieldset.querySelector("legend")) || document.querySelector("label[for='" + input.id + "']") || input;
    caption.scrollIntoView();
    input.focus({ preventScroll: true });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
