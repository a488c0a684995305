/* What search finds and in which order, and what of it a result shows: no page, no network.
 * search.js (the box, loading, states) builds an Index from the data plugins/regpub/search.py
 * writes, asks it for results and draws them with `snippet`. Exposed as window.RegpubSearch in a
 * page and as module.exports under Node.
 *
 * How a query is read:
 * - Tibetan: by syllable (tsheg, shad and spaces separate; a final tsheg changes nothing). Every
 *   syllable matches whole syllables; the last one, still being typed, also matches syllables
 *   that start with it (ག finds གྲོང, never the ག inside བསྒྲུབས), ranked below whole ones.
 * - Chinese: split with the vocabulary jieba found at build time (longest match first), so
 *   草场纠纷 finds 草场 ... 纠纷 apart; the whole query in one piece ranks first.
 * - Latin letters: the pinyin of places and phrases, full or initials, tone marks or digits
 *   ignored (zhāxīgǎng, zha1xi1gang3, zhaxigang, zxg).
 * Ranking: BM25 over weighted fields (title and place names above text); then, in this order of
 * importance: all terms above some, a place named by the query, the query as one phrase (for
 * one word: found whole), the reader's own village then township (when asked), whole syllables
 * above started ones, score.
 * The last tie-break is the address, never the order of the county's list.
 * A query of 3+ syllables (or 2, correcting a syllable of 4+ letters and signs) or 2+ Han
 * characters that finds nothing is retried with one edit (a letter or character added, dropped
 * or changed) towards words the texts contain.
 * Query and data are compared normalized the same way (tibetan.js normalize, tibetan.py).
 */
