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

  // Options in random order (surveys/forms.py): the server put them in the order of the seed
  // in the form's "order" field. A seed it chose for this page (data-survey-order-new) may be
  // in a cached copy other visitors got too, so this visitor gets a seed of their own and the
  // options its order; a seed sent back from an earlier step is this visitor's: kept.
  var OTHER = "other";
  var seedField = form.querySelector("[data-survey-order-new]");
  if (seedField && window.crypto && window.TextEncoder) {
    var bytes = window.crypto.getRandomValues(new Uint8Array(8));
    var seed = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    seedField.value = seed;
    seedField.removeAttribute("data-survey-order-new");
    form.querySelectorAll("[data-shuffle]").forEach(function (holder) { reorder(holder, seed); });
  }

  function rank(seed, question, option) {
    // FNV-1a (32 bits) of the UTF-8 text, as option_rank in surveys/forms.py.
    var text = new TextEncoder().encode(seed + ":" + question + ":" + option);
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) hash = Math.imul(hash ^ text[i], 0x01000193) >>> 0;
    return hash;
  }

  function optionsOf(holder) {
    // [[element to move, option key]] in the page's order, "Other" left where it is.
    var name = "q-" + holder.getAttribute("data-question");
    var kind = holder.getAttribute("data-shuffle");
    var found = [];
    if (kind === "ranking") {
      holder.querySelectorAll('select[name^="' + name + '__"]').forEach(function (select) {
        found.push([select.closest(".form-field"), select.name.slice(name.length + 2)]);
      });
    } else if (kind === "dropdown") {
      holder.querySelectorAll('select[name="' + name + '"] option').forEach(function (option) {
        if (option.value) found.push([option, option.value]);
      });
    } else {
      holder.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
        found.push([input.closest("div"), input.value]);
      });
    }
    return found.filter(function (item) { return item[0] && item[1] !== OTHER; });
  }

  function reorder(holder, seed) {
    var key = holder.getAttribute("data-question");
    var items = optionsOf(holder);
    if (items.length < 2) return;
    var parent = items[0][0].parentNode;
    if (items.some(function (item) { return item[0].parentNode !== parent; })) return;
    var after = items[items.length - 1][0].nextSibling;
    items.map(function (item) { return [item[0], rank(seed, key, item[1])]; })
      .sort(function (a, b) { return a[1] - b[1]; })
      .forEach(function (item) { parent.insertBefore(item[0], after); });
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
