// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary, for browsers that ignore autofocus on it.
  var summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
})();
