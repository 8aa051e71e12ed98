// The error summary (templates/_error_summary.html), as the GOV.UK Design System does it:
// the focus moves to the summary when the page loads, and a link in it puts the cursor in
// the field it names, with the field's label in view and any closed section around it
// opened. Without this script the page still works: the field has the cursor and the link
// jumps to it. A same-origin file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }

  function openAround(field) {
    for (var section = field.closest("details"); section;
         section = section.parentElement && section.parentElement.closest("details")) {
      section.open = true;
    }
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    openAround(field);
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
  summary.focus();
}());
