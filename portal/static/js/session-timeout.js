// The session time-out warning (WCAG 2.2.1 Timing Adjustable). Progressive
// enhancement: without this file the server shows "You were signed out" on the
// next request after the time-out, and nothing is lost that was already sent.
//
// About two minutes before the end a modal dialog opens; focus moves into it and
// stays there; "Stay signed in" (or Escape) asks the server to extend the session;
// "Sign out" is an ordinary form. When the time is up the page goes to
// /session/timed-out, which ends the session unless another tab kept it alive.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
    return;
  }
  var data = dialog.dataset;
  var warningSeconds = parseInt(data.warningSeconds, 10) || 120;
  var countdown = dialog.querySelector("[data-countdown]");
  var extendButton = dialog.querySelector("[data-extend]");
  var finalNote = dialog.querySelector("[data-final]");
  var errorNote = dialog.querySelector("[data-error]");
  var status = document.getElementById("session-timeout-status");
  var endsAt = 0;
  var warnTimer = null;
  var endTimer = null;
  var ticker = null;
  var returnFocusTo = null;
  var closingOurselves = false;
  var extending = false;

  function format(milliseconds) {
    var seconds = Math.max(0, Math.ceil(milliseconds / 1000));
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function showTimeLeft() {
    countdown.textContent = format(endsAt - Date.now());
  }

  function schedule(secondsLeft) {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    endsAt = Date.now() + secondsLeft * 1000;
    warnTimer = window.setTimeout(open, Math.max(0, secondsLeft - warningSeconds) * 1000);
    endTimer = window.setTimeout(timeIsUp, secondsLeft * 1000);
  }

  function open() {
    if (dialog.open) {
      return;
    }
    returnFocusTo = document.activeElement;
    errorNote.hidden = true;
    showTimeLeft();
    ticker = window.setInterval(showTimeLeft, 1000);
    dialog.showModal();
    // Focus on the main action; the dialog's name and description are announced with it.
    (extendButton.hidden ? dialog.querySelector("button:not([hidden])") : extendButton).focus();
  }

  function close() {
    window.clearInterval(ticker);
    if (dialog.open) {
      closingOurselves = true;
      dialog.close();
      closingOurselves = false;
    }
    if (returnFocusTo && typeof returnFocusTo.focus === "function") {
      returnFocusTo.focus();
    }
  }

  function timeIsUp() {
    window.location.assign(data.timedOutUrl);
  }

  function extend() {
    if (extending) {
      return;
    }
    extending = true;
    extendButton.disabled = true;
    window.fetch(data.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": data.csrfToken, "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 401) {
        timeIsUp();  // already over: the server explains
        return null;
      }
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (answer) {
      if (!answer) {
        return;
      }
      schedule(answer.seconds_left);
      if (answer.seconds_left <= warningSeconds) {
        // The absolute limit: the session cannot be made longer.
        extendButton.hidden = true;
        finalNote.hidden = false;
        open();
        return;
      }
      close();
      status.textContent = data.extendedText;
    }).catch(function () {
      if (!dialog.open) {
        open();
      }
      errorNote.textContent = data.failedText;
      errorNote.hidden = false;
    }).then(function () {
      extending = false;
      extendButton.disabled = false;
    });
  }

  // Keep Tab and Shift+Tab inside the dialog while it is open.
  function trapFocus(event) {
    if (event.key !== "Tab") {
      return;
    }
    var focusable = Array.prototype.filter.call(
      dialog.querySelectorAll("button, [href], input:not([type=hidden])"),
      function (element) { return !element.disabled && !element.hidden; }
    );
    if (focusable.length === 0) {
      return;
    }
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  extendButton.addEventListener("click", extend);
  dialog.addEventListener("keydown", trapFocus);
  // Escape means "stay signed in": closing the warning must never sign anyone out.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    if (!extendButton.hidden) {
      extend();
    }
  });
  // Some browsers close the dialog on a repeated Escape despite preventDefault.
  dialog.addEventListener("close", function () {
    if (!closingOurselves) {
      window.clearInterval(ticker);
      if (!extendButton.hidden) {
        extend();
      }
    }
  });

  schedule(parseInt(data.secondsLeft, 10) || 0);
})();
