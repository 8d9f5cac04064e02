#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drive a series page in headless Chromium through the DevTools protocol
(over --remote-debugging-pipe, so no port and no package beyond Python's
own) as a reader would: on a phone (390 px, touch) and on a desktop
(1280 px), with real key presses, touch swipes and clicks. Prints what it
saw as "name: value" lines for the test to check, and saves a screenshot
of each width into OUTDIR.

usage: viewer_check.py URL OUTDIR
"""
import base64
import fcntl
import json
import os
import subprocess
import sys
import time


class Browser:
    def __init__(self, profile):
        cmd_r, self.cmd_w = os.pipe()
        self.res_r, res_w = os.pipe()
        hi_r = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
        hi_w = fcntl.fcntl(res_w, fcntl.F_DUPFD, 10)

        def pipes():                     # Chromium reads fd 3, writes fd 4
            os.dup2(hi_r, 3, inheritable=True)
            os.dup2(hi_w, 4, inheritable=True)

        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", "--user-data-dir=" + profile,
             "--no-first-run", "--hide-scrollbars", "about:blank"],
            preexec_fn=pipes, pass_fds=(3, 4, hi_r, hi_w),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (cmd_r, res_w, hi_r, hi_w):
            os.close(fd)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self.read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def read(self):
        deadline = time.time() + 30
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise RuntimeError("Chromium said nothing for 30 s")
            chunk = os.read(self.res_r, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed its pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def wait_event(self, method):
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    del self.events[i]
                    return m
            self.events.append(self.read())

    def eval(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True})
        return r["result"].get("value")

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except RuntimeError:
            pass
        self.proc.wait(timeout=30)


def key(b, name, code):
    for t in ("rawKeyDown", "keyUp"):
        b.send("Input.dispatchKeyEvent", {"type": t, "key": name, "code": name,
                                          "windowsVirtualKeyCode": code})


def swipe(b, x0, x1, y):
    b.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y}]})
    for k in range(1, 6):
        x = x0 + (x1 - x0) * k / 5
        b.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    b.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def click(b, selector):
    r = b.eval(f"(()=>{{const r=document.querySelector('{selector}').getBoundingClientRect();"
               "return [r.x+r.width/2,r.y+r.height/2];})()")
    for t in ("mousePressed", "mouseReleased"):
        b.send("Input.dispatchMouseEvent", {"type": t, "x": r[0], "y": r[1],
                                            "button": "left", "clickCount": 1})


def load(b, url, width, height, mobile):
    b.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                  "deviceScaleFactor": 1, "mobile": mobile})
    b.send("Emulation.setTouchEmulationEnabled", {"enabled": mobile, "maxTouchPoints": 5})
    b.send("Page.navigate", {"url": url})
    b.wait_event("Page.loadEventFired")
    # the map drawn before anything is measured
    b.eval("new Promise(r=>{const i=document.getElementById('map');"
           "i.complete?r(1):i.onload=()=>r(1);})")
    b.send("Runtime.evaluate", {"expression": "document.getElementById('map').decode()",
                                "awaitPromise": True})


def shown(b):
    return b.eval("document.body.dataset.shown")


def report(b, prefix):
    facts = b.eval("""(()=>{const i=document.getElementById('map');return {
        overflow: document.documentElement.scrollWidth > window.innerWidth,
        img_width: Math.round(i.getBoundingClientRect().width),
        img_height: Math.round(i.getBoundingClientRect().height),
        natural_width: i.naturalWidth,
        label: document.getElementById('date').textContent,
        alt: i.alt, frames: document.querySelectorAll('#frames a').length,
        first: document.querySelector('#frames a').dataset.date,
        controls_bottom: Math.round(document.getElementById('bar').getBoundingClientRect().bottom),
        window_width: window.innerWidth, window_height: window.innerHeight};})()""")
    for k, v in facts.items():
        print(f"{prefix}{k}: {json.dumps(v, ensure_ascii=False)}")


def main():
    url, outdir = sys.argv[1], sys.argv[2]
    b = Browser(os.path.join(outdir, "profile"))
    try:
        target = b.send("Target.createTarget", {"url": "about:blank"}, session=False)
        b.session = b.send("Target.attachToTarget", {"targetId": target["targetId"],
                                                     "flatten": True}, session=False)["sessionId"]
        b.send("Page.enable")
        b.send("Runtime.enable")

        load(b, url, 390, 844, True)
        print("phone_opened_on:", shown(b))
        report(b, "phone_")
        shot = b.send("Page.captureScreenshot", {"format": "png"})
        with open(os.path.join(outdir, "phone.png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        box = b.eval("(()=>{const r=document.getElementById('map').getBoundingClientRect();"
                     "return [r.x,r.width,r.y+r.height/2];})()")
        swipe(b, box[0] + box[1] * 0.2, box[0] + box[1] * 0.8, box[2])   # to the right: back
        print("swipe_right:", shown(b))
        swipe(b, box[0] + box[1] * 0.8, box[0] + box[1] * 0.2, box[2])   # to the left: on
        print("swipe_left:", shown(b))
        click(b, "#prev")
        print("button_prev:", shown(b))
        click(b, "#next")
        print("button_next:", shown(b))

        load(b, url, 1280, 800, False)
        print("desktop_opened_on:", shown(b))
        report(b, "desktop_")
        shot = b.send("Page.captureScreenshot", {"format": "png"})
        with open(os.path.join(outdir, "desktop.png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        key(b, "ArrowLeft", 37)
        print("key_left:", shown(b))
        key(b, "ArrowLeft", 37)
        print("key_left_again:", shown(b))
        key(b, "ArrowRight", 39)
        print("key_right:", shown(b))
        key(b, "Home", 36)
        print("key_home:", shown(b))
        key(b, "End", 35)
        print("key_end:", shown(b))
        click(b, "#play")               # from the last day: starts over at the first
        print("play_pressed:", b.eval("document.getElementById('play').getAttribute('aria-pressed')"))
        print("play_label:", b.eval("document.getElementById('play').getAttribute('aria-label')"))
        print("play_started_on:", shown(b))
        time.sleep(1.6)
        print("play_after_1.6s:", shown(b))
        click(b, "#play")
        paused = shown(b)
        time.sleep(1.0)
        print("paused_stays:", "yes" if shown(b) == paused else "no")
        print("pause_pressed:", b.eval("document.getElementById('play').getAttribute('aria-pressed')"))
    finally:
        b.close()


if __name__ == "__main__":
    main()
