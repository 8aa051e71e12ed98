// The add-interview form, on top of a form that works without it: the "To whom" suggestions
// of each promise follow the names typed for the people you met, as they are typed, added
// or removed; a section holding a field the browser refuses opens to show it. Loaded as a same-origin file (the Content-Security-Policy allows no inline
// script).
(function () {
  "use strict";

  var form = document.getElementById("interview-form");
  var names = document.getElementById("panel-names");
  if (!form || !names) { return; }

  function refresh() {
    var seen = {};
    names.textContent = "";
    form.querySelectorAll("input[data-panel-name]").forEach(function (field) {
      var name = field.value.trim();
      if (name && !seen[name.toLowerCase()]) {
        seen[name.toLowerCase()] = true;
        var option = document.createElement("option");
        option.value = name;
        names.appendChild(option);
      }
    });
  }

  // A field the browser refuses (an address that is not one) inside a closed section: open
  // the section, so that the browser can show the field and say why.
  form.addEventListener("invalid", function (event) {
    var section = event.target.closest("details:not([open])");
    while (section) {
      section.open = true;
      section = section.parentElement.closest("details:not([open])");
    }
  }, true);

  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute("data-panel-name")) { refresh(); }
  });
  document.body.addEventListener("htmx:afterSettle", refresh);
  refresh();
}());
