#!/usr/bin/env python3
"""One random edit of a generated content folder, from a seed; prints what it did.

A score a quarter point up or down, a unit's name or cluster, a document
added or rewritten, or the theme's CSS: the kinds of edit bench/incremental
makes in its random sequences.

Usage: bench/random_edit.py SEED CONTENT
"""
import json
import os
import random
import sys


def main():
    rng = random.Random(int(sys.argv[1]))
    c = sys.argv[2]

    def load(p):
        with open(os.path.join(c, p), encoding="utf-8") as f:
            return json.load(f)

    def save(p, d):
        with open(os.path.join(c, p), "w", encoding="utf-8") as f:
            json.dump(d, f, ensure_ascii=False)

    def write(p, text):
        os.makedirs(os.path.dirname(os.path.join(c, p)), exist_ok=True)
        with open(os.path.join(c, p), "w", encoding="utf-8") as f:
            f.write(text)

    kind = rng.choice(["score", "score", "name", "cluster", "document", "css"])
    if kind == "score":
        p = rng.choice(sorted(os.listdir(os.path.join(c, "periods"))))
        r = load(f"periods/{p}/results.json")
        x = rng.choice(r["results"])
        k = rng.choice(list(x["scores"]))
        x["scores"][k] = x["scores"][k] - 0.25 if x["scores"][k] >= 0.25 else x["scores"][k] + 0.25
        save(f"periods/{p}/results.json", r)
        print(f"score {k} of {x['unit']} in {p}")
    elif kind in ("name", "cluster"):
        u = load("units.json")
        x = rng.choice(u["units"])
        if kind == "name":
            x["name"] = f"Đơn vị {rng.randrange(100000)}"
        else:
            x["cluster"] = rng.choice([y["id"] for y in u["clusters"]])
        save("units.json", u)
        print(f"{kind} of {x['id']}")
    elif kind == "document":
        n = rng.randrange(5)
        unit = rng.choice(load("units.json")["units"])["id"]
        write(f"documents/van-ban-{n}.md",
              f"---\ntitle: Văn bản {rng.randrange(1000)}\nkind: notice\nunits: [{unit}]\n---\n\nNội dung.\n")
        print(f"document van-ban-{n}")
    else:
        write("themes/default/assets/site.css", "body{color:#%03d}\n" % rng.randrange(1000))
        print("the theme's CSS")


if __name__ == "__main__":
    main()
