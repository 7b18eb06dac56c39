#!/usr/bin/env python3
"""Synthetic content for the benchmark, deterministic from a seed.

Writes a thidua content folder (--out) and, with --hugo, the same workload as
a Hugo site: one Markdown stub per unit and period with its scores in front
matter (totals and ranks precomputed, since Hugo cannot compute them), one
page per period with its ranking, one page per unit with its history.

usage: generate.py --out DIR [--hugo DIR] [--units 10000] [--periods 2] [--criteria 40] [--seed 1]
"""
import argparse
import json
import os
import random
import shutil

GRADES = [("xuat-sac", "Hoàn thành xuất sắc nhiệm vụ", 90), ("tot", "Hoàn thành tốt nhiệm vụ", 75),
          ("hoan-thanh", "Hoàn thành nhiệm vụ", 50), ("khong", "Không hoàn thành nhiệm vụ", 0)]
WORDS = ("công tác tuyên truyền giáo dục chính trị tư tưởng phong trào thanh niên tình nguyện "
         "xây dựng tổ chức Đoàn kiểm tra giám sát chuyển đổi số đoàn viên kết nạp hội viên").split()


def phrase(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--hugo")
    ap.add_argument("--units", type=int, default=10000)
    ap.add_argument("--periods", type=int, default=2)
    ap.add_argument("--criteria", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    shutil.rmtree(a.out, ignore_errors=True)

    n_clusters = max(1, a.units // 250)
    clusters = [{"id": f"khoi-{c + 1}", "name": f"Khối thi đua số {c + 1}"} for c in range(n_clusters)]
    units = []
    for i in range(a.units):
        u = {"id": f"don-vi-{i + 1}", "name": f"Đoàn cơ sở {phrase(rng, 3)} số {i + 1}",
             "short_name": f"Đơn vị {i + 1}", "kind": "Đoàn cơ sở", "cluster": clusters[i % n_clusters]["id"]}
        if i % 10:  # every tenth unit heads the nine after it
            u["parent"] = f"don-vi-{i - i % 10 + 1}"
        units.append(u)
    write(f"{a.out}/site.json", json.dumps({
        "title": "Kết quả thi đua (dữ liệu thử)", "organization": "Tỉnh đoàn thử nghiệm",
        "parent_organization": "Trung ương Đoàn", "base_url": "https://bench.example.vn/",
        "language": "vi"}, ensure_ascii=False, indent=1))
    write(f"{a.out}/units.json", json.dumps({"clusters": clusters, "units": units}, ensure_ascii=False, indent=1))

    per_section = max(1, a.criteria // 4)
    sections, criteria = [], []
    for s, roman in enumerate(["I", "II", "III", "IV"]):
        crit = []
        for k in range(per_section):
            cid = f"{roman}.{k + 1}"
            crit.append({"id": cid, "title": phrase(rng, 6), "max": 100 // (4 * per_section) or 1})
            criteria.append(crit[-1])
        sections.append({"id": roman, "title": phrase(rng, 4), "criteria": crit})
    sections.append({"id": "T", "title": "Điểm thưởng", "kind": "bonus", "max": 5,
                     "criteria": [{"id": "T.1", "title": "Mô hình hay", "max": 5}]})
    sections.append({"id": "P", "title": "Điểm trừ", "kind": "penalty",
                     "criteria": [{"id": "P.1", "title": "Chậm báo cáo", "max": 10}]})
    scheme_max = sum(c["max"] for c in criteria)
    grades = [{"id": g, "label": l, "min": round(m * scheme_max / 100)} for g, l, m in GRADES]
    write(f"{a.out}/schemes/chuan.json", json.dumps(
        {"id": "chuan", "title": "Thang điểm thi đua (thử)", "sections": sections, "grades": grades},
        ensure_ascii=False, indent=1))

    history = {u["id"]: [] for u in units}
    cluster_name = {c["id"]: c["name"] for c in clusters}
    cards = []  # (pid, title, unit, front matter) for Hugo, written once every period is known
    for p in range(a.periods):
        year, half = 2020 + p // 2, p % 2
        pid = f"{year}-h{half + 1}"
        start, end = (f"{year}-01-01", f"{year}-06-30") if half == 0 else (f"{year}-07-01", f"{year}-12-31")
        title = f"6 tháng {'đầu' if half == 0 else 'cuối'} năm {year}"
        write(f"{a.out}/periods/{pid}/period.json", json.dumps(
            {"id": pid, "title": title, "start": start, "end": end, "scheme": "chuan"}, ensure_ascii=False))
        results, totals = [], []
        for u in units:
            skill = rng.random()
            scores = {c["id"]: round(min(c["max"], max(0, c["max"] * (0.4 + 0.6 * skill) + rng.uniform(-1, 1))) * 4) / 4
                      for c in criteria}
            scores["T.1"] = rng.choice([0, 0, 0, 1, 2])
            scores["P.1"] = rng.choice([0, 0, 0, 0, 1])
            results.append({"unit": u["id"], "scores": scores})
            total = max(0, sum(scores[c["id"]] for c in criteria) + scores["T.1"] - scores["P.1"])
            totals.append((total, u, scores))
        write(f"{a.out}/periods/{pid}/results.json", json.dumps({"results": results}, ensure_ascii=False))
        # For Hugo: ranks, grades, cluster ranks and averages precomputed (thidua computes them itself).
        totals.sort(key=lambda t: -t[0])
        section_sum = {}  # (cluster, section) -> sum, for cluster averages
        members = {}
        for total, u, scores in totals:
            members[u["cluster"]] = members.get(u["cluster"], 0) + 1
            for s in sections:
                key = (u["cluster"], s["id"])
                section_sum[key] = section_sum.get(key, 0) + sum(scores[c["id"]] for c in s["criteria"])
        rank, prev, cluster_seen, cluster_rank = 0, None, {}, {}
        for i, (total, u, scores) in enumerate(totals):
            if total != prev:
                rank, prev = i + 1, total
            seen = cluster_seen.get(u["cluster"], (0, None, 0))
            n, last, crank = seen[0] + 1, total, seen[2] if seen[1] == total else seen[0] + 1
            cluster_seen[u["cluster"]] = (n, last, crank)
            grade = next(l for g, l, m in GRADES if total >= round(m * scheme_max / 100))
            history[u["id"]].append({"period": pid, "title": title, "total": total, "rank": rank, "grade": grade,
                                     "cluster_rank": crank})
            if a.hugo:
                fm = {"title": u["name"], "unit": u["id"], "period": pid, "period_title": title, "total": total,
                      "max": scheme_max, "rank": rank, "ranked": len(totals), "grade": grade,
                      "cluster_name": cluster_name[u["cluster"]], "cluster_rank": crank,
                      "cluster_count": members[u["cluster"]],
                      "sections": [{"id": s["id"], "title": s["title"],
                                    "value": sum(scores[c["id"]] for c in s["criteria"]),
                                    "max": sum(c["max"] for c in s["criteria"]),
                                    "average": round(section_sum[(u["cluster"], s["id"])] / members[u["cluster"]], 2),
                                    "criteria": [{"id": c["id"], "title": c["title"], "max": c["max"],
                                                  "score": scores[c["id"]]} for c in s["criteria"]]}
                                   for s in sections]}
                if i > 0:
                    fm["prev"] = {"unit": totals[i - 1][1]["id"], "name": totals[i - 1][1]["name"],
                                  "rank": history[totals[i - 1][1]["id"]][-1]["rank"]}
                cards.append((pid, u, fm, i, totals))
        if a.hugo:
            ranking = [{"rank": h[-1]["rank"], "unit": u["id"], "name": u["name"], "total": t, "grade": h[-1]["grade"],
                        "cluster": cluster_name[u["cluster"]], "cluster_rank": h[-1]["cluster_rank"]}
                       for t, u, _ in totals for h in [history[u["id"]]]]
            write(f"{a.hugo}/content/periods/{pid}.md", json.dumps(
                {"title": title, "ranking": ranking}, ensure_ascii=False) + "\n")
    for pid, u, fm, i, totals in cards:  # next and other periods need every period scored
        if i + 1 < len(totals):
            nxt = totals[i + 1][1]
            fm["next"] = {"unit": nxt["id"], "name": nxt["name"],
                          "rank": next(h["rank"] for h in history[nxt["id"]] if h["period"] == pid)}
        fm["others"] = history[u["id"]]
        write(f"{a.hugo}/content/scorecards/{pid}/{u['id']}.md", json.dumps(fm, ensure_ascii=False) + "\n")
    if a.hugo:
        by_id = {u["id"]: u for u in units}
        children = {}
        for u in units:
            if "parent" in u:
                children.setdefault(u["parent"], []).append({"id": u["id"], "name": u["name"]})
        for u in units:
            fm = {"title": u["name"], "unit": u["id"], "cluster_name": cluster_name[u["cluster"]],
                  "history": history[u["id"]], "children": children.get(u["id"], [])}
            if "parent" in u:
                fm["parent"] = {"id": u["parent"], "name": by_id[u["parent"]]["name"]}
            write(f"{a.hugo}/content/units/{u['id']}.md", json.dumps(fm, ensure_ascii=False) + "\n")
        here = os.path.dirname(os.path.abspath(__file__))
        shutil.copytree(os.path.join(here, "hugo"), a.hugo, dirs_exist_ok=True)
        # The same stylesheet as thidua's pages, so both sites carry one.
        os.makedirs(os.path.join(a.hugo, "static"), exist_ok=True)
        shutil.copy(os.path.join(here, "..", "themes", "default", "assets", "site.css"),
                    os.path.join(a.hugo, "static", "site.css"))


if __name__ == "__main__":
    main()
