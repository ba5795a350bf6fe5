// Solves a proof-of-work challenge (webapp/proof_of_work.py) off the page's thread, so
// typing stays smooth: tries numbers from 0 until SHA-256(salt + number) is the challenge.
// Answers {number} when found, {number: null} when there is none or hashing fails.
(function () {
  "use strict";
  // Hashes in flight at once: crypto.subtle answers each through a promise, and one at a
  // time most of the time goes on waiting for answers, not hashing.
  var BATCH = 256;
  var encoder = new TextEncoder();

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }

  function hashOf(salt, number) {
    return crypto.subtle.digest("SHA-256", encoder.encode(salt + number)).then(hex);
  }

  function solve(challenge, salt, maxnumber) {
    function batchFrom(start) {
      if (start > maxnumber) { return Promise.resolve(null); }
      var end = Math.min(start + BATCH - 1, maxnumber);
      var hashes = [];
      for (var n = start; n <= end; n++) { hashes.push(hashOf(salt, n)); }
      return Promise.all(hashes).then(function (found) {
        var index = found.indexOf(challenge);
        return index >= 0 ? start + index : batchFrom(end + 1);
      });
    }
    return batchFrom(0);
  }

  self.onmessage = function (event) {
    var task = event.data || {};
    if (!self.crypto || !self.crypto.subtle) {
      self.postMessage({ number: null });
      return;
    }
    solve(String(task.challenge), String(task.salt), Number(task.maxnumber) || 0).then(
      function (number) { self.postMessage({ number: number }); },
      function () { self.postMessage({ number: null }); }
    );
  };
}());
