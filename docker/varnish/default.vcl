# The edge in front of the storefront: the compose stack's (docker/compose.yaml, service
# `varnish`) and, with the backends between the two BACKENDS markers replaced by generated ones,
# the local one that `pnpm start` and the tests run (tooling/services/src/varnish.ts). One
# source for both; docs/deploy.md ("The edge") describes it.
#
# - /api/* (tRPC, webhooks, revalidation, health) goes to the API replicas, never cached;
#   every other path to the page replicas. Both tiers run the same storefront image; the API
#   replicas are started with SHOP_ROLE=api (docs/deploy.md, "Roles").
# - Pages are cached as their Cache-Control says: s-maxage (or max-age) is the TTL;
#   stale-while-revalidate how long a copy past it is still served while one background fetch
#   refreshes it; stale-if-error how long it is still served when that fetch fails. A page Next
#   answered with its stale copy (`x-nextjs-cache: STALE`, the first request after a tag
#   revalidation, while it regenerates) is kept with no TTL, so the next request fetches again.
#   Responses with Set-Cookie, private or no-store are not cached. Cookies are dropped on the
#   catalog's paths only (region pages, /_next/static, /media); anything else with a Cookie or
#   Authorization header passes (Varnish's built-in rules, which this file falls through to).
#   Clients get pages with s-maxage as `max-age=0, must-revalidate`: only the edge is purged.
# - Tags: a page names its keys in `Cache-Tag` (`catalog`, `product-handle:<handle>`,
#   `listing`), copied into xkey's index. The worker purges by key with a signed PURGE once
#   every replica is fresh; the signature is checked by the origin
#   (/api/edge/purge-check, through a restart), and only then are the keys soft-purged. Anything
#   else is answered 403 and purges nothing.
# - X-Cache on every response says HIT or MISS, X-Cache-Hits how often the object was used, Age
#   how old it is. Cache-Tag is not shown to clients unless they send `X-Edge-Debug: 1`.
vcl 4.1;

import directors;
import std;
import xkey;

# BEGIN BACKENDS
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
# END BACKENDS

# Who may send a PURGE at all (the signature is checked as well): this host and private networks.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    if (req.restarts == 0) {
        # Headers only this file sets: a client sending them is ignored.
        unset req.http.X-Edge-Purge-Check;
        unset req.http.X-Edge-Purge-Verified;
        unset req.http.X-Edge-Fresh-Only;
        unset req.http.X-Edge-Stale-If-Error;
        # The edge is the shoppers' first hop: what they say in X-Forwarded-For is not believed.
        # The origin trusts this edge (TRUSTED_PROXIES) and reads the client from this header,
        # so a forged chain must not reach it. Behind another CDN, set it from that CDN's
        # client header instead (Fastly-Client-IP, CF-Connecting-IP; docs/deploy.md).
        set req.http.X-Forwarded-For = client.ip;
    }
    # The container's own health check: the edge answers, whatever the replicas do.
    if (req.url == "/.edge/health") {
        return (synth(200, "OK"));
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers || !req.http.xkey-purge) {
            return (synth(403, "Forbidden"));
        }
        if (req.restarts > 0 && req.http.X-Edge-Purge-Verified == "1") {
            set req.http.X-Edge-Purged = xkey.softpurge(req.http.xkey-purge);
            return (synth(200, "Purged"));
        }
        if (req.restarts > 0) {
            return (synth(403, "Forbidden"));
        }
        # The origin checks the signature (vcl_backend_fetch turns this into its POST).
        set req.http.X-Edge-Purge-Check = "1";
        set req.backend_hint = api.backend();
        return (pass);
    }
    if (req.url ~ "^/api(/|$)") {
        set req.backend_hint = api.backend();
        return (pass);
    }
    set req.backend_hint = pages.backend();
    # Past stale-while-revalidate (vcl_hit): no stale copy unless the fetch fails (stale-if-error).
    # (A restart keeps req.grace: the fallback to the copy resets it.)
    if (req.http.X-Edge-Fresh-Only) {
        set req.grace = 0s;
    } else if (req.http.X-Edge-Stale-If-Error) {
        set req.grace = 1y;
    }
    # The catalog's pages are the same for everyone (the region is in the URL): cookies dropped.
    # A region code is 2 to 8 letters and never one of the storefront's own top-level paths
    # (RESERVED_REGION_CODES in packages/validators/src/settings.ts, which the region form
    # refuses): /cart, /account or the old /search keep their cookies.
    if ((req.method == "GET" || req.method == "HEAD") &&
        (req.url ~ "^/(?!(account|api|cart|checkout|collections|media|region|search)(/|\?|$))[a-z]{2,8}(/(p|c|collections)/[^/?]+|/search)?/?(\?.*)?$" ||
         req.url ~ "^/(_next/static|media)/")) {
        unset req.http.Cookie;
    }
    # Falls through to the built-in vcl_recv (pass on Cookie, Authorization, non-GET/HEAD).
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        return (deliver);
    }
    # Past its TTL: within stale-while-revalidate it is served while a background fetch runs.
    if (obj.ttl + std.duration(obj.http.X-Edge-SWR, 0s) > 0s || req.http.X-Edge-Stale-If-Error) {
        return (deliver);
    }
    # Kept for stale-if-error only: fetch now, and fall back to it if that fails (vcl_deliver).
    set req.http.X-Edge-Fresh-Only = "1";
    return (restart);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Edge-Purge-Check) {
        set bereq.method = "POST";
        set bereq.url = "/api/edge/purge-check";
        unset bereq.body;
    }
}

