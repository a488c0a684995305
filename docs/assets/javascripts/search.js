/* Search for the regulation site, one index per language (built by plugins/regpub/search.py).
 *
 * Chinese: a query is split with the vocabulary jieba found in the regulations at build time
 * (longest match first), so 草场纠纷 finds articles with 草场 and 纠纷; a whole-phrase match
 * ranks first and a single character still works. Tibetan: queries and texts are compared by
 * syllable (tsheg and shad are separators, a final tsheg is optional); the whole sequence ranks
 * first. Latin letters search pinyin: full (zhaxigang) or initials (zxg).
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
  var TSHEG = /[\u0f0b-\u0f12\u0f14\s]+/;
  var TIBETAN = /[\u0f00-\u0fff]/;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  var PLACE = 0, PHRASE = 2;
  // Numbers match in either digit style: the Tibetan texts write ༢༠༢༥, a keyboard types 2025
  // (tibetan.js, loaded before this file).
  var fold = window.RegpubTibetan ? window.RegpubTibetan.toArabicDigits : String;

  function syllables(text) {
    return text.split(TSHEG).filter(Boolean);
  }

  function Index(data) {
    this.docs = data.docs.map(function (d) {
      var text = fold(d[2] + " " + d[3]);
      return { kind: d[0], url: d[1], title: d[2], text: d[3], all: text,
               lower: text.toLowerCase(), syl: "་" + syllables(text).join("་") + "་" };
    });
    this.shards = data.shards;
    this.words = {};
    this.longest = 1;
    for (var i = 0; i < (data.words || []).length; i++) {
      this.words[data.words[i]] = true;
      this.longest = Math.max(this.longest, data.words[i].length);
    }
  }

  /* Longest-match segmentation of a Chinese query with the build-time vocabulary. */
  Index.prototype.segment = function (q) {
    var terms = [];
    for (var i = 0; i < q.length;) {
      var len = Math.min(this.longest, q.length - i);
      while (len > 1 && !this.words[q.substr(i, len)]) len--;
      terms.push(q.substr(i, len));
      i += len;
    }
    return terms;
  };

  Index.prototype.search = function (raw) {
    var q = fold(raw.trim().toLowerCase());
    if (!q) return [];
    var scored = [], terms, seq, self = this;
    var mode = TIBETAN.test(raw) ? "bo" : /^[a-z\s]+$/.test(q) ? "pinyin" : "zh";  // ༢༠༢༥: bo
    if (mode === "bo") {
      terms = syllables(q);
      seq = "་" + terms.join("་") + "་";
    } else if (mode === "zh") {
      q = q.replace(/[\s\u3000，。、；：？！,.;:?!]+/g, "");
      terms = this.segment(q).filter(function (t) { return HAN.test(t) || t.length > 1; });
    } else {
      q = q.replace(/\s+/g, "");
    }
    this.docs.forEach(function (doc, order) {
      var score = 0, hit = -1;
      if (mode === "pinyin") {
        if (doc.kind !== PLACE) return;
        var keys = doc.lower.split(/\s+/);
        for (var k = 0; k < keys.length; k++) {
          if (keys[k] === q) score = Math.max(score, 100);
          else if (keys[k].indexOf(q) === 0) score = Math.max(score, 60);
        }
      } else if (mode === "bo") {
        hit = doc.syl.indexOf(seq);
        if (hit >= 0) score = 50;
        else {
          var found = terms.filter(function (s) { return doc.syl.indexOf("་" + s + "་") >= 0; });
          var last = terms[terms.length - 1];
          if (found.length === terms.length) score = 20 + found.length;
          else if (found.length === terms.length - 1 && doc.syl.indexOf("་" + last) >= 0) score = 10;
        }
        if (score && syllables(doc.title).join("་").indexOf(terms.join("་")) >= 0) score += 30;
      } else {
        hit = doc.all.indexOf(q);
        if (hit >= 0) score = 50 + (doc.title.indexOf(q) >= 0 ? 30 : 0);
        else if (terms.length > 1) {
          var n = terms.filter(function (t) { return doc.all.indexOf(t) >= 0; }).length;
          if (n === terms.length) score = 20 + n;
        }
      }
      if (!score) return;
      if (doc.kind === PLACE && mode !== "pinyin" && doc.title.indexOf(raw.trim()) === 0) score += 40;
      if (doc.kind === PHRASE) score += 5;
      scored.push({ doc: doc, score: score, order: order, hit: hit, terms: terms || [q] });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return scored;
  };

  /* A search term as a pattern; its digits match in either style, as the index folds them. */
  function termPattern(t) {
    return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[0-9]/g, function (d) {
      return "[" + d + String.fromCharCode(0x0F20 + Number(d)) + "]";
    });
  }

  /* A snippet around the first match, with the matched terms in <mark>. */
  function snippet(result, query) {
    var text = result.doc.text, first = text.length;
    var marks = (result.hit >= 0 && !TIBETAN.test(query) ? [query.trim()] : result.terms)
      .filter(function (t) { return t && t.length; });
    marks.forEach(function (t) { var i = text.search(new RegExp(termPattern(t))); if (i >= 0 && i < first) first = i; });
    var start = Math.max(0, first - 20), piece = text.slice(start, start + 90);
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode("…"));
    var pattern = marks.map(termPattern).join("|");
    var parts = pattern ? piece.split(new RegExp("(" + pattern + ")")) : [piece];
    parts.forEach(function (p, i) {
      if (!p) return;
      if (i % 2) { var m = document.createElement("mark"); m.textContent = p; frag.appendChild(m); }
      else frag.appendChild(document.createTextNode(p));
    });
    if (start + 90 < text.length) frag.appendChild(document.createTextNode("…"));
    return frag;
  }

  /* Opened from a folder (file://), a folder link must name its index.html. */
  function fileSafe(url) {
    if (location.protocol !== "file:") return url;
    return url.replace(/\/(#|$)/, "/index.html$1");
  }

  /* The data comes as a script, not JSON: a <script> tag also works opened from a folder. */
  function loadScript(src, key) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = function () { resolve(new Index(window.rpSearchData[key])); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function setUp(form) {
    var input = form.querySelector("input"), list = form.querySelector("ol"),
        status = form.querySelector("[role=status]"), root = form.getAttribute("data-root") + "/",
        lang = form.getAttribute("data-lang"), src = form.getAttribute("data-index"),
        index = null, loading = null, timer = null, scope = null, shards = {};

    function load() {
      if (!loading) {
        loading = loadScript(src, lang).then(function (loaded) {
          index = loaded;
          if (loaded.shards) addScope(loaded.shards);
        });
      }
      return loading.then(function () {
        var id = scope && scope.value;
        if (!id) return null;
        if (!shards[id]) shards[id] = loadScript(src.replace(/index\.js$/, id + ".js"), lang + "/" + id);
        return shards[id];
      });
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

    /* Places and phrases from the first file, articles from the chosen township's. */
    function search(query, shard) {
      var results = index.search(query);
      if (shard) {
        results = results.concat(shard.search(query).map(function (r) {
          r.order += index.docs.length;
          return r;
        }));
        results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
      }
      return results;
    }

    function show() {
      var query = input.value;
      load().then(function (shard) {
        if (input.value !== query) return;
        var all = search(query, shard), results = all.slice(0, 10);
        list.textContent = "";
        results.forEach(function (r) {
          var li = document.createElement("li"), a = document.createElement("a"),
              p = document.createElement("p");
          a.href = fileSafe(root + r.doc.url);
          a.textContent = r.doc.title;
          p.appendChild(snippet(r, query));
          li.appendChild(a);
          li.appendChild(p);
          list.appendChild(li);
        });
        var n = query.trim() ? all.length : 0;
        status.textContent = !query.trim() ? "" : n ? form.getAttribute("data-found").replace("#", digits(n))
                                                   : form.getAttribute("data-none");
        form.setAttribute("data-state", results.length ? "results" : "empty");
      });
    }

    // The count in the page's numeral style (data-numerals: tibetan on Tibetan pages unless the
    // site says arabic; messages.py).
    function digits(n) {
      return form.getAttribute("data-numerals") !== "tibetan" ? String(n)
        : String(n).replace(/[0-9]/g, function (d) { return String.fromCharCode(0x0F20 + Number(d)); });
    }

    input.addEventListener("focus", load, { once: true });
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
  }

  document.querySelectorAll("form.rp-search").forEach(setUp);
})();
