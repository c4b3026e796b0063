// The project form's "open datasets used": find catalogue datasets by title or address
// (typeahead over /api/v1/datasets/) and add the chosen one to the links textarea.
// An ARIA 1.2 combobox with a listbox popup; without JavaScript the textarea alone works.
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function setUp(root) {
    var input = root.querySelector("[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-picker-status]");
    var target = document.getElementById(root.dataset.target);
    if (!input || !list || !target) return;
    root.hidden = false;
    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.innerHTML = "";
      results = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var dataset = results[index];
      if (!dataset) return;
      var line = dataset.title.replace(/\|/g, "/") + " | " + dataset.url;
      var text = target.value.replace(/\s+$/, "");
      if (text.indexOf(dataset.url) === -1) {
        target.value = text ? text + "\n" + line : line;
      }
      status.textContent = format(root.dataset.labelAdded, { title: dataset.title });
      input.value = "";
      close();
      input.focus();
    }

    function show(items) {
      close();
      results = items;
      items.forEach(function (dataset, i) {
        var option = document.createElement("li");
        option.id = "dataset-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = dataset.title;
        var detail = document.createElement("small");
        detail.textContent = dataset.publisher || "";
        option.appendChild(detail);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      status.textContent = items.length
        ? format(root.dataset.labelFound, { n: items.length })
        : root.dataset.labelNone;
    }

    function search() {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      var ticket = ++asked;
      var url = root.dataset.api + "?page_size=8&q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked) show(data.results || []); })
        .catch(function () { if (ticket === asked) close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && results.length) {
        event.preventDefault();
        highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp" && results.length) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        // Never submit the whole form from the search field.
        event.preventDefault();
        if (active >= 0) choose(active);
        else if (results.length === 1) choose(0);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll("[data-dataset-picker]").forEach(setUp);
})();
