// The framing rules of a request head (api/framing.h), case by case.
#include "api/framing.h"

#include <gtest/gtest.h>

#include <vector>

namespace taizhang::api {
namespace {

std::optional<ProtocolError> check(unsigned version, std::vector<HeadField> fields) {
  auto problem = framing_problem(version, fields);
  if (!problem) return std::nullopt;
  return problem->code;
}

TEST(Framing, AnOrdinaryHeadPasses) {
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Content-Length", "12"}}), std::nullopt);
  EXPECT_EQ(check(11, {{"host", "a"}}), std::nullopt);
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}}), std::nullopt);
  EXPECT_EQ(check(11, {{"Host", "a"}, {"transfer-encoding", "Chunked"}}), std::nullopt);
  EXPECT_EQ(check(10, {}), std::nullopt);  // HTTP/1.0 needs no Host
}

TEST(Framing, HostIsRequiredOnceInHttp11) {
  EXPECT_EQ(check(11, {}), ProtocolError::bad_request);
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Host", "b"}}), ProtocolError::bad_request);
}

TEST(Framing, ContentLengthsMustAgreeAndBeNumbers) {
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Content-Length", "5"}, {"Content-Length", "6"}}),
            ProtocolError::bad_request);
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Content-Length", "5, 6"}}), ProtocolError::bad_request);
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Content-Length", "5"}, {"Content-Length", "05"}}),
            std::nullopt);
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Content-Length", "5, 5"}}), std::nullopt);
  for (const char* bad : {"-1", "+5", "1e3", "", " ", "0x10", "5 5", "99999999999999999999", "5,",
                          ",5", "5,,5", "00,"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(check(11, {{"Host", "a"}, {"Content-Length", bad}}), ProtocolError::bad_request);
  }
}

TEST(Framing, TransferEncodingIsOnlyChunkedAndNeverBesideALength) {
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}}),
            ProtocolError::bad_request);
  for (const char* coding : {"gzip", "identity", "chunked, identity", "gzip, chunked",
                             "chunked, chunked", "chunked;q=1", "", ","}) {
    SCOPED_TRACE(coding);
    EXPECT_EQ(check(11, {{"Host", "a"}, {"Transfer-Encoding", coding}}),
              ProtocolError::not_implemented);
  }
  // Split across two fields is the same list.
  EXPECT_EQ(check(11, {{"Host", "a"}, {"Transfer-Encoding", "gzip"},
                       {"Transfer-Encoding", "chunked"}}),
            ProtocolError::not_implemented);
}

}  // namespace
}  // namespace taizhang::api
