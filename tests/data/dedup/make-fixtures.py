#!/usr/bin/env python3
"""Writes the dedup fixtures in this folder (deterministic; run from anywhere).

scenario-chrome.har + scenario-server.jsonl: one pair (or lone event) per dedup category, with
the expected category of every event in scenario-expected.csv (side, raw time, category, effect).
firefox.har, safari.har: the shapes those browsers export, a few Pixel hits each.
"""
import base64, gzip, json, os, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
P, Q = "1234567890", "999000111"
T0 = 1767225600  # 2026-01-01T00:00:00Z
GIF = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="

def iso(ms, offset_h=0):
    import datetime
    tz = datetime.timezone(datetime.timedelta(hours=offset_h))
    d = datetime.datetime.fromtimestamp(ms / 1000, tz)
    s = d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (ms % 1000)
    return s + ("Z" if offset_h == 0 and tz == datetime.timezone.utc else d.strftime("%z")[:3] + ":" + d.strftime("%z")[3:])

def pixel_params(pixel, ev, ts, eid=None, value=None, currency=None, extra=()):
    p = [("id", pixel), ("ev", ev), ("dl", "https://shop.example/checkout/thank-you?order=1"),
         ("rl", "https://shop.example/cart"), ("if", "false")]
    if ts is not None:
        p.append(("ts", str(ts)))
    if value is not None:
        p += [("cd[value]", value), ("cd[currency]", currency)]
    p += [("sw", "1920"), ("sh", "1080"), ("v", "2.9.179"), ("r", "stable"), ("ec", "2"), ("o", "4126"),
          ("fbp", "fb.1.1767225000000.1234567890123456"), ("cs_est", "true")]
    if eid is not None:
        p.append(("eid", eid))
    p += [("ler", "empty"), ("cdl", "API_unavailable"), ("it", "1767224990000"), ("coo", "false"), ("rqm", "GET")]
    p += list(extra)
    return p

def chrome_entry(params, method="GET", body=None, ts_ms=None):
    qs = urllib.parse.urlencode(params)
    started = ts_ms if ts_ms is not None else int(dict(params).get("ts", T0 * 1000))
    url = "https://www.facebook.com/tr/?" + qs if method == "GET" else "https://www.facebook.com/tr/"
    req = {"method": method, "url": url, "httpVersion": "http/2.0",
           "headers": [{"name": ":authority", "value": "www.facebook.com"}, {"name": "accept", "value": "image/avif,image/webp,*/*"},
                       {"name": "referer", "value": "https://shop.example/"}],
           "queryString": [{"name": k, "value": v} for k, v in params] if method == "GET" else [],
           "cookies": [], "headersSize": -1, "bodySize": 0 if body is None else len(json.dumps(body))}
    if body is not None:
        req["postData"] = body
    return {"_initiator": {"type": "script", "stack": {"callFrames": [{"functionName": "", "scriptId": "31",
                "url": "https://connect.facebook.net/en_US/fbevents.js", "lineNumber": 24, "columnNumber": 2143}]}},
            "_priority": "Low", "_resourceType": "image" if method == "GET" else "ping", "cache": {}, "connection": "443",
            "pageref": "page_1", "request": req,
            "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0",
                         "headers": [{"name": "content-type", "value": "image/gif"}], "cookies": [],
                         "content": {"size": 44, "mimeType": "image/gif", "text": GIF, "encoding": "base64"},
                         "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 312, "_error": None},
            "serverIPAddress": "157.240.27.35", "startedDateTime": iso(started), "time": 31.7,
            "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2, "wait": 29.1, "receive": 1.2,
                        "_blocked_queueing": 0.8}}

def other_entry(url, ts_ms, text='{"ok":true}'):
    return {"_initiator": {"type": "other"}, "_priority": "High", "_resourceType": "fetch", "cache": {}, "pageref": "page_1",
            "request": {"method": "GET", "url": url, "httpVersion": "http/2.0", "headers": [], "queryString": [],
                        "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": [], "cookies": [],
                         "content": {"size": len(text), "mimeType": "application/json", "text": text},
                         "redirectURL": "", "headersSize": -1, "bodySize": -1},
            "startedDateTime": iso(ts_ms), "time": 12.0, "timings": {"send": 0, "wait": 10, "receive": 2}}

