// Text made safe for each kind of file thidua writes. Every escaper also
// drops what the one control rule (text/controls.hpp) drops, so a character
// hidden in a unit's name is dropped alike in pages, chart data and feeds.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace thidua::text {

/// HTML-escapes text for element content and quoted attributes, and drops
/// what has no business in a page: the characters of the one control rule
/// (C0 and C1 controls but tab and line breaks, DEL, bidirectional marks,
/// embeddings, overrides and isolates).
std::string escape_html(const std::string& text);

/// Text escaped for XML character data and attribute values.
std::string xml_escape(const std::string& text);

/// JSON for a `<script type="application/json">` block: `<`, `>`, `&`, U+2028
/// and U+2029 escaped, so no text in it can end the block or the script;
/// bidirectional controls dropped, as in the HTML around it.
std::string script_json(const nlohmann::json& value);

/// A quoted CSS string for a `<style>` block: `"`, `\\` and line breaks
/// escaped, and `<`, `>`, `&` as hex escapes, so no text can end the block;
/// the control rule's characters dropped.
std::string css_string(const std::string& text);

}  // namespace thidua::text
