/* The project map and the list next to it (/projects/ and the home page), and the small map on
   a project page.

   The filters live in the URL: a changed filter pushes a history entry (the back button
   restores it), a moved map replaces the current one. The map asks /api/v1/map/ for the
   clusters and points of the current view; the list is the same page's server-rendered
   fragment for the same query, so it also works without JavaScript. */
(function () {
  "use strict";

  var FILTERS = ["q", "theme", "municipality", "status", "min_adoptions", "results", "featured"];
  var DENMARK = [
    [54.55, 8.05],
    [57.75, 15.15],
  ];

  // labels: the element's data-label-* attributes; "one" is used for exactly 1.
  function format(labels, name, n) {
    var one = labels[name + "One"];
    var template = n === 1 && one ? one : labels[name] || "";
    return template.replace("%(n)s", Number(n).toLocaleString(document.documentElement.lang));
  }

  /* --- The explorer: filters, map and list ------------------------------------------------ */

  function Explorer(root) {
    this.root = root;
    this.form = root.querySelector("[data-filter-form]");
    this.results = root.querySelector("[data-results]");
    this.mapElement = root.querySelector("[data-project-map]");
    this.status = root.querySelector("#map-status");
    this.apiUrl = root.dataset.apiUrl;
    this.listUrl = root.dataset.listUrl;
    this.mapRequest = 0;
    this.listRequest = 0;
    this.ready = false;
    this.init();
  }

  Explorer.prototype.init = function () {
    var self = this;
    var el = this.mapElement;
    this.map = SmartCityMap.create(el);
    this.layer = L.layerGroup().addTo(this.map);

    var params = new URLSearchParams(window.location.search);
    var bbox = parseBBox(params.get("bbox")) || parseBBox(this.root.dataset.startBbox);
    // A shared link opens on its view (an embed may give its own); otherwise the whole country.
    this.map.fitBounds(bbox || DENMARK, { animate: false });
    this.map.on("moveend", function () {
      if (self.ready) self.refresh({ history: "replace" });
    });

    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.refresh({ history: "push", resetPage: true });
    });
    this.form.addEventListener("change", function (event) {
      if (event.target.name !== "q") self.refresh({ history: "push", resetPage: true });
    });
    var reset = this.form.querySelector("[data-filter-reset]");
    if (reset) {
      reset.addEventListener("click", function (event) {
        event.preventDefault();
        FILTERS.forEach(function (name) {
          var field = self.form.elements[name];
          if (field) field.value = "";
        });
        self.refresh({ history: "push", resetPage: true });
      });
    }
    // Paging the list stays on this page and keeps the map as it is.
    this.results.addEventListener("click", function (event) {
      var link = event.target.closest(".pagination a");
      if (!link) return;
      event.preventDefault();
      var page = new URL(link.href).searchParams.get("page");
      self.refresh({ history: "push", page: page, listOnly: true, focusList: true });
    });
    window.addEventListener("popstate", function () {
      self.restoreFromUrl();
    });

    this.ready = true;
    this.refresh({ history: "replace", keepPage: true });
  };

  function parseBBox(value) {
    if (!value) return null;
    var parts = value.split(",").map(Number);
    if (parts.length !== 4 || parts.some(isNaN)) return null;
    return L.latLngBounds([parts[1], parts[0]], [parts[3], parts[2]]);
  }

  Explorer.prototype.bboxString = function () {
    var b = this.map.getBounds();
    var round = function (x) {
      return Math.round(x * 100000) / 100000;
    };
    var west = Math.max(round(b.getWest()), -180);
    var east = Math.min(round(b.getEast()), 180);
    var south = Math.max(round(b.getSouth()), -90);
    var north = Math.min(round(b.getNorth()), 90);
    return [west, south, east, north].join(",");
  };

  Explorer.prototype.filterParams = function () {
    var params = new URLSearchParams();
    var form = this.form;
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value.trim() !== "") params.set(name, field.value.trim());
    });
    return params;
  };

  Explorer.prototype.refresh = function (options) {
    options = options || {};
    var params = this.filterParams();
    params.set("bbox", this.bboxString());
    var current = new URLSearchParams(window.location.search);
    if (options.page) {
      params.set("page", options.page);
    } else if (options.keepPage && current.get("page")) {
      params.set("page", current.get("page"));
    }
    var url = window.location.pathname + "?" + params.toString();
    if (options.history === "push") {
      window.history.pushState({ explorer: true }, "", url);
    } else if (options.history === "replace") {
      window.history.replaceState({ explorer: true }, "", url);
    }
    if (!options.listOnly) this.loadMap(params);
    this.loadList(params, options.focusList);
  };

  Explorer.prototype.restoreFromUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var form = this.form;
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      if (field) field.value = params.get(name) || "";
    });
    var bbox = parseBBox(params.get("bbox"));
    this.ready = false;
    if (bbox) this.map.fitBounds(bbox, { animate: false });
    this.ready = true;
    this.loadMap(params);
    this.loadList(params, false);
  };

  Explorer.prototype.loadList = function (params, focus) {
    var self = this;
    var request = ++this.listRequest;
    this.results.setAttribute("aria-busy", "true");
    fetch(this.listUrl + "?" + params.toString(), {
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        if (request !== self.listRequest) return; // a newer request is on its way
        self.results.innerHTML = html;
        self.results.removeAttribute("aria-busy");
        if (focus) {
          var heading = self.results.querySelector("h2");
          if (heading) {
            heading.setAttribute("tabindex", "-1");
            heading.focus();
          }
        }
      })
      .catch(function () {
        self.results.removeAttribute("aria-busy");
      });
  };

  Explorer.prototype.loadMap = function (params) {
    var self = this;
    var request = ++this.mapRequest;
    var query = new URLSearchParams(params);
    query.delete("page");
    query.set("bbox", this.bboxString());
    query.set("zoom", String(Math.round(this.map.getZoom())));
    fetch(this.apiUrl + "?" + query.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (request !== self.mapRequest) return;
        self.draw(data);
        self.status.textContent = format(self.mapElement.dataset, "labelTotal", data.total);
      })
      .catch(function () {
        if (request !== self.mapRequest) return;
        self.layer.clearLayers();
        self.status.textContent = self.mapElement.dataset.labelError;
      });
  };

  Explorer.prototype.draw = function (data) {
    var self = this;
    this.layer.clearLayers();
    (data.features || []).forEach(function (feature) {
      var coords = feature.geometry.coordinates; // GeoJSON order: [lng, lat]
      var latlng = L.latLng(coords[1], coords[0]);
      var props = feature.properties;
      if (props.kind === "cluster") {
        self.layer.addLayer(self.clusterMarker(latlng, props));
      } else {
        self.layer.addLayer(projectMarker(latlng, props, self.mapElement.dataset));
      }
    });
  };

  Explorer.prototype.clusterMarker = function (latlng, props) {
    var map = this.map;
    var size = props.count < 10 ? 28 : props.count < 100 ? 32 : props.count < 1000 ? 38 : 46;
    var span = document.createElement("span");
    span.textContent = props.count.toLocaleString(document.documentElement.lang);
    var marker = L.marker(latlng, {
      icon: L.divIcon({
        html: span,
        className: "map-cluster",
        iconSize: [size, size],
      }),
      title: props.count + " " + this.mapElement.dataset.labelCluster,
      riseOnHover: true,
    });
    marker.on("click", function () {
      var b = props.bbox; // [minLng, minLat, maxLng, maxLat]
      var bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
      if (bounds.getNorth() === bounds.getSouth() && bounds.getEast() === bounds.getWest()) {
        map.setView(bounds.getCenter(), Math.min(map.getZoom() + 3, map.getMaxZoom()));
      } else {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: map.getMaxZoom() });
      }
    });
    return marker;
  };

  function projectMarker(latlng, props, labels) {
    var dot = document.createElement("span");
    dot.className = "map-point-dot";
    if (props.theme && props.theme.color) dot.style.backgroundColor = props.theme.color;
    var marker = L.marker(latlng, {
      icon: L.divIcon({ html: dot, className: "map-point", iconSize: [22, 22] }),
      title: props.title,
      riseOnHover: true,
    });
    marker.bindPopup(function () {
      return popupContent(props, labels);
    });
    return marker;
  }

  function popupContent(props, labels) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("h3");
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.title;
    title.appendChild(link);
    box.appendChild(title);
    var meta = document.createElement("p");
    var parts = [];
    if (props.theme) parts.push(props.theme.label);
    if (props.municipality) parts.push(props.municipality);
    meta.textContent = parts.join(" · ");
    box.appendChild(meta);
    if (props.adoptions) {
      var adoptions = document.createElement("p");
      adoptions.textContent = format(labels, "labelAdoptions", props.adoptions);
      box.appendChild(adoptions);
    }
    var open = document.createElement("a");
    open.href = props.url;
    open.className = "map-popup-link";
    open.textContent = labels.labelOpen;
    box.appendChild(open);
    return box;
  }

  /* --- The small map on a project page ---------------------------------------------------- */

  function locationMap(element) {
    var latlng = L.latLng(Number(element.dataset.lat), Number(element.dataset.lng));
    var map = SmartCityMap.create(element, { center: latlng, zoom: 13, scrollWheelZoom: false });
    var dot = document.createElement("span");
    dot.className = "map-point-dot";
    L.marker(latlng, {
      icon: L.divIcon({
        html: dot,
        className: "map-point " + (element.dataset.themeClass || ""),
        iconSize: [22, 22],
      }),
      title: element.dataset.title,
      keyboard: false,
    }).addTo(map);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-explorer]").forEach(function (root) {
      root.explorer = new Explorer(root);
    });
    document.querySelectorAll("[data-location-map]").forEach(locationMap);
  });
})();
