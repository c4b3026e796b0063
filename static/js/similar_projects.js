// The project form: while the title and summary are written (and once the pin is placed), show
// up to five similar published projects (same words, same theme, nearby) from
// /api/v1/projects/similar/ — "perhaps adopt or follow this one instead". The same function
// feeds the screening's near-duplicate rule.
// The count is announced through a polite live region; the links are ordinary links in the
// tab order. Without JavaScript the form works as before.
(function () {
  "use strict";

  var WAIT_MS = 300;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function setUp(root) {
    var title = document.getElementById(root.dataset.titleField);
    var summary = document.getElementById(root.dataset.summaryField);
    var lat = document.getElementById(root.dataset.latField);
    var lng = document.getElementById(root.dataset.lngField);
    var theme = document.getElementById(root.dataset.themeField); // its values are slugs
    var box = root.querySelector("[data-similar-box]");
    var list = root.querySelector("[data-similar-list]");
    var status = root.querySelector("[data-similar-status]");
    if (!title || !summary || !box || !list || !status) return;
    var timer = null;
    var asked = 0;
    var lastQuery = "";
    var shown = "";

    function show(results) {
      var key = results.map(function (project) { return project.slug; }).join(",");
      if (key === shown) return; // nothing new to announce
      shown = key;
      list.innerHTML = "";
      results.forEach(function (project) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = project.url;
        link.target = "_blank"; // the form keeps what has been typed
        link.rel = "noopener";
        link.textContent = project.title;
        var hint = document.createElement("span");
        hint.className = "visually-hidden";
        hint.textContent = " " + root.dataset.labelNewTab;
        link.appendChild(hint);
        item.appendChild(link);
        var about = document.createElement("span");
        about.className = "similar-meta";
        var where = project.municipality ? " · " + project.municipality : "";
        about.textContent = project.theme.label + where;
        item.appendChild(document.createTextNode(" "));
        item.appendChild(about);
        list.appendChild(item);
      });
      box.hidden = results.length === 0;
      status.textContent = results.length ? format(root.dataset.labelFound, { n: results.length }) : "";
    }

    function ask() {
      var text = (title.value + " " + summary.value).trim();
      if (text.length < 3) {
        lastQuery = "";
        show([]);
        return;
      }
      var params = new URLSearchParams();
      params.set("title", title.value.slice(0, 160));
      params.set("summary", summary.value.slice(0, 300));
      if (lat && lng && lat.value && lng.value) {
        params.set("lat", lat.value);
        params.set("lng", lng.value);
      }
      if (theme && theme.value) params.set("theme", theme.value);
      var query = params.toString();
      if (query === lastQuery) return;
      lastQuery = query;
      var mine = ++asked;
      fetch(root.dataset.api + "?" + query, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === asked) show(data.results || []); })
        .catch(function () { /* offline: the form works without the hint */ });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    }

    title.addEventListener("input", later);
    summary.addEventListener("input", later);
    if (lat) lat.addEventListener("change", later);
    if (theme) theme.addEventListener("change", later);
    if (title.value) later(); // a form shown again after an error
  }

  document.querySelectorAll("[data-similar-projects]").forEach(setUp);
})();
