// Comfort only: every form works without this script.
(function () {
  "use strict";
  var rules = document.getElementById("regles-mdp");
  if (rules) {
    var input = document.getElementById(rules.getAttribute("data-for"));
    rules.hidden = false;
    var check = function () {
      var v = input.value, n = Array.from(v).length;
      var ok = {
        minuscule: /\p{Ll}/u.test(v), majuscule: /\p{Lu}/u.test(v), chiffre: /\p{Nd}/u.test(v), special: /[^\p{L}\p{Nd}]/u.test(v)
      };
      ok.long = n >= 15;
      ok.court = n >= 10 && ok.minuscule && ok.majuscule && ok.chiffre && ok.special;
      rules.querySelectorAll("li").forEach(function (li) { li.setAttribute("data-ok", ok[li.getAttribute("data-regle")] ? "true" : "false"); });
    };
    input.addEventListener("input", check);
    check();
  }
  var summary = document.getElementById("resume-erreurs");
  if (summary) summary.focus();
})();
