// The letter composer's live character count. Without JavaScript the page states the
// limit, the browser enforces it (maxlength) and the server checks it again.
(function () {
  "use strict";
  var text = document.querySelector("textarea.letter-text");
  var counter = document.getElementById("body-count");
  var alert = document.getElementById("body-count-alert");
  if (!text || !counter || !alert) { return; }
  var max = parseInt(counter.getAttribute("data-max"), 10);
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var lastWarning = null;
  function update() {
    var left = max - text.value.length;
    counter.textContent = counter.getAttribute("data-format")
      .replace("%(count)s", format.format(text.value.length))
      .replace("%(max)s", format.format(max));
    counter.classList.toggle("char-count--near", left < 200);
    // Speak only when nearing the limit, not on every key.
    var warning = left <= 0 ? counter.getAttribute("data-full")
      : left < 200 ? counter.getAttribute("data-near") : null;
    if (warning !== lastWarning) {
      alert.textContent = warning || "";
      lastWarning = warning;
    }
  }
  text.addEventListener("input", update);
  update();
}());
