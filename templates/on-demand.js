/* getchitty: what the theme (Material, or Zensical's rendering of it) fetches on every first page view,
   fetched when the reader first needs it: the search index (several times the size of a page) and its
   worker when the reader opens the search (a click on the search field or button, or the keyboard shortcut,
   which focuses the field) or arrives with ?q= (the 404 page's search) or ?h= (words to highlight); the
   sitemap, which instant navigation checks links against, at the first gesture (a link followed before it
   arrives opens as an ordinary page load). The addresses are the theme's own, from its configuration
   (#__config: the site's base, the search worker). It runs before the theme's bundle (overrides/main.html)
   and wraps XMLHttpRequest and Worker, letting every other request and worker through. */
(function () {
  "use strict";

  var waiting = { search: [], navigation: [] };
  var released = { search: false, navigation: false };

  function when(need, start) {
    if (released[need]) start();
    else waiting[need].push(start);
  }

  function release(need) {
    if (released[need]) return;
    released[need] = true;
    waiting[need].splice(0).forEach(function (start) { start(); });
    if (need === "search") release("navigation"); // the results are links
  }

  function address(url, base) {
    try {
      var found = new URL(String(url), base || window.location.href);
      return found.origin + found.pathname;
    } catch (error) {
      return null;
    }
  }

  var needed = {};
  try {
    var config = JSON.parse(document.getElementById("__config").textContent);
    var base = new URL(config.base, window.location.href);
    if (!/\/$/.test(base.pathname)) base.pathname += "/";
    needed[address("search/search_index.json", base)] = "search";
    needed[address("search.json", base)] = "search";
    needed[address("sitemap.xml", base)] = "navigation";
    if (config.search) needed[address(config.search)] = "search";
  } catch (error) {
    // No configuration of the theme's: nothing is recognised, so nothing is held back.
  }

  function needOf(url) {
    var found = address(url);
    return found !== null && Object.prototype.hasOwnProperty.call(needed, found) ? needed[found] : null;
  }

  var needs = new WeakMap();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var need = needOf(url);
    if (need) needs.set(this, need);
    else needs.delete(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments, need = needs.get(request);
    if (!need || released[need]) return send.apply(request, args);
    when(need, function () { send.apply(request, args); });
  };

  /* The search worker, created when search is wanted: until then, a stand-in keeps the listeners
     Material adds and the messages it posts, and hands both to the real worker. Zensical creates its
     worker once the reader has typed a query, when search is already released. */
  var RealWorker = window.Worker;

  function DeferredWorker(url, options) {
    var real = null, listeners = [], queued = [];
    this.addEventListener = function (type, listener, settings) {
      listeners.push([type, listener, settings]);
      if (real) real.addEventListener(type, listener, settings);
    };
    this.removeEventListener = function (type, listener, settings) {
      listeners = listeners.filter(function (entry) { return entry[0] !== type || entry[1] !== listener; });
      if (real) real.removeEventListener(type, listener, settings);
    };
    this.postMessage = function (message, transfer) {
      if (real) real.postMessage(message, transfer);
      else queued.push([message, transfer]);
    };
    this.terminate = function () {
      if (real) real.terminate();
      queued = [];
    };
    when("search", function () {
      real = new RealWorker(url, options);
      listeners.forEach(function (entry) { real.addEventListener(entry[0], entry[1], entry[2]); });
      queued.splice(0).forEach(function (entry) { real.postMessage(entry[0], entry[1]); });
    });
  }

  if (typeof RealWorker === "function") {
    window.Worker = function (url, options) {
      return needOf(url) === "search" && !released.search
        ? new DeferredWorker(url, options) : new RealWorker(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  var query = new URLSearchParams(window.location.search);
  if (query.has("q") || query.has("h")) release("search");

  /* Material's search field is in the page; Zensical's is the combobox of a dialog in a shadow root, which a
     listener on the document sees through the event's composed path. */
  function isSearchField(target) {
    if (!target || !target.matches) return false;
    return target.matches("[data-md-component=search-query], .md-search__input")
      || Boolean(target.matches("input[role=combobox]") && target.closest("dialog"));
  }

  document.addEventListener("focusin", function (event) {
    var path = event.composedPath ? event.composedPath() : [];
    if (isSearchField(path[0] || event.target)) release("search");
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-md-component=search], label[for=__search]")) release("search");
  }, true);
  ["pointermove", "pointerdown", "touchstart", "keydown", "wheel"].forEach(function (type) {
    window.addEventListener(type, function () { release("navigation"); }, { capture: true, once: true, passive: true });
  });
})();
