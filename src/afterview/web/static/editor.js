// afterview's draft editor, on top of forms that work without it: a Copy button for each
// note, and each "Open in mail program" link kept in step with the edited subject and body.
// Loaded as a same-origin file (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  // RFC 6068: every reserved character escaped, line breaks as CRLF.
  function mailto(form) {
    var email = form.getAttribute("data-email");
    var subject = form.querySelector("[name=subject]");
    var body = form.querySelector("[name=body]");
    var text = (body ? body.value : "").replace(/\r\n|\r|\n/g, "\r\n");
    return "mailto:" + encodeURIComponent(email).replace("%40", "@") +
      "?subject=" + encodeURIComponent(subject ? subject.value : "") +
      "&body=" + encodeURIComponent(text);
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copied");
    if (!field) { return; }
    function done(message) { if (status) { status.textContent = message; } }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(
        function () { done("Copied."); },
        function () { done("Could not copy; select the text and copy it by hand."); }
      );
    } else {
      field.select();
      done(document.execCommand("copy") ? "Copied." : "Select the text and copy it by hand.");
    }
  }

  document.querySelectorAll("form.note").forEach(function (form) {
    var link = form.querySelector("a.mailto");
    if (link && form.getAttribute("data-email")) {
      form.addEventListener("input", function () { link.href = mailto(form); });
    }
    form.querySelectorAll("button.copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
}());
