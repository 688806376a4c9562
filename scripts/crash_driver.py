#!/usr/bin/env python3
"""Phones answering the survey, for scripts/crash-test.sh.

  crash_driver.py drive  BASE_URL OUT_FILE CLIENTS SECONDS
      CLIENTS threads each act as one phone after another: open /ankieta
      (device cookie, client id and start token), send the answer, and on
      an acknowledgement (200 with a receipt) append the answer as one JSON
      line to OUT_FILE — before anything else happens. Runs SECONDS, or
      until the server is gone; connection errors are expected (the server
      is killed under it).

  crash_driver.py replay BASE_URL OUT_FILE COUNT
      Sends the first COUNT acknowledged answers again, exactly as before
      (same cookie, client id and body): each must come back 200 with the
      receipt it got the first time.

  crash_driver.py check  DB_FILE OUT_FILE
      Every acknowledged receipt is stored exactly once; no client id twice.

Standard library only. Each request comes from its own address
(X-Forwarded-For; the server trusts 127.0.0.1 as a proxy), so only the
per-device limits apply, as for phones behind one meeting hall's router.
"""
import http.client
import json
import random
import re
import sqlite3
import sys
import threading
import time
import urllib.parse

FIELD = re.compile(r'<input[^>]*name="answer\[(client_id|start)\]"[^>]*value="([^"]*)"')
ACTION = re.compile(r'name="answer\[actions\]\[(\d+)\]"')
DISTRICT = re.compile(r'name="answer\[district\]"[^>]*value="(\d+)"')
DISTRICT_OPTION = re.compile(r'<option[^>]*value="(\d+)"')


def request(base, method, path, body=None, headers=None):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        res = conn.getresponse()
        return res.status, res.getheaders(), res.read().decode("utf-8", "replace")
    finally:
        conn.close()


def address(n):
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def unescape(value):
    return (value.replace("&quot;", '"').replace("&#x27;", "'").replace("&#39;", "'")
            .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def one_phone(base, n):
    """Opens the survey as a new phone; the answer it would send."""
    status, headers, html = request(base, "GET", "/ankieta", headers={"X-Forwarded-For": address(n)})
    if status != 200:
        raise RuntimeError(f"/ankieta: {status}")
    cookie = next(
        v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and v.startswith("poro_device=")
    )
    fields = {k: unescape(v) for k, v in FIELD.findall(html)}
    actions = sorted(set(ACTION.findall(html)))
    districts = DISTRICT.findall(html) or DISTRICT_OPTION.findall(html)
    rng = random.Random(n)
    pairs = [
        ("answer[client_id]", fields["client_id"]),
        ("answer[start]", fields["start"]),
        ("answer[district]", rng.choice(districts)),
    ]
    for action in rng.sample(actions, k=min(3, len(actions))):
        pairs.append((f"answer[actions][{action}]", action))
    return {
        "client_id": fields["client_id"],
        "cookie": cookie,
        "body": urllib.parse.urlencode(pairs),
        "address": address(n),
    }


def send(base, answer):
    return request(
        base,
        "POST",
        "/api/survey/submit",
        body=answer["body"],
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Cookie": answer["cookie"],
            "X-Forwarded-For": answer["address"],
        },
    )


def drive(base, out_file, clients, seconds):
    lock = threading.Lock()
    counter = iter(range(1, 10**9))
    stop_at = time.monotonic() + seconds
    stats = {"acknowledged": 0, "errors": 0, "refused": 0}
    out = open(out_file, "a", encoding="utf-8")

    def phone_loop():
        misses = 0
        while time.monotonic() < stop_at and misses < 20:
            with lock:
                n = next(counter)
            try:
                answer = one_phone(base, n)
                status, _, body = send(base, answer)
            except Exception:
                misses += 1
                with lock:
                    stats["errors"] += 1
                time.sleep(0.1)
                continue
            misses = 0
            if status == 200:
                answer["receipt"] = json.loads(body)["code"]
                with lock:
                    out.write(json.dumps(answer) + "\n")
                    out.flush()
                    stats["acknowledged"] += 1
            else:
                with lock:
                    stats["refused"] += 1

    threads = [threading.Thread(target=phone_loop) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.close()
    print(json.dumps(stats))


def acknowledged(out_file):
    with open(out_file, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def replay(base, out_file, count):
    answers = acknowledged(out_file)[:count]
    for answer in answers:
        status, _, body = send(base, answer)
        if status != 200 or json.loads(body)["code"] != answer["receipt"]:
            sys.exit(f"replay of {answer['client_id']}: {status} {body}")
    print(f"{len(answers)} answers sent again: each got its first receipt")


def check(db_file, out_file):
    answers = acknowledged(out_file)
    db = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    missing = [a["receipt"] for a in answers
               if db.execute("SELECT COUNT(*) FROM responses WHERE receipt = ? AND client_id = ?",
                             (a["receipt"], a["client_id"])).fetchone()[0] != 1]
    twice = db.execute(
        "SELECT COUNT(*) FROM (SELECT client_id FROM responses GROUP BY client_id HAVING COUNT(*) > 1)"
    ).fetchone()[0]
    stored = db.execute("SELECT COUNT(*) FROM responses WHERE source = 'online'").fetchone()[0]
    print(json.dumps({"acknowledged": len(answers), "stored": stored, "lost": len(missing), "twice": twice}))
    if missing or twice or stored < len(answers):
        sys.exit(f"LOST {len(missing)} acknowledged answers (first: {missing[:3]}), {twice} stored twice")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "drive":
        drive(args[0], args[1], int(args[2]), float(args[3]))
    elif command == "replay":
        replay(args[0], args[1], int(args[2]))
    elif command == "check":
        check(args[0], args[1])
    else:
        sys.exit(__doc__)
