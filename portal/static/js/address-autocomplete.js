// Address field: the text box becomes an editable combobox with a list of register
// addresses, as the ARIA 1.2 combobox pattern describes (list autocomplete, manual
// selection). Without this script the field works through its "Find address" button,
// and the server checks whatever is sent either way: this only saves typing.
(function () {
  "use strict";

  var DEBOUNCE_MS = 250; // one request per pause in typing, not per key
  var MIN_CHARS = 2; // the endpoint answers nothing below this

  function setUp(group) {
    var input = group.querySelector(".address-field__input");
    var code = group.querySelector("[data-address-code]");
    if (!input || !code || group.hasAttribute("data-address-combobox")) {
      return;
    }
    group.setAttribute("data-address-combobox", "");

    var list = document.createElement("ul");
    list.id = input.id + "-listbox";
    list.className = "address-field__listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-labelledby", input.id + "-label");
    list.hidden = true;
    input.parentNode.appendChild(list);

    // Says how many addresses were found; screen readers do not announce a list that
    // appears under a text box by themselves.
    var status = document.createElement("div");
    status.className = "visually-hidden address-field__count";
    status.setAttribute("role", "status");
    group.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    // The browser's own suggestions would cover ours.
    input.setAttribute("autocomplete", "off");

    var found = [];
    var active = -1;
    var timer = 0;
    var request = null;
    var chosenText = code.value ? input.value : null;

    function announce(text) {
      // Emptied first, so the same words said twice are announced twice.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.children;
      active = index;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var address = found[index];
      input.value = address.text;
      code.value = address.code;
      chosenText = address.text;
      close();
      group.dispatchEvent(new CustomEvent("address:chosen", { detail: address }));
    }

    function show(addresses) {
      found = addresses;
      list.textContent = "";
      addresses.forEach(function (address, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.className = "address-field__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = address.text;
        list.appendChild(option);
      });
      active = -1;
      if (addresses.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        announce(group.dataset.textCount.replace("{count}", addresses.length));
      } else {
        close();
        announce(group.dataset.textNone);
      }
    }

    // Resolves to true when an answer was shown, false when the search could not run,
    // null when a newer search replaced it.
    function search() {
      var text = input.value.trim();
      if (request) {
        request.abort(); // an answer to older text must not replace a newer one
      }
      if (text.length < MIN_CHARS) {
        found = [];
        close();
        return Promise.resolve(false);
      }
      request = new AbortController();
      var url = group.dataset.searchUrl + "?q=" + encodeURIComponent(text);
      return fetch(url, { signal: request.signal, credentials: "same-origin",
                          headers: { accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("address search answered " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          show(data.addresses || []);
          return true;
        })
        .catch(function (error) {
          if (error.name === "AbortError") {
            return null;
          }
          close();
          announce(group.dataset.textUnavailable);
          return false;
        });
    }

    input.addEventListener("input", function () {
      if (chosenText !== null && input.value !== chosenText) {
        code.value = ""; // edited after choosing: no longer that register address
        chosenText = null;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (!open && found.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
          highlight(0);
        } else if (open) {
          highlight(active + 1 < found.length ? active + 1 : 0);
        }
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (open) {
          event.preventDefault();
          highlight(active > 0 ? active - 1 : found.length - 1);
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault(); // choosing is not sending the form
          choose(active);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", close);

    // "Find address" shows the suggestions here instead of sending the form. Being no
    // longer a submit button, it is not what Enter in another box of the form presses;
    // if the search fails, it sends the form after all and the server lists the matches.
    var find = group.querySelector("button[name$='-search']");
    if (find && find.form) {
      find.type = "button";
      find.addEventListener("click", function () {
        window.clearTimeout(timer);
        input.focus();
        search().then(function (shown) {
          if (shown) {
            highlight(found.length ? 0 : -1);
          } else if (shown === false) {
            find.type = "submit";
            find.form.requestSubmit(find);
          }
        });
      });
    }

    // mousedown would move the focus out of the box and close the list before the click.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        choose(Array.prototype.indexOf.call(list.children, option));
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-address-field]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
