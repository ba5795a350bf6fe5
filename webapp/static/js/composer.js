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

// Sentence starters (students' composer): a button beside each puts it into the letter at
// the cursor. Without JavaScript they are a list to copy from.
(function () {
  "use strict";
  var text = document.querySelector("textarea.letter-text");
  var list = document.querySelector(".starters[data-use]");
  if (!text || !list) { return; }
  // Until the student has put the cursor somewhere, a starter begins a new paragraph
  // at the end: the suggested text comes first.
  var caretSet = false;
  ["click", "keyup", "select"].forEach(function (name) {
    text.addEventListener(name, function () { caretSet = true; });
  });
  Array.prototype.forEach.call(list.querySelectorAll("li"), function (item) {
    var starter = item.textContent.replace(/…\s*$/, "").trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button starters__use";
    button.textContent = list.getAttribute("data-use");
    button.setAttribute("aria-label", list.getAttribute("data-use") + ": " + starter);
    button.addEventListener("click", function () {
      var value = text.value;
      var start = caretSet ? text.selectionStart : value.length;
      var end = caretSet ? text.selectionEnd : value.length;
      var before = value.slice(0, start);
      var gap = !before || /\s$/.test(before) ? "" : caretSet ? " " : "\n\n";
      text.value = before + gap + starter + " " + value.slice(end);
      var caret = start + gap.length + starter.length + 1;
      text.focus();
      text.setSelectionRange(caret, caret);
      caretSet = true;
      text.dispatchEvent(new Event("input"));
    });
    item.appendChild(document.createTextNode(" "));
    item.appendChild(button);
  });
}());

// Whom the letter goes to: the address and salutation shown above the text follow the
// target chosen in the list (without JavaScript, the one chosen when the page was made).
(function () {
  "use strict";
  var select = document.querySelector("select[name=target]");
  var blocks = document.querySelectorAll("[data-recipient]");
  if (!select || !blocks.length) { return; }
  select.addEventListener("change", function () {
    var shown = false;
    blocks.forEach(function (block) {
      var match = block.getAttribute("data-recipient") === select.value;
      block.hidden = !match;
      shown = shown || match;
    });
    if (!shown) { blocks[0].hidden = false; }
  });
}());
