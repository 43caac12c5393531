// Radar's only script: progressive enhancement. Every page works without it.
// - Filters submit as soon as a choice changes (server), or filter the rows
//   in place and keep the URL in step (static site, which has no server).
// - While an assessment runs, the progress banner updates itself and the
//   page reloads its table when new results arrive.
(function () {
  "use strict";
  var mode = document.body.getAttribute("data-mode");
  var form = document.getElementById("filters");

  function params() {
    var p = new URLSearchParams(window.location.search);
    return {
      q: (p.get("q") || "").toLowerCase().trim(),
      area: p.get("area") || "", level: p.get("level") || "", lifecycle: p.get("lifecycle") || "",
      goal: p.get("goal") || "production", advice: p.get("advice") || ""
    };
  }

  function applyStatic() {
    var f = params();
    var rows = document.querySelectorAll("tr.project");
    // A project listed in several areas has a row in each: count projects.
    var shownIds = {}, allIds = {};
    rows.forEach(function (tr) {
      var ok = (!f.area || tr.getAttribute("data-area") === f.area) &&
        (!f.level || tr.getAttribute("data-level") === f.level) &&
        (!f.lifecycle || tr.getAttribute("data-lifecycle") === f.lifecycle);
      var advice = "none";
      (tr.getAttribute("data-advice") || "").split(" ").forEach(function (kv) {
        var i = kv.indexOf(":");
        if (kv.slice(0, i) === f.goal) { advice = kv.slice(i + 1); }
      });
      if (ok && f.advice) { ok = advice === f.advice; }
      if (ok && f.q) {
        var text = tr.getAttribute("data-search") || "";
        ok = f.q.split(/\s+/).every(function (w) { return text.indexOf(w) >= 0; });
      }
      var pill = tr.querySelector("[data-goal-advice]");
      if (pill) {
        pill.textContent = advice === "none" ? "\u2014" : advice;
        pill.className = "pill advice " + ({adopt: "ok", trial: "info", assess: "warn", hold: "bad"}[advice] || "muted");
      }
      tr.classList.toggle("hidden", !ok);
      var id = tr.getAttribute("data-project");
      allIds[id] = true;
      if (ok) { shownIds[id] = true; }
    });
    var shown = Object.keys(shownIds).length;
    document.querySelectorAll("tbody.area-group").forEach(function (tb) {
      tb.classList.toggle("hidden", !tb.querySelector("tr.project:not(.hidden)"));
    });
    var empty = document.getElementById("empty");
    if (empty) { empty.classList.toggle("hidden", shown > 0); }
    var count = document.getElementById("count");
    var goalSel = form && form.elements.goal;
    if (count) {
      var label = goalSel ? goalSel.options[goalSel.selectedIndex].text : "";
      count.textContent = "Showing " + shown + " of " + Object.keys(allIds).length + " projects \u00b7 advice for " + label;
    }
    if (form) {
      ["q", "area", "level", "lifecycle", "goal", "advice"].forEach(function (k) {
        var el = form.elements[k];
        var v = new URLSearchParams(window.location.search).get(k);
        if (el && v !== null) { el.value = v; }
      });
    }
  }

  // The form's query without empty fields or the default goal, so that
  // URLs stay short enough to read and share.
  function formQuery() {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v && !(k === "goal" && v === "production")) { p.set(k, v); } });
    var s = p.toString();
    return s ? "?" + s : window.location.pathname;
  }

  if (form) {
    if (mode === "static") {
      applyStatic();
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        history.replaceState(null, "", formQuery());
        applyStatic();
      });
      form.addEventListener("change", function () { form.requestSubmit(); });
      var t;
      form.elements.q.addEventListener("input", function () { clearTimeout(t); t = setTimeout(function () { form.requestSubmit(); }, 200); });
    } else {
      // The server filters; without this script the form's plain GET does the same.
      var go = function () { window.location.assign(form.action.split("?")[0] + (formQuery().charAt(0) === "?" ? formQuery() : "")); };
      form.addEventListener("submit", function (e) { e.preventDefault(); go(); });
      form.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") { go(); } });
    }
  }

  // Live progress (server only).
  var banner = document.getElementById("progress");
  if (mode === "server" && banner && banner.classList.contains("running")) {
    var seen = -1;
    var poll = function () {
      fetch("/api/progress.json", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (p) {
        var text = document.getElementById("progress-text");
        var fill = document.getElementById("progress-fill");
        var pct = p.total ? Math.floor(p.done * 100 / p.total) : 0;
        if (fill) { fill.setAttribute("width", String(pct * 2)); }
        if (p.state === "running") {
          text.textContent = "Assessing: " + p.done + " of " + p.total + " projects (" + pct + "%)" +
            (p.failed ? ", " + p.failed + " could not be measured" : "") +
            (p.running.length ? " \u2014 now: " + p.running.join(", ") : "") + ". Columns fill in as results arrive.";
        }
        var typing = document.activeElement && document.activeElement.tagName === "INPUT";
        if (seen >= 0 && p.done !== seen && !typing) { window.location.reload(); return; }
        seen = p.done;
        banner.setAttribute("data-seen", String(seen));
        if (p.state === "running") { setTimeout(poll, 2000); } else if (!typing) { window.location.reload(); }
      }).catch(function () { setTimeout(poll, 5000); });
    };
    poll();
  }

  // Select a badge snippet on click, ready to copy.
  document.querySelectorAll(".snippet textarea").forEach(function (ta) {
    ta.addEventListener("focus", function () { ta.select(); });
  });
}());
