// Live session pages refresh themselves: every 2 s the session's state is read, and the page reloads
// when the host reveals the answer or moves to the next step. Without JavaScript, "check now" does this.
(function () {
  var status = document.querySelector("[data-live-state]");
  if (!status || !window.fetch) { return; }
  var step = status.getAttribute("data-live-step");
  var revealed = status.getAttribute("data-live-revealed");
  function check() {
    fetch(status.getAttribute("data-live-state"), {credentials: "same-origin", cache: "no-store"})
      .then(function (response) {
        if (response.status === 404) { window.location.reload(); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (state && (String(state.step) !== step || String(state.revealed) !== revealed)) {
          window.location.reload();
        }
      })
      .catch(function () {})
      .then(function () { window.setTimeout(check, 2000); });
  }
  window.setTimeout(check, 2000);
})();

// The host's screen: the count of answers follows the room (the rest changes only when the host acts).
(function () {
  var host = document.querySelector(".live-host__join[data-live-state]");
  var count = document.querySelector("[data-live-responses]");
  if (!host || !count || !window.fetch) { return; }
  function update() {
    fetch(host.getAttribute("data-live-state"), {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) { if (state) { count.textContent = String(state.responses); } })
      .catch(function () {})
      .then(function () { window.setTimeout(update, 2000); });
  }
  window.setTimeout(update, 2000);
})();
