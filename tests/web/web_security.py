"""web_security.py — the security of kith's web page (issue 16).

Over plain HTTP: no token or a wrong one → 403; a Host other than
127.0.0.1:PORT / localhost:PORT → 403 (DNS rebinding); writes from another
Origin, without one, or not JSON → refused; bodies over the limit → 413; bad
requests → 4xx with a JSON message — and none of them changes anything.
In a real browser: a contact whose name, company, title and note hold script
and HTML payloads shows them as text and runs none of them; a page of another
origin cannot post a note, even knowing the token.
"""
import http.client
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kithweb as kw  # noqa: E402

SCRIPT = '<script>window.__kith_xss = "script";</script>Eve'
IMG = '"><img src=x onerror="window.__kith_xss = \'img\'">Corp'
TITLE = "<b>Chief</b> <svg onload=\"window.__kith_xss='svg'\">"
NOTE = "</textarea><img src=x onerror=\"window.__kith_xss='note'\"> likes <i>jazz</i>"


def request(server, method, path, host=None, headers=None, body=None, token=True,
            cookie=None):
    """One request; returns (status, headers dict, body bytes)."""
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    h = {"Host": host or "127.0.0.1:%d" % server.port}
    if cookie:
        h["Cookie"] = cookie
    h.update(headers or {})
    if token is True:
        path += ("&" if "?" in path else "?") + "token=" + server.token
    elif token:
        path += ("&" if "?" in path else "?") + "token=" + token
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in h.items():
        c.putheader(k, v)
    data = body.encode() if isinstance(body, str) else body
    if data is not None:
        c.putheader("Content-Length", str(len(data)))
    c.endheaders(data)
    r = c.getresponse()
    out = r.read()
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    return r.status, hdrs, out


def post(server, path, obj, origin=None, ctype="application/json", **kw_):
    body = obj if isinstance(obj, (str, bytes)) else json.dumps(obj)
    headers = {"Content-Type": ctype}
    if origin is not False:
        headers["Origin"] = origin or "http://127.0.0.1:%d" % server.port
    return request(server, "POST", path, headers=headers, body=body, **kw_)


def error_of(body):
    try:
        return json.loads(body).get("error", "")
    except ValueError:
        return ""


