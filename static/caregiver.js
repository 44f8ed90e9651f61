// The caregiver result and card: fill in the local time, copy or print "what to tell them", and
// show the buttons only when they can work. Everything stays on this device.
(function () {
  "use strict";
  var time = document.querySelector("[data-local-time]");
  if (time) {
    var now = new Date();
    time.textContent = now.toLocaleString([], {weekday: "long", hour: "2-digit", minute: "2-digit"});
  }
  var buttons = document.querySelector("[data-tell-buttons]");
  if (buttons) {
    buttons.hidden = false;
    var status = buttons.querySelector("[data-copied]");
    var copy = buttons.querySelector("[data-copy]");
    if (copy && navigator.clipboard) {
      copy.addEventListener("click", function () {
        var text = document.getElementById(copy.getAttribute("data-copy")).innerText;
        navigator.clipboard.writeText(text).then(function () { status.textContent = "Copied."; },
          function () { status.textContent = "Could not copy: select the text instead."; });
      });
    } else if (copy) {
      copy.hidden = true;
    }
    var print = buttons.querySelector("[data-print]");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
  }
  document.querySelectorAll("[data-print-card]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      document.body.classList.toggle("print-wallet", button.getAttribute("data-print-card") === "wallet");
      window.print();
    });
  });
})();
