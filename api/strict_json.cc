#include "api/strict_json.h"

#include <set>
#include <string>
#include <vector>

namespace taizhang::api {

namespace {

// A SAX handler that builds the document itself, so that it can refuse duplicate keys and depth
// before any recursion happens (nlohmann's own parser is iterative; this keeps it so).
class StrictBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string problem;
  nlohmann::json root;

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t& v) override { return value(std::move(v)); }
  bool binary(binary_t&) override { return refuse("binary values are not JSON"); }

  bool start_object(std::size_t) override { return open(nlohmann::json::object()); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(nlohmann::json::array()); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    if (!frames_.back().keys.insert(k).second) return refuse("duplicate key \"" + k + "\"");
    frames_.back().pending_key = k;
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    if (problem.empty()) problem = e.what();
    return false;
  }

 private:
  struct Frame {
    nlohmann::json* node;
    std::set<std::string> keys;
    std::string pending_key;
  };

  bool refuse(std::string why) {
    if (problem.empty()) problem = std::move(why);
    return false;
  }

  nlohmann::json* place(nlohmann::json v) {
    if (frames_.empty()) {
      root = std::move(v);
      return &root;
    }
    Frame& f = frames_.back();
    if (f.node->is_array()) {
      f.node->push_back(std::move(v));
      return &f.node->back();
    }
    return &((*f.node)[f.pending_key] = std::move(v));
  }

  bool value(nlohmann::json v) {
    place(std::move(v));
    return true;
  }

  bool open(nlohmann::json container) {
    if (static_cast<int>(frames_.size()) >= kMaxJsonDepth) {
      return refuse("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    nlohmann::json* node = place(std::move(container));
    frames_.push_back({node, {}, {}});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  std::vector<Frame> frames_;
};

}  // namespace

Result<nlohmann::json> parse_strict_json(std::string_view text) {
  StrictBuilder builder;
  bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                      nlohmann::json::input_format_t::json, true);
  if (!ok) {
    return fail(ErrorCode::bad_json,
                "the body is not valid JSON: " +
                    (builder.problem.empty() ? std::string("parse error") : builder.problem));
  }
  return std::move(builder.root);
}

}  // namespace taizhang::api
