/* Leaflet's controls in the page's language. Loaded right after leaflet.js (see
   templates/includes/leaflet_scripts.html), before any map is made; the words come from the
   site's catalogue through this script tag's data attributes. */
(function () {
  "use strict";
  var words = document.currentScript.dataset;
  L.Control.Zoom.mergeOptions({ zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut });
  var link = document.createElement("a");
  link.href = "https://leafletjs.com";
  link.title = words.leafletTitle;
  link.textContent = "Leaflet";
  L.Control.Attribution.mergeOptions({ prefix: link.outerHTML });
})();
