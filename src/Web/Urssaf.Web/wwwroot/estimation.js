// Comfort only: the estimate while typing on the filing page. Without this script the "Estimer" button shows the same
// figures before confirming. The page's own handler computes it through the API (the browser never holds a token).
(function () {
  "use strict";
  var form = document.getElementById("form-declaration");
  var output = document.getElementById("estimation-directe");
  if (!form || !output || !window.fetch) return;
  var timer = null, sequence = 0;
  var update = function () {
    var mine = ++sequence;
    fetch(form.getAttribute("data-live"), { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) {
        if (mine !== sequence || !answer || !answer.message) return;
        output.textContent = answer.message;
        output.setAttribute("data-ok", answer.ok ? "true" : "false");
        output.hidden = false;
      })
      .catch(function () { /* the button still works */ });
  };
  var schedule = function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 400);
  };
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
