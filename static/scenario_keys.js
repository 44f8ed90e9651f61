/* The presenter view, optional: the arrow keys (or n and p) move to the next and previous step, r reveals.
   Without JavaScript the same links are there, in focus order. The shortcuts can be switched off
   (WCAG 2.1.4); the choice is kept in this browser tab only (sessionStorage), never sent anywhere. */
(function () {
  "use strict";
  var box = document.querySelector("[data-shortcuts]");
  if (!box) { return; }
  var toggle = box.querySelector("input");
  var OFF = "triage-shortcuts-off";
  var TARGETS = { n: 'a[rel="next"]', ArrowRight: 'a[rel="next"]', p: 'a[rel="prev"]', ArrowLeft: 'a[rel="prev"]',
    r: "a[data-reveal]" };

  function remembered() {
    try { return window.sessionStorage.getItem(OFF) !== "1"; } catch (e) { return true; }
  }

  function remember(on) {
    try { window.sessionStorage.setItem(OFF, on ? "0" : "1"); } catch (e) { /* storage blocked: keep for this page */ }
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName));
  }

  toggle.checked = remembered();
  box.hidden = false;
  toggle.addEventListener("change", function () { remember(toggle.checked); });
  document.addEventListener("keydown", function (event) {
    if (!toggle.checked || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.target)) {
      return;
    }
    var selector = TARGETS[event.key];
    var link = selector && document.querySelector(selector);
    if (link) {
      event.preventDefault();
      link.click();
    }
  });
}());
