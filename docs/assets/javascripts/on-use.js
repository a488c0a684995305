/* Loads the page's other scripts when they are used, not with every page: on a slow phone the
 * search scripts (tibetan.js, search-rank.js, search.js: 14 KB compressed) were a tenth of a
 * first visit, and most visits never search. Each script runs in the order listed, as if it had
 * been in the page.
 * - search: when the reader first touches or focuses the search box, or at once when the
 *   address carries a query (?q=, the search page). search.js picks up what was typed meanwhile.
 * - in-force.js: on a village page's "what was in force on ..." field (form.rp-on-date).
 * - changes.js: on /changes/ (form.rp-filters). */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (!here) return;
  var loaded = {};

  function load(names) {
    names.forEach(function (name) {
      if (loaded[name]) return;
      loaded[name] = true;
      var tag = document.createElement("script");
      tag.src = new URL(name, here).href;
      tag.async = false;  // scripts added by a script run in the order added
      document.head.appendChild(tag);
    });
  }

  var SEARCH = ["tibetan.js", "search-rank.js", "search.js"];
  var box = document.querySelector("form.rp-search input");
  if (box) {
    // Said at once: on a slow line the scripts take a moment before search.js can say more.
    var start = function () {
      var status = document.getElementById("rp-search-status"), form = box.form;
      if (status && !status.textContent) status.textContent = form.getAttribute("data-loading") || "";
      load(SEARCH);
    };
    ["focus", "pointerdown", "touchstart"].forEach(function (kind) {
      box.addEventListener(kind, start, { once: true, passive: true });
    });
    if (new URLSearchParams(location.search).get("q") || document.activeElement === box) start();
  }
  if (document.querySelector("form.rp-on-date")) load(["in-force.js"]);
  if (document.querySelector("form.rp-filters")) load(["changes.js"]);
})();