sub vcl_backend_response {
    if (bereq.http.X-Edge-Purge-Check) {
        return (deliver);
    }
    # A failed background refresh keeps the stale copy, and so does a failed fetch meant to
    # replace a copy kept for stale-if-error (abandoned: a stored answer would replace the copy,
    # and the client's request falls back to it, see vcl_synth). Other failures are not cached.
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch || bereq.http.X-Edge-Fresh-Only) {
            return (abandon);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        set beresp.keep = 0s;
        return (deliver);
    }
    set beresp.http.X-Edge-SWR = "0s";
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.http.X-Edge-SWR =
            regsub(beresp.http.Cache-Control, ".*stale-while-revalidate=([0-9]+).*", "\1s");
    }
    set beresp.grace = std.duration(beresp.http.X-Edge-SWR, 0s);
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.keep = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\1s"), 0s);
        if (beresp.keep > beresp.grace) {
            set beresp.grace = beresp.keep;
        }
    }
    # Next served its stale copy and regenerates: cache it past its TTL (grace only), so the
    # next request refetches instead of the edge keeping the old page for s-maxage.
    if (beresp.http.x-nextjs-cache == "STALE") {
        set beresp.ttl = 0s;
    }
    if (beresp.http.Cache-Tag) {
        set beresp.http.xkey = beresp.http.Cache-Tag;
    }
    # Falls through to the built-in rules: no caching for Set-Cookie, private, no-store, no-cache.
}

sub vcl_deliver {
    if (req.http.X-Edge-Purge-Check) {
        if (resp.status == 204 && resp.http.X-Edge-Purge == "verified") {
            set req.http.X-Edge-Purge-Verified = "1";
            return (restart);
        }
        if (resp.status >= 500) {
            return (synth(503, "The purge could not be verified"));
        }
        return (synth(403, "Forbidden"));
    }
    # The fetch that was to replace a copy past stale-while-revalidate failed: the copy, if
    # stale-if-error still keeps it.
    if (resp.status >= 500 && req.http.X-Edge-Fresh-Only && !req.http.X-Edge-Stale-If-Error) {
        unset req.http.X-Edge-Fresh-Only;
        set req.http.X-Edge-Stale-If-Error = "1";
        return (restart);
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
    # Only the edge can be purged: a browser or a proxy further down gets a page the edge keeps
    # for s-maxage as one to revalidate every time, so a purge reaches every shopper at once.
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = "public, max-age=0, must-revalidate";
    }
    unset resp.http.xkey;
    unset resp.http.X-Edge-SWR;
    if (req.http.X-Edge-Debug != "1") {
        unset resp.http.Cache-Tag;
    }
}

sub vcl_synth {
    if (resp.status >= 500 && req.http.X-Edge-Fresh-Only && !req.http.X-Edge-Stale-If-Error) {
        unset req.http.X-Edge-Fresh-Only;
        set req.http.X-Edge-Stale-If-Error = "1";
        return (restart);
    }
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.Content-Type = "application/json";
        set resp.http.X-Edge-Purged = req.http.X-Edge-Purged;
        set resp.body = {"{"purged":"} + req.http.X-Edge-Purged + {"}"};
        return (deliver);
    }
}
