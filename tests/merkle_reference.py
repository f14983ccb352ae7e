#!/usr/bin/env python3
"""A reference for taizhang's Merkle tree, written from RFC 9162 §2.1 alone (standard library).

Usage: merkle_reference.py HASHES_FILE QUERY...
       merkle_reference.py --self-test

HASHES_FILE holds the audit records' chain hashes, one per line in seq order (64 hex digits).
Leaf i of the tree is record i + 1, and its data is that record's hash as 32 raw bytes. Each
QUERY prints one JSON object on a line of its own, in the shape of the public endpoint it checks:

  root:N              GET /public/audit/root?tree_size=N
  inclusion:SEQ:N     GET /public/audit/proof/inclusion?seq=SEQ&tree_size=N
  consistency:M:N     GET /public/audit/proof/consistency?first=M&second=N

Everything is computed by the RFC's recursive definitions over the whole leaf list: nothing is
stored, nothing is shared with taizhang's way of computing it from stored subtrees. Every proof
printed is first checked with the RFC's verification algorithms (§2.1.3.2, §2.1.4.2), also here.

--self-test checks this file against Certificate Transparency's reference vectors and checks that
every proof of every tree of 1 to 40 leaves verifies and fails once a byte is changed.
"""
import hashlib
import json
import sys


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(leaf):
    return sha256(b"\x00" + leaf)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def split(n):
    """k: the largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    """MTH(D[n]) (§2.1.1)."""
    n = len(d)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaf_hash(d[0])
    k = split(n)
    return node_hash(mth(d[:k]), mth(d[k:]))


def path(m, d):
    """PATH(m, D[n]) (§2.1.3.1)."""
    n = len(d)
    if n == 1:
        return []
    k = split(n)
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    """SUBPROOF(m, D[n], b) (§2.1.4.1)."""
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = split(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def proof(m, d):
    """PROOF(m, D[n]) for 0 < m < n (§2.1.4.1)."""
    return subproof(m, d, True)


def verify_inclusion(leaf_index, tree_size, hash_, inclusion_path, root_hash):
    """§2.1.3.2, step by step."""
    if leaf_index >= tree_size:
        return False
    fn, sn = leaf_index, tree_size - 1
    r = hash_
    for p in inclusion_path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def verify_consistency(first, second, first_hash, second_hash, consistency_path):
    """§2.1.4.2, step by step, for 0 < first < second."""
    if not 0 < first < second:
        return False
    if not consistency_path:
        return False
    consistency_path = list(consistency_path)
    if first & (first - 1) == 0:
        consistency_path.insert(0, first_hash)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = consistency_path[0]
    for c in consistency_path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


def answer(leaves, query):
    kind, *numbers = query.split(":")
    numbers = [int(x) for x in numbers]
    if kind == "root" and len(numbers) == 1:
        (n,) = numbers
        return {"tree_size": n, "root": mth(leaves[:n]).hex()}
    if kind == "inclusion" and len(numbers) == 2:
        seq, n = numbers
        d = leaves[:n]
        audit_path = path(seq - 1, d)
        root = mth(d)
        lh = leaf_hash(d[seq - 1])
        if not verify_inclusion(seq - 1, n, lh, audit_path, root):
            raise SystemExit(f"the reference's own inclusion proof {query} does not verify")
        return {"seq": seq, "leaf_index": seq - 1, "tree_size": n, "leaf_hash": lh.hex(),
                "audit_path": [h.hex() for h in audit_path], "root": root.hex()}
    if kind == "consistency" and len(numbers) == 2:
        m, n = numbers
        first_root, second_root = mth(leaves[:m]), mth(leaves[:n])
        hashes = proof(m, leaves[:n])
        if not verify_consistency(m, n, first_root, second_root, hashes):
            raise SystemExit(f"the reference's own consistency proof {query} does not verify")
        return {"first": m, "second": n, "first_root": first_root.hex(),
                "second_root": second_root.hex(), "proof": [h.hex() for h in hashes]}
    raise SystemExit(f"not a query: {query}")


def flip(h):
    return bytes([h[0] ^ 1]) + h[1:]


def self_test():
    vectors = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
               "606162636465666768696a6b6c6d6e6f"]
    roots = ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
             "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
             "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
             "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
             "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
             "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
             "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"]
    d = [bytes.fromhex(v) for v in vectors]
    assert mth([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    for n in range(1, 9):
        assert mth(d[:n]).hex() == roots[n - 1], n
    assert [h.hex() for h in proof(6, d)] == [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]
    leaves = [bytes([i]) * (i % 7 + 1) for i in range(40)]
    for n in range(1, 41):
        d = leaves[:n]
        root = mth(d)
        for m in range(n):
            p = path(m, d)
            assert verify_inclusion(m, n, leaf_hash(d[m]), p, root), (m, n)
            for i in range(len(p)):
                bad = p[:i] + [flip(p[i])] + p[i + 1:]
                assert not verify_inclusion(m, n, leaf_hash(d[m]), bad, root)
        for m in range(1, n):
            p = proof(m, d)
            assert verify_consistency(m, n, mth(d[:m]), root, p), (m, n)
            for i in range(len(p)):
                bad = p[:i] + [flip(p[i])] + p[i + 1:]
                assert not verify_consistency(m, n, mth(d[:m]), root, bad)
    print("merkle reference: self-test passed")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    with open(sys.argv[1], encoding="ascii") as f:
        leaves = [bytes.fromhex(line.strip()) for line in f if line.strip()]
    for query in sys.argv[2:]:
        print(json.dumps(answer(leaves, query), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
