#!/usr/bin/env python3
"""Time from an edit of one result to the preview server answering with it.

Starts `thidua serve` on a generated content folder, asks for one scorecard,
changes that unit's first score in results.json (rewriting the whole file, as
an editor does) and polls the page until it shows the new total. Prints the
seconds from the end of the write to the first changed answer, best and median
of RUNS edits. The watcher's wait for quiet (75 ms) is part of the figure.

Usage: bench/serve_edit.py THIDUA CONTENT [RUNS=5] [PORT=18613]
"""
import json
import pathlib
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode()
    except Exception:  # not up yet, or a 404 while the site is rebuilt
        return ""


def main():
    thidua, content = sys.argv[1], pathlib.Path(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    port = int(sys.argv[4]) if len(sys.argv) > 4 else 18613
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            sys.exit(f"serve_edit: port {port} is taken")
    results = sorted(content.glob("periods/*/results.json"))[-1]
    period = results.parent.name
    data = json.loads(results.read_text())
    first = data["results"][0]
    unit, criterion = first["unit"], next(iter(first["scores"]))
    server = subprocess.Popen([thidua, "serve", "--source", str(content), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in server.stdout:
            if line.startswith("serving"):
                base = line.split()[1]
                break
        url = f"{base}periods/{period}/units/{unit}/"
        total = lambda page: (re.search(r'<dd>([^<]*) <small>', page) or [None, None])[1]
        times = []
        for i in range(runs):
            before = total(fetch(url))
            first["scores"][criterion] = 0.25 if first["scores"][criterion] != 0.25 else 0.5
            text = json.dumps(data, ensure_ascii=False)
            results.write_text(text)
            t0 = time.monotonic()
            while time.monotonic() - t0 < 30:
                now = total(fetch(url))
                if now and now != before:
                    break
                time.sleep(0.01)
            else:
                sys.exit("serve_edit: the page did not change within 30 s")
            times.append(time.monotonic() - t0)
            time.sleep(0.5)
        print(f"serve: edit of one result -> updated page: best {min(times):.2f} s, "
              f"median {statistics.median(times):.2f} s over {runs} edits")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
