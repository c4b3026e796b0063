/* The one way to make a Leaflet map on the site: SmartCityMap.create(element, options).

   Loaded by templates/includes/leaflet_scripts.html right after leaflet.js and
   leaflet_locale.js (which puts Leaflet's controls in the page's language). The tile URL and
   attribution (settings MAP_TILE_URL, MAP_TILE_ATTRIBUTION) are read once, from this script
   tag's data attributes. `options` are Leaflet's map options; a map starts over Denmark
   unless they say otherwise. Returns the Leaflet map. */
(function () {
  "use strict";
  var tiles = document.currentScript.dataset;
  var DENMARK = [56.0, 10.5];

  function create(element, options) {
    var settings = Object.assign({ center: DENMARK, zoom: 7, minZoom: 5, maxZoom: 18 }, options);
    var map = L.map(element, settings);
    L.tileLayer(tiles.tileUrl, { attribution: tiles.tileAttribution, maxZoom: 18 }).addTo(map);
    return map;
  }

  window.SmartCityMap = { create: create, DENMARK: DENMARK };
})();