w = kw.Workdir()
server = None
d = None
evil = None
try:
    cid = kw.mkcontact(w.db, "--name", "Ada Lovelace", "--company", "Analytical Ltd",
                       "--title", "Engineer", "--email", "ada@example.org", "--event", "Expo")
    xid = kw.mkcontact(w.db, "--name", SCRIPT, "--given", "<b>Eve</b>", "--company", IMG,
                       "--title", TITLE, "--email", "eve@example.org", "--event", IMG)
    kw.kith(w.db, "note", str(xid), NOTE)
    _, snapshot, _ = kw.kith(w.db, "list", "--json")
    server = kw.Server(w.db, "serve")
    base = "/api/contact/%d" % cid

    # --- the gate ---------------------------------------------------------------
    st, h, body = request(server, "GET", "/api/stats", token=False)
    kw.check(st == 403, "no token: %d" % st)
    kw.check("token" in error_of(body), "no token: message %r" % body)
    st, _, _ = request(server, "GET", "/", token=False)
    kw.check(st == 403, "the page without a token: %d" % st)
    st, _, _ = request(server, "GET", "/api/stats", token="0" * 32)
    kw.check(st == 403, "wrong token: %d" % st)
    st, _, _ = request(server, "GET", "/api/stats", token=server.token[:-1])
    kw.check(st == 403, "a token one digit short: %d" % st)
    for host in ("evil.example:%d" % server.port, "evil.example", "127.0.0.1",
                 "127.0.0.1:%d.evil.example" % server.port, "localhost:1"):
        st, _, body = request(server, "GET", "/api/stats", host=host)
        kw.check(st == 403 and "Host" in error_of(body), "Host %r: %d %r" % (host, st, body))
    st, h, body = request(server, "GET", "/api/stats", host="localhost:%d" % server.port)
    kw.check(st == 200, "Host localhost:PORT with the token: %d" % st)
    kw.check(h.get("content-security-policy", "").startswith("default-src 'self'"),
             "CSP: %r" % h.get("content-security-policy"))
    kw.check(h.get("x-content-type-options") == "nosniff", "nosniff missing")
    kw.check(h.get("referrer-policy") == "no-referrer", "Referrer-Policy missing")

    # the token in the address becomes an HttpOnly, SameSite=Strict cookie
    st, h, _ = request(server, "GET", "/")
    ck = h.get("set-cookie", "")
    kw.check(st == 303 and h.get("location") == "/", "/?token=: %d %r" % (st, h.get("location")))
    kw.check(ck.startswith("kith_%d=%s;" % (server.port, server.token)) and "HttpOnly" in ck
             and "SameSite=Strict" in ck, "Set-Cookie: %r" % ck)
    cookie = "kith_%d=%s" % (server.port, server.token)
    st, h, body = request(server, "GET", "/", token=False, cookie=cookie)
    kw.check(st == 200 and b"/app.js" in body, "the page with the cookie: %d" % st)
    kw.check(b"<script>" not in body.replace(b'<script src="/app.js" defer></script>', b""),
             "the page has an inline script")
    st, _, _ = request(server, "GET", "/api/stats", token=False, cookie="kith_%d=%s" % (
        server.port, "f" * 32))
    kw.check(st == 403, "a wrong cookie: %d" % st)

    # --- writes -------------------------------------------------------------------
    st, _, body = post(server, base + "/note", {"text": "x"}, origin="http://evil.example")
    kw.check(st == 403 and "cross-origin" in error_of(body), "cross-origin POST: %d %r" % (st, body))
    st, _, _ = post(server, base + "/note", {"text": "x"}, origin="http://localhost:1")
    kw.check(st == 403, "POST from another port: %d" % st)
    st, _, _ = post(server, base + "/note", {"text": "x"}, origin=False)
    kw.check(st == 403, "POST without Origin: %d" % st)
    st, _, _ = post(server, base + "/note", "text=x", ctype="application/x-www-form-urlencoded")
    kw.check(st == 415, "a form post: %d" % st)
    st, _, _ = post(server, base + "/note", '{"text": "x"}', ctype="text/plain")
    kw.check(st == 415, "text/plain: %d" % st)
    st, _, _ = request(server, "PUT", base + "/note", body="{}",
                       headers={"Content-Type": "application/json",
                                "Origin": "http://127.0.0.1:%d" % server.port})
    kw.check(st == 405, "PUT: %d" % st)
    st, _, _ = request(server, "GET", base + "/note")
    kw.check(st == 404, "GET on a write: %d" % st)
    big = json.dumps({"text": "a" * (70 * 1024)})
    st, _, body = post(server, base + "/note", big)
    kw.check(st == 413, "a 70 KiB body: %d" % st)
    bad = [
        ("/note", "{not json", 400, "not JSON"),
        ("/note", "[1, 2]", 400, "object"),
        ("/note", {"text": ""}, 400, "empty"),
        ("/note", {"text": 5}, 400, "text"),
        ("/note", {"text": "b" * 9000}, 400, "too long"),
        ("/note", {"text": "bell\u0007"}, 400, "control"),
        ("/edit", {}, 400, "nothing"),
        ("/edit", {"title": "ok", "notes": "x"}, 400, "not a field"),
        ("/edit", {"title": ["x"]}, 400, "string"),
        ("/edit", {"title": "line\nbreak"}, 400, "control"),
        ("/edit", {"name": ""}, 400, "empty"),
        ("/edit", {"title": "t" * 2000}, 400, "too long"),
        ("/log", {"kind": "meeting"}, 400, "dir"),
        ("/log", {"kind": "hug", "dir": "both"}, 400, "kind"),
        ("/log", {"kind": "call", "dir": "sideways"}, 400, "dir"),
        ("/log", {"kind": "call", "dir": "in", "date": "2026-13-45"}, 400, "date"),
        ("/frobnicate", {"x": 1}, 404, "nothing to post"),
    ]
    for what, payload, want, word in bad:
        st, _, body = post(server, base + what, payload)
        msg = error_of(body)
        kw.check(st == want and word in msg, "%s %r: %d %r" % (what, payload, st, msg))
    st, _, body = post(server, "/api/contact/999999/note", {"text": "ghost"})
    kw.check(st == 404, "a note to no contact: %d" % st)
    _, now, _ = kw.kith(w.db, "list", "--json")
    kw.check(now == snapshot, "a refused request changed the database")

    # a good write passes the same gate
    st, _, body = post(server, base + "/note", {"text": "  met at the expo  "})
    kw.check(st == 200 and json.loads(body)["contact"]["notes"][0]["text"] == "met at the expo",
             "a good note: %d %r" % (st, body[:200]))

    # --- in a browser -------------------------------------------------------------
    d = kw.browser()
    from selenium.webdriver.common.by import By
    d.get(server.url)
    kw.wait_for(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#contacts .row"), "the address book")

    def no_injection(where):
        ran = d.execute_script("return window.__kith_xss === undefined ? null : window.__kith_xss")
        kw.check(ran is None, "%s: injected code ran (%r)" % (where, ran))
        n = d.execute_script(
            "return document.querySelectorAll('img[src=x], svg, main script, b, i').length")
        kw.check(n == 0, "%s: %d injected elements in the page" % (where, n))

    body_text = d.find_element(By.TAG_NAME, "body").text
    kw.check(SCRIPT in body_text, "the address book does not show the name as text")
    kw.check(IMG in body_text, "the address book does not show the company as text")
    no_injection("address book")

    d.get(server.base + "#contact/%d" % xid)
    kw.wait_for(d, lambda d: d.find_element(By.ID, "contact-name").text == SCRIPT,
                "the contact page with the payload name")
    kw.check(d.find_element(By.ID, "f-company").get_attribute("value") == IMG,
             "the company input does not hold the payload as text")
    kw.check(d.find_element(By.ID, "f-title").get_attribute("value") == TITLE, "title input")
    notes = d.find_element(By.ID, "notes").text
    kw.check(NOTE in notes, "the note is not shown as text: %r" % notes)
    kw.check("<b>Eve</b>" in d.find_element(By.CSS_SELECTOR, "label[for=note]").text,
             "the question does not show the given name as text")
    no_injection("contact page")

    d.get(server.base + "#review/%d" % xid)
    kw.wait_for(d, lambda d: d.find_element(By.ID, "review").get_attribute("data-contact") == str(xid),
                "the review page of the payload contact")
    kw.check(d.find_element(By.ID, "note-question").text ==
             "What do you know about <b>Eve</b> beyond the card?", "review question")
    no_injection("review page")

    # a page of another origin tries to post a note with the (leaked) token
    class Evil(BaseHTTPRequestHandler):
        def do_GET(self):
            page = b"<!doctype html><title>evil</title><p>hello</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *a):
            pass

    evil = ThreadingHTTPServer(("127.0.0.1", 0), Evil)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    d.get("http://localhost:%d/" % evil.server_address[1])
    result = d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const url = arguments[0];
        const out = [];
        fetch(url, {method: 'POST', mode: 'no-cors', credentials: 'include',
                    headers: {'Content-Type': 'text/plain'}, body: '{"text": "csrf simple"}'})
          .then(r => out.push('simple:' + r.type), e => out.push('simple:error'))
          .then(() => fetch(url, {method: 'POST', credentials: 'include',
                    headers: {'Content-Type': 'application/json'}, body: '{"text": "csrf json"}'}))
          .then(r => out.push('json:' + r.status), e => out.push('json:blocked'))
          .then(() => done(out));
    """, "http://127.0.0.1:%d/api/contact/%d/note?token=%s" % (server.port, cid, server.token))
    _, out, _ = kw.kith(w.db, "show", str(cid), "--json")
    texts = [n["text"] for n in json.loads(out)["notes"]]
    kw.check(texts == ["met at the expo"], "a cross-origin page wrote a note: %r (%r)" % (texts, result))
finally:
    if d:
        d.quit()
    if evil:
        evil.shutdown()
    if server:
        server.stop()
    w.cleanup()
kw.finish("web_security")
