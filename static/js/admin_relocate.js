// Moderators correct a project's location by dragging the pin; the coordinates go into the
// ordinary latitude/longitude fields, which the admin form saves.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("relocate-map");
    var latInput = document.querySelector(".js-relocate-lat");
    var lngInput = document.querySelector(".js-relocate-lng");
    if (!box || !latInput || !lngInput || typeof L === "undefined") return;
    var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
    var known = !isNaN(lat) && !isNaN(lng);
    var start = known ? [lat, lng] : SmartCityMap.DENMARK;
    var map = SmartCityMap.create(box, { center: start, zoom: known ? 14 : 7 });
    var marker = L.marker(start, { draggable: true, autoPan: true }).addTo(map);
    function write(point) {
      latInput.value = point.lat.toFixed(6);
      lngInput.value = point.lng.toFixed(6);
    }
    marker.on("dragend", function () { write(marker.getLatLng()); });
    map.on("click", function (event) { marker.setLatLng(event.latlng); write(event.latlng); });
    function readInputs() {
      var a = parseFloat(latInput.value), b = parseFloat(lngInput.value);
      if (!isNaN(a) && !isNaN(b)) { marker.setLatLng([a, b]); map.panTo([a, b]); }
    }
    latInput.addEventListener("change", readInputs);
    lngInput.addEventListener("change", readInputs);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
