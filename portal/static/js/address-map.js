// Address field: a map for giving a place by pointing at it. Added only when this
// script runs (no empty box without JavaScript) and opened on request, so Leaflet's
// 150 KB are fetched only by people who use the map. A click or tap places the marker
// and fills in the nearest address, which the person can then correct; with the
// keyboard the arrow keys move the marker and Enter fills in the nearest address.
// The point goes into the hidden <name>-lat and <name>-lon inputs; the server computes
// LKS-92 and checks the nearest address itself.
(function () {
  "use strict";

  var STEP_PX = 10; // one arrow key press; with Shift, five times as far
  var LATVIA = { center: [56.88, 24.6], zoom: 7 };
  var CLOSE_ZOOM = 17;
  var leaflet = null;

  function loadLeaflet(group) {
    if (!leaflet) {
      leaflet = new Promise(function (resolve, reject) {
        var waiting = 2;
        function loaded() {
          waiting -= 1;
          if (waiting === 0) {
            resolve(window.L);
          }
        }
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = group.dataset.leafletCss;
        css.onload = loaded;
        css.onerror = reject;
        var script = document.createElement("script");
        script.src = group.dataset.leafletJs;
        script.onload = loaded;
        script.onerror = reject;
        document.head.appendChild(css);
        document.head.appendChild(script);
      });
    }
    return leaflet;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function setUp(group) {
    var input = group.querySelector(".address-field__input");
    var code = group.querySelector("[data-address-code]");
    var lat = group.querySelector("[data-address-lat]");
    var lon = group.querySelector("[data-address-lon]");
    if (!input || !lat || !lon || group.hasAttribute("data-address-map-ready")) {
      return;
    }
    group.setAttribute("data-address-map-ready", "");
    var text = group.dataset;

    var toggle = element("button", "button button--secondary address-field__map-toggle",
                         text.textShowMap);
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    var panel = element("div", "address-field__map-panel");
    panel.id = input.id + "-map-panel";
    panel.hidden = true;
    toggle.setAttribute("aria-controls", panel.id);
    var help = element("p", "hint address-field__map-help", text.textMapHelp);
    help.id = input.id + "-map-help";
    var box = element("div", "address-field__map");
    box.setAttribute("role", "application");
    box.setAttribute("aria-label", text.textMapLabel);
    box.setAttribute("aria-describedby", help.id);
    box.tabIndex = 0;
    var note = element("p", "address-field__map-note", text.textNoTiles);
    note.hidden = Boolean(text.tileUrl);
    var status = element("p", "address-field__map-status");
    status.setAttribute("role", "status");
    var remove = element("button", "button button--secondary button--small", text.textRemove);
    remove.type = "button";
    remove.hidden = true;
    panel.append(help, box, note, status, remove);
    var search = group.querySelector(".address-field__search");
    search.parentNode.insertBefore(toggle, search.nextSibling);
    toggle.parentNode.insertBefore(panel, toggle.nextSibling);

    var map = null;
    var marker = null;
    var lookup = null;
    var chosen = null; // the register address picked in the box, to centre the map on

    function say(words) {
      status.textContent = words;
    }

    function showNearest(point) {
      if (lookup) {
        lookup.abort();
      }
      lookup = new AbortController();
      var url = text.nearestUrl + "?lat=" + point.lat.toFixed(7) + "&lon=" + point.lng.toFixed(7);
      fetch(url, { signal: lookup.signal, credentials: "same-origin",
                   headers: { accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("nearest address answered " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (data.address) {
            input.value = data.address.text;
            // The hidden code is left empty: the server finds the nearest address itself
            // and keeps its code only while the text is unchanged.
            say(text.textNearest.replace("{address}", data.address.text));
          } else {
            say(text.textNoNearest);
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            say(text.textUnavailable);
          }
        });
    }

    function place(point, store) {
      if (!marker) {
        marker = window.L.marker(point, { interactive: false, keyboard: false,
                                          alt: text.textMarker }).addTo(map);
      } else {
        marker.setLatLng(point);
      }
      if (store) {
        lat.value = point.lat.toFixed(7);
        lon.value = point.lng.toFixed(7);
        code.value = "";
      }
      remove.hidden = false;
      map.panInside(point, { padding: [24, 24] });
    }

    function create(L) {
      L.Icon.Default.imagePath = text.leafletCss.replace(/[^/]*$/, "images/");
      map = L.map(box, { keyboard: false, zoomControl: false,
                         attributionControl: Boolean(text.tileUrl) });
      L.control.zoom({ zoomInTitle: text.textZoomIn, zoomOutTitle: text.textZoomOut }).addTo(map);
      if (text.tileUrl) {
        L.tileLayer(text.tileUrl, { attribution: text.tileAttribution, maxZoom: 19 }).addTo(map);
      } else {
        box.classList.add("address-field__map--plain");
      }
      if (lat.value && lon.value) {
        map.setView([Number(lat.value), Number(lon.value)], CLOSE_ZOOM);
        place(L.latLng(Number(lat.value), Number(lon.value)), false);
      } else if (chosen) {
        map.setView([chosen.lat, chosen.lon], CLOSE_ZOOM);
        place(L.latLng(chosen.lat, chosen.lon), false);
      } else {
        map.setView(LATVIA.center, LATVIA.zoom);
      }
      map.on("click", function (event) {
        place(event.latlng, true);
        showNearest(event.latlng);
      });
    }

    function open() {
      panel.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      toggle.textContent = text.textHideMap;
      return loadLeaflet(group).then(function (L) {
        if (!map) {
          create(L);
        }
        map.invalidateSize(); // the box had no size while hidden
      });
    }

    toggle.addEventListener("click", function () {
      if (panel.hidden) {
        open().catch(function () { say(text.textUnavailable); });
      } else {
        panel.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
        toggle.textContent = text.textShowMap;
      }
    });

    box.addEventListener("keydown", function (event) {
      if (!map) {
        return;
      }
      var moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
      var move = moves[event.key];
      if (move) {
        event.preventDefault();
        var step = event.shiftKey ? STEP_PX * 5 : STEP_PX;
        var from = marker ? map.latLngToContainerPoint(marker.getLatLng())
                          : map.getSize().divideBy(2);
        var to = from.add([move[0] * step, move[1] * step]);
        place(map.containerPointToLatLng(to), true);
      } else if (event.key === "Enter" && marker) {
        event.preventDefault(); // not the form's submit: the address comes first
        showNearest(marker.getLatLng());
      } else if (event.key === "+" || event.key === "=") {
        event.preventDefault();
        map.zoomIn();
      } else if (event.key === "-") {
        event.preventDefault();
        map.zoomOut();
      }
    });

    remove.addEventListener("click", function () {
      if (marker) {
        map.removeLayer(marker);
        marker = null;
      }
      lat.value = "";
      lon.value = "";
      remove.hidden = true;
      say(text.textRemoved);
      box.focus();
    });

    // An address picked in the box: show it on the map; it is a register address, not
    // a point of the person's own, so the hidden point is cleared.
    group.addEventListener("address:chosen", function (event) {
      chosen = event.detail;
      lat.value = "";
      lon.value = "";
      if (map) {
        var point = window.L.latLng(chosen.lat, chosen.lon);
        map.setView(point, CLOSE_ZOOM);
        place(point, false);
      }
    });

    if (lat.value && lon.value) {
      open().catch(function () { say(text.textUnavailable); }); // the answer was a point
    }
  }

  function setUpAll() {
    document.querySelectorAll("[data-address-field][data-map]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
