/* Map of events with a venue: reads the JSON in <script id="events-data"> and puts a marker
   per event on a Leaflet map. The list next to the map carries the same information, so the
   map is an extra, never the only way. */
(function () {
  "use strict";
  var holder = document.getElementById("events-map");
  var source = document.getElementById("events-data");
  if (!holder || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent || "null");
  if (!data) {
    return;
  }
  var map = SmartCityMap.create(holder, { scrollWheelZoom: false, zoom: 6 });
  // Leaflet's map container takes keyboard focus; give it a name screen readers announce.
  holder.setAttribute("role", "region");
  holder.setAttribute("aria-label", holder.getAttribute("data-map-label") || "Map");

  var bounds = [];
  (data.events || []).forEach(function (event) {
    var marker = L.marker([event.lat, event.lng], { title: event.title, alt: event.title });
    if (event.url) {
      var box = document.createElement("div");
      var link = document.createElement("a");
      link.href = event.url;
      link.textContent = event.title;
      box.appendChild(link);
      if (event.when || event.venue) {
        var meta = document.createElement("p");
        meta.textContent = [event.when, event.venue].filter(Boolean).join(" · ");
        box.appendChild(meta);
      }
      marker.bindPopup(box);
    }
    marker.addTo(map);
    bounds.push([event.lat, event.lng]);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], data.zoom || 12);
  } else if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });
  }
})();
