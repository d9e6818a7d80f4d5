// Unit tests of the compiler's helpers: SHA-256, the Rust writer and names, the cache, processes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <string>

#include "cache.h"
#include "emit_rust.h"
#include "files.h"
#include "process.h"
#include "rust_writer.h"
#include "sha256.h"

namespace containerless::compiler {
namespace {

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 h;  // the same bytes fed in pieces across block boundaries
  std::string million(1000000, 'a');
  h.Update(million.substr(0, 100));
  h.Update(million.substr(100));
  EXPECT_EQ(h.HexDigest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, HandlesEveryTailLength) {
  // 55, 56 and 64 bytes sit on the padding's edges; one million bytes spans many blocks.
  EXPECT_EQ(Sha256Hex(std::string(55, 'x')),
            "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  EXPECT_EQ(Sha256Hex(std::string(56, 'x')),
            "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  EXPECT_EQ(Sha256Hex(std::string(64, 'x')),
            "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(RustWriter, Literals) {
  EXPECT_EQ(RustWriter::F64(1), "1.0");
  EXPECT_EQ(RustWriter::F64(0.1), "0.1");
  EXPECT_EQ(RustWriter::F64(-0.0), "-0.0");
  EXPECT_EQ(RustWriter::F64(1e21), "1.0e+21");
  EXPECT_EQ(RustWriter::F64(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(RustWriter::F64(NAN), "f64::NAN");
  EXPECT_EQ(RustWriter::F64(-INFINITY), "f64::NEG_INFINITY");
  EXPECT_EQ(RustWriter::Str("a\"b\\c\n\x01é"), "\"a\\\"b\\\\c\\n\\u{1}é\"");
}

TEST(RustWriter, IndentsWhatItOpens) {
  RustWriter w;
  w.Open("if x");
  w.Line("a(", int64_t{1}, ");");
  w.Reopen("} else");
  w.Line("b();");
  w.Close();
  EXPECT_EQ(w.str(), "if x {\n    a(1);\n} else {\n    b();\n}\n");
}

TEST(RustNames, ClaimsUniqueIdentifiers) {
  RustNames names;
  EXPECT_EQ(names.Claim("v_", "x"), "v_x");
  EXPECT_EQ(names.Claim("v_", "x"), "v_x_2");
  EXPECT_EQ(names.Claim("v_", "$t1"), "v__St1");
  EXPECT_EQ(names.Claim("v_", "a_b"), "v_a__b");
  EXPECT_EQ(names.Claim("v_", "é"), "v__uc3_ua9");
  EXPECT_EQ(names.Temp("g_"), "g_1");
}

TEST(EmitLibRs, IsTheFixedTemplate) {
  std::string lib = EmitLibRs();
  EXPECT_NE(lib.find("mod handler;\n"), std::string::npos);
  EXPECT_NE(lib.find("containerless_rt::export_handler!(handler);\n"), std::string::npos);
}

TEST(Cache, KeyDependsOnEveryPart) {
  std::string k = CacheKey("trace", "compiler", "runtime");
  EXPECT_EQ(k.size(), 64u);
  EXPECT_EQ(k, CacheKey("trace", "compiler", "runtime"));
  EXPECT_NE(k, CacheKey("trace2", "compiler", "runtime"));
  EXPECT_NE(k, CacheKey("trace", "compiler2", "runtime"));
  EXPECT_NE(k, CacheKey("trace", "compiler", "runtime2"));
  EXPECT_NE(CacheKey("ab", "c", ""), CacheKey("a", "bc", ""));  // parts are length-prefixed
}

TEST(Cache, StoresAtomicallyUnderItsKey) {
  std::string dir;
  ASSERT_TRUE(MakeTempDir("clc-cache-test-", &dir).ok());
  HandlerCache cache(dir + "/cache");
  std::string key = CacheKey("t", "c", "r");
  EXPECT_FALSE(cache.Contains(key));
  ASSERT_TRUE(WriteFileAtomic(dir + "/built.so", "ELF").ok());
  ASSERT_TRUE(cache.Store(key, dir + "/built.so").ok());
  EXPECT_TRUE(cache.Contains(key));
  EXPECT_EQ(cache.PathFor(key), dir + "/cache/v1/" + key.substr(0, 2) + "/" + key + ".so");
  std::string bytes;
  ASSERT_TRUE(ReadFile(cache.PathFor(key), &bytes).ok());
  EXPECT_EQ(bytes, "ELF");
  RemoveTree(dir);
  EXPECT_FALSE(FileExists(dir));
}

TEST(Process, CapturesOutputAndStatus) {
  ProcessResult r;
  ASSERT_TRUE(RunProcess({"sh", "-c", "echo out; echo err >&2; exit 3"}, 10000, &r).ok());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.output.find("out\n"), std::string::npos);
  EXPECT_NE(r.output.find("err\n"), std::string::npos);
}

TEST(Process, KillsTheGroupOnTimeout) {
  ProcessResult r;
  ASSERT_TRUE(RunProcess({"sh", "-c", "sleep 30 & sleep 30"}, 200, &r).ok());
  EXPECT_TRUE(r.timed_out);
  EXPECT_NE(r.signal, 0);
}

TEST(Process, TimesOutAChildThatClosedItsOutput) {
  ProcessResult r;
  ASSERT_TRUE(RunProcess({"sh", "-c", "exec >&- 2>&-; sleep 30"}, 200, &r).ok());
  EXPECT_TRUE(r.timed_out);
}

TEST(Process, ReportsAMissingProgram) {
  ProcessResult r;
  ASSERT_TRUE(RunProcess({"/nonexistent/rustc"}, 10000, &r).ok());
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.output.find("exec failed"), std::string::npos);
}

}  // namespace
}  // namespace containerless::compiler
