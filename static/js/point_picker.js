/* The point picker of the project form: click the map or drag the marker, or use the browser's
   location; the chosen point goes into the hidden lat/lng fields. Without JavaScript (or with
   the keyboard) the address field is the alternative: the pipeline geocodes it.
   Each point is checked with the site (data-check-url: the shipped municipal boundaries) before
   it is taken: a point at sea or abroad is refused with the site's reason, and the status names
   the municipality. The form checks the same again on submit. */
(function () {
  "use strict";

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
    var asked = 0; // only the answer to the latest click counts

    var map = SmartCityMap.create(element, { zoom: 6 });

    function say(text) {
      status.textContent = text;
    }

    function setPoint(latlng, options) {
      var ask = ++asked;
      var point = L.latLng(round(latlng.lat), round(latlng.lng));
      say(data.labelChecking);
      fetch(data.checkUrl + "?lat=" + point.lat + "&lng=" + point.lng, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (answer) {
          if (ask !== asked) return;
          if (!answer.in_denmark) {
            refuse(point, answer.message);
            return;
          }
          takePoint(point, options, answer.municipality && answer.municipality.name);
        })
        .catch(function () {
          // The check could not be made: take the point; the form checks it on submit.
          if (ask === asked) takePoint(point, options, null);
        });
    }

    function refuse(point, message) {
      if (Number(latField.value) === point.lat && Number(lngField.value) === point.lng) {
        clearPoint(); // the kept point itself (a form shown again after the server refused it)
      } else if (marker) {
        marker.setLatLng([Number(latField.value), Number(lngField.value)]); // back to the last
      }
      say(message);
    }

    function takePoint(latlng, options, municipality) {
      latField.value = round(latlng.lat);
      lngField.value = round(latlng.lng);
      latField.dispatchEvent(new Event("change", { bubbles: true })); // for similar_projects.js
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
      var label = municipality ? data.labelChosenIn : data.labelChosen;
      say(
        label
          .replace("%(lat)s", latField.value)
          .replace("%(lng)s", lngField.value)
          .replace("%(municipality)s", municipality || "")
      );
    }

    function clearPoint() {
      asked++;
      latField.value = "";
      lngField.value = "";
      latField.dispatchEvent(new Event("change", { bubbles: true }));
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
    // Keyboard: the arrow keys move the map (Leaflet), Enter places the point in its middle.
    // Enter during a pan places the point where the pan ends, not where the map is passing.
    var moving = false;
    map.on("movestart", function () {
      moving = true;
    });
    map.on("moveend", function () {
      moving = false;
    });
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === element) {
        event.preventDefault();
        if (moving) {
          map.once("moveend", function () {
            setPoint(map.getCenter(), {});
          });
        } else {
          setPoint(map.getCenter(), {});
        }
      }
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
