# Writes the seed snapshots of the verify fuzz target into fuzz/corpus/verify/
# (kept in the repository, each under 1 KB): a valid one, one with a folder
# entry, one with a folder entry holding data, one with a link.
import hashlib, json, os, sys, zipfile
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "verify")
page = b"<!DOCTYPE html><title>x</title>"
manifest = json.dumps({"thidua_version": "0.1.0", "period": "p", "content_sha256": "0" * 64,
                       "files": [{"path": "index.html", "size": len(page),
                                  "sha256": hashlib.sha256(page).hexdigest()}]}).encode()
def entry(name, mode):
    i = zipfile.ZipInfo(name, (2024, 6, 30, 0, 0, 0))
    i.external_attr = mode << 16
    i.create_system = 3
    return i
def make(name, extra=()):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(entry("index.html", 0o100644), page)
        z.writestr(entry("manifest.json", 0o100644), manifest)
        for info, data in extra:
            z.writestr(info, data)
make("valid.zip")
make("folder.zip", [(entry("css/", 0o40755), b"")])
make("folder-data.zip", [(entry("css", 0o40755), page)])
make("link.zip", [(entry("evil", 0o120777), b"/etc/passwd")])
