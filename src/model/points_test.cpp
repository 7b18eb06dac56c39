#include "model/points.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/date.hpp"
#include "model/model.hpp"

using namespace thidua;

TEST_CASE("parse_points reads plain decimals as exact hundredths") {
  CHECK(parse_points("9").value == 900);
  CHECK(parse_points("8.5").value == 850);
  CHECK(parse_points("8.50").value == 850);
  CHECK(parse_points("8.500").value == 850);  // trailing zeros are not decimals
  CHECK(parse_points("0.07").value == 7);
  CHECK(parse_points("-3.25").value == -325);
  CHECK(parse_points("1e1").value == 1000);
  CHECK(parse_points("1.5E-1").value == 15);
  CHECK(parse_points("0").value == 0);
  // the plain spelling's edges: signs, leading zeros, 12 digits and more
  CHECK(parse_points("+5").value == 500);
  CHECK(parse_points("-0").value == 0);
  CHECK(parse_points("007.1").value == 710);
  CHECK(parse_points("-0.05").value == -5);
  CHECK(parse_points("123456789012").value == 12345678901200);
  CHECK(parse_points("123456789012.34").value == 12345678901234);
  CHECK(parse_points("1.").value == 100);  // as the general reading has it
  CHECK(parse_points("1.230").value == 123);
}

TEST_CASE("parse_points rejects what is not a two-decimal number") {
  CHECK(parse_points("8.555").error == ParsePointsError::kTooManyDecimals);
  CHECK(parse_points("1e-3").error == ParsePointsError::kTooManyDecimals);
  CHECK_FALSE(parse_points("").value);
  CHECK_FALSE(parse_points("8,5").value);
  CHECK_FALSE(parse_points("abc").value);
  CHECK_FALSE(parse_points("1e").value);
  CHECK_FALSE(parse_points(".").value);
  CHECK_FALSE(parse_points("-").value);
  CHECK_FALSE(parse_points("1.5x").value);
  CHECK_FALSE(parse_points("--1").value);
  CHECK(parse_points("1234567890123").error == ParsePointsError::kOutOfRange);
  CHECK(parse_points("1e400").error == ParsePointsError::kOutOfRange);
  CHECK(parse_points("123456789012345678").error == ParsePointsError::kOutOfRange);
}

TEST_CASE("format_points prints the shortest decimal") {
  CHECK(format_points(8750) == "87.5");
  CHECK(format_points(900) == "9");
  CHECK(format_points(5) == "0.05");
  CHECK(format_points(-125) == "-1.25");
  CHECK(format_points(8750, ',') == "87,5");
  CHECK(format_points(0) == "0");
  CHECK(format_points(-1, ',') == "-0,01");
  CHECK(format_points(-100000) == "-1000");
  CHECK(format_points(123456789012, ',') == "1234567890,12");
  CHECK(format_points(10) == "0.1");
}

TEST_CASE("divide_rounded rounds halves away from zero") {
  CHECK(divide_rounded(10, 4) == 3);  // 2.5 → 3
  CHECK(divide_rounded(9, 4) == 2);   // 2.25 → 2
  CHECK(divide_rounded(-10, 4) == -3);
  CHECK(divide_rounded(8, 4) == 2);
}

TEST_CASE("dates: parsing, day counts, weekdays") {
  CHECK(parse_date("2024-02-29"));
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK_FALSE(parse_date("2024-13-01"));
  CHECK_FALSE(parse_date("2024-1-01"));
  CHECK_FALSE(parse_date("02/07/2024"));
  CHECK(parse_date("2024-06-30")->days() - parse_date("2024-01-01")->days() == 181);
  CHECK(parse_date("1970-01-01")->days() == 0);
  CHECK(parse_date("2024-07-02")->weekday() == 1);  // a Tuesday
  CHECK(parse_date("2024-07-02")->iso() == "2024-07-02");
}

TEST_CASE("format_points is the text JSON gives the number of hundredths") {
  // Open data writes points with format_points where nlohmann would write
  // p / 100 (an integer when whole): the two must agree.
  for (Points p = -300000; p <= 300000; ++p) {
    const nlohmann::json j =
        p % 100 == 0 ? nlohmann::json(p / 100) : nlohmann::json(static_cast<double>(p) / 100.0);
    if (format_points(p, '.') != j.dump()) {
      FAIL("format_points(" << p << ") is " << format_points(p, '.') << ", JSON says " << j.dump());
    }
  }
  for (Points p : {Points{123456789012}, Points{-99999999999}, Points{100000000001}})
    CHECK(format_points(p, '.') ==
          (p % 100 == 0 ? nlohmann::json(p / 100) : nlohmann::json(p / 100.0)).dump());
}

