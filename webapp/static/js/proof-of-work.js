// The public forms' proof of work (webapp/proof_of_work.py, in ALTCHA's format): a Web
// Worker solves the challenge while the person fills the form in, and the answer goes in
// the form's empty proof field. Progressive enhancement only: where something is missing
// (JavaScript, workers, crypto.subtle outside https) the form is sent without a proof,
// which the server still takes. Pressing the button before the answer is found waits for
// it, saying so, but never longer than WAIT_MS: then the form goes without it.
(function () {
  "use strict";
  var WAIT_MS = 5000;
  var fields = document.querySelectorAll("input[data-pow-challenge]");
  if (!fields.length || !window.Worker || !window.crypto || !window.crypto.subtle ||
      !window.TextEncoder || !window.btoa) { return; }

  // Where the status is said: a live region beside the form's button, there (empty)
  // before anything is said in it, as screen readers need.
  function statusBeside(form) {
    var buttons = form.querySelectorAll(
      "button[type=submit], button:not([type]), input[type=submit]");
    var status = document.createElement("p");
    status.className = "field__hint proof-status";
    status.setAttribute("role", "status");
    var last = buttons[buttons.length - 1];
    if (last) { last.insertAdjacentElement("afterend", status); } else { form.appendChild(status); }
    return status;
  }

  function send(form, submitter) {
    if (form.requestSubmit) {
      // With the pressed button, as if pressed again: its name and value go too.
      if (submitter && submitter.form === form) {
        form.requestSubmit(submitter);
      } else {
        form.requestSubmit();
      }
    } else {
      form.submit();
    }
  }

  function protect(field) {
    var form = field.form;
    // The script may be on a page twice (two forms): each field is solved once.
    if (!form || field.hasAttribute("data-pow-state")) { return; }
    field.setAttribute("data-pow-state", "solving");
    var challenge = {
      algorithm: field.getAttribute("data-pow-algorithm"),
      challenge: field.getAttribute("data-pow-challenge"),
      salt: field.getAttribute("data-pow-salt"),
      signature: field.getAttribute("data-pow-signature")
    };
    var status = statusBeside(form);
    var done = false;
    var whenDone = null;
    var worker;

    function finish(number) {
      if (done) { return; }
      done = true;
      if (worker) { worker.terminate(); }
      if (typeof number === "number") {
        field.value = window.btoa(JSON.stringify({
          algorithm: challenge.algorithm,
          challenge: challenge.challenge,
          number: number,
          salt: challenge.salt,
          signature: challenge.signature
        }));
        field.setAttribute("data-pow-state", "solved");
      } else {
        field.setAttribute("data-pow-state", "gave-up");
      }
      if (whenDone) { whenDone(); }
    }

    form.addEventListener("submit", function (event) {
      if (done) { return; }
      event.preventDefault();
      if (whenDone) { return; }  // pressed again while waiting
      status.textContent = field.getAttribute("data-pow-checking");
      var timer = window.setTimeout(function () { finish(null); }, WAIT_MS);
      var submitter = event.submitter;
      whenDone = function () {
        window.clearTimeout(timer);
        status.textContent = "";
        send(form, submitter);
      };
    });

    try {
      worker = new Worker(field.getAttribute("data-pow-worker"));
    } catch (error) {
      finish(null);
      return;
    }
    worker.onmessage = function (event) { finish(event.data && event.data.number); };
    worker.onerror = function () { finish(null); };
    worker.postMessage({
      challenge: challenge.challenge,
      salt: challenge.salt,
      maxnumber: parseInt(field.getAttribute("data-pow-maxnumber"), 10)
    });
  }

  Array.prototype.forEach.call(fields, protect);
}());
