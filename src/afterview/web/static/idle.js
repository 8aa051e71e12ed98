// A career centre signs a session out after a while without use (its idle timeout). On a
// shared computer that is the point, but a person still typing a debrief should hear of it
// first: two minutes before (or a quarter of the time, if shorter) a notice says so, with
// a button that keeps the session alive. When the time is up the page leaves for the
// sign-in page, replacing itself so that Back does not return to it. Any request the page
// makes (htmx) restarts the count. Nothing is kept in storage or put in the address.
(function () {
  "use strict";

  var box = document.getElementById("idle-warning");
  if (!box) { return; }
  var idle = Number(box.getAttribute("data-idle-seconds")) * 1000;
  if (!(idle > 0)) { return; }
  var warnBefore = Math.min(120000, idle / 4);
  var warning = null;
  var ending = null;

  function leave() {
    window.location.replace("/sign-in");
  }

  function arm() {
    window.clearTimeout(warning);
    window.clearTimeout(ending);
    box.hidden = true;
    warning = window.setTimeout(function () {
      box.hidden = false;
      box.querySelector("[data-stay-signed-in]").focus();
    }, idle - warnBefore);
    ending = window.setTimeout(leave, idle);
  }

  box.querySelector("[data-stay-signed-in]").addEventListener("click", function () {
    window.fetch("/api/session", { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { if (answer.ok) { arm(); } else { leave(); } })
      .catch(leave);
  });
  document.addEventListener("htmx:afterRequest", arm);
  arm();
}());
