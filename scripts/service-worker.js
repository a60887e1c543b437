// The browser edition's service worker, written into dist/web/sw.js by webpack.config.js with the
// build's file list and version filled in below. After the first visit
// every file of the edition is in the cache, so the page opens with the network cut; nothing is
// ever fetched from another origin.
"use strict";
const CACHE = "nianbao-web-__VERSION__";
const FILES = __FILES__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("nianbao-web-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  // Network first for the page itself (a new build shows when online), cache first for the hashed files.
  const isPage = request.mode === "navigate";
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      if (isPage) {
        try {
          const fresh = await fetch(request);
          if (fresh.ok) cache.put(request, fresh.clone());
          return fresh;
        } catch (_offline) {
          // Written for ES2017 (no ?? or optional catch binding), as every file of the build.
          return (await cache.match(request, { ignoreSearch: true })) || (await cache.match("index.html")) || Response.error();
        }
      }
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      const fresh = await fetch(request);
      if (fresh.ok) cache.put(request, fresh.clone());
      return fresh;
    }),
  );
});
