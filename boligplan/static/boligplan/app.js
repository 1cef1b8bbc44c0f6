/* Small enhancements for every page. The page works without them (CSP allows only our own files).
   - After a failed submit, focus moves to the error summary so it is read out at once.
   - After a save, focus moves to the confirmation message instead of the top of the page.
   - On small screens the main menu folds behind a "Meny" button.
   - Table cells get their column's heading as data-label, shown when tables become cards.
   - Two minutes before the idle timeout a dialog offers to continue (which renews the session);
     at the timeout it says the session has ended and that a form saved now is kept. */
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

  // The timeout comes from <body data-session-idle-seconds>, set only for a logged-in user.
  function idleWarning() {
    var body = document.body;
    var idle = parseInt(body.getAttribute("data-session-idle-seconds"), 10);
    var warnBefore = parseInt(body.getAttribute("data-session-warn-seconds"), 10) || 120;
    var dialog = document.getElementById("app-timeout");
    if (!idle || !dialog || typeof dialog.showModal !== "function") return;
    var form = dialog.querySelector("form");
    var warnTimer = null;
    var endTimer = null;
    var returnFocus = null;

    function show(state) {
      dialog.querySelectorAll("[data-timeout-state]").forEach(function (part) {
        part.hidden = part.getAttribute("data-timeout-state") !== state;
      });
      var prefix = state === "ended" ? "app-timeout-ended-" : "app-timeout-";
      dialog.setAttribute("aria-labelledby", prefix + "title");
      dialog.setAttribute("aria-describedby", prefix + "text");
      if (!dialog.open) {
        returnFocus = document.activeElement;
        dialog.showModal();  // moves focus into the dialog; the role makes it announced
      }
      var first = dialog.querySelector("button:not([hidden])");
      if (first) first.focus();
    }

    function schedule() {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(function () { show("warn"); }, Math.max(0, idle - warnBefore) * 1000);
      endTimer = setTimeout(function () { show("ended"); }, idle * 1000);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
        .then(function (response) {
          if (response.status === 204) {
            dialog.close();
            schedule();
          } else {
            show("ended");
          }
        })
        .catch(function () { show("ended"); });
    });
    dialog.querySelector("[data-timeout-close]").addEventListener("click", function () { dialog.close(); });
    // Escape closes a modal dialog by itself; either way focus goes back where the user was.
    dialog.addEventListener("close", function () {
      if (returnFocus && typeof returnFocus.focus === "function" && document.contains(returnFocus)) returnFocus.focus();
      returnFocus = null;
    });
    // A request made in the background (htmx) renews the session just as a page load does.
    document.addEventListener("htmx:afterRequest", schedule);
    schedule();
  }

  function start() {
    idleWarning();
    collapsibleMenu();
    labelCells();
    scrollableCharts();
    window.addEventListener("resize", scrollableCharts);
    focusFirst();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
