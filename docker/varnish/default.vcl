# The edge in front of the compose stack (docker/compose.yaml, service `varnish`).
#
# - /api/* (tRPC, webhooks, revalidation, health) goes to the API replicas, never cached;
#   every other path to the page replicas. Both tiers run the same storefront image; the API
#   replicas are started with SHOP_ROLE=api (docs/deploy.md, "Roles").
# - Pages are cached as their Cache-Control says: s-maxage (or max-age) is the TTL,
#   stale-while-revalidate the grace (served stale while one background fetch refreshes it).
#   Responses with
#   Set-Cookie, private or no-store are not cached; requests with a Cookie or Authorization
#   header pass (Varnish's built-in rules, which this file falls through to).
# - X-Cache on every response says HIT or MISS, and X-Cache-Hits how often the object was used.
#
# Not built yet, and tracked as issue 12 item 5 ("a real edge ... with tag purge"), which is open:
# tag purge with xkey (varnish-modules, in the official image). When the storefront sends each
# page's cache tags in an `xkey` header and the dispatcher sends a signed PURGE after a change,
# add `import xkey;`, accept PURGE only with a valid signature (refuse it from anywhere else) and
# call `xkey.purge(req.http.xkey-purge)`. Until then pages at this edge expire by their TTL only
# (docs/deploy.md says so), while the origin's own page cache is revalidated by tag as today.
# Also item 5: stale-if-error beyond the grace (give objects grace = stale-if-error and narrow
# req.grace to stale-while-revalidate while std.healthy(req.backend_hint)).
vcl 4.1;

import directors;
import std;

probe health {
    .url = "/api/health";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend page_1 { .host = "storefront-1"; .port = "3000"; .probe = health; }
backend page_2 { .host = "storefront-2"; .port = "3000"; .probe = health; }
backend page_3 { .host = "storefront-3"; .port = "3000"; .probe = health; }
backend api_1 { .host = "api-1"; .port = "3000"; .probe = health; }
backend api_2 { .host = "api-2"; .port = "3000"; .probe = health; }

sub vcl_init {
    new pages = directors.round_robin();
    pages.add_backend(page_1);
    pages.add_backend(page_2);
    pages.add_backend(page_3);
    new api = directors.round_robin();
    api.add_backend(api_1);
    api.add_backend(api_2);
}

sub vcl_recv {
    # The container's own health check: the edge answers, whatever the replicas do.
    if (req.url == "/.edge/health") {
        return (synth(200, "OK"));
    }
    if (req.url ~ "^/api(/|$)") {
        set req.backend_hint = api.backend();
        return (pass);
    }
    set req.backend_hint = pages.backend();
    # Falls through to the built-in vcl_recv (pass on Cookie, Authorization, non-GET/HEAD).
}

sub vcl_backend_response {
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-while-revalidate=([0-9]+).*", "\1s"), 0s);
    }
    # Falls through to the built-in rules: no caching for Set-Cookie, private, no-store, no-cache.
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
}
