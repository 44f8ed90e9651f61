/* Progressive enhancement for the workbench: the ICE total adds itself up as items are typed.
   Without JavaScript the result page shows the total; nothing here is needed to use the form. */
(function () {
  "use strict";
  var box = document.querySelector("[data-ice-total]");
  if (!box) { return; }
  var output = box.querySelector("output");
  var inputs = Array.prototype.slice.call(document.querySelectorAll("[data-ice-item]"));

  function points(input) {
    var text = input.value.trim();
    if (!/^\d+$/.test(text)) { return null; }
    var value = Number(text);
    return value <= Number(input.getAttribute("data-max")) ? value : null;
  }

  function update() {
    var total = 0, filled = 0;
    inputs.forEach(function (input) {
      var value = points(input);
      if (value !== null) { total += value; filled += 1; }
    });
    if (filled === inputs.length) {
      output.textContent = total + " of 10";
    } else if (filled > 0) {
      output.textContent = total + " so far (" + filled + " of " + inputs.length + " items entered)";
    } else {
      output.textContent = "no items entered yet";
    }
  }

  inputs.forEach(function (input) { input.addEventListener("input", update); });
  box.hidden = false;
  update();
}());
