#include "text/csv.hpp"

#include "text/utf8.hpp"

namespace thidua::text {

CsvTable parse_csv(std::string_view text) {
  CsvTable table;
  auto report = [&](std::size_t offset, Message message) {
    table.rows.clear();
    table.problem = CsvProblem{offset, std::move(message)};
    return table;
  };
  if (std::size_t bad = find_invalid_utf8(text); bad != std::string::npos)
    return report(bad, Message("csv-invalid-utf8"));
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;

  char sep = ',';
  {
    std::size_t eol = text.find('\n', i);
    std::string_view first = text.substr(i, eol == std::string_view::npos ? text.npos : eol - i);
    if (first.find(',') == first.npos && first.find(';') != first.npos) sep = ';';
  }

  std::vector<CsvRow>& rows = table.rows;
  const std::size_t n = text.size();
  while (i < n) {
    // Skip blank lines.
    if (text[i] == '\n' || text[i] == '\r') {
      ++i;
      continue;
    }
    CsvRow row;
    row.offset = i;
    while (true) {
      CsvField field;
      field.offset = i;
      if (i < n && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field.text += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          field.text += text[i++];
        }
        if (!closed) return report(field.offset, Message("csv-quote-not-closed"));
        if (i < n && text[i] != sep && text[i] != '\n' && text[i] != '\r')
          return report(i, Message("csv-text-after-quote"));
      } else {
        while (i < n && text[i] != sep && text[i] != '\n' && text[i] != '\r')
          field.text += text[i++];
      }
      row.fields.push_back(std::move(field));
      if (i < n && text[i] == sep) {
        ++i;
        continue;
      }
      break;  // end of line or file
    }
    if (i < n && text[i] == '\r') ++i;
    if (i < n && text[i] == '\n') ++i;
    rows.push_back(std::move(row));
  }
  return table;
}

std::string csv_quote(std::string_view field) {
  if (field.find_first_of(",\"\r\n;") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace thidua::text
