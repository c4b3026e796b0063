/* "Embed this map": builds the <iframe> code from the chosen filters and height, shows it as a
   live preview, and copies it. The preview loads only once the panel is opened. */
(function () {
  "use strict";

  var FILTERS = ["theme", "municipality", "status", "min_adoptions", "results", "featured"];

  function escapeAttribute(value) {
    return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function Generator(root) {
    var form = root.querySelector("[data-embed-form]");
    var code = root.querySelector("[data-embed-code]");
    var preview = root.querySelector("[data-embed-preview]");
    var status = root.querySelector("[data-embed-status]");
    var heightField = form.elements.height;

    function height() {
      var min = Number(heightField.min) || 300;
      var max = Number(heightField.max) || 1600;
      var value = Math.round(Number(heightField.value)) || Number(heightField.defaultValue) || min;
      return Math.min(Math.max(value, min), max);
    }

    function url() {
      var params = new URLSearchParams();
      FILTERS.forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value) params.set(name, field.value);
      });
      var query = params.toString();
      return root.dataset.embedUrl + (query ? "?" + query : "");
    }

    function update() {
      var src = url();
      code.value =
        '<iframe src="' + escapeAttribute(src) + '" title="' +
        escapeAttribute(root.dataset.frameTitle) + '" width="100%" height="' + height() +
        '" style="border:0" loading="lazy"></iframe>';
      status.textContent = "";
      if (root.open) {
        preview.style.height = height() + "px";
        if (preview.getAttribute("src") !== src) preview.setAttribute("src", src);
      }
    }

    form.addEventListener("change", update);
    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    root.addEventListener("toggle", update);
    root.querySelector("[data-embed-copy]").addEventListener("click", function () {
      code.select();
      var done = function () {
        status.textContent = root.dataset.labelCopied;
      };
      var failed = function () {
        status.textContent = root.dataset.labelCopyFailed;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.value).then(done, failed);
      } else {
        try {
          document.execCommand("copy") ? done() : failed();
        } catch (error) {
          failed();
        }
      }
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-embed-generator]").forEach(Generator);
  });
})();
