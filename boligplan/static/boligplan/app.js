/* Small enhancements for every page. The page works without them (CSP allows only our own files).
   - After a failed submit, focus moves to the error summary so it is read out at once.
   - After a save, focus moves to the confirmation message instead of the top of the page.
   - On small screens the main menu folds behind a "Meny" button.
   - Table cells get their column's heading as data-label, shown when tables become cards. */
(function () {
  "use strict";

  function focusFirst() {
    var summary = document.querySelector("[data-error-summary], .ds-error-summary");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
      summary.focus();
      var prefix = summary.getAttribute("data-title-prefix") || "Feil: ";
      if (document.title.indexOf(prefix) !== 0) document.title = prefix + document.title;
      return;
    }
    var message = document.querySelector(".app-main > .ds-alert[role='status']");
    // A fragment that names something on this page wins; one left over from the form
    // (the browser keeps it through the redirect) names nothing here and is ignored.
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (message && !target) {
      message.setAttribute("tabindex", "-1");
      message.focus({ preventScroll: true });
    }
  }

  function collapsibleMenu() {
    var header = document.querySelector(".app-header");
    var button = header && header.querySelector(".app-menu-button");
    if (!button) return;
    header.classList.add("app-header--collapsible");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = header.classList.toggle("app-header--open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("app-header--open")) {
        header.classList.remove("app-header--open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  function labelCells() {
    document.querySelectorAll("table.ds-table").forEach(function (table) {
      var heads = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
      if (!heads) return;
      var names = [];
      Array.prototype.forEach.call(heads.cells, function (cell) {
        // A heading kept for screen readers only (an actions column) gives no visible label.
        var visible = cell.cloneNode(true);
        visible.querySelectorAll(".ds-sr-only").forEach(function (hidden) { hidden.remove(); });
        var span = cell.colSpan || 1;
        for (var i = 0; i < span; i++) names.push(visible.textContent.trim());
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (!cell.hasAttribute("data-label") && names[column]) cell.setAttribute("data-label", names[column]);
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }

  // A box that scrolls sideways must be reachable by keyboard; named by its section's heading.
  function scrollableCharts() {
    document.querySelectorAll(".app-figure__charts").forEach(function (box) {
      var section = box.closest("section[aria-labelledby]");
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        // Named by the section's heading and the chart's own title, so it differs from the section.
        var ids = [];
        if (section) ids.push(section.getAttribute("aria-labelledby"));
        var title = box.querySelector("svg title[id]");
        if (title) ids.push(title.id);
        if (ids.length) box.setAttribute("aria-labelledby", ids.join(" "));
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
      }
    });
  }

  function start() {
    collapsibleMenu();
    labelCells();
    scrollableCharts();
    window.addEventListener("resize", scrollableCharts);
    focusFirst();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
