/* "What was in force on …" (the village page's date field, macros.html on_date): answered here,
 * offline, from the page's data island. Every word and date shown comes from the page itself
 * (the form's messages, the history's dates in the page's script and digits): nothing is
 * formatted here. The day asked is kept in the address (?on=YYYY-MM-DD) so it can be shared. */
(function () {
  "use strict";
  var form = document.querySelector("form.rp-on-date");
  if (!form) return;
  var input = form.querySelector("input[type=date]"), out = form.querySelector("output");
  var rows = form.querySelector(".rp-in-force-data").textContent.trim().split("\n")
    .map(function (line) { return line.trim().split(/\s+/); })
    .filter(function (f) { return f.length === 4; });

  // [key, from, to or "-", link]: in force on `day` when from <= day < to (ISO dates compare
  // as strings).
  function covers(row, day) {
    return row[1] <= day && (row[2] === "-" || day < row[2]);
  }

  function paragraph(message, node) {
    var p = document.createElement("p");
    p.appendChild(document.createTextNode(message + " "));
    if (node) p.appendChild(node);
    return p;
  }

  function answer(day) {
    out.textContent = "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    var found = rows.filter(function (r) { return r[0] !== "withdrawn" && covers(r, day); })[0];
    if (found) {
      var entry = document.getElementById("r-" + found[0]);
      var a = document.createElement("a");
      a.href = found[3];
      a.className = "rp-on-date__revision";
      a.setAttribute("data-revision", found[0]);
      a.textContent = entry.querySelector(".rp-timeline__head a").textContent;
      var span = document.createElement("span");
      span.appendChild(a);
      span.appendChild(document.createTextNode(" · " +
        entry.querySelector(".rp-in-force").textContent.replace(/\s+/g, " ").trim()));
      out.appendChild(paragraph(form.getAttribute("data-found"), span));
    } else {
      out.appendChild(paragraph(form.getAttribute("data-none")));
    }
    rows.filter(function (r) { return r[0] === "withdrawn" && covers(r, day); })
      .forEach(function (r) {
        var item = document.getElementById(r[3].slice(1));
        out.appendChild(paragraph(form.getAttribute("data-withdrawn"),
          document.createTextNode(item ? item.textContent.replace(/\s+/g, " ").trim() : r[1])));
      });
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    answer(input.value);
    var url = new URL(location.href);
    url.searchParams.set("on", input.value);
    try { history.replaceState(null, "", url.href); } catch (e) { /* file: in some browsers */ }
  });
  var asked = new URL(location.href).searchParams.get("on");
  if (asked) {
    input.value = asked;
    answer(asked);
  }
})();