def form_body(params):
    return {"mimeType": "application/x-www-form-urlencoded", "text": urllib.parse.urlencode(params),
            "params": [{"name": k, "value": v} for k, v in params]}

def multipart_body(params):
    b = "----WebKitFormBoundaryq8Xs2NfA0aK7ZbLp"
    text = "".join('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (b, k, v) for k, v in params) + "--%s--\r\n" % b
    return {"mimeType": "multipart/form-data; boundary=" + b, "text": text}

def base64_body(params, gz=False):
    raw = urllib.parse.urlencode(params).encode()
    if gz:
        raw = gzip.compress(raw, mtime=0)
    return {"mimeType": "application/x-www-form-urlencoded", "text": base64.b64encode(raw).decode(), "encoding": "base64"}

def write_har(path, creator, entries, pages_first=True, extra_log=None):
    pages = [{"startedDateTime": iso(T0 * 1000), "id": "page_1", "title": "https://shop.example/checkout/thank-you",
              "pageTimings": {"onContentLoad": 412.3, "onLoad": 980.1}}]
    log = {"version": "1.2", "creator": creator}
    if extra_log:
        log.update(extra_log)
    if pages_first:
        log["pages"] = pages
        log["entries"] = entries
    else:
        log["entries"] = entries
        log["pages"] = pages
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"log": log}, f, indent=2, ensure_ascii=False)
        f.write("\n")

# --- the scenario ------------------------------------------------------------------------------
browser = []   # (params, how, expected category, effect)
server = []    # (json line object, expected category, effect)
expected = []  # (side, raw_time, category, effect)

def b(ev, sec, eid=None, pixel=P, value=None, currency=None, how="get", category=None, effect="counted", ms_extra=0, no_ts=False):
    ts = sec * 1000 + ms_extra
    browser.append((pixel_params(pixel, ev, None if no_ts else ts, eid, value, currency), how, ts))
    expected.append(("browser", 0 if no_ts else ts, category, effect))

def s(ev, time, eid=None, pixel=None, value=None, currency=None, category=None, effect="counted", raw=None):
    e = {"event_name": ev, "event_time": time, "action_source": "website",
         "event_source_url": "https://shop.example/checkout/thank-you",
         "user_data": {"em": ["309a0a5c3e211326ae75ca18196d301a9bdbd1a882a4d2569511033da23f0abd"],
                       "client_ip_address": "203.0.113.7", "client_user_agent": "Mozilla/5.0",
                       "fbp": "fb.1.1767225000000.1234567890123456"}}
    if eid is not None:
        e["event_id"] = eid
    if value is not None:
        e["custom_data"] = {"value": value, "currency": currency}
    if pixel is not None:
        e["pixel_id"] = pixel
    server.append(e)
    expected.append(("server", time, category, effect))

