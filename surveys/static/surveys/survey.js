// Surveys: show conditional questions in place. Without this file the survey is served in
// steps (the server splits it at each condition), so this only enhances.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  var later = document.getElementById("survey-later");
  var body = form.querySelector("[data-survey-body]");
  if (later && body) {
    body.appendChild(later.content.cloneNode(true));
    later.remove();
    form.querySelector("[data-survey-inplace]").value = "1";
    var step = form.querySelector("[data-survey-step]");
    if (step) step.hidden = true;
    var submit = form.querySelector("[data-survey-submit]");
    if (submit) submit.textContent = form.getAttribute("data-send-label");
  }

  function answersOf(reference) {
    var holder = form.querySelector('[data-reference="' + reference + '"]');
    if (!holder || holder.closest("[hidden]")) return [];
    var values = [];
    holder.querySelectorAll("input, select, textarea").forEach(function (control) {
      if (control.disabled) return;
      if ((control.type === "radio" || control.type === "checkbox") && !control.checked) return;
      if (control.value) values.push(control.type === "checkbox" && control.value === "on" ? "yes" : control.value);
    });
    return values;
  }

  function apply() {
    form.querySelectorAll("[data-show-if]").forEach(function (item) {
      var matched = answersOf(item.getAttribute("data-show-if")).indexOf(item.getAttribute("data-value")) !== -1;
      var show = item.getAttribute("data-operator") === "not_equals" ? !matched : matched;
      item.hidden = !show;
      // Hidden answers are not sent (and the server drops them anyway).
      item.querySelectorAll("input, select, textarea").forEach(function (control) {
        control.disabled = !show;
      });
    });
  }

  form.addEventListener("change", apply);
  apply();
})();
