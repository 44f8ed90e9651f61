/* Progressive enhancement for the count table: an "Add a row" button. Without JavaScript the table
   always ends with blank rows and the paste box takes any number of days. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-series]"), function (box) {
    var rows = box.querySelector("[data-series-rows]");
    if (!rows || !rows.lastElementChild) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = "Add a row";
    button.addEventListener("click", function () {
      var row = rows.lastElementChild.cloneNode(true);
      var number = rows.children.length + 1;
      Array.prototype.forEach.call(row.querySelectorAll("input"), function (input) {
        input.value = "";
        input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/\d+$/, String(number)));
      });
      rows.appendChild(row);
      row.querySelector("input").focus();
    });
    rows.parentNode.insertAdjacentElement("afterend", button);
  });
}());
