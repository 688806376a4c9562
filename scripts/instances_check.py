"""Checks two instances behind nginx (scripts/test-instances.sh runs it).

Arguments: port of instance A, of instance B, of nginx, the database URL.
"""
import http.client
import re
import subprocess
import sys
import time
import urllib.parse

port_a, port_b, port_proxy, database = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
PUBLIC = f"http://127.0.0.1:{port_proxy}"


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    res = conn.getresponse()
    return res.status, res.getheaders(), res.read().decode()


def wait_healthy(port, name):
    for _ in range(600):
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"{name} never became healthy")


def sql(query):
    return subprocess.run(["psql", "-tA", database, "-c", query],
                          check=True, capture_output=True, text=True).stdout.strip()


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        sys.exit(1)


wait_healthy(port_a, "instance A")
wait_healthy(port_b, "instance B")
wait_healthy(port_proxy, "nginx")
# 50 made-up answers in the active round (PORO_DEMO_ANSWERS), each round once.
active = sql("SELECT COUNT(*) FROM responses r JOIN rounds o ON o.id = r.round_id "
             "WHERE o.status = 'active'")
rounds, slugs = sql("SELECT COUNT(*) FROM rounds"), sql("SELECT COUNT(DISTINCT slug) FROM rounds")
check(active == "50" and rounds == slugs,
      f"both started at once on the empty database: the demo data once "
      f"({active} answers in the active round, {rounds} rounds)")
stored = int(sql("SELECT COUNT(*) FROM responses"))
check(all(request(port_proxy, "GET", "/healthz")[0] == 200 for _ in range(6)),
      "health through nginx")

# A survey form from instance A: its start token and device cookie.
status, headers, page = request(port_a, "GET", "/ankieta")
check(status == 200, "the survey page from instance A")
cookie = next(v.split(";")[0] for k, v in headers
              if k.lower() == "set-cookie" and v.startswith("poro_device="))


def field(name):
    found = re.search(r'name="' + re.escape(name) + r'" value="([^"]*)"', page)
    if not found:
        sys.exit(f"no {name} in the survey page")
    return found.group(1)


action = re.search(r'name="(answer\[actions\]\[\d+\])" value="(\d+)"', page)
form = urllib.parse.urlencode({
    "answer[client_id]": field("answer[client_id]"),
    "answer[start]": field("answer[start]"),
    "answer[district]": "2",
    action.group(1): action.group(2),
})
send = {
    # As the proxy forwards it: the address the resident used.
    "host": f"127.0.0.1:{port_proxy}",
    "content-type": "application/x-www-form-urlencoded",
    "accept": "application/json",
    "cookie": cookie,
    "referer": PUBLIC + "/ankieta",
    "origin": PUBLIC,
}
receipts = [request(port, "POST", "/api/survey/submit", form, send) for port in (port_a, port_b, port_proxy)]
for (status, _, body), where in zip(receipts, ("instance A", "instance B", "nginx")):
    check(status == 200, f"the answer sent to {where}: {status} {body[:120]}")
check(len({body for _, _, body in receipts}) == 1, "one receipt for the answer and its replays")
check(int(sql("SELECT COUNT(*) FROM responses")) == stored + 1, "stored once")

# An event stream through nginx: its first bytes arrive at once.
conn = http.client.HTTPConnection("127.0.0.1", int(port_proxy), timeout=5)
conn.request("GET", "/spotkania/2/na-zywo/zdarzenia")
res = conn.getresponse()
started = time.monotonic()
first = res.read1(64).decode()
took = time.monotonic() - started
check(res.status == 200 and res.getheader("content-type", "").startswith("text/event-stream")
      and first.startswith("retry:") and took < 2,
      f"an event stream through nginx arrives unbuffered ({first[:12]!r} after {took:.2f} s)")
conn.close()
print("two instances behind nginx: every check passed")