# 1 deduplicated, the Pixel first: the browser one is kept
b("Purchase", T0 + 0, "purchase_1001", value="59.90", currency="EUR", category="deduplicated")
s("Purchase", T0 + 30, "purchase_1001", value=59.9, currency="EUR", category="deduplicated", effect="merged_away")
# 2 deduplicated, the server 10 minutes first: the server one is kept
s("Lead", T0 + 100, "lead-abc", category="deduplicated")
b("Lead", T0 + 700, "lead-abc", how="post-form", category="deduplicated", effect="merged_away")
# 3 browser only (a noscript hit without ts: the HAR start time stands in)
b("AddToCart", T0 + 200, "atc-1", how="get", category="browser_only", no_ts=True)
# 4 server only
s("CompleteRegistration", T0 + 300, "reg-7", category="server_only")
# 5 id mismatch by prefix, posted as a form
b("Purchase", T0 + 400, "purchase_42", value="99.50", currency="EUR", how="post-form", category="id_mismatch")
s("Purchase", T0 + 410, "42", value=99.5, currency="EUR", category="id_mismatch", effect="counted_again")
# 6 id mismatch by case
b("InitiateCheckout", T0 + 500, "ORDER-77", category="id_mismatch")
s("InitiateCheckout", T0 + 505, "order-77", category="id_mismatch", effect="counted_again")
# 7 id mismatch by a trailing space
b("Purchase", T0 + 600, "order-1 ", value="10", currency="USD", category="id_mismatch")
s("Purchase", T0 + 601, "order-1", value=10, currency="USD", category="id_mismatch", effect="counted_again")
# 8 UUID on the Pixel, order number on the server: linked by value and time
b("Purchase", T0 + 710, "3f1c9a52-8e41-4c2b-9a7e-0d5b6c7e8f90", value="149.00", currency="USD", how="multipart", category="id_mismatch")
s("Purchase", T0 + 740, "100234", value=149, currency="USD", category="id_mismatch", effect="counted_again")
# 9 name mismatch by case
b("Purchase", T0 + 800, "purchase_2002", category="name_mismatch")
s("purchase", T0 + 805, "purchase_2002", category="name_mismatch", effect="counted_again")
# 10 name mismatch, another name (body base64-encoded in the HAR)
b("Purchase", T0 + 900, "cp-9", how="base64", category="name_mismatch")
s("CompletePayment", T0 + 910, "cp-9", category="name_mismatch", effect="counted_again")
# 11 pixel mismatch
b("Lead", T0 + 1000, "lead-555", category="pixel_mismatch")
s("Lead", T0 + 1010, "lead-555", pixel=Q, category="pixel_mismatch", effect="counted_again")
# 12 outside the 48-hour window
b("Purchase", T0 + 1100, "purchase_3003", category="outside_window")
s("Purchase", T0 + 1100 + 50 * 3600, "purchase_3003", category="outside_window", effect="counted_again")
# 13 no id on either side
b("ViewContent", T0 + 1200, None, category="missing_event_id")
s("ViewContent", T0 + 1205, None, category="missing_event_id", effect="counted_again")
# 14 the server leaves the id out
b("AddPaymentInfo", T0 + 1300, "api-1", category="missing_event_id")
s("AddPaymentInfo", T0 + 1302, None, category="missing_event_id", effect="counted_again")
# 15 event_time in milliseconds: Meta rejects the server event
b("Purchase", T0 + 1400, "purchase_4004", category="time_unit_error")
s("Purchase", (T0 + 1400) * 1000 + 200, "purchase_4004", category="time_unit_error", effect="rejected")
# 16 three hours apart: local time sent as UTC (gzip body in the HAR)
b("Subscribe", T0 + 1500, "sub-1", how="gzip", category="time_unit_error")
s("Subscribe", T0 + 1500 + 3 * 3600, "sub-1", category="time_unit_error", effect="merged_away")
# 17 the Pixel fires twice
b("Purchase", T0 + 1600, "purchase_5005", category="deduplicated")
b("Purchase", T0 + 1603, "purchase_5005", category="duplicate_same_side", effect="merged_away")
s("Purchase", T0 + 1610, "purchase_5005", category="deduplicated", effect="merged_away")
# 18 the server sends twice
b("Lead", T0 + 1700, "lead-dup", category="deduplicated")
s("Lead", T0 + 1701, "lead-dup", category="deduplicated", effect="merged_away")
s("Lead", T0 + 1760, "lead-dup", category="duplicate_same_side", effect="merged_away")

entries = []
for params, how, ts in browser:
    if how == "get":
        entries.append(chrome_entry(params, ts_ms=ts))
    elif how == "post-form":
        entries.append(chrome_entry(params, "POST", form_body(params)))
    elif how == "multipart":
        entries.append(chrome_entry(params, "POST", multipart_body(params)))
    elif how == "base64":
        entries.append(chrome_entry(params, "POST", base64_body(params)))
    elif how == "gzip":
        entries.append(chrome_entry(params, "POST", base64_body(params, gz=True)))
    if len(entries) == 3:
        entries.append(other_entry("https://shop.example/api/cart", ts))
        # an automatic Pixel event: not a conversion, ignored
        entries.append(chrome_entry(pixel_params(P, "Microdata", ts, None, extra=[("cd[DataLayer]", "[]")])))
        entries.append(other_entry("https://connect.facebook.net/signals/config/1234567890?v=2.9.179&r=stable", ts,
                                   text="fbq.registerPlugin('1234567890', {__fbEventsPlugin: 1, plugin: function(fbq, instance, config) {}});"))
