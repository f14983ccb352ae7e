#include "engine/storage/database.h"

#include <filesystem>

namespace taizhang {

Database::Database(std::unique_ptr<StorageEngine> engine, Writer::Limits limits)
    : engine_(std::move(engine)),
      writer_(std::make_unique<Writer>(engine_->open_transactor(), limits)) {}

Database::~Database() { writer_->stop(); }

Result<void> Database::read_impl(const std::function<void(StoreReader&)>& fn) {
  try {
    engine_->read(fn);
    return {};
  } catch (const StorageFailure& e) {
    return fail(ErrorCode::internal, std::string("storage: ") + e.what());
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, std::string("read failed: ") + e.what());
  }
}

Result<void> Database::backup_to(const std::string& to) {
  std::error_code ec;
  if (std::filesystem::exists(to, ec)) {
    return fail(ErrorCode::conflict, to + " exists; choose a new file for the backup");
  }
  try {
    engine_->backup_to(to);
    return {};
  } catch (const StorageFailure& e) {
    return fail(ErrorCode::internal, std::string("backup failed: ") + e.what());
  }
}

}  // namespace taizhang
