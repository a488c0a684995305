/* /changes/ filters (templates/changes.html, plugins/regpub/changes.py): by township, village,
 * kind and date range, in the browser, offline, over the page's inline index. The filter lives
 * in the address (?township=&village=&kind=&from=&to=) so a filtered list can be shared. Every
 * word, date and name shown comes from the index, written in the page's language: nothing is
 * formatted here. The list shows the newest matches grouped by month, more on request. */
(function () {
  "use strict";
  var form = document.querySelector("form.rp-filters");
  var list = document.querySelector(".rp-changes-list");
  var data = document.querySelector("script.rp-changes-index");
  if (!form || !list || !data) return;
  var index = JSON.parse(data.textContent);
  var FIELDS = ["township", "village", "kind", "from", "to"];
  var step = +list.getAttribute("data-first") || 30;
  var shown = step;

  function el(name, text, lang) {
    var node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    if (lang) node.setAttribute("lang", lang);
    return node;
  }

  function state() {
    var s = {};
    FIELDS.forEach(function (f) { s[f] = form.elements[f].value; });
    return s;
  }

  // row: [adopted, date shown, village index, kind, revision link, compare link, summary, lang]
  function matches(row, s) {
    var village = index.villages[row[2]];
    return (!s.township || village[1] === s.township) &&
      (!s.village || village[0] === s.village) && (!s.kind || row[3] === s.kind) &&
      (!s.from || row[0] >= s.from) && (!s.to || row[0] <= s.to);
  }

  function item(row) {
    var village = index.villages[row[2]], li = el("li"), head = el("p");
    var time = el("time", row[1]);
    time.setAttribute("datetime", row[0]);
    var strong = el("strong");
    strong.appendChild(time);
    var a = el("a");
    a.href = row[4];
    a.appendChild(el("span", village[2], village[3]));
    head.appendChild(strong);
    head.appendChild(document.createTextNode(" · "));
    head.appendChild(a);
    head.appendChild(document.createTextNode(" · " + index.kinds[row[3]]));
    if (row[5]) {
      var compare = el("a", list.getAttribute("data-compare"));
      compare.href = row[5];
      head.appendChild(document.createTextNode(" · "));
      head.appendChild(compare);
    }
    li.appendChild(head);
    li.appendChild(el("p", row[6], row[7]));
    return li;
  }

  function draw() {
    var s = state(), rows = index.rows.filter(function (r) { return matches(r, s); });
    list.textContent = "";
    if (!rows.length) list.appendChild(el("p", list.getAttribute("data-none")));
    var month = null, ol = null;
    rows.slice(0, shown).forEach(function (row) {
      var key = row[0].slice(0, 7);
      if (key !== month) {
        month = key;
        var section = el("section");
        section.className = "rp-month";
        var h2 = el("h2", index.months[key]);
        h2.id = "m-" + key;
        ol = el("ol");
        ol.className = "rp-changes";
        section.appendChild(h2);
        section.appendChild(ol);
        list.appendChild(section);
      }
      ol.appendChild(item(row));
    });
    if (rows.length > shown) {
      var more = el("button", list.getAttribute("data-more"));
      more.type = "button";
      more.className = "md-button rp-more";
      more.addEventListener("click", function () { shown += step; draw(); });
      list.appendChild(more);
    }
  }

  // Villages of the chosen township only; a village of another township is let go.
  function narrowVillages() {
    var township = form.elements.township.value, select = form.elements.village;
    Array.prototype.forEach.call(select.options, function (o) {
      o.hidden = !!(township && o.value && o.getAttribute("data-township") !== township);
    });
    if (select.selectedOptions[0] && select.selectedOptions[0].hidden) select.value = "";
  }

  function remember() {
    var url = new URL(location.href), s = state();
    FIELDS.forEach(function (f) {
      if (s[f]) url.searchParams.set(f, s[f]); else url.searchParams.delete(f);
    });
    try { history.replaceState(null, "", url.href); } catch (e) { /* file: in some browsers */ }
  }

  function changed() {
    narrowVillages();
    shown = step;
    remember();
    draw();
  }

  var asked = new URL(location.href).searchParams;
  FIELDS.forEach(function (f) {
    var value = asked.get(f);
    if (value && (f === "from" || f === "to" ? /^\d{4}-\d{2}-\d{2}$/.test(value) : true)) {
      form.elements[f].value = value;
    }
  });
  form.hidden = false;
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) { event.preventDefault(); changed(); });
  form.addEventListener("reset", function () { setTimeout(changed, 0); });
  narrowVillages();
  if (location.search) remember();  // an unknown value asked for (a renamed village) is let go
  draw();
})();
