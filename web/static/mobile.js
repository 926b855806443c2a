// The mobile front's small helpers (issue 13). Every page works without
// them: the menu is a <details>, uploads send the file as chosen, and the
// site simply is not installable or offline.
(function () {
  "use strict";

  // The service worker (served at /sw.js, scope /): keeps the guides and
  // the applicant's own licences for offline use (see static/sw.js).
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  // The narrow screens' menu closes with Escape and when a tap lands
  // outside it.
  var menu = document.getElementById("site-menu");
  if (menu) {
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
    document.addEventListener("click", function (e) {
      if (menu.open && !menu.contains(e.target)) { menu.open = false; }
    });
  }

  // "Photo upload" opens the camera for the same file input: a capture
  // attribute in the markup would take away the choice of a PDF or a photo
  // already taken, so the camera is a second way in, on touch screens.
  if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
    document.querySelectorAll("button[data-camera-for]").forEach(function (b) {
      var input = document.getElementById(b.dataset.cameraFor);
      if (!input) { return; }
      b.hidden = false;
      b.addEventListener("click", function () {
        input.setAttribute("capture", "environment");
        input.click(); // the chooser reads the attribute here, synchronously
        input.removeAttribute("capture");
      });
    });
  }

  // Photos larger than MAX pixels on their long side are redrawn at MAX as
  // JPEG before the form is sent: a phone's 12-megapixel picture of a
  // document becomes a few hundred KB instead of several MB, within the
  // upload limits, and loses its EXIF data (location) on the way. PDFs,
  // other files and small images are sent as chosen.
  var MAX = 2000, QUALITY = 0.85;
  var pending = new Map(); // input → the promise of its redrawn file

  function shrink(input) {
    var f = input.files && input.files.length === 1 ? input.files[0] : null;
    var note = input.parentNode.querySelector(".downscaled-note");
    if (note) { note.remove(); }
    delete input.dataset.downscaled;
    if (!f || !/^image\/(jpeg|png|webp)$/.test(f.type) || !window.createImageBitmap || !window.DataTransfer) {
      return Promise.resolve(false);
    }
    return createImageBitmap(f).then(function (bmp) {
      var long = Math.max(bmp.width, bmp.height);
      if (long <= MAX) { bmp.close(); return false; }
      var k = MAX / long, w = Math.round(bmp.width * k), h = Math.round(bmp.height * k);
      var canvas = document.createElement("canvas");
      canvas.width = w; canvas.height = h;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; // a transparent PNG gets a white page, not black
      ctx.fillRect(0, 0, w, h);
      ctx.drawImage(bmp, 0, 0, w, h);
      bmp.close();
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); }).then(function (blob) {
        if (!blob || input.files[0] !== f) { return false; } // failed, or another file chosen meanwhile
        var name = f.name.replace(/\.[^.]*$/, "") + ".jpg";
        var dt = new DataTransfer();
        dt.items.add(new File([blob], name, { type: "image/jpeg", lastModified: f.lastModified }));
        input.files = dt.files; // no change event: this does not run again
        input.dataset.downscaled = w + "x" + h;
        if (input.dataset.downscale) {
          var p = document.createElement("small");
          p.className = "downscaled-note";
          p.textContent = input.dataset.downscale.replace("%s", w + "×" + h);
          input.insertAdjacentElement("afterend", p);
        }
        return true;
      });
    }).catch(function () { return false; }); // not decodable here: the server judges the file as it is
  }

  document.querySelectorAll("input[type=file][data-downscale]").forEach(function (input) {
    input.addEventListener("change", function () {
      delete input.dataset.downscaleState;
      var job = shrink(input);
      pending.set(input, job);
      job.then(function (reduced) {
        if (pending.get(input) !== job) { return; }
        pending.delete(input);
        input.dataset.downscaleState = reduced ? "reduced" : "kept"; // what the file is now (tests wait for it)
      });
    });
    var form = input.form;
    if (!form || form.dataset.downscaleWait) { return; }
    form.dataset.downscaleWait = "1";
    // A submit while a photo is still being redrawn waits for it, then goes
    // on with the same button (its name and value, e.g. 预审 or 提交).
    form.addEventListener("submit", function (e) {
      var jobs = [];
      pending.forEach(function (job, el) { if (el.form === form) { jobs.push(job); } });
      if (jobs.length === 0) { return; }
      e.preventDefault();
      var by = e.submitter;
      Promise.all(jobs).then(function () {
        pending.forEach(function (job, el) { if (el.form === form) { pending.delete(el); } });
        if (form.requestSubmit) { form.requestSubmit(by || undefined); } else { form.submit(); }
      });
    });
  });
})();
