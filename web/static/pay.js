// Pages waiting for a payment follow the order's status and reload once
// it is settled: the window's payment page while the applicant pays on
// their phone, the case page when the payer came back from the platform
// before its notification. The pages work without it (reload them).
(function () {
  "use strict";
  var el = document.querySelector("[data-poll]");
  if (!el) { return; }
  var tries = 0, max = 200; // 10 minutes every 3 seconds
  function poll() {
    if (++tries > max) { return; }
    fetch(el.dataset.poll, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j) { return; }
        if (j.status !== el.dataset.status) {
          el.dataset.status = j.status;
          el.textContent = j.label;
          if (j.settled && el.dataset.reload) { window.location.assign(el.dataset.reload); return; }
        }
        setTimeout(poll, 3000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 3000);
})();
