#include "text/escape.hpp"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/controls.hpp"

namespace thidua::text {

namespace {

// What escape_html does with each byte: 0 copy, 1 escape, 3 ask the one
// control rule (text/controls.hpp) whether a character to drop starts here.
constexpr std::array<unsigned char, 256> kEscapeKind = [] {
  std::array<unsigned char, 256> k{};
  for (int c = 0; c < 256; ++c)
    if (may_start_control(static_cast<unsigned char>(c))) k[c] = 3;
  k['&'] = k['<'] = k['>'] = k['"'] = k['\''] = 1;
  return k;
}();

/// The first byte at or after `i` that escape_html must look at (a kind
/// other than 0), or `n`. Sixteen bytes at a time where SSE2 is there: most
/// of a page's texts have nothing to escape.
std::size_t next_special(const char* p, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\''), del = _mm_set1_epi8(0x7F),
                e2 = _mm_set1_epi8(static_cast<char>(0xE2)), below = _mm_set1_epi8(0x1F),
                c2 = _mm_set1_epi8(static_cast<char>(0xC2)),
                d8 = _mm_set1_epi8(static_cast<char>(0xD8));
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    // a control character: v <= 0x1F unsigned, that is min(v, 0x1F) == v
    __m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(v, below), v);
    hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)));
    hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)));
    hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, apos), _mm_cmpeq_epi8(v, del)));
    hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, e2), _mm_cmpeq_epi8(v, c2)));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, d8));
    const int mask = _mm_movemask_epi8(hit);
    if (mask == 0) {
      i += 16;
      continue;
    }
    // tab and line breaks are controls the table lets through: go on after them
    i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    if (kEscapeKind[static_cast<unsigned char>(p[i])] != 0) return i;
    ++i;
  }
#endif
  for (; i < n; ++i)
    if (kEscapeKind[static_cast<unsigned char>(p[i])] != 0) return i;
  return n;
}

/// The entity of a character that markup reserves, or null for any other; an
/// apostrophe is `apostrophe` (pages write &#39;, which every HTML reader
/// knows; feeds &apos;).
const char* markup_entity(unsigned char ch, const char* apostrophe) {
  switch (ch) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return apostrophe;
  }
  return nullptr;
}

}  // namespace

std::string escape_html(const std::string& s) {
  const std::size_t n = s.size();
  std::size_t i = next_special(s.data(), 0, n);
  if (i == n) return s;  // most texts have nothing to escape: a copy
  std::string out;
  out.reserve(n + 8);
  std::size_t run = 0;  // start of the plain bytes not yet copied, which are copied whole
  for (; i < n; i = next_special(s.data(), i + 1, n)) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    if (kEscapeKind[ch] == 3) {
      const std::size_t drop = control_length(s, i);
      if (drop == 0) continue;
      out.append(s, run, i - run);
      run = i + drop;
      i += drop - 1;
      continue;
    }
    out.append(s, run, i - run);
    run = i + 1;
    out += markup_entity(ch, "&#39;");
  }
  out.append(s, run, n - run);
  return out;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    // XML 1.0 forbids most C0 controls even as references; these and the
    // rest of the control rule are dropped.
    if (const std::size_t drop = control_length(text, i); drop > 0) {
      i += drop - 1;
      continue;
    }
    if (const char* entity = markup_entity(ch, "&apos;"))
      out += entity;
    else
      out += static_cast<char>(ch);
  }
  return out;
}

std::string script_json(const nlohmann::json& value) {
  const std::string raw = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 16);
  std::size_t run = 0;  // start of the bytes not yet copied; plain runs are copied whole
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char ch = raw[i];
    if (ch != '<' && ch != '>' && ch != '&' && ch != '\\' &&
        !may_start_control(static_cast<unsigned char>(ch)))
      continue;
    const char* with = nullptr;
    std::size_t length = 1;
    if (ch == '\\') {
      // nlohmann spells C0 controls as escapes: \u0001, \b, \f. Those the
      // control rule drops go; every other escape is passed over whole.
      const char e = i + 1 < raw.size() ? raw[i + 1] : '\0';
      const bool c0 = e == 'u' && i + 5 < raw.size() && raw.compare(i + 2, 2, "00") == 0 &&
                      (raw[i + 4] == '0' || raw[i + 4] == '1') &&
                      raw.compare(i + 4, 2, "09") != 0 && raw.compare(i + 4, 2, "0a") != 0 &&
                      raw.compare(i + 4, 2, "0d") != 0;
      if (c0 || e == 'b' || e == 'f') {
        with = "";
        length = c0 ? 6 : 2;
      } else {
        ++i;  // \\, \", \n, \u2028 …: not ours to change
        continue;
      }
    } else if (const std::size_t drop = control_length(raw, i); drop > 0) {
      with = "";  // the control rule: dropped
      length = drop;
    } else if (ch == '<') {
      with = "\\u003c";
    } else if (ch == '>') {
      with = "\\u003e";
    } else if (ch == '&') {
      with = "\\u0026";
    } else if (ch == '\xE2' && i + 2 < raw.size() && raw[i + 1] == '\x80' &&
               (raw[i + 2] == '\xA8' || raw[i + 2] == '\xA9')) {
      with = raw[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      length = 3;
    } else {
      continue;  // another character that starts with E2 (– “ ” …)
    }
    out.append(raw, run, i - run);
    out += with;
    run = i + length;
    i += length - 1;
  }
  out.append(raw, run);
  return out;
}

std::string css_string(const std::string& text) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (const std::size_t drop = control_length(text, i); drop > 0) {
      i += drop - 1;
      continue;
    }
    if (ch == '"' || ch == '\\' || ch == '<' || ch == '>' || ch == '&' || ch < 0x20) {
      // a hex escape ends at its space, so the next character is never read as a digit
      out += '\\';
      if (ch >= 0x10) out += kHex[ch >> 4];
      out += kHex[ch & 15];
      out += ' ';
    } else {
      out += static_cast<char>(ch);
    }
  }
  out += '"';
  return out;
}

}  // namespace thidua::text
