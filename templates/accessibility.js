/* getchitty: two accessibility repairs to Material's pages that need a script, served from the site.

   1. Material's search overlay is a role="dialog" without a name; it gets the name of its
      search field ("Search").
   2. Material wraps each Markdown table in a .md-typeset__scrollwrap that scrolls sideways
      when the table is wider than the page, but a keyboard cannot reach a scrolling box
      that holds no link. Each wrapper that scrolls becomes a focusable region named after
      the heading above it; the check repeats when the wrapper changes size (a phone turned,
      a window resized).

   Runs on every page Material's instant navigation shows (document$), or once the page
   has loaded where Material is not present. */
(function () {
  "use strict";

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

  function repair() {
    nameSearchDialog();
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
