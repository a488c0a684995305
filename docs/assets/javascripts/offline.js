/* Registers the offline worker (sw.js at the site root) and hands it what this page loaded. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  var root = document.querySelector("[data-rp-root]");
  if (!root) return;
  var scope = new URL(root.getAttribute("data-rp-root"), location.href).href;
  navigator.serviceWorker.register(scope + "sw.js", { scope: scope }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var urls = [location.href.split("#")[0]].concat(performance.getEntriesByType("resource")
      .map(function (entry) { return entry.name; }));
    (registration.active || navigator.serviceWorker.controller).postMessage({ store: urls });
  }).catch(function () {});
})();
