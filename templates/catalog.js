/* getchitty catalog: sorting and filtering for a plain HTML table, served from the site itself.

   The table works fully without this script; the script only adds controls. The contract
   (one header row, no merged cells):

   <table class="gc-catalog" id="catalog">          id optional; one is given if missing
     <thead><tr>
       <th scope="col">Name</th>                      every header sorts on click (a <button> is put around its content)
       <th scope="col" data-filter="kind">Kind</th>    data-filter="<key>": a <select> of the column's values
       <th scope="col" data-filter="owner" data-filter-type="text">Owner</th>   a text field (substring, any case)
       <th scope="col" data-sort="number" data-filter="layer">Layer</th>        data-sort="number": numeric order
       <th scope="col" data-sort="none">Notes</th>     data-sort="none": not sortable
       <th data-filter-label="Governance state" ...>   data-filter-label: the field's label (default: header text)
       <th data-filter="listed" data-filter-default="service">   data-filter-default: the value the field starts
                                                      with when the address names none (rows are hidden until
                                                      the reader asks for them; "?listed=" shows them all)
     </tr></thead>
     <tbody><tr>
       <td data-sort-value="chittyid">...</td>         data-sort-value: the sort key (default: data-value, then text)
       <td data-value="Service">...</td>               data-value: the filter value (default: the cell's text)
       <td><span data-item>@a/team</span> <span data-item>@b/team</span></td>   several values: one per [data-item]
     </tr></tbody>
   </table>

   The fields go before the table (or before its <div class="gc-table-scroll"> wrapper), then a
   live count, "12 of 63 shown", that screen readers announce. Filters are kept in the page's
   query string (?owner=...&status=Live), so a filtered catalog can be linked to; "q" is left
   to Material's search. Values are matched in any case (?status=live), and a column's values that
   differ only in case are one choice. A select lists its values in the column's sort order
   (data-sort="number": by data-sort-value, so statuses follow their lifecycle), else by name. Runs on every page Material's instant navigation shows (document$),
   or once the page has loaded where Material is not present. */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var RESERVED = { q: true };

  function text(node) {
    return (node.textContent || "").replace(/\s+/g, " ").trim();
  }

  function filterValues(cell) {
    if (!cell) return [];
    var items = cell.querySelectorAll("[data-item]");
    if (items.length) return Array.prototype.map.call(items, text).filter(Boolean);
    var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : text(cell);
    return value ? [value] : [];
  }

  function sortKey(cell) {
    if (!cell) return "";
    if (cell.hasAttribute("data-sort-value")) return cell.getAttribute("data-sort-value");
    if (cell.hasAttribute("data-value")) return cell.getAttribute("data-value");
    return text(cell);
  }

  function same(a, b) {
    return a.toLowerCase() === b.toLowerCase();
  }

  function compare(kind, a, b) {
    if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1; // empty cells last
    if (kind === "number") {
      var x = parseFloat(a), y = parseFloat(b);
      if (!isNaN(x) && !isNaN(y) && x !== y) return x - y;
    }
    return collator.compare(a, b);
  }

  function enhance(table, index) {
    if (table.hasAttribute("data-gc-enhanced") || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-gc-enhanced", "");
    if (!table.id) table.id = "gc-catalog-" + (index + 1);
    var id = table.id;
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var anchor = table.parentElement && table.parentElement.classList.contains("gc-table-scroll")
      ? table.parentElement : table;
    var params = new URLSearchParams(window.location.search);
    var filters = [];

    var controls = document.createElement("div");
    controls.className = "gc-catalog-controls";
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Filter the table");

    headers.forEach(function (header, column) {
      var key = header.getAttribute("data-filter");
      if (!key || RESERVED[key]) return;
      var wrapper = document.createElement("div");
      var label = document.createElement("label");
      var field;
      wrapper.className = "gc-catalog-field";
      label.textContent = header.getAttribute("data-filter-label") || text(header);
      if (header.getAttribute("data-filter-type") === "text") {
        field = document.createElement("input");
        field.type = "search";
        field.autocomplete = "off";
      } else {
        field = document.createElement("select");
        var all = document.createElement("option");
        all.value = "";
        all.textContent = "All";
        field.appendChild(all);
        var seen = {}, order = [];
        rows.forEach(function (row) {
          var cell = row.cells[column];
          var single = cell && !cell.querySelector("[data-item]"); // a cell of several values has no key of each
          filterValues(cell).forEach(function (value) {
            var key = value.toLowerCase();
            if (seen[key]) return;
            seen[key] = true;
            order.push({ value: value, key: single ? sortKey(cell) : "" });
          });
        });
        var kind = header.getAttribute("data-sort");
        order.sort(function (a, b) {
          return (kind === "number" && compare(kind, a.key, b.key)) || collator.compare(a.value, b.value);
        });
        order.forEach(function (entry) {
          var option = document.createElement("option");
          option.value = entry.value;
          option.textContent = entry.value;
          field.appendChild(option);
        });
      }
      field.id = id + "-filter-" + key.replace(/[^A-Za-z0-9_-]/g, "-");
      field.name = key;
      var wanted = params.get(key);
      var initial = header.getAttribute("data-filter-default") || "";
      if (wanted === null) wanted = initial;
      if (field.tagName === "INPUT") {
        field.value = wanted;
      } else {
        var match = Array.prototype.filter.call(field.options, function (option) { return same(option.value, wanted); })[0];
        field.value = match ? match.value : ""; // a value this column does not hold: everything
      }
      label.htmlFor = field.id;
      wrapper.appendChild(label);
      wrapper.appendChild(field);
      controls.appendChild(wrapper);
      filters.push({ key: key, column: column, field: field, text: field.tagName === "INPUT", initial: initial });
    });

    var count = document.createElement("p");
    count.className = "gc-catalog-count";
    count.id = id + "-count";
    count.setAttribute("aria-live", "polite");
    count.setAttribute("role", "status");

    function apply(remember) {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = filters.every(function (filter) {
          var wanted = filter.field.value;
          if (!wanted) return true;
          var cell = row.cells[filter.column];
          if (!cell) return false;
          if (filter.text) return text(cell).toLowerCase().indexOf(wanted.trim().toLowerCase()) !== -1;
          return filterValues(cell).some(function (value) { return same(value, wanted); });
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " shown";
      if (remember) {
        var url = new URL(window.location.href);
        filters.forEach(function (filter) {
          if (filter.field.value === filter.initial) url.searchParams.delete(filter.key);
          else url.searchParams.set(filter.key, filter.field.value); // "" where the default is to hide rows
        });
        window.history.replaceState(window.history.state, "", url.toString());
      }
    }

    if (filters.length) {
      var reset = document.createElement("button");
      reset.type = "button";
      reset.textContent = "Show all";
      reset.addEventListener("click", function () {
        filters.forEach(function (filter) { filter.field.value = ""; });
        apply(true);
      });
      controls.appendChild(reset);
      filters.forEach(function (filter) {
        filter.field.addEventListener(filter.text ? "input" : "change", function () { apply(true); });
      });
      anchor.parentNode.insertBefore(controls, anchor);
    }
    anchor.parentNode.insertBefore(count, anchor);
    table.setAttribute("aria-describedby", count.id);

    headers.forEach(function (header, column) {
      var kind = header.getAttribute("data-sort") || "text";
      if (kind === "none") return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gc-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        var descending = header.getAttribute("aria-sort") === "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var order = rows.map(function (row, position) {
          return { row: row, key: sortKey(row.cells[column]), position: position };
        });
        order.sort(function (a, b) {
          var result = compare(kind, a.key, b.key);
          if (descending && a.key !== "" && b.key !== "") result = -result;
          return result || a.position - b.position;
        });
        order.forEach(function (entry) { body.appendChild(entry.row); });
      });
    });

    apply(false);
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table.gc-catalog"), enhance);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhanceAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
