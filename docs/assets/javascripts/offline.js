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

/* On the offline page (templates/offline.html): the pages of this language stored on the phone,
 * by title, read from the worker's cache. */
(function () {
  "use strict";
  var list = document.querySelector("ul.rp-stored"), root = document.querySelector("[data-rp-root]");
  if (!list || !root || !window.caches) return;
  var site = new URL(root.getAttribute("data-rp-root"), location.href).href;
  // This page's language tree: the site root, or its bo/ folder (Addresses: language_root).
  var tree = location.href.indexOf(site + "bo/") === 0 ? site + "bo/" : site;
  var here = location.href.split(/[?#]/)[0];

  function ofThisLanguage(url) {
    var page = /\/$|\.html$/.test(url);
    var other = tree === site && url.indexOf(site + "bo/") === 0;
    return page && url.indexOf(tree) === 0 && !other && url !== here;
  }

  function titleOf(response) {
    return response.text().then(function (html) {
      var title = new DOMParser().parseFromString(html, "text/html").querySelector("h1");
      if (!title) return "";
      title.querySelectorAll(".rp-badge").forEach(function (badge) { badge.remove(); });
      return title.textContent.trim();
    });
  }

  caches.keys().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (r) { return ofThisLanguage(r.url); })
            .map(function (r) {
              return cache.match(r).then(titleOf).then(function (title) { return { url: r.url, title: title }; });
            }));
        });
      });
    }));
  }).then(function (perCache) {
    var seen = {}, pages = [].concat.apply([], perCache).filter(function (p) {
      if (!p.title || seen[p.url]) return false;
      seen[p.url] = true;
      return true;
    });
    pages.sort(function (a, b) { return a.title.localeCompare(b.title); });
    pages.forEach(function (p) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = p.url;
      a.textContent = p.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    document.querySelector(".rp-stored__none").hidden = pages.length > 0;
  }).catch(function () {});
})();
