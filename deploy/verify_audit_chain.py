#!/usr/bin/env python3
"""Re-verify taizhang's audit chain independently of taizhang.

Usage: verify_audit_chain.py BASE_URL TOKEN [EXPECTED_SEQ EXPECTED_HASH]
       verify_audit_chain.py BASE_URL --notice SEQ HASH
       verify_audit_chain.py BASE_URL --inclusion SEQ [HASH [TREE_SIZE ROOT]]
       verify_audit_chain.py BASE_URL --consistency M N [ROOT_M [ROOT_N]]
       verify_audit_chain.py BASE_URL --checkpoints

With a token: fetches every record from GET /api/v1/audit (supervisor or admin token), recomputes
    hash = sha256(prev_hash + "\n" + canonical_json(record))
and checks each link. With a published head (seq, hash) it also proves that the log still
contains exactly that head, i.e. nothing up to it was rewritten.

With --notice, no token: checks the record a printed notice cites (its 审计链 seq and hash).
It fetches that record from GET /public/audit/records/SEQ, recomputes its hash from its own
content and prev_hash, and compares it with the printed hash; then it reads the public head
(GET /public/audit/head), which must be at or after the record. A notice whose record was
rewritten, or a server that no longer holds it, fails.

The Merkle tree over the chain (RFC 9162 §2.1; leaf i is record i + 1, its data the record's hash
as 32 bytes) lets a reader check a record, or the log as a whole, against a root without reading
the log. No token; the proofs carry hashes only.

With --inclusion: fetches the inclusion proof of record SEQ (GET /public/audit/proof/inclusion)
and checks it with RFC 9162 §2.1.3.2 against the root the server publishes for that tree size
(GET /public/audit/root). With HASH (the record's hash, as printed on a notice), the leaf must be
that record's; with TREE_SIZE and ROOT (a root noted earlier), the proof is for that tree and its
root must be ROOT.

With --consistency: fetches the consistency proof from tree size M to tree size N
(GET /public/audit/proof/consistency, 0 < M < N) and checks it with RFC 9162 §2.1.4.2: the log of
N records begins with the log of M records, unchanged. With ROOT_M (and ROOT_N), roots noted
earlier must be the ones proved. A log rewritten since the noted root fails.

With --checkpoints: fetches the server's signed checkpoints (GET /public/audit/checkpoints) and
checks that the log today extends every one of them: each checkpoint's root must be the published
root of its size, and a consistency proof from its size to the head must hold. A log cut short
below a checkpoint, or rewritten there, fails. Save the output (each checkpoint's seq and root)
to hold the server to them later with --consistency.

Python's standard library has no Ed25519, so this script does not check the checkpoints'
signatures. Check one with OpenSSL 3 (PUBLIC_KEY_HEX from the same answer's public_key):

    printf 'taizhang-checkpoint v1\n%s\n%s\n%s\n' SEQ ROOT AT > checkpoint.txt
    echo SIGNATURE_HEX | xxd -r -p > checkpoint.sig
    (printf '302a300506032b6570032100'; echo PUBLIC_KEY_HEX) | xxd -r -p > key.der
    openssl pkeyutl -verify -pubin -inkey key.der -keyform DER -rawin \
        -in checkpoint.txt -sigfile checkpoint.sig
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


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion_path(leaf_index, tree_size, leaf, path, root):
    """RFC 9162 §2.1.3.2."""
    if leaf_index >= tree_size:
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency_path(first, second, first_root, second_root, path):
    """RFC 9162 §2.1.4.2, for 0 < first < second."""
    if not 0 < first < second or not path:
        return False
    path = ([first_root] if first & (first - 1) == 0 else []) + list(path)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


def public_or_none(base, path):
    try:
        return fetch_public(base, path)
    except urllib.error.HTTPError as e:
        print(f"GET {path}: HTTP {e.code} {e.read().decode('utf-8', 'replace')}")
        return None


def verify_inclusion(base, seq, record_hash=None, tree_size=None, noted_root=None):
    query = f"seq={seq}" + (f"&tree_size={tree_size}" if tree_size is not None else "")
    answer = public_or_none(base, f"/public/audit/proof/inclusion?{query}")
    if answer is None:
        return 1
    n = answer["tree_size"]
    published = public_or_none(base, f"/public/audit/root?tree_size={n}")
    if published is None:
        return 1
    leaf = bytes.fromhex(answer["leaf_hash"])
    if record_hash is not None:
        expected = hashlib.sha256(b"\x00" + bytes.fromhex(record_hash)).digest()
        if leaf != expected:
            print(f"record {seq} is not the record whose hash is {record_hash}")
            return 1
    root = bytes.fromhex(published["root"])
    path = [bytes.fromhex(h) for h in answer["audit_path"]]
    if (answer["seq"], answer["leaf_index"], answer["root"]) != (seq, seq - 1, published["root"]):
        print(f"BROKEN: the proof of record {seq} is not for the published tree of {n} records")
        return 1
    if not verify_inclusion_path(seq - 1, n, leaf, path, root):
        print(f"BROKEN: record {seq} is not in the tree of {n} records whose root is {root.hex()}")
        return 1
    if noted_root is not None and root.hex() != noted_root:
        print(f"the tree of {n} records has root {root.hex()}, not the noted {noted_root}")
        return 1
    print(f"record {seq} is in the tree of {n} records, root {root.hex()} ({len(path)} hashes)")
    return 0


def verify_consistency(base, first, second, noted_first=None, noted_second=None):
    answer = public_or_none(base, f"/public/audit/proof/consistency?first={first}&second={second}")
    if answer is None:
        return 1
    roots = []
    for n in (first, second):
        published = public_or_none(base, f"/public/audit/root?tree_size={n}")
        if published is None:
            return 1
        roots.append(published["root"])
    if [answer["first_root"], answer["second_root"]] != roots:
        print(f"BROKEN: the proof is not between the published roots of {first} and {second}")
        return 1
    for noted, root, n in ((noted_first, roots[0], first), (noted_second, roots[1], second)):
        if noted is not None and noted != root:
            print(f"the tree of {n} records now has root {root}, not the noted {noted}: rewritten")
            return 1
    path = [bytes.fromhex(h) for h in answer["proof"]]
    first_root, second_root = bytes.fromhex(roots[0]), bytes.fromhex(roots[1])
    if not verify_consistency_path(first, second, first_root, second_root, path):
        print(f"BROKEN: the log of {second} records does not extend the log of {first} records")
        return 1
    print(f"the log of {second} records (root {roots[1]}) extends the log of {first} records "
          f"(root {roots[0]}) unchanged ({len(path)} hashes)")
    return 0


def verify_checkpoints(base):
    head = public_or_none(base, "/public/audit/root")
    if head is None:
        return 1
    size, checked, after = head["tree_size"], 0, 0
    while True:
        page = public_or_none(base, f"/public/audit/checkpoints?after={after}&limit=1000")
        if page is None:
            return 1
        for c in page["checkpoints"]:
            seq, root = c["seq"], c["root"]
            if seq > size:
                print(f"BROKEN: checkpoint {seq} (root {root}) is past the log's {size} records: "
                      f"the log was cut short")
                return 1
            if seq == size:
                if root != head["root"]:
                    print(f"BROKEN: the log of {seq} records has root {head['root']}, not the "
                          f"checkpoint's {root}")
                    return 1
            elif verify_consistency(base, seq, size, root) != 0:
                return 1
            print(f"checkpoint {seq} {root} {c['at']} {c['signature']}")
            checked += 1
        if page["next_after"] is None:
            break
        after = page["next_after"]
    print(f"the log of {size} records extends all {checked} checkpoints (signatures not checked; "
          f"public key {page['public_key']})")
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[2] == "--checkpoints":
        return verify_checkpoints(sys.argv[1].rstrip("/"))
    if len(sys.argv) == 5 and sys.argv[2] == "--notice":
        return verify_notice(sys.argv[1].rstrip("/"), int(sys.argv[3]), sys.argv[4])
    if len(sys.argv) in (4, 5, 7) and sys.argv[2] == "--inclusion":
        extra = sys.argv[4:]
        return verify_inclusion(sys.argv[1].rstrip("/"), int(sys.argv[3]),
                                extra[0] if extra else None,
                                int(extra[1]) if len(extra) > 1 else None,
                                extra[2] if len(extra) > 2 else None)
    if 5 <= len(sys.argv) <= 7 and sys.argv[2] == "--consistency":
        noted = sys.argv[5:] + [None, None]
        return verify_consistency(sys.argv[1].rstrip("/"), int(sys.argv[3]), int(sys.argv[4]),
                                  noted[0], noted[1])
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
