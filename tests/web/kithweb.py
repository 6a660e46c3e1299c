"""kithweb.py — shared by the tests of kith's web page (tests/web/*.py).

Runs `kith serve` / `kith review --browser` on a test database, reads the
address it prints, stops it with SIGTERM (and checks it stopped cleanly),
and starts headless Chromium through chromedriver. When chromium,
chromedriver or python3-selenium are missing the test exits 77, which ctest
reports as skipped (SKIP_RETURN_CODE).
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
KITH = os.environ.get("KITH")
BINARY_DIR = os.environ.get("KITH_BINARY_DIR", ".")
SOURCE_DIR = os.environ.get("KITH_SOURCE_DIR", ".")
MKCONTACT = os.path.join(BINARY_DIR, "kith-mkcontact")

FAILS = []


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    FAILS.append(msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


def finish(name):
    if FAILS:
        print("%s: %d failure(s)" % (name, len(FAILS)), file=sys.stderr)
        sys.exit(1)
    print("%s: ok" % name)
    sys.exit(0)


class Workdir:
    """A temporary directory with a database in it."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="kith-web.")
        self.db = os.path.join(self.path, "kith.db")

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


def kith(db, *args, check_rc=True, env=None):
    """Runs kith on db; returns (rc, stdout, stderr)."""
    e = dict(os.environ)
    for k in ("KITH_NOW", "KITH_DB", "DISPLAY", "WAYLAND_DISPLAY"):
        e.pop(k, None)
    if env:
        e.update(env)
    p = subprocess.run([KITH, "--db", db] + list(args), capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, env=e, timeout=300)
    if check_rc and p.returncode != 0:
        raise RuntimeError("kith %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
    return p.returncode, p.stdout, p.stderr


def mkcontact(db, *args):
    out = subprocess.run([MKCONTACT, db] + list(args), capture_output=True, text=True,
                         check=True).stdout
    return int(out.split()[0])


class Server:
    """kith serving the page: `kith ARGS... --no-open` on db, in the background."""

    def __init__(self, db, *args):
        e = dict(os.environ)
        # no desktop: kith must not try xdg-open in a test
        for k in ("DISPLAY", "WAYLAND_DISPLAY", "KITH_NOW", "KITH_DB"):
            e.pop(k, None)
        self.err_path = db + ".server-stderr"
        self.err = open(self.err_path, "w")
        self.p = subprocess.Popen([KITH, "--db", db] + list(args) + ["--no-open"],
                                  stdout=subprocess.PIPE, stderr=self.err, text=True, env=e)
        line = self.p.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:(\d+)/)\?token=([0-9a-f]{32})\b", line)
        if not m:
            self.p.kill()
            raise RuntimeError("kith printed no address: %r" % line)
        self.base = m.group(1)
        self.port = int(m.group(2))
        self.token = m.group(3)
        self.url = line.split(" at ", 1)[1].strip()

    def stop(self):
        """SIGTERM; the server must exit 0 within a few seconds and say so."""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            rc = self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            fail("kith did not stop on SIGTERM")
            return
        self.err.close()
        with open(self.err_path) as f:
            err = f.read()
        check(rc == 0, "kith exited %d after SIGTERM; stderr: %s" % (rc, err[-3000:]))
        check("stopped" in err, "kith did not say it stopped: %r" % err[-500:])
        check("ERROR: AddressSanitizer" not in err and "LeakSanitizer" not in err
              and "runtime error" not in err, "sanitizer report: " + err[-3000:])


def browser(width=1280, height=900):
    """Headless Chromium through chromedriver; skips the test when missing."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip("python3-selenium is not installed")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if not chromium or not driver:
        skip("chromium or chromedriver is not installed (Debian: chromium chromium-driver)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-extensions", "--hide-scrollbars",
              "--window-size=%d,%d" % (width, height)):
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(driver), options=opts)
    d.set_page_load_timeout(30)
    return d


def set_width(d, width, height=900):
    """Makes the page's viewport `width` CSS pixels wide."""
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1,
                       "mobile": width < 600})


def wait_for(d, fn, what, timeout=15):
    """Polls fn(d) until truthy; fails the test (and returns None) on timeout."""
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            v = fn(d)
            if v:
                return v
        except Exception as e:  # the element is not there yet
            last = e
        time.sleep(0.1)
    fail("timed out waiting for %s (%s)" % (what, last))
    return None


def screenshot_dir():
    path = os.path.join(BINARY_DIR, "web-screenshots")
    os.makedirs(path, exist_ok=True)
    return path


def screenshot(d, path, width):
    """The whole page at `width` CSS pixels wide, from the top, to path."""
    set_width(d, width, 844)
    d.execute_script("window.scrollTo(0, 0)")
    height = d.execute_script("return document.documentElement.scrollHeight")
    set_width(d, width, max(844, min(int(height), 4000)))
    d.save_screenshot(path)
    set_width(d, width, 844)