(function (root) {
  "use strict";
  var T = root.RegpubTibetan || (typeof require === "function" ? require("./tibetan.js") : null);
  var PLACE = 0, ARTICLE = 1, PHRASE = 2;
  var TSHEG = "\u0f0b";
  // A token: a run of Tibetan letters and signs, digits (Tibetan ones folded) or Latin letters.
  var TOKEN = /[\u0f40-\u0f6c\u0f71-\u0f87\u0f90-\u0fbc\u0f35\u0f37\u0f39\u0f3e\u0f3f\u0fc6a-z0-9]+/g;
  var TIBETAN = /[\u0f00-\u0fff]/;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  var HAN_ONLY = /^[\u3400-\u4dbf\u4e00-\u9fff]+$/;
  var QUERY_PUNCTUATION = /[\s\u3000，。、；：？！“”‘’（）,.;:?!"'()]+/g;
  var CLAUSE_END = /[\u0f0d-\u0f12\u0f14。；！？，]/;
  var WEIGHTS = { title: 3, text: 1, keys: 3 };
  var K1 = 1.2, B = 0.75, STARTED = 0.4;  // a started syllable counts 0.4 of a whole one
  var SNIPPET = 90, BEFORE = 20;

  /* The text as it is compared: digits folded to 0-9, ASCII lower case, same length. */
  function fold(text) {
    return T.toArabicDigits(String(text || "")).replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }

  function normalizeQuery(raw) {
    return fold(T.normalize(String(raw || "").trim()));
  }

  /* Tokens with where they are: [{t, start, end}]. */
  function tokens(folded) {
    var out = [], m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(folded))) out.push({ t: m[0], start: m.index, end: m.index + m[0].length });
    return out;
  }

  function joined(list) {
    return TSHEG + list.map(function (x) { return x.t || x; }).join(TSHEG) + TSHEG;
  }

  function count(haystack, needle) {
    var n = 0, i = haystack.indexOf(needle);
    while (i >= 0) { n++; i = haystack.indexOf(needle, i + needle.length); }
    return n;
  }

  /* zhāxīgǎng, zha1xi1gang3, "zha xi" -> zhaxigang, zhaxi (search.py toneless). */
  function toneless(q) {
    return q.replace(/ü/g, "v").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[1-5\s']/g, "");
  }

  function isOneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a.charAt(i) === b.charAt(j)) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (a.length < b.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) === 1;
  }

  /* The data of one file; `base` is the first file when this is a township's articles (their
   * village indexes point into it). */
  function Index(data, base) {
    var self = this, places = base ? base.docs : null;
    this.lang = data.lang || (base && base.lang);
    this.shards = data.shards;
    this.docs = data.docs.map(function (d) {
      var doc = { kind: d[0], url: d[1], title: d[2], text: d[3], keys: d[0] === ARTICLE ? "" : (d[4] || "") };
      doc.f = { title: fold(doc.title), text: fold(doc.text), keys: fold(doc.keys) };
      doc.tok = { title: tokens(doc.f.title), text: tokens(doc.f.text), keys: tokens(doc.f.keys) };
      doc.syl = { title: joined(doc.tok.title), text: joined(doc.tok.text), keys: joined(doc.tok.keys) };
      if (d[0] === PLACE) doc.id = d[6];
      doc.link = d[0] === PLACE ? d[5] : d[0] === ARTICLE ? d[4] : -1;
      return doc;
    });
    places = places || this.docs;
    this.docs.forEach(function (doc) {
      var up = doc.link >= 0 ? places[doc.link] : null;
      if (doc.kind === ARTICLE) { doc.village = up; doc.township = up && places[up.link]; }
      else if (doc.kind === PLACE) { doc.village = up ? doc : null; doc.township = up || doc; }
    });
    // Average field lengths, in syllables (Tibetan) and in characters (Chinese).
    this.avg = { bo: {}, zh: {} };
    ["title", "text", "keys"].forEach(function (f) {
      var syl = 0, chars = 0;
      self.docs.forEach(function (doc) { syl += doc.tok[f].length; chars += doc.f[f].length; });
      self.avg.bo[f] = Math.max(1, syl / Math.max(1, self.docs.length));
      self.avg.zh[f] = Math.max(1, chars / Math.max(1, self.docs.length));
    });
    this.byUrl = {};
    this.docs.forEach(function (doc) { self.byUrl[doc.url] = doc; });
    this.words = {};
    this.longest = 1;
    (data.words || []).forEach(function (w) { self.words[w] = true; self.longest = Math.max(self.longest, w.length); });
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

  /* How a query is read: {mode: bo|zh|pinyin, q, terms}. */
  Index.prototype.read = function (raw) {
    var q = normalizeQuery(raw);
    if (!q) return null;
    if (TIBETAN.test(q) || (/[0-9]/.test(q) && !HAN.test(q) && !/[a-z]/.test(q))) {
      var terms = tokens(q).map(function (x) { return x.t; });
      return terms.length ? { mode: "bo", q: q, terms: terms } : null;
    }
    if (HAN.test(q)) {
      q = q.replace(QUERY_PUNCTUATION, "");
      return { mode: "zh", q: q, terms: uniq(this.segment(q).filter(function (t) { return HAN.test(t) || t.length > 1; })) };
    }
    q = toneless(q);
    return q ? { mode: "pinyin", q: q, terms: [q] } : null;
  };

  function uniq(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  /* Per document and term: weighted counts of whole and started matches. */
  function termCounts(doc, mode, t, last) {
    var whole = 0, started = 0;
    ["title", "text", "keys"].forEach(function (f) {
      if (f === "keys" && doc.kind === ARTICLE) return;
      var w, s = 0, len;
      if (mode === "bo") {
        w = count(doc.syl[f], TSHEG + t + TSHEG);
        if (last) s = count(doc.syl[f], TSHEG + t) - w;
        len = doc.tok[f].length;
      } else {
        w = count(doc.f[f], t);
        len = doc.f[f].length;
      }
      if (!w && !s) return;
      var norm = 1 - B + B * len / this.avg[mode][f];
      whole += WEIGHTS[f] * w / norm;
      started += WEIGHTS[f] * STARTED * s / norm;
    }, this);
    return { whole: whole, started: started };
  }

  function comparator(a, b) {
    return b.m - a.m || b.named - a.named || b.phrase - a.phrase || b.first - a.first ||
      b.whole - a.whole || b.score - a.score || (a.doc.url < b.doc.url ? -1 : a.doc.url > b.doc.url ? 1 : 0);
  }

  /* How much the reader's own place counts: 2 own village, 1 own township, 0 elsewhere. */
  function nearness(doc, own) {
    if (!own) return 0;
    if (own.village && doc.village && doc.village.id === own.village) return 2;
    if (own.township && doc.township && doc.township.id === own.township) return 1;
    return 0;
  }

  /* Results for a read query, best first: [{doc, m, whole, phrase, score, ...}]. */
  Index.prototype.rank = function (read, own, extra) {
    var docs = extra ? this.docs.concat(extra.docs) : this.docs, self = this, n = read.terms.length;
    var hits = [], df = read.terms.map(function () { return 0; });
    if (read.mode === "pinyin") {
      docs.forEach(function (doc) {
        if (doc.kind === ARTICLE) return;
        var keys = doc.f.keys.split(/\s+/).concat([toneless(doc.f.title)]), whole = 0, started = 0;
        keys.forEach(function (k) { if (k === read.q) whole = 1; else if (k && k.indexOf(read.q) === 0) started = 1; });
        if (whole || started) hits.push({ doc: doc, m: 1, named: whole, first: nearness(doc, own), phrase: whole,
                                          whole: whole, score: 1 / (1 + doc.title.length), terms: [] });
      });
      return hits.sort(comparator);
    }
    // The query as one phrase; its last syllable may be still being typed, unless it is alone.
    var phraseNeedle = read.mode === "bo" ? TSHEG + read.terms.join(TSHEG) + (n === 1 ? TSHEG : "") : read.q;
    var rows = [];
    docs.forEach(function (doc) {
      var counts = read.terms.map(function (t, i) { return termCounts.call(self, doc, read.mode, t, i === n - 1); });
      var m = 0, whole = 0;
      counts.forEach(function (c, i) { if (c.whole || c.started) { m++; df[i]++; } if (c.whole) whole++; });
      if (m) rows.push({ doc: doc, counts: counts, m: m, whole: whole });
    });
    var all = rows.some(function (r) { return r.m === n; });
    var N = docs.length;
    rows.forEach(function (r) {
      // All terms; with 3+ terms, all but one; and when no text has them all, the most found.
      var enough = r.m === n || (n >= 3 && r.m >= n - 1 && r.whole >= 1) || (!all && r.whole >= 1 && r.m >= Math.ceil(n / 2));
      if (!enough) return;
      var score = 0;
      r.counts.forEach(function (c, i) {
        var tf = c.whole + c.started;
        if (!tf) return;
        var idf = Math.log(1 + (N - df[i] + 0.5) / (df[i] + 0.5));
        score += idf * tf * (K1 + 1) / (tf + K1);
      });
      var doc = r.doc, phrase = 0, named = 0;
      if (read.mode === "bo") phrase = doc.syl.title.indexOf(phraseNeedle) >= 0 || doc.syl.text.indexOf(phraseNeedle) >= 0 ? 1 : 0;
      else phrase = doc.f.title.indexOf(phraseNeedle) >= 0 || doc.f.text.indexOf(phraseNeedle) >= 0 ? 1 : 0;
      if (doc.kind !== ARTICLE) {
        // Named: the name begins with the query (in Tibetan, with whole syllables).
        if (read.mode === "bo") named = doc.syl.title.indexOf(TSHEG + read.terms.join(TSHEG) + TSHEG) === 0 ? 1 : 0;
        else named = doc.f.title.indexOf(phraseNeedle) === 0 ? 1 : 0;
      }
      hits.push({ doc: doc, m: r.m, named: named, first: nearness(doc, own), phrase: phrase, whole: r.whole,
                  score: score, mode: read.mode, terms: read.terms, q: read.q });
    });
    return hits.sort(comparator);
  };

  /* {results, corrected}: `corrected` is the query searched instead, when the typed one found
   * nothing and one edit away a query finds something. */
  Index.prototype.search = function (raw, own, extra) {
    var read = this.read(raw);
    if (!read) return { results: [], corrected: null, read: null };
    var results = this.rank(read, own, extra);
    var complete = results.filter(function (r) { return r.m === read.terms.length; });
    if (complete.length || read.mode === "pinyin") return { results: results, corrected: null, read: read };
    var better = this.correct(read, own, extra);
    return better || { results: results, corrected: null, read: read };
  };

  Index.prototype.correct = function (read, own, extra) {
    var self = this, candidates = [];
    if (read.mode === "bo" && read.terms.length >= 2) {
      var vocab = this.vocabulary(extra);
      read.terms.forEach(function (t, i) {
        // 3+ syllables; of two, only a long syllable is corrected (one edit in a short one is
        // another word more often than a typo).
        if (vocab[t] || (read.terms.length < 3 && t.length < 4)) return;
        Object.keys(vocab).filter(function (v) { return isOneEdit(t, v); })
          .sort(function (a, b) { return vocab[b] - vocab[a]; }).slice(0, 8)
          .forEach(function (v) {
            var terms = read.terms.slice();
            terms[i] = v;
            candidates.push({ mode: "bo", q: terms.join(TSHEG), terms: terms, shown: terms.join(TSHEG) });
          });
      });
    } else if (read.mode === "zh" && HAN_ONLY.test(read.q) && read.q.length >= 2) {
      var seen = {};
      (extra ? this.docs.concat(extra.docs) : this.docs).forEach(function (doc) {
        var text = doc.f.text + "\n" + doc.f.title;
        for (var i = 0; i < text.length; i++) {
          if (!HAN.test(text.charAt(i))) continue;
          for (var len = Math.max(2, read.q.length - 1); len <= read.q.length + 1; len++) {
            var w = text.substr(i, len);
            if (w.length === len && HAN_ONLY.test(w) && isOneEdit(read.q, w)) seen[w] = (seen[w] || 0) + 1;
          }
        }
      });
      Object.keys(seen).sort(function (a, b) { return seen[b] - seen[a]; }).slice(0, 5).forEach(function (w) {
        candidates.push({ mode: "zh", q: w, terms: uniq(self.segment(w)), shown: w });
      });
    }
    var best = null;
    candidates.forEach(function (c) {
      var results = self.rank(c, own, extra);
      var complete = results.filter(function (r) { return r.m === c.terms.length; }).length;
      var phrases = results.filter(function (r) { return r.phrase; }).length;
      if (complete && (!best || phrases > best.phrases || (phrases === best.phrases && complete > best.complete))) {
        best = { results: results, corrected: c.shown, read: c, phrases: phrases, complete: complete };
      }
    });
    return best;
  };

  /* Every syllable of the texts with the number of documents it is in (built on first need). */
  Index.prototype.vocabulary = function (extra) {
    if (!this.vocab || extra !== this.vocabExtra) {
      var vocab = {};
      (extra ? this.docs.concat(extra.docs) : this.docs).forEach(function (doc) {
        var seen = {};
        doc.tok.text.concat(doc.tok.title).forEach(function (x) { if (!seen[x.t]) { seen[x.t] = 1; vocab[x.t] = (vocab[x.t] || 0) + 1; } });
      });
      this.vocab = vocab;
      this.vocabExtra = extra;
    }
    return this.vocab;
  };

  /* Where a result's terms are in `text` (folded alike): [[start, end]], whole syllables for
   * Tibetan, joined across the tsheg between two marked syllables. */
  function marks(text, result) {
    var f = fold(text), out = [];
    if (!result.terms || !result.terms.length) return out;
    if (result.mode === "bo") {
      // The query's syllables in sequence where the text has them so; else each one alone.
      var terms = result.terms, n = terms.length, last = terms[n - 1], list = tokens(f);
      var matches = function (x, i) { return i === n - 1 ? x.t.indexOf(last) === 0 : x.t === terms[i]; };
      for (var k = 0; n > 1 && k + n <= list.length; k++) {
        var all = true;
        for (var i = 0; i < n && all; i++) all = matches(list[k + i], i);
        if (all) out.push([list[k].start, list[k + n - 1].end]);
      }
      if (!out.length) {
        list.forEach(function (x) {
          if (terms.indexOf(x.t) >= 0 || x.t.indexOf(last) === 0) out.push([x.start, x.end]);
        });
      }
    } else {
      var whole = result.q && f.indexOf(result.q) >= 0;
      uniq(whole ? [result.q] : [result.q].concat(result.terms)).forEach(function (t) {
        if (!t) return;
        for (var i = f.indexOf(t); i >= 0; i = f.indexOf(t, i + t.length)) out.push([i, i + t.length]);
      });
    }
    out.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    out.forEach(function (r) {
      var prev = merged[merged.length - 1];
      if (prev && (r[0] <= prev[1] || /^[\u0f0b\u0f0c ]$/.test(text.slice(prev[1], r[0])))) prev[1] = Math.max(prev[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  /* Moves `offset` back (or forward) to a place no syllable or surrogate pair is cut. */
  function boundary(text, offset, forward) {
    offset = Math.max(0, Math.min(text.length, offset));
    while (offset > 0 && offset < text.length &&
           (!T.isSyllableBoundary(text, offset) || /[\udc00-\udfff]/.test(text.charAt(offset)) ||
            /[\u0f71-\u0f87\u0f90-\u0fbc]/.test(text.charAt(offset)))) {
      offset += forward ? 1 : -1;
    }
    return offset;
  }

  /* A piece of `text` around `at` (or its first mark): {before, parts: [{text, mark}], after}.
   * It starts and ends on syllable boundaries; marks cover whole syllables. */
  function snippet(text, result, at) {
    var ranges = result ? marks(text, result) : [];
    var first = at !== undefined && at !== null ? at : ranges.length ? ranges[0][0] : 0;
    var start = boundary(text, first - BEFORE, false);
    // Start after the tsheg or space before, not on it.
    while (start > 0 && start < first && /[\s\u0f0b\u0f0c]/.test(text.charAt(start))) start++;
    var end = boundary(text, start + SNIPPET, true);
    var parts = [], pos = start;
    ranges.forEach(function (r) {
      var s = Math.max(r[0], start), e = Math.min(r[1], end);
      if (e <= s) return;
      if (s > pos) parts.push({ text: text.slice(pos, s), mark: false });
      parts.push({ text: text.slice(s, e), mark: true });
      pos = e;
    });
    if (pos < end) parts.push({ text: text.slice(pos, end), mark: false });
    return { before: start > 0, parts: parts, after: end < text.length, start: start, end: end };
  }

  /* Where, in `text`, the clause aligned with `offset` of its parallel `other` begins: the
   * parallel texts are clause-aligned, so the same share of the way through, moved back to the
   * start of its clause. */
  function aligned(text, other, offset) {
    var at = Math.floor(text.length * offset / Math.max(1, other.length));
    while (at > 0 && !CLAUSE_END.test(text.charAt(at - 1))) at--;
    while (at < text.length && /[\s\u0f0b-\u0f14]/.test(text.charAt(at))) at++;
    return Math.min(at, text.length);
  }

  /* Where the first of a result's marks is in the doc's own text (-1: none). */
  function firstMark(text, result) {
    var r = marks(text, result);
    return r.length ? r[0][0] : -1;
  }

  var api = { Index: Index, snippet: snippet, marks: marks, aligned: aligned, firstMark: firstMark,
              normalizeQuery: normalizeQuery, toneless: toneless, isOneEdit: isOneEdit, comparator: comparator,
              PLACE: PLACE, ARTICLE: ARTICLE, PHRASE: PHRASE };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RegpubSearch = api;
})(typeof window !== "undefined" ? window : this);
