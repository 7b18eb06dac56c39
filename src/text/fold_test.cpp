#include "text/fold.hpp"

#include <doctest/doctest.h>

using thidua::text::did_you_mean;
using thidua::text::fold;
using thidua::text::nearest;

TEST_CASE("folding: lower case, no Vietnamese marks, đ as d") {
  CHECK(fold("Đoàn cơ sở Cục Thuế") == "doan co so cuc thue");
  CHECK(fold("ĐẢNG ỦY Khối") == "dang uy khoi");
  CHECK(fold("don-vi-b") == "don-vi-b");
}

TEST_CASE("the known ids nearest to a mistyped one") {
  const std::vector<std::string> units = {"don-vi-a",     "don-vi-b",        "don-vi-c",
                                          "so-tai-chinh", "doan-thanh-nien", "ban-dan-van"};
  // One letter too many, one dropped, one changed, two swapped: distance 1.
  CHECK(nearest("don-vi-bb", units) == std::vector<std::string>{"don-vi-b"});
  CHECK(nearest("so-tai-chin", units) == std::vector<std::string>{"so-tai-chinh"});
  CHECK(nearest("ban-dan-vam", units) == std::vector<std::string>{"ban-dan-van"});
  CHECK(nearest("ban-dna-van", units) == std::vector<std::string>{"ban-dan-van"});
  // A name typed where the id belongs: folded as an id is made from it.
  CHECK(nearest("Đơn vị B", units).front() == "don-vi-b");
  CHECK(nearest("Sở Tài chính", units) == std::vector<std::string>{"so-tai-chinh"});
  // Several as near: in the order known, at most three.
  CHECK(nearest("don-vi-x", units) == std::vector<std::string>{"don-vi-a", "don-vi-b", "don-vi-c"});
  CHECK(nearest("don-vi-x", units, 2).size() == 2);
  // Too far (a third of its length, at most 3), or nothing alike: none.
  CHECK(nearest("zz", units).empty());
  CHECK(nearest("c", {"a", "b"}).empty());  // nothing in common
  CHECK(nearest("k9", {"k1", "x"}) == std::vector<std::string>{"k1"});
  // Criteria are upper case: case is no distance.
  CHECK(nearest("I..1", {"I.1", "I.2", "II.1"}) == std::vector<std::string>{"I.1", "II.1"});
  CHECK(nearest("i.2", {"I.1", "I.2"}) == std::vector<std::string>{"I.2"});
  CHECK(nearest("truong-thpt", units).empty());
  CHECK(nearest("don-vi-b", units) != std::vector<std::string>{"don-vi-b"});  // not itself
}

TEST_CASE("did you mean: one, two, three") {
  CHECK(did_you_mean("don-vi-bb", {"don-vi-b"}).in(thidua::text::Language::kEn) ==
        " (did you mean \"don-vi-b\"?)");
  CHECK(did_you_mean("x-1", {"x-2", "x-3"}).in(thidua::text::Language::kEn) ==
        " (did you mean \"x-2\" or \"x-3\"?)");
  CHECK(did_you_mean("x-1", {"x-2", "x-3", "x-4"}).in(thidua::text::Language::kEn) ==
        " (did you mean \"x-2\", \"x-3\" or \"x-4\"?)");
  CHECK(did_you_mean("zz", {"don-vi-b"}).empty());
  CHECK(did_you_mean("x-1", {"x-2", "x-3"}).in(thidua::text::Language::kVi) ==
        " (có phải là \"x-2\" hay \"x-3\"?)");
}
