// Upload progress for forms with large files (progressive enhancement).
// Without this script the form posts normally; with it, the same request is sent
// with XMLHttpRequest so the person sees how far a slow mobile upload has got.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[enctype='multipart/form-data']");
  Array.prototype.forEach.call(forms, function (form) {
    if (!form.querySelector("input[type=file][data-upload-progress]")) { return; }
    var status = document.createElement("div");
    status.className = "upload-progress";
    status.hidden = true;
    var label = document.createElement("p");
    label.className = "upload-progress__text";
    label.setAttribute("role", "status");
    label.setAttribute("aria-live", "polite");
    var bar = document.createElement("progress");
    bar.className = "upload-progress__bar";
    bar.max = 100;
    bar.value = 0;
    status.appendChild(label);
    status.appendChild(bar);
    form.appendChild(status);
    var lastAnnounced = -1;

    form.addEventListener("submit", function (event) {
      var files = form.querySelectorAll("input[type=file]");
      var hasFiles = Array.prototype.some.call(files, function (input) {
        return input.files && input.files.length > 0;
      });
      if (!hasFiles || !window.FormData) { return; }
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) {
        data.append(event.submitter.name, event.submitter.value);
      }
      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      status.hidden = false;
      bar.setAttribute("aria-label", form.getAttribute("data-progress-label") || "Upload");
      request.upload.addEventListener("progress", function (progress) {
        if (!progress.lengthComputable) { return; }
        var percent = Math.floor((progress.loaded / progress.total) * 100);
        bar.value = percent;
        // Announce every tenth percent so a screen reader is not flooded.
        if (Math.floor(percent / 10) !== lastAnnounced) {
          lastAnnounced = Math.floor(percent / 10);
          label.textContent = percent + " %";
        }
      });
      request.addEventListener("load", function () {
        if (request.responseURL && request.responseURL !== window.location.href) {
          window.location.assign(request.responseURL);
        } else {
          document.open();
          document.write(request.responseText);
          document.close();
        }
      });
      request.addEventListener("error", function () {
        // Fall back to an ordinary submission, which shows the server's own answer.
        status.hidden = true;
        form.submit();
      });
      request.send(data);
    });
  });
})();
