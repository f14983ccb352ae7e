#!/usr/bin/env python3
"""Re-verify taizhang's audit chain independently of taizhang.

Usage: verify_audit_chain.py BASE_URL TOKEN [EXPECTED_SEQ EXPECTED_HASH]
       verify_audit_chain.py BASE_URL --notice SEQ HASH

With a token: fetches every record from GET /api/v1/audit (supervisor or admin token), recomputes
    hash = sha256(prev_hash + "\n" + canonical_json(record))
and checks each link. With a published head (seq, hash) it also proves that the log still
contains exactly that head, i.e. nothing up to it was rewritten.

With --notice, no token: checks the record a printed notice cites (its 审计链 seq and hash).
It fetches that record from GET /public/audit/records/SEQ, recomputes its hash from its own
content and prev_hash, and compares it with the printed hash; then it reads the public head
(GET /public/audit/head), which must be at or after the record. A notice whose record was
rewritten, or a server that no longer holds it, fails.
"""
import hashlib
import json
import sys
import urllib.error
import urllib.request

FIELDS = ("seq", "at", "actor", "action", "entity", "entity_id", "before", "after")


def canonical(record):
    body = {k: record[k] for k in FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fetch(base, token, after):
    req = urllib.request.Request(f"{base}/api/v1/audit?after={after}&limit=1000",
                                 headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def fetch_public(base, path):
    req = urllib.request.Request(f"{base}{path}", headers={"Accept": "application/json"})
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def verify_notice(base, seq, printed_hash):
    try:
        record = fetch_public(base, f"/public/audit/records/{seq}")
    except urllib.error.HTTPError as e:
        print(f"record {seq} is not in the public log (HTTP {e.code})")
        return 1
    digest = hashlib.sha256((record["prev_hash"] + "\n" + canonical(record)).encode("utf-8")).hexdigest()
    if record["seq"] != seq or record["hash"] != digest:
        print(f"BROKEN: record {seq} does not hash to its own hash")
        return 1
    if digest != printed_hash:
        print(f"record {seq} differs from the printed notice: {digest} != {printed_hash}")
        return 1
    head = fetch_public(base, "/public/audit/head")
    if head["seq"] < seq:
        print(f"the published head {head['seq']} is before record {seq}")
        return 1
    print(f"notice record {seq} intact: {digest}; chain head now {head['seq']} {head['hash']}")
    return 0


def main():
    if len(sys.argv) == 5 and sys.argv[2] == "--notice":
        return verify_notice(sys.argv[1].rstrip("/"), int(sys.argv[3]), sys.argv[4])
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    base, token = sys.argv[1].rstrip("/"), sys.argv[2]
    expected = (int(sys.argv[3]), sys.argv[4]) if len(sys.argv) > 4 else None
    prev, seq, seen = "0" * 64, 0, {}
    while True:
        page = fetch(base, token, seq)
        for r in page["records"]:
            digest = hashlib.sha256((prev + "\n" + canonical(r)).encode("utf-8")).hexdigest()
            if r["seq"] != seq + 1 or r["prev_hash"] != prev or r["hash"] != digest:
                print(f"BROKEN at seq {r['seq']}")
                return 1
            prev, seq = r["hash"], r["seq"]
            seen[seq] = prev
        if page["next_after"] is None:
            break
    if expected and seen.get(expected[0]) != expected[1]:
        print(f"published head seq {expected[0]} is not in the log as published")
        return 1
    print(f"intact: {seq} records, head {seq} {prev}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
