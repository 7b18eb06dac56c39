// The small valid content folder the load tests vary, and helpers to load
// it. Shared by the load tests and the seal tests.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "load/load.hpp"

namespace thidua::load::test {

inline const char* kSite = R"({
  "title": "Kết quả thi đua",
  "base_url": "https://example.vn/td",
  "internal": { "contact": "VP" }
})";

inline const char* kUnits = R"({
  "clusters": [ { "id": "k1", "name": "Khối 1" } ],
  "units": [
    { "id": "a", "name": "Đoàn A", "cluster": "k1" },
    { "id": "b", "name": "Đoàn B", "parent": "a", "cluster": "k1",
      "internal": { "phone": "0900" } },
    { "id": "c", "name": "Đoàn C" }
  ]
})";

inline const char* kScheme = R"({
  "id": "s1",
  "title": "Thang điểm",
  "sections": [
    { "id": "I", "title": "Giáo dục", "criteria": [
      { "id": "I.1", "title": "Nghị quyết", "max": 10 },
      { "id": "I.2", "title": "Làm theo Bác", "max": 10 } ] },
    { "id": "T", "title": "Thưởng", "kind": "bonus", "max": 5, "criteria": [
      { "id": "T.1", "title": "Mô hình", "max": 5 } ] },
    { "id": "P", "title": "Trừ", "kind": "penalty", "criteria": [
      { "id": "P.1", "title": "Chậm", "max": 10 } ] }
  ],
  "grades": [
    { "id": "tot", "label": "Tốt", "min": 15 },
    { "id": "khong", "label": "Không", "min": 0 }
  ],
  "targets": [ { "id": "rl", "label": "Rèn luyện", "unit": "%", "goal": 90 } ]
})";

inline const char* kPeriod = R"({ "id": "p1", "title": "6 tháng", "start": "2024-01-01",
  "end": "2024-06-30", "scheme": "s1", "status": "published" })";

inline const char* kResults = R"({ "results": [
  { "unit": "a", "scores": { "I.1": 9, "I.2": 8.5, "T.1": 2 }, "targets": { "rl": 86 },
    "internal": { "self_scores": { "I.1": 10 }, "assessor_note": "ok" } },
  { "unit": "b", "scores": { "I.1": 7, "I.2": 7 } },
  { "unit": "c", "scores": { "I.1": 5, "I.2": 5 } }
] })";

inline const char* kDocument = R"(---
title: Kế hoạch kiểm tra
number: 12-KH/ĐTN
kind: plan
issued: 2024-05-10
signer: { name: Nguyễn Văn A, title: Bí thư, on_behalf: TM. Ban Thường vụ }
period: p1
units: [a, b]
recipients: [Các cơ sở Đoàn, Lưu VP]
---
# Nội dung
)";

inline std::map<std::string, std::string> valid_files() {
  return {{"site.json", kSite},
          {"units.json", kUnits},
          {"schemes/s1.json", kScheme},
          {"periods/p1/period.json", kPeriod},
          {"periods/p1/results.json", kResults},
          {"documents/ke-hoach.md", kDocument},
          {"pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nXin chào\n"}};
}

/// Loads the files and returns the errors, formatted.
inline std::vector<std::string> errors_of(const std::map<std::string, std::string>& files) {
  Loaded l = load_content(MemoryTree(files));
  std::vector<std::string> out;
  for (const auto& d : l.diags.items())
    if (d.severity == Severity::kError) out.push_back(format_diagnostic(d));
  return out;
}

/// The valid folder with one file replaced.
inline std::vector<std::string> errors_with(const std::string& path, const std::string& text) {
  auto files = valid_files();
  files[path] = text;
  return errors_of(files);
}

/// Exactly one error, starting with `prefix`.
inline bool starts_with(const std::vector<std::string>& errors, const std::string& prefix) {
  return errors.size() == 1 && errors[0].starts_with(prefix);
}

/// Some error starts with `prefix` (for variants whose fault cascades, like a
/// units.json that loses units other files name).
inline bool has(const std::vector<std::string>& errors, const std::string& prefix) {
  for (const auto& e : errors)
    if (e.starts_with(prefix)) return true;
  return false;
}

}  // namespace thidua::load::test