write_har(os.path.join(HERE, "scenario-chrome.har"), {"name": "WebInspector", "version": "537.36"}, entries)

with open(os.path.join(HERE, "scenario-server.jsonl"), "w") as f:
    # The first line is a whole request body (three events), the rest one event per line.
    f.write(json.dumps({"data": server[:3], "test_event_code": "TEST_CAPIQA"}) + "\n")
    for e in server[3:]:
        f.write(json.dumps(e) + "\n")

with open(os.path.join(HERE, "scenario-expected.csv"), "w") as f:
    f.write("side,raw_time,category,effect\n")
    for side, t, cat, eff in expected:
        f.write("%s,%d,%s,%s\n" % (side, t, cat, eff))

# --- Firefox and Safari shapes ------------------------------------------------------------------
def ff_entry(params, method="GET", ts_ms=None, post=None):
    qs = urllib.parse.urlencode(params)
    req = {"bodySize": 0, "method": method, "url": "https://www.facebook.com/tr/?" + qs if method == "GET" else "https://www.facebook.com/tr/",
           "httpVersion": "HTTP/2", "headers": [{"name": "Host", "value": "www.facebook.com"}], "cookies": [],
           "queryString": [{"name": k, "value": v} for k, v in params] if method == "GET" else [], "headersSize": 612}
    if post is not None:
        req["postData"] = post
    return {"pageref": "page_1", "startedDateTime": iso(ts_ms, 1), "request": req,
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2", "headers": [], "cookies": [],
                         "content": {"mimeType": "image/gif", "size": 44, "encoding": "base64", "text": GIF},
                         "redirectURL": "", "headersSize": 420, "bodySize": 44},
            "cache": {}, "timings": {"blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 28, "receive": 0},
            "time": 28, "_securityState": "secure", "serverIPAddress": "157.240.27.35", "connection": "443"}

ff = [ff_entry(pixel_params(P, "PageView", T0 * 1000 + 5), ts_ms=T0 * 1000 + 5),
      ff_entry(pixel_params(P, "Purchase", T0 * 1000 + 900, "ff-order-1", "25.00", "GBP"), ts_ms=T0 * 1000 + 900)]
post = pixel_params(P, "Lead", T0 * 1000 + 2000, "ff-lead-1")
ff.append(ff_entry(post, "POST", T0 * 1000 + 2000, {"mimeType": "application/x-www-form-urlencoded", "params":
                                                    [{"name": k, "value": v} for k, v in post], "text": ""}))
write_har(os.path.join(HERE, "firefox.har"), {"name": "Firefox", "version": "121.0"}, ff,
          extra_log={"browser": {"name": "Firefox", "version": "121.0"}})

def safari_entry(params, method="GET", ts_ms=None, post=None):
    e = ff_entry(params, method, ts_ms, post)
    e["startedDateTime"] = iso(ts_ms)
    e["_fetchType"] = "Network Load"
    e["_priority"] = "low"
    e["request"]["headersSize"] = -1
    del e["_securityState"]
    return e

sf = [safari_entry(pixel_params(P, "ViewContent", T0 * 1000 + 10, "sf-view-1"), ts_ms=T0 * 1000 + 10)]
post = pixel_params(P, "AddToCart", T0 * 1000 + 3000, "sf-atc-1", "12.5", "EUR")
sf.append(safari_entry(post, "POST", T0 * 1000 + 3000, {"mimeType": "text/plain;charset=UTF-8", "text": urllib.parse.urlencode(post)}))
write_har(os.path.join(HERE, "safari.har"), {"name": "WebKit Web Inspector", "version": "1.0"}, sf, pages_first=False)
