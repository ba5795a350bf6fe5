// The thank-you page's share box. Without JavaScript the links work and the link and
// message sit in read-only fields a person can select; this adds Copy buttons and, where
// the device offers it, its own share sheet. Nothing here talks to any other site.
(function () {
  "use strict";
  var status = document.querySelector("[data-copy-status]");

  function copied() {
    if (!status) { return; }
    // Emptied first, so saying "Copied." twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = status.getAttribute("data-copied"); }, 50);
  }

  function copy(source) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(copied, function () {
        source.select();
      });
    } else {
      // Older browsers and plain-http pages: select the text and use the old command.
      source.select();
      if (document.execCommand && document.execCommand("copy")) { copied(); }
    }
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { copy(source); });
  });

  var native = document.querySelector("[data-share-native]");
  var link = document.getElementById("share-link");
  var message = document.getElementById("share-message");
  if (native && link && navigator.share) {
    native.hidden = false;
    native.querySelector("button").addEventListener("click", function () {
      // The message already ends with the link: passing it as url too would repeat it.
      navigator.share({ text: message ? message.value : link.value }).catch(function () {});
    });
  }
}());
