// A change made in place (htmx) that the app refuses — a page left open too long, a body too
// large, the server stopped — says so on the page, in words, instead of doing nothing: htmx
// ignores error answers by default. The sentence comes from the app's own error answer (its
// HTML page or its JSON shape). A same-origin file: the Content-Security-Policy allows no
// inline script.
(function () {
  "use strict";

  var NOTHING_SAVED = " Nothing was changed.";

  function box() {
    return document.getElementById("request-error");
  }

  function say(text) {
    var place = box();
    if (!place) { return; }
    place.querySelector("[data-message]").textContent = text;
    place.hidden = false;
  }

  function sentence(xhr) {
    var type = xhr.getResponseHeader("content-type") || "";
    try {
      if (type.indexOf("application/json") !== -1) {
        var error = JSON.parse(xhr.responseText).error;
        if (error && error.message) { return error.message; }
      } else {
        var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var said = page.querySelector(".error p");
        if (said && said.textContent.trim()) { return said.textContent.trim(); }
      }
    } catch (ignored) { /* an answer of another shape: the plain sentence below */ }
    return "afterview could not do that (error " + xhr.status + "); reload the page and try again.";
  }

  document.addEventListener("htmx:responseError", function (event) {
    say(sentence(event.detail.xhr) + NOTHING_SAVED);
  });
  document.addEventListener("htmx:sendError", function () {
    say("afterview did not answer: is it still running?" + NOTHING_SAVED +
        " Try again once it is.");
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-dismiss-request-error]")) { box().hidden = true; }
  });
}());
