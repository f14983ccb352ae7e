// CSV for Excel, as the API's handlers name it: the one implementation is
// delivery/spreadsheet/csv_row.h, shared with the CLI and the 台账 writers.
#pragma once

#include "delivery/spreadsheet/csv_row.h"

namespace taizhang::api {

using taizhang::csv_cell;
using taizhang::csv_needs_neutralising;
using taizhang::csv_row;
using taizhang::kCsvBom;

}  // namespace taizhang::api
