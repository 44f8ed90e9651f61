/* Progressive enhancement for the workbench: the ICE total adds itself up as items are chosen.
   Without JavaScript the result page shows the total; nothing here is needed to use the form. */
(function () {
  "use strict";
  var box = document.querySelector("[data-ice-total]");
  if (!box) { return; }
  var output = box.querySelector("output");
  var radios = Array.prototype.slice.call(document.querySelectorAll("[data-ice-item]"));
  var names = radios.map(function (r) { return r.name; }).filter(function (n, i, all) { return all.indexOf(n) === i; });

  function update() {
    var total = 0, filled = 0;
    names.forEach(function (name) {
      var chosen = document.querySelector('input[name="' + name + '"]:checked');
      if (chosen) { total += Number(chosen.value); filled += 1; }
    });
    if (filled === names.length) {
      output.textContent = total + " of 10";
    } else if (filled > 0) {
      output.textContent = total + " so far (" + filled + " of " + names.length + " items chosen)";
    } else {
      output.textContent = "no items chosen yet";
    }
  }

  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  box.hidden = false;
  update();
}());

/* The age decides the scale: ICE from 12, CAPD under 12. Without JavaScript, or with no age, both show. */
(function () {
  "use strict";
  var age = document.getElementById("age_years");
  var ice = document.querySelector(".ice");
  var capdInput = document.getElementById("capd_score");
  var capd = capdInput && capdInput.closest(".field");
  if (!age || !ice || !capd) { return; }

  function update() {
    var text = age.value.trim();
    var years = /^\d{1,3}$/.test(text) ? Number(text) : null;
    ice.hidden = years !== null && years < 12;
    capd.hidden = years !== null && years >= 12;
  }

  age.addEventListener("input", update);
  update();
}());
