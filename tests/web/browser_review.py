"""browser_review.py — issue 16's end-to-end test in a real headless browser.

Scans two generated sample cards, opens `kith review --browser`, and on the
review page corrects a title, writes a note, logs a two-way meeting and moves
on with the keyboard; then checks with `kith show --json` that the title is
kept as the user's edit, the note is there, and status and missing changed.
A card scanned while the page is open appears in the address book on reload.
Screenshots at 390 px and 1280 px wide go to BUILD/web-screenshots/.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kithweb as kw  # noqa: E402

EVENT = "Test Expo 2026"
SAMPLES = os.path.join(kw.SOURCE_DIR, "fixtures", "samples")

w = kw.Workdir()
d = None
server = None
try:
    d = kw.browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    cards = [os.path.join(SAMPLES, "card_%04d.jpg" % i) for i in (1, 3)]
    kw.kith(w.db, "scan", "--no-prompt", "--event", EVENT, *cards)
    server = kw.Server(w.db, "review", "--browser", "--event", EVENT)
    shots = kw.screenshot_dir()

    # the printed address carries the token; the page keeps it in a cookie
    d.get(server.url)
    kw.wait_for(d, lambda d: d.find_element(By.ID, "review"), "the review page")
    kw.check("token" not in d.current_url, "the token stayed in the address bar: " + d.current_url)
    cookies = {c["name"]: c for c in d.get_cookies()}
    ck = cookies.get("kith_%d" % server.port)
    if kw.check(ck is not None, "no token cookie was set: %r" % cookies):
        kw.check(ck.get("httpOnly") is True, "the cookie is not HttpOnly")
        kw.check(ck.get("sameSite") == "Strict", "the cookie is not SameSite=Strict: %r" % ck)

    # the first card of the queue (newest first), its image, the focused note box
    review = d.find_element(By.ID, "review")
    cid = int(review.get_attribute("data-contact"))
    _, out, _ = kw.kith(w.db, "show", str(cid), "--json")
    before = json.loads(out)
    given = before.get("given_name") or before.get("name")
    kw.check(d.find_element(By.ID, "progress").text.startswith("Card 1 of 2"),
             "progress: " + d.find_element(By.ID, "progress").text)
    q = d.find_element(By.ID, "note-question").text
    kw.check(q == "What do you know about %s beyond the card?" % given, "question: " + q)
    kw.check(d.switch_to.active_element.get_attribute("id") == "note",
             "the note box is not focused")
    img = d.find_element(By.CSS_SELECTOR, "#review .card-image img")
    kw.wait_for(d, lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", img),
        "the card image to load")
    kw.check(d.find_element(By.ID, "f-company").get_attribute("value") == (before.get("company") or ""),
             "the company input does not hold the company")

    set_w = kw.set_width
    kw.screenshot(d, os.path.join(shots, "review-1280.png"), 1280)
    kw.screenshot(d, os.path.join(shots, "review-390.png"), 390)
    # nothing wider than the phone's screen
    set_w(d, 390)
    wide = d.execute_script("return document.documentElement.scrollWidth")
    kw.check(wide <= 390, "the review page is %d px wide at 390 px" % wide)
    set_w(d, 1280)

    # correct the title, write the note, log a two-way meeting
    title = d.find_element(By.ID, "f-title")
    title.clear()
    title.send_keys("Head of Field Testing")
    note = d.find_element(By.ID, "note")
    note.send_keys("Restores old Vespas; wants the pilot data before March.")
    Select(d.find_element(By.ID, "log-kind")).select_by_value("meeting")
    Select(d.find_element(By.ID, "log-dir")).select_by_value("both")
    d.find_element(By.ID, "log-button").click()
    kw.wait_for(d, lambda d: "reciprocal" not in d.find_element(By.ID, "missing").text,
                "the status line after logging")
    kw.check(d.find_element(By.ID, "missing").text == "missing active, personal",
             "missing after the meeting: " + d.find_element(By.ID, "missing").text)

    # save and next with the keyboard
    d.find_element(By.ID, "note").send_keys(Keys.CONTROL, Keys.ENTER)
    kw.wait_for(d, lambda d: d.find_element(By.ID, "progress").text.startswith("Card 2 of 2"),
                "the second card after Ctrl+Enter")
    second = int(d.find_element(By.ID, "review").get_attribute("data-contact"))
    kw.check(second != cid, "save-and-next stayed on the same contact")
    kw.check(d.switch_to.active_element.get_attribute("id") == "note",
             "the note box is not focused on the next card")
    # Esc skips: the end of the queue
    d.find_element(By.ID, "note").send_keys(Keys.ESCAPE)
    done = kw.wait_for(d, lambda d: d.find_element(By.ID, "review-done"), "the end after Esc")
    if done:
        kw.check("1 saved, 1 skipped" in done.text, "summary: %r" % done.text)

    # what the CLI sees
    _, out, _ = kw.kith(w.db, "show", str(cid), "--json")
    after = json.loads(out)
    kw.check(after.get("title") == "Head of Field Testing", "title: %r" % after.get("title"))
    kw.check([n["text"] for n in after["notes"]] ==
             ["Restores old Vespas; wants the pilot data before March."],
             "notes: %r" % after["notes"])
    ix = after["interactions"]
    kw.check(len(ix) == 1 and ix[0]["kind"] == "meeting" and ix[0]["dir"] == "both",
             "interactions: %r" % ix)
    kw.check(after["status"] == "unconnected" and after["missing"] == ["active"],
             "status %r missing %r" % (after["status"], after["missing"]))
    kw.check(after["reciprocal"] and after["personal"] and not after["active"],
             "reciprocal/personal/active: %r" % after)
    kw.check(before["missing"] == ["active", "reciprocal", "personal"],
             "missing before: %r" % before["missing"])
    # the other fields were not touched (only what changed is sent)
    for k in ("name", "company", "emails", "urls"):
        kw.check(after.get(k) == before.get(k), "%s changed: %r -> %r" % (k, before.get(k), after.get(k)))
    _, out, _ = kw.kith(w.db, "show", str(second), "--json")
    kw.check(json.loads(out)["notes"] == [], "the second card got a note without one typed")

    # the contact page shows the title as the user's edit
    d.get(server.base + "#contact/%d" % cid)
    kw.wait_for(d, lambda d: d.find_element(By.ID, "contact-name"), "the contact page")
    flags = [e.text for e in d.find_elements(By.CSS_SELECTOR, "label[for=f-title] .flag")]
    kw.check("edited" in flags, "the title is not marked edited: %r" % flags)
    kw.check(len(d.find_elements(By.CSS_SELECTOR, "#interactions li")) == 1, "interaction list")
    kw.screenshot(d, os.path.join(shots, "contact-390.png"), 390)
    kw.set_width(d, 390)
    kw.check(d.execute_script("return document.documentElement.scrollWidth") <= 390,
             "the contact page is wider than 390 px")
    kw.screenshot(d, os.path.join(shots, "contact-1280.png"), 1280)

    # the address book: the honest count, then a card scanned meanwhile
    d.get(server.base + "#book")
    kw.wait_for(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#contacts .row"), "the contact list")
    count = d.find_element(By.ID, "count").text
    kw.check("2 cards" in count and "0 connected" in count and "1 without a personal note" in count,
             "the count: %r" % count)
    kw.kith(w.db, "scan", "--no-prompt", "--event", EVENT, os.path.join(SAMPLES, "card_0004.jpg"))
    d.refresh()
    kw.wait_for(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#contacts .row")) == 3,
                "the card scanned while the page was open")
    kw.check("3 cards" in d.find_element(By.ID, "count").text, "count after the new card")
    Select(d.find_element(By.ID, "filter-status")).select_by_value("connected")
    kw.wait_for(d, lambda d: not d.find_elements(By.CSS_SELECTOR, "#contacts .row"),
                "the connected filter")
    Select(d.find_element(By.ID, "filter-status")).select_by_value("")
    kw.wait_for(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#contacts .row")) == 3,
                "the filter back to all")
    kw.screenshot(d, os.path.join(shots, "book-1280.png"), 1280)
    kw.screenshot(d, os.path.join(shots, "book-390.png"), 390)
    set_w(d, 390)
    wide = d.execute_script("return document.documentElement.scrollWidth")
    kw.check(wide <= 390, "the address book is %d px wide at 390 px" % wide)
    # every name gets most of the phone's width, not a sliver beside the status
    narrow = d.execute_script(
        "return Math.min(...[...document.querySelectorAll('.row .who')]"
        ".map(e => e.getBoundingClientRect().width))")
    kw.check(narrow >= 250, "a name is squeezed into %s px at 390 px" % narrow)
    kw.check(len(d.find_elements(By.CSS_SELECTOR, "#next .row .reason")) >= 1,
             "the follow-up list has no reasons")
    print("screenshots in " + shots)
finally:
    if d:
        d.quit()
    if server:
        server.stop()
    w.cleanup()
kw.finish("web_browser_review")
