"""review_marks.py — the review page marks the fields OCR was unsure of.

A contact is stored with an OCR reading whose title and web address words
have low confidence (as tesseract reports them per word); the review page
must flag exactly those fields ("check"), and once the title is corrected it
is the user's ("edited") and no longer flagged. Saving the last card of the
queue ends the review with a summary.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kithweb as kw  # noqa: E402

READING = {"width": 1000, "height": 600, "lines": [
    {"text": "Ana Lima", "block": 0, "conf": 95, "words": [
        {"text": "Ana", "conf": 96.1}, {"text": "Lima", "conf": 94.0}]},
    {"text": "Head of Partnersh1ps", "block": 0, "conf": 70, "words": [
        {"text": "Head", "conf": 93.0}, {"text": "of", "conf": 91.0},
        {"text": "Partnersh1ps", "conf": 41.5}]},
    {"text": "Lima & Filhos", "block": 1, "conf": 92, "words": [
        {"text": "Lima", "conf": 92.0}, {"text": "&", "conf": 90.0},
        {"text": "Filhos", "conf": 93.0}]},
    {"text": "www.lima.pt ana@lima.pt", "block": 1, "conf": 70, "words": [
        {"text": "www.lima.pt", "conf": 55.0}, {"text": "ana@lima.pt", "conf": 93.0}]}]}

w = kw.Workdir()
d = None
server = None
try:
    d = kw.browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    ocr = os.path.join(w.path, "ocr.json")
    with open(ocr, "w") as f:
        json.dump(READING, f)
    cid = kw.mkcontact(w.db, "--name", "Ana Lima", "--title", "Head of Partnersh1ps",
                       "--company", "Lima & Filhos", "--email", "ana@lima.pt",
                       "--url", "www.lima.pt", "--event", "Porto Meetup", "--ocr-json", ocr)
    server = kw.Server(w.db, "review", "--browser")
    d.get(server.url)
    kw.wait_for(d, lambda d: d.find_element(By.ID, "review"), "the review page")

    def flagged(kind):
        return sorted(e.get_attribute("for")[2:] for e in
                      d.find_elements(By.CSS_SELECTOR, ".field label")
                      if e.find_elements(By.CSS_SELECTOR, ".flag." + kind))

    kw.check(flagged("unsure") == ["title", "url"], "unsure fields: %r" % flagged("unsure"))
    kw.check("unsure" in d.find_element(By.ID, "f-title").get_attribute("class"),
             "the title input is not marked")
    kw.check("unsure" not in (d.find_element(By.ID, "f-name").get_attribute("class") or ""),
             "the name input is marked")
    kw.check(d.find_element(By.CSS_SELECTOR, ".no-image").text == "no card image",
             "a card without an image")
    kw.screenshot(d, os.path.join(kw.screenshot_dir(), "review-unsure-1280.png"), 1280)

    title = d.find_element(By.ID, "f-title")
    title.clear()
    title.send_keys("Head of Partnerships")
    d.find_element(By.ID, "note").send_keys("Sails a Folkboat on the Douro.")
    d.find_element(By.ID, "note").send_keys(Keys.CONTROL, Keys.ENTER)
    done = kw.wait_for(d, lambda d: d.find_element(By.ID, "review-done"), "the end of the review")
    if done:
        kw.check("1 saved, 0 skipped" in done.text, "summary: %r" % done.text)

    d.get(server.base + "#contact/%d" % cid)
    kw.wait_for(d, lambda d: d.find_element(By.ID, "contact-name"), "the contact page")
    kw.check(flagged("unsure") == ["url"], "unsure after the edit: %r" % flagged("unsure"))
    kw.check(flagged("edited") == ["title"], "edited: %r" % flagged("edited"))
    _, out, _ = kw.kith(w.db, "show", str(cid), "--json")
    c = json.loads(out)
    kw.check(c["title"] == "Head of Partnerships" and c["urls"] == ["www.lima.pt"],
             "after the review: %r" % c)
    kw.check(c["missing"] == ["active", "reciprocal"], "missing: %r" % c["missing"])
finally:
    if d:
        d.quit()
    if server:
        server.stop()
    w.cleanup()
kw.finish("web_review_marks")
