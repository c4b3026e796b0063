/* The point picker of the project form: click the map or drag the marker, or use the browser's
   location; the chosen point goes into the hidden lat/lng fields. Without JavaScript (or with
   the keyboard) the address field is the alternative: the pipeline geocodes it. */
(function () {
  "use strict";

  var DENMARK = { south: 54.5, north: 57.8, west: 8.0, east: 15.2 };

  function inDenmark(latlng) {
    return (
      latlng.lat >= DENMARK.south && latlng.lat <= DENMARK.north &&
      latlng.lng >= DENMARK.west && latlng.lng <= DENMARK.east
    );
  }

  function round(x) {
    return Math.round(x * 1000000) / 1000000;
  }

  function init(element) {
    var data = element.dataset;
    var latField = document.getElementById(data.latField);
    var lngField = document.getElementById(data.lngField);
    var status = document.getElementById("point-status");
    var tools = document.querySelector("[data-picker-tools]");
    var marker = null;

    var map = L.map(element, { center: [56.0, 10.5], zoom: 6, minZoom: 5, maxZoom: 18 });
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 18 }).addTo(map);

    function say(text) {
      status.textContent = text;
    }

    function setPoint(latlng, options) {
      if (!inDenmark(latlng)) {
        say(data.labelOutside);
        return;
      }
      latField.value = round(latlng.lat);
      lngField.value = round(latlng.lng);
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { draggable: true, title: data.labelMarker, alt: data.labelMarker });
        marker.on("dragend", function () {
          setPoint(marker.getLatLng(), {});
        });
        marker.addTo(map);
      }
      if (options && options.zoom) map.setView(latlng, Math.max(map.getZoom(), 14));
      say(data.labelChosen.replace("%(lat)s", latField.value).replace("%(lng)s", lngField.value));
    }

    function clearPoint() {
      latField.value = "";
      lngField.value = "";
      if (marker) {
        map.removeLayer(marker);
        marker = null;
      }
      say(data.labelNone);
    }

    // A point kept from a re-displayed form (after an error) or from the project being edited.
    if (latField.value && lngField.value) {
      var kept = L.latLng(Number(latField.value), Number(lngField.value));
      setPoint(kept, {});
      map.setView(kept, 13);
    }

    map.on("click", function (event) {
      setPoint(event.latlng, {});
    });

    tools.hidden = false;
    tools.querySelector("[data-clear-point]").addEventListener("click", clearPoint);
    var locate = tools.querySelector("[data-use-location]");
    if (!("geolocation" in navigator)) {
      locate.hidden = true;
    }
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (position) {
          setPoint(L.latLng(position.coords.latitude, position.coords.longitude), { zoom: true });
        },
        function () {
          say(data.labelGeoError);
        },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-point-picker]").forEach(init);
    // After an error, move focus to the summary so screen-reader users hear it first.
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
