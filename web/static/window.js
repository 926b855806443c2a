// Small helpers of the window and case pages. Every page works without
// them: the server checks everything again on submit.
(function () {
  "use strict";
  // A form answered with its problems: focus moves to them, not to the
  // top of the page.
  var problems = document.getElementById("form-problems");
  if (problems) { problems.focus(); }
  // Print buttons (inline handlers are not allowed by the CSP).
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  // "Mark all received": the clerk then changes the exceptions.
  document.querySelectorAll("[data-mark-all]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      document.querySelectorAll('input[type=radio][value=received]').forEach(function (r) { r.checked = true; });
    });
  });
  // Citizen ID / USCC checked as they are typed, in the server's words.
  document.querySelectorAll("input[data-idcheck]").forEach(function (input) {
    var out = document.getElementById(input.dataset.idcheck);
    var typeSel = input.dataset.idcheckType ? document.querySelector(input.dataset.idcheckType) : null;
    var timer = null, seq = 0;
    function check() {
      var v = input.value.trim();
      if (!out) { return; }
      if (v === "") { out.textContent = ""; out.className = "id-check"; return; }
      var t = typeSel ? typeSel.value : "person";
      var mine = ++seq;
      // The applicant's number, typed (not the page's own value on load),
      // asks the registers for the name: the form fills it, and the
      // lookup marks what shared data holds 免提交.
      var form = input.form, identify = typed && input.id === "applicant-id" && form && form.dataset.title;
      var url = "/window/check-id?type=" + encodeURIComponent(t) + "&number=" + encodeURIComponent(v);
      if (identify) { url += "&identify=1&purpose=" + encodeURIComponent(form.dataset.title); }
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (mine !== seq) { return; }
          out.textContent = j.message || "";
          out.className = "id-check " + (j.ok ? (j.warnings && j.warnings.length ? "warn" : "ok") : "bad");
          input.setAttribute("aria-invalid", j.ok ? "false" : "true");
          if (identify && j.ok && j.name) {
            var name = document.getElementById("applicant-name");
            if (name && (name.value.trim() === "" || name.dataset.filled === "1")) { name.value = j.name; name.dataset.filled = "1"; }
            var lookup = document.getElementById("btn-lookup");
            if (lookup && !form.dataset.lookedUp && form.querySelector("tr[data-shared]:not([data-held])")) { lookup.click(); }
          }
        })
        .catch(function () {});
    }
    var typed = false;
    input.addEventListener("input", function () { typed = true; clearTimeout(timer); timer = setTimeout(check, 200); });
    if (typeSel) { typeSel.addEventListener("change", check); }
    if (input.value.trim() !== "") { check(); }
  });
})();
