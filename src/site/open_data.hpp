// Open data of a period: data/<period>/results.json, results.csv and
// results.xlsx, the public interface the contract fixes (keep these keys).
#pragma once

#include <string>

#include "model/model.hpp"
#include "score/score.hpp"

namespace thidua::site {

/// data/<period>/results.json: results by rank, then the unranked unit ids.
std::string results_json(const score::PeriodScores& scores);

/// data/<period>/results.csv: UTF-8 with BOM, CRLF, RFC 4180 quoting; one row
/// per ranked unit: unit,name,cluster,total,grade,rank,cluster_rank,<criteria…>,
/// section:<id>…,grade_label,grade_reason.
std::string results_csv(const score::PeriodScores& scores);

/// data/<period>/results.xlsx: the rows and columns of results.csv, numbers as
/// numbers, on a sheet `results_sheet`; the scheme (sections, criteria,
/// maximums, grades) on a sheet `scheme_sheet`. "" with `error` when the
/// workbook cannot be written.
std::string results_xlsx(const score::PeriodScores& scores, const std::string& results_sheet,
                         const std::string& scheme_sheet, std::string* error);

/// data/units/<unit>.csv: the unit's result in every period it was ranked,
/// oldest first: period,title,start,end,total,max,grade,grade_label,rank,
/// ranked,cluster_rank,rank_change,total_change (UTF-8 with BOM, CRLF).
std::string unit_history_csv(const Unit& unit, const std::vector<score::PeriodScores>& scores);

}  // namespace thidua::site
