/* getchitty: accessibility repairs to Material's pages that need a script, served from the site.

   1. Material's search overlay is a role="dialog" without a name; it gets the name of its
      search field ("Search").
   2. Material wraps each Markdown table in a .md-typeset__scrollwrap that scrolls sideways
      when the table is wider than the page, but a keyboard cannot reach a scrolling box
      that holds no link. Each wrapper that scrolls becomes a focusable region named after
      the heading above it; the check repeats when the wrapper changes size (a phone turned,
      a window resized).
   3. On the ecosystem map, pointing at a service or focusing it brings out the edges that leave or
      reach it and fades the others, so that one service's relations can be followed in a crowd.
   4. catalog.js, which makes tables sortable and filterable, is loaded from beside this script the
      first time a page holds such a table (table.gc-catalog), not with every page.

   Runs on every page Material's instant navigation shows (document$), or once the page
   has loaded where Material is not present. */
(function () {
  "use strict";

  var here = document.currentScript ? document.currentScript.src : "";
  var catalogLoaded = false;

  function loadCatalog() {
    if (catalogLoaded || !here || !document.querySelector("table.gc-catalog")) return;
    catalogLoaded = true;
    var script = document.createElement("script");
    script.src = new URL("catalog.js", here).href;
    document.body.appendChild(script);
  }

  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label") && !dialog.hasAttribute("aria-labelledby")) {
      dialog.setAttribute("aria-label", "Search");
    }
  }

  function headingBefore(element) {
    for (var node = element; node; node = node.previousElementSibling || node.parentElement) {
      if (/^H[1-6]$/.test(node.tagName)) return node;
      if (node.classList && node.classList.contains("md-content")) break;
    }
    return null;
  }

  function label(wrapper) {
    var table = wrapper.querySelector("table");
    var caption = table && table.caption;
    var heading = headingBefore(wrapper);
    var title = caption ? caption.textContent : heading ? heading.textContent : "";
    return "Table" + (title ? ": " + title.replace(/[\u00b6\s]+$/, "").replace(/\s+/g, " ").trim() : "");
  }

  function update(wrapper) {
    var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
    var reachable = wrapper.querySelector("a[href], button, input, select, textarea, [tabindex]");
    if (scrolls && !reachable) {
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", label(wrapper));
    } else if (wrapper.getAttribute("tabindex") === "0") {
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("aria-label");
    }
  }

  var observer = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) { entries.forEach(function (entry) { update(entry.target); }); })
    : null;

  function light(svg, name) {
    svg.classList.toggle("gc-pic-lit", Boolean(name));
    Array.prototype.forEach.call(svg.querySelectorAll(".gc-pic-edge[data-source]"), function (edge) {
      var mine = Boolean(name) && (edge.getAttribute("data-source") === name || edge.getAttribute("data-target") === name);
      edge.classList.toggle("gc-pic-edge-lit", mine);
    });
  }

  function followEdges(svg) {
    if (svg.hasAttribute("data-gc-follow")) return;
    svg.setAttribute("data-gc-follow", "");
    ["mouseover", "focusin"].forEach(function (type) {
      svg.addEventListener(type, function (event) {
        var node = event.target.closest ? event.target.closest("[data-node]") : null;
        light(svg, node ? node.getAttribute("data-node") : "");
      });
    });
    ["mouseleave", "focusout"].forEach(function (type) {
      svg.addEventListener(type, function () { light(svg, ""); });
    });
  }

  function repair() {
    loadCatalog();
    nameSearchDialog();
    Array.prototype.forEach.call(document.querySelectorAll("svg.gc-pic-map"), followEdges);
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrapper) {
      update(wrapper);
      if (observer) observer.observe(wrapper);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(repair);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
})();
