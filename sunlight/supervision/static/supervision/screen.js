/* The big screen refreshes itself: every 30 s it reads the public aggregate (JSON, no personal data) and rewrites
   the figures in place. Text only, no animation (prefers-reduced-motion is honoured by having none). */
(function () {
  "use strict";
  var at = document.getElementById("screen-at");
  if (!at) { return; }
  var url = at.getAttribute("data-source");
  function text(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value === null || value === undefined ? "—" : String(value); }
  }
  function cell(tag, value, scope) {
    var el = document.createElement(tag);
    if (scope) { el.setAttribute("scope", scope); }
    el.textContent = String(value);
    return el;
  }
  function render(d) {
    text("screen-at", d.at);
    text("s-green", d.lights.green); text("s-yellow", d.lights.yellow); text("s-red", d.lights.red);
    text("s-received", d.received_today); text("s-closed", d.closed_today);
    text("s-waiting", d.hall.counts.waiting);
    ["on_time", "satisfaction", "actual_speedup"].forEach(function (k) {
      var f = d.figures[k];
      text("f-" + k, f && f.value !== null ? f.value.toFixed(1) + "%" : "—");
    });
    var calling = document.getElementById("s-calling");
    if (calling) {
      calling.textContent = "";
      d.hall.calling.forEach(function (t) {
        var li = document.createElement("li");
        var strong = document.createElement("strong");
        strong.textContent = t.label;
        li.appendChild(strong);
        li.appendChild(document.createTextNode(" → " + t.window));
        calling.appendChild(li);
      });
    }
    var body = document.getElementById("s-orgs");
    if (body) {
      body.textContent = "";
      d.by_org.forEach(function (r) {
        var tr = document.createElement("tr");
        tr.appendChild(cell("th", r.org, "row"));
        tr.appendChild(cell("td", r.green)); tr.appendChild(cell("td", r.yellow)); tr.appendChild(cell("td", r.red));
        body.appendChild(tr);
      });
    }
  }
  function tick() {
    fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) { render(d); } })
      .catch(function () {});
  }
  tick();
  setInterval(tick, 30000);
})();
