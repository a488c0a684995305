/* Offline reading: every page and file a reader has opened is kept on the phone.
 * Pages: network first (a reader online always sees the current text), the stored copy when
 * the network fails, marked as a stored copy. Styles, scripts and fonts: stored copy first,
 * refreshed in the background. Only this site's own files are ever stored. */
"use strict";
var CACHE = "nyalam-regulations-v1";

/* A page never opened cannot be shown offline: the worker shows instead the page listing what
 * is stored (offline/ in each language, Addresses.offline()), kept from the start. */
var SCOPE = self.registration.scope;
var FALLBACKS = [SCOPE + "offline/", SCOPE + "bo/offline/"];

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(FALLBACKS.map(function (url) { return cache.add(url).catch(function () {}); }));
  }));
});

/* The fallback in the language of the page asked for; a redirect, so that its relative links
 * (styles, scripts) resolve from its own address. */
function fallback(request) {
  var url = request.url.indexOf(SCOPE + "bo/") === 0 ? FALLBACKS[1] : FALLBACKS[0];
  if (request.url.split(/[?#]/)[0] === url) return Response.error();
  return caches.match(url).then(function (stored) {
    return stored ? Response.redirect(url, 302) : Response.error();
  });
}
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

/* A page tells us what it loaded before we were in control, so that it works offline too. */
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.store) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.filter(sameOrigin).map(function (url) {
      return cache.add(url).catch(function () {});
    }));
  }));
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

function markStored(response) {
  return response.text().then(function (html) {
    html = html.replace('class="rp-offline" hidden', 'class="rp-offline"');
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url)) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: true }).then(function (stored) {
        return stored ? markStored(stored) : fallback(request);
      });
    }));
    return;
  }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (stored) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      return stored || fresh;
    });
  }));
});