TEST_CASE("PointsByKey: a map's answers and order from one sorted vector") {
  PointsByKey p{{"II.1", 50}, {"I.2", 25}, {"I.10", 100}};
  p["I.1"] = 75;
  p["I.2"] += 5;
  std::vector<std::string> keys;
  for (const auto& [k, v] : p) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"I.1", "I.10", "I.2", "II.1"});  // as std::map orders
  CHECK(p.size() == 4);
  CHECK(p.at("I.2") == 30);
  CHECK(p.find("I.3") == p.end());
  CHECK(p.count("II.1") == 1);
  CHECK(p.count("II") == 0);
  CHECK_THROWS_AS(p.at("nope"), std::out_of_range);
  // Keys that come in order are appended; the last key again is found, not added.
  PointsByKey q;
  q.reserve(3);
  q["a"] = 1;
  q["b"] = 2;
  q["b"] += 1;
  q["c"] = 4;
  q["a"] += 10;
  std::vector<std::pair<std::string, Points>> all(q.begin(), q.end());
  CHECK(all == std::vector<std::pair<std::string, Points>>{{"a", 11}, {"b", 3}, {"c", 4}});
  const std::map<std::string, Points> m{{"b", 2}, {"a", 1}};
  PointsByKey from_map(m);
  CHECK(from_map.begin()->first == "a");
  from_map.clear();
  CHECK(from_map.empty());
}

TEST_CASE("PointsByKey: results with the same keys share them, and a change to one is its own") {
  std::vector<Result> results(3);
  results[0].scores = {{"I.1", 1}, {"I.2", 2}};
  results[1].scores = {{"I.1", 10}, {"I.2", 20}};
  results[2].scores = {{"I.1", 100}, {"I.3", 300}};
  results[1].targets = {{"t", 5}};
  share_keys(results);
  // A shared list: the key of one is the same string as the other's.
  CHECK(&results[0].scores.begin()->first == &results[1].scores.begin()->first);
  CHECK(&results[1].scores.begin()->first != &results[2].scores.begin()->first);
  CHECK(results[0].scores == PointsByKey{{"I.1", 1}, {"I.2", 2}});
  CHECK(results[1].scores == PointsByKey{{"I.1", 10}, {"I.2", 20}});
  // A new key in one leaves the other's keys as they were; so does a value.
  results[1].scores["I.0"] = 7;
  results[0].scores["I.2"] = 3;
  CHECK(results[0].scores == PointsByKey{{"I.1", 1}, {"I.2", 3}});
  CHECK(results[1].scores == PointsByKey{{"I.0", 7}, {"I.1", 10}, {"I.2", 20}});
  CHECK(results[1].scores.size() == 3);
  CHECK(results[0].scores.size() == 2);
  CHECK(results[0].scores.find("I.0") == results[0].scores.end());
  // A pointer to an entry's points is into the map.
  const Points* p = &results[0].scores.find("I.1")->second;
  results[0].scores["I.1"] = 42;
  CHECK(*p == 42);
  // Equal maps whatever they share; empty ones too.
  CHECK(PointsByKey{} == PointsByKey{});
  CHECK_FALSE(results[0].scores == PointsByKey{{"I.1", 42}, {"I.3", 3}});
}

TEST_CASE("CriteriaInOrder reads a result's scores in scheme order") {
  Scheme scheme;
  Section a, b;
  a.criteria = {{"I.2", "", 100}, {"I.10", "", 100}, {"I.1", "", 100}};
  b.criteria = {{"II.1", "", 100}};
  scheme.sections = {a, b};
  const CriteriaInOrder order(scheme);
  auto values = [&](const PointsByKey& scores) {
    std::vector<Points> out;
    for (const Points* p : order.find(scores)) out.push_back(p ? *p : -1);
    return out;
  };
  // every criterion, nothing else
  CHECK(values({{"I.1", 1}, {"I.2", 2}, {"I.10", 10}, {"II.1", 21}}) ==
        std::vector<Points>{2, 10, 1, 21});
  // as many scores, one of them for no criterion
  CHECK(values({{"I.1", 1}, {"I.2", 2}, {"I.9", 9}, {"II.1", 21}}) ==
        std::vector<Points>{2, -1, 1, 21});
  // fewer, and more
  CHECK(values({{"II.1", 21}}) == std::vector<Points>{-1, -1, -1, 21});
  CHECK(values({{"I.1", 1}, {"I.2", 2}, {"I.10", 10}, {"I.3", 3}, {"II.1", 21}}) ==
        std::vector<Points>{2, 10, 1, 21});
  CHECK(values({}) == std::vector<Points>{-1, -1, -1, -1});
}
