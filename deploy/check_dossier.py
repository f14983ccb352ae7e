#!/usr/bin/env python3
"""Check a taizhang dossier ZIP (GET /api/v1/items/{id}/dossier.zip): each file manifest.json lists
must be in the archive with the SHA-256 and size recorded. Usage: check_dossier.py dossier-12.zip"""
import hashlib, json, sys, zipfile
archive = zipfile.ZipFile(sys.argv[1])
names, files = set(archive.namelist()), json.loads(archive.read("manifest.json"))["files"]
ok = lambda f: f["path"] in names and len(d := archive.read(f["path"])) == f["size_bytes"] and hashlib.sha256(d).hexdigest() == f["sha256"]
bad = [f["path"] for f in files if not ok(f)]
print("\n".join("MISSING OR ALTERED: " + p for p in bad) or f"OK: {len(files)} files match manifest.json")
sys.exit(1 if bad else 0)
