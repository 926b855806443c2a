// The service worker of 一窗通 (served at /sw.js by web/mobile.go, scope /).
//
// Network first, the cache only when the network fails, and only for what
// the server marks with the Onetrip-Offline header: the guides ("public")
// and an applicant's own licences ("personal"), plus the static files the
// pages need. Nothing else is kept. The kept pages are dropped at logout
// and whenever the login page is shown (a logout, an expired session, the
// next person on the phone); /guides is then fetched again anonymously.
"use strict";

var PAGES = "onetrip-pages-v1", STATIC = "onetrip-static-v1";
var ASSETS = ["/static/app.css", "/static/mobile.js", "/static/window.js", "/static/icon.svg", "/favicon.ico"];

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(STATIC)
    .then(function (c) { return Promise.all(ASSETS.map(function (u) { return c.add(u).catch(function () {}); })); })
    .then(seedGuides)
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys()
    .then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf("onetrip-") === 0 && k !== PAGES && k !== STATIC; })
        .map(function (k) { return caches.delete(k); }));
    })
    .then(function () { return self.clients.claim(); }));
});

// seedGuides keeps /guides as anybody sees it (no cookies): it opens
// offline even before the first visit and after a logout.
function seedGuides() {
  return fetch("/guides", { credentials: "omit" }).then(function (r) {
    if (r.status === 200 && r.headers.get("Onetrip-Offline") === "public") {
      return caches.open(PAGES).then(function (c) { return c.put("/guides", r); });
    }
  }).catch(function () {});
}

function dropPages() {
  return caches.delete(PAGES).then(seedGuides);
}

// keepable is whether a navigation's path may have an offline copy; every
// other request goes to the network untouched.
function keepable(path) {
  return path === "/guides" || path === "/my/licences" || /^\/(guides|licences)\/[^/]+$/.test(path);
}

self.addEventListener("fetch", function (e) {
  var req = e.request, url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  if (req.method === "POST" && url.pathname === "/logout") {
    e.waitUntil(caches.delete(PAGES)); // the request itself goes on as usual
    return;
  }
  if (req.method !== "GET") { return; }
  if (ASSETS.indexOf(url.pathname) >= 0 || url.pathname.indexOf("/static/") === 0) {
    e.respondWith(networkFirst(e, STATIC, function (r) { return r.status === 200; }));
  } else if (req.mode === "navigate" && url.pathname === "/login") {
    e.respondWith(fetch(req).then(function (r) {
      if (r.type !== "opaqueredirect") { e.waitUntil(dropPages()); } // the form itself: nobody is logged in
      return r;
    }));
  } else if (req.mode === "navigate" && keepable(url.pathname)) {
    e.respondWith(networkFirst(e, PAGES, function (r) {
      var kind = r.headers.get("Onetrip-Offline");
      return r.status === 200 && (kind === "public" || kind === "personal");
    }));
  }
});

// networkFirst answers from the network, keeping a copy of what keep
// accepts; offline, from the copy (the same address, else the same path).
function networkFirst(e, cacheName, keep) {
  var req = e.request;
  return fetch(req).then(function (r) {
    if (keep(r)) {
      var copy = r.clone();
      e.waitUntil(caches.open(cacheName).then(function (c) { return c.put(req, copy); }));
    }
    return r;
  }, function (err) {
    return caches.open(cacheName).then(function (c) {
      return c.match(req).then(function (hit) { return hit || c.match(req, { ignoreSearch: true }); });
    }).then(function (hit) {
      if (hit) { return hit; }
      throw err;
    });
  });
}
