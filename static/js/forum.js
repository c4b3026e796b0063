// Forum enhancements. Everything works without this file; it only saves page loads.
(function () {
  "use strict";
  var textarea = document.querySelector("#reply textarea[name=body]");
  if (!textarea) { return; }

  // "Quote" asks the server for the quoted text (the same page the link leads to without
  // script) and appends it to what is already typed, instead of reloading the page.
  document.querySelectorAll("a.quote-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(link.href, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var quoted = page.querySelector("#reply textarea[name=body]");
          if (quoted && quoted.value) {
            textarea.value = (textarea.value ? textarea.value.replace(/\s*$/, "\n\n") : "") + quoted.value;
          }
          textarea.focus();
          textarea.setSelectionRange(textarea.value.length, textarea.value.length);
        })
        .catch(function () { window.location.href = link.href; });
    });
  });

  // Ctrl+Enter (or Cmd+Enter) in the reply box sends the reply.
  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      var send = textarea.form.querySelector("button[name=send]");
      if (send) { send.click(); }
    }
  });
})();
