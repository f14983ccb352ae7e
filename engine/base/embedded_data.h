// Data compiled into the binary by cmake/embed.cmake from schemas/ and orgs/.
#pragma once

#include <string_view>
#include <vector>

namespace taizhang::embedded {

struct Migration {
  std::string_view name;  // file name, e.g. "001_init.sql"; applied in this order
  std::string_view sql;
};

const std::vector<Migration>& migrations();
std::string_view default_org_json();    // orgs/siding.json
std::string_view workflow_schema_json();  // schemas/workflow.schema.json
std::string_view working_day_calendar_json();  // calendar/cn_workdays.json

}  // namespace taizhang::embedded
