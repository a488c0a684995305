/* Search for the regulation site, one index per language (built by plugins/regpub/search.py).
 *
 * How queries are read and results ranked is search-rank.js; this file is the box: loading
 * the data, the states, and drawing results grouped by village with "more" up to every match.
 * On a village or township page the reader's own village (township) comes first, with a switch
 * to the whole county by relevance. A query in the other language's script (Chinese on /bo/)
 * also searches that language's data, loaded then, and shows this site's page at the aligned
 * clause with the match under it.
 * The index is loaded on first use only, so reading a page never pays for search. Results are
 * built with DOM text nodes: the data is never parsed as HTML.
 *
 * Above a size budget (a prefecture, not a county) the articles come in one file per township:
 * the first file then holds places, phrases and the list of townships, and a picker chooses
 * which township's articles to search (by default the page's own), so a phone downloads the
 * first file and one township's, never the whole.
 */
(function () {
  "use strict";
  // What is found and in which order: search-rank.js (loaded before this file).
  var Search = window.RegpubSearch;
  var HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff]+/g;
  var PAGE_SIZE = 10, MORE = 20;
  var firsts = {};  // the first file of each language: a township's file points into it

  /* One file of search data, read. */
  function Index(data) {
    var made = new Search.Index(data, data.township ? firsts[data.lang] : null);
    if (!data.township) firsts[data.lang] = made;
    return made;
  }

  /* `text` as nodes; on a Tibetan page, Chinese in it is marked as Chinese (fonts, readers). */
  function textNodes(text, parent, pageLang) {
    if (pageLang === "zh" || !/[\u3400-\u9fff]/.test(text)) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var pos = 0, m;
    HAN_RUN.lastIndex = 0;
    while ((m = HAN_RUN.exec(text))) {
      if (m.index > pos) parent.appendChild(document.createTextNode(text.slice(pos, m.index)));
      var span = document.createElement("span");
      span.lang = "zh";
      span.textContent = m[0];
      parent.appendChild(span);
      pos = m.index + m[0].length;
    }
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  /* A snippet (search-rank.js) as nodes: the matched syllables or words in <mark>. */
  function drawSnippet(piece, parent, pageLang) {
    if (piece.before) parent.appendChild(document.createTextNode("…"));
    piece.parts.forEach(function (part) {
      var into = parent;
      if (part.mark) { into = document.createElement("mark"); parent.appendChild(into); }
      textNodes(part.text, into, pageLang);
    });
    if (piece.after) parent.appendChild(document.createTextNode("…"));
  }

  /* Opened from a folder (file://), a folder link must name its index.html. */
  function fileSafe(url) {
    if (location.protocol !== "file:") return url;
    return url.replace(/\/(#|$)/, "/index.html$1");
  }

  /* The data comes as a script, not JSON: a <script> tag also works opened from a folder.
   * Over http(s) it is fetched as a stream first, so that a reader on a slow phone sees it
   * arrive (progress(bytes) as it comes), then run from a Blob; from a folder (file://, where
   * fetch is refused) the plain tag, with an indicator that does not count. */
  function loadScript(src, key, progress) {
    var streams = /^https?:$/.test(location.protocol) && window.fetch && window.ReadableStream;
    var ready = !streams ? Promise.resolve(src) : fetch(src).then(function (response) {
      if (!response.ok || !response.body) throw new Error(src + ": " + response.status);
      var reader = response.body.getReader(), chunks = [], received = 0;
      // The size is known only when the file comes uncompressed (Content-Length then counts
      // what the stream gives); gzip-served, the bar stays indeterminate and the text counts.
      var total = !response.headers.get("Content-Encoding") && Number(response.headers.get("Content-Length")) || 0;
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) return URL.createObjectURL(new Blob(chunks, { type: "text/javascript" }));
          chunks.push(step.value);
          received += step.value.length;
          if (progress) progress(received, total);
          return pump();
        });
      }
      return pump();
    });
    return ready.then(function (url) {
      return new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url;
        tag.onload = function () {
          if (url !== src) URL.revokeObjectURL(url);
          if (!window.rpSearchData || !window.rpSearchData[key]) reject(new Error(src));
          else resolve(new Index(window.rpSearchData[key]));
        };
        tag.onerror = function () { tag.remove(); reject(new Error(src)); };
        document.head.appendChild(tag);
      });
    });
  }

  function setUp(form) {
    var input = form.querySelector("input"), list = form.querySelector("ol"),
        status = form.querySelector("[role=status]"), root = form.getAttribute("data-root") + "/",
        lang = form.getAttribute("data-lang"), src = form.getAttribute("data-index"),
        index = null, loading = null, timer = null, scope = null, shards = {};

    /* Loads the data once; a failed download is forgotten, so that "retry" (or the next
     * keystroke) downloads it again instead of leaving search dead until a reload. */
    function load() {
      if (!loading) {
        loading = loadScript(src, lang, progress).then(function (loaded) {
          index = loaded;
          if (loaded.shards) addScope(loaded.shards);
        }, function (error) { loading = null; throw error; });
      }
      return loading.then(function () {
        var id = scope && scope.value;
        if (!id) return null;
        if (!shards[id]) {
          shards[id] = loadScript(src.replace(/index\.js$/, id + ".js"), lang + "/" + id, progress)
            .catch(function (error) { delete shards[id]; throw error; });
        }
        return shards[id];
      });
    }

    /* States while the data downloads (2-19 s on a slow phone) and when it fails: a progress
     * bar (counting kilobytes when the download streams), a message, and a retry button. */
    var meter = document.createElement("progress"), retry = document.createElement("button");
    meter.className = "rp-search__progress";
    meter.hidden = true;
    retry.type = "button";
    retry.className = "rp-search__retry md-button";
    retry.textContent = form.getAttribute("data-retry");
    retry.hidden = true;
    retry.addEventListener("click", function () { retry.hidden = true; show(); input.focus(); });
    form.insertBefore(meter, status);
    status.parentNode.insertBefore(retry, status.nextSibling);

    function pending() {
      if (index && !(scope && scope.value && !shards[scope.value])) return;
      form.setAttribute("data-state", "loading");
      meter.hidden = false;
      meter.removeAttribute("value");
      retry.hidden = true;
      status.textContent = form.getAttribute("data-loading");
    }

    function progress(bytes, total) {
      if (form.getAttribute("data-state") !== "loading") return;
      if (total) { meter.max = total; meter.value = Math.min(bytes, total); }
      status.textContent = form.getAttribute("data-loading-kb").replace("#", digits(Math.ceil(bytes / 1024)));
    }

    function failed() {
      form.setAttribute("data-state", "error");
      meter.hidden = true;
      list.textContent = "";
      status.textContent = form.getAttribute(navigator.onLine === false ? "data-offline" : "data-failed");
      retry.hidden = false;
    }

    function addScope(list) {
      var label = document.createElement("label"), own = form.getAttribute("data-township");
      label.className = "rp-search__scope";
      label.appendChild(document.createTextNode(form.getAttribute("data-scope") + " "));
      scope = document.createElement("select");
      scope.appendChild(new Option(form.getAttribute("data-scope-places"), ""));
      list.forEach(function (t) { scope.appendChild(new Option(t.name, t.id, false, t.id === own)); });
      scope.addEventListener("change", show);
      label.appendChild(scope);
      form.insertBefore(label, status);
    }

    /* Which results come first: the reader's own village (then township) or the county by
     * relevance alone. A visible switch on village and township pages (messages search_first*). */
    var ownVillage = form.getAttribute("data-village") || "", ownTownship = form.getAttribute("data-township") || "";
    var first = ownVillage || ownTownship ? "own" : "county";
    if (first === "own") addFirstSwitch();

    function addFirstSwitch() {
      var box = document.createElement("fieldset");
      box.className = "rp-search__first";
      var legend = document.createElement("legend");
      legend.textContent = form.getAttribute("data-first");
      box.appendChild(legend);
      [["own", ownVillage ? "data-first-village" : "data-first-township"], ["county", "data-first-county"]]
        .forEach(function (option) {
          var label = document.createElement("label"), radio = document.createElement("input");
          radio.type = "radio";
          radio.name = "rp-search-first";
          radio.value = option[0];
          radio.checked = option[0] === first;
          radio.addEventListener("change", function () { first = radio.value; if (input.value.trim()) show(); });
          label.appendChild(radio);
          label.appendChild(document.createTextNode(" " + form.getAttribute(option[1])));
          box.appendChild(label);
        });
      form.insertBefore(box, status);
    }

    /* The other language's data, for a query in its script (a Chinese query on /bo/): loaded
     * only then; when it cannot be loaded, the page's own results stand alone. */
    var other = null, otherLang = form.getAttribute("data-other-lang");
    function loadOther() {
      if (!other) {
        other = loadScript(form.getAttribute("data-other-index"), otherLang)
          .catch(function () { other = null; return null; });
      }
      return other;
    }

    function wantsOther(query) {
      return lang === "bo" ? /[\u3400-\u4dbf\u4e00-\u9fff]/.test(query) : /[\u0f00-\u0fff]/.test(query);
    }

    /* {results, corrected}: places and phrases from the first file, articles from it or the
     * chosen township's; for a query in the other language's script, also what that language's
     * text finds, shown as this language's page (same address in both trees). */
    function find(query, shard) {
      var own = first === "own" ? { village: ownVillage, township: ownTownship } : null;
      var found = index.search(query, own, shard);
      if (!wantsOther(query)) return Promise.resolve(found);
      return loadOther().then(function (theirs) {
        if (!theirs) return found;
        var there = theirs.search(query, own), seen = {};
        found.results.forEach(function (r) { seen[r.doc.url] = true; });
        there.results.forEach(function (r) {
          var mine = index.byUrl[r.doc.url] || (shard && shard.byUrl[r.doc.url]);
          if (!mine || seen[mine.url]) return;
          seen[mine.url] = true;
          found.results.push({ doc: mine, source: r, m: r.m, named: r.named, first: r.first, phrase: r.phrase,
                               whole: r.whole, score: r.score });
        });
        found.results.sort(Search.comparator);
        if (!found.corrected) found.corrected = there.corrected;
        return found;
      });
    }

    /* One result: its page (on this site), and the piece of its text that matched; a result
     * found in the other language shows its own text at the aligned clause, then the match. */
    function item(r) {
      var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
      a.href = fileSafe(root + r.doc.url);
      textNodes(r.doc.title, a, lang);
      li.appendChild(a);
      if (r.source) {
        var at = Search.firstMark(r.source.doc.text, r.source);
        drawSnippet(Search.snippet(r.doc.text, null, Search.aligned(r.doc.text, r.source.doc.text, Math.max(0, at))), p, lang);
        var from = document.createElement("p"), label = document.createElement("span"), there = document.createElement("span");
        from.className = "rp-search__source";
        label.textContent = form.getAttribute("data-other-language") + " ";
        there.lang = otherLang;
        drawSnippet(Search.snippet(r.source.doc.text, r.source), there, otherLang);
        from.appendChild(label);
        from.appendChild(there);
        li.appendChild(p);
        li.appendChild(from);
      } else {
        drawSnippet(Search.snippet(r.doc.text, r), p, lang);
        li.appendChild(p);
      }
      return li;
    }

    /* The first `shown` results, grouped by village (in the order of each village's best
     * result) under its name and its number of results; "more" shows the next ones, up to all. */
    function draw(found, query, shown) {
      var all = found.results, groups = [], byVillage = {};
      all.forEach(function (r) {
        var v = r.doc.village;
        if (v) byVillage[v.url] = (byVillage[v.url] || 0) + 1;
      });
      all.slice(0, shown).forEach(function (r) {
        var v = r.doc.village, group = v && groups.filter(function (g) { return g.village === v; })[0];
        if (!group) groups.push(group = { village: v, items: [] });
        group.items.push(r);
      });
      list.textContent = "";
      groups.forEach(function (g) {
        if (!g.village) { g.items.forEach(function (r) { list.appendChild(item(r)); }); return; }
        var li = document.createElement("li"), head = document.createElement("p"), inner = document.createElement("ol"),
            count = document.createElement("span");
        li.className = "rp-search__group";
        head.className = "rp-search__group-name";
        textNodes(g.village.title, head, lang);
        count.className = "rp-search__count";
        count.textContent = " (" + digits(byVillage[g.village.url]) + ")";
        head.appendChild(count);
        g.items.forEach(function (r) { inner.appendChild(item(r)); });
        li.appendChild(head);
        li.appendChild(inner);
        list.appendChild(li);
      });
      if (all.length > shown) {
        var more = document.createElement("li"), button = document.createElement("button");
        more.className = "rp-search__more";
        button.type = "button";
        button.className = "md-button";
        button.textContent = form.getAttribute("data-more") + " (" + digits(all.length - shown) + ")";
        button.addEventListener("click", function () { draw(found, query, shown + MORE); });
        more.appendChild(button);
        list.appendChild(more);
      }
      var n = query.trim() ? all.length : 0, said = [];
      if (found.corrected && n) said.push(form.getAttribute("data-corrected").replace("#", found.corrected));
      said.push(n ? form.getAttribute("data-found").replace("#", digits(n)) : form.getAttribute("data-none"));
      status.textContent = !query.trim() ? "" : said.join(" ");
      form.setAttribute("data-state", n ? "results" : "empty");
    }

    function show() {
      var query = input.value;
      if (query.trim()) pending();
      load().then(function (shard) {
        return find(query, shard);
      }).then(function (found) {
        meter.hidden = true;
        if (input.value !== query) return;
        draw(found, query, PAGE_SIZE);
      }, function () { if (input.value === query) failed(); });
    }

    // The count in the page's numeral style (data-numerals: tibetan on Tibetan pages unless the
    // site says arabic; messages.py).
    function digits(n) {
      return form.getAttribute("data-numerals") !== "tibetan" ? String(n)
        : String(n).replace(/[0-9]/g, function (d) { return String.fromCharCode(0x0F20 + Number(d)); });
    }

    // Starts the download early; a failure here is shown when the reader searches.
    input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 80); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = list.querySelector("a");
      if (first) window.location.href = first.href; else show();
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; list.textContent = ""; status.textContent = ""; }
    });
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { input.value = params.get("q"); show(); }
    // Loaded on first use (on-use.js): the box may already have the focus and what was typed.
    else if (input.value.trim()) show();
    else {
      status.textContent = "";  // on-use.js's "loading" while this file came: nothing asked yet
      if (document.activeElement === input) load().catch(function () {});
    }
    form.setAttribute("data-ready", "");
  }

  document.querySelectorAll("form.rp-search").forEach(setUp);
})();
