// End to end: traces -> containerless-compile -> .so -> dlopen -> run, compared with Node.js.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "../../actionloop/src/handler_abi.h"
#include "builder.h"
#include "files.h"
#include "process.h"

namespace containerless::compiler {
namespace {

const std::string kData = std::string(CONTAINERLESS_TESTDATA) + "/e2e";

// The runtime crate: this tree's compiler/runtime, or $CONTAINERLESS_RUNTIME_DIR (as the CLI).
std::string RuntimeDir() {
  const char* env = std::getenv("CONTAINERLESS_RUNTIME_DIR");
  return env && *env ? env : CONTAINERLESS_RUNTIME_DIR;
}

std::string Text(const cl_bytes& b) {
  return b.ptr ? std::string(reinterpret_cast<const char*>(b.ptr), b.len) : std::string();
}

// The handler's logs ([[stream, text], ...]) as the bytes the runtime writes to each stream.
void SplitLogs(const std::string& json, std::string* out, std::string* err) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  ASSERT_FALSE(doc.HasParseError()) << json;
  ASSERT_TRUE(doc.IsArray()) << json;
  for (const auto& line : doc.GetArray()) {
    std::string stream = line[0].GetString();
    std::string text(line[1].GetString(), line[1].GetStringLength());
    (stream == "stdout" ? out : err)->append(text + "\n");
  }
}

struct NodeRun {
  std::string body, out, err;
};

// Runs `main` of NAME.js under Node.js with the given args; the reply body is what the
// stock runtime sends for an object result: JSON.stringify of it.
NodeRun RunNode(const std::string& dir, const std::string& name, const std::string& args) {
  static const char kHarness[] = R"(const fs = require('fs');
const [file, argsFile, resultFile] = process.argv.slice(2);
const main = new Function(fs.readFileSync(file, 'utf8') + '\nreturn main;')();
const result = main(JSON.parse(fs.readFileSync(argsFile, 'utf8')));
fs.writeFileSync(resultFile, result === undefined ? '{}' : JSON.stringify(result));
)";
  NodeRun r;
  EXPECT_TRUE(WriteFileAtomic(dir + "/harness.js", kHarness).ok());
  EXPECT_TRUE(WriteFileAtomic(dir + "/args.json", args).ok());
  std::string cmd = "node " + dir + "/harness.js " + kData + "/" + name + ".js " + dir +
                    "/args.json " + dir + "/result.json >" + dir + "/out.txt 2>" + dir + "/err.txt";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_TRUE(ReadFile(dir + "/result.json", &r.body).ok());
  EXPECT_TRUE(ReadFile(dir + "/out.txt", &r.out).ok());
  EXPECT_TRUE(ReadFile(dir + "/err.txt", &r.err).ok());
  return r;
}

// Runs `async main` of NAME.js under Node.js against a local HTTP server that answers every
// request with SPEC ({"status","statusText","headers":[[n,v]],"body_b64"}; {"refuse":true}: no
// server listens). Gives Node's reply body (or its error), its stdout, the URL it fetched, and
// the host result the runtime would hand the handler for that response, read by the harness
// with its own fetch of the same server (status line, final URL, headers, raw body bytes).
struct NodeFetchRun {
  bool answered = false;
  std::string body, error, out, url, host_result;
};

NodeFetchRun RunNodeFetch(const std::string& dir, const std::string& name,
                          const std::string& spec) {
  static const char kHarness[] = R"(const fs = require('fs');
const http = require('http');
const [file, specFile, resultFile] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
const main = new Function(fs.readFileSync(file, 'utf8') + '\nreturn main;')();
const server = http.createServer((req, res) => {
  res.writeHead(spec.status, spec.statusText, spec.headers.flat());
  res.end(Buffer.from(spec.body_b64, 'base64'));
});
server.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}/x`;
  const out = { url };
  if (spec.refuse) {
    await new Promise((resolve) => server.close(resolve));
    out.host_result = { error: 'connect ECONNREFUSED' };
  } else {
    const probe = await fetch(url);
    const bytes = Buffer.from(await probe.arrayBuffer());
    out.host_result = { status: probe.status, statusText: probe.statusText, url: probe.url,
                        headers: [...probe.headers], body_b64: bytes.toString('base64') };
  }
  try {
    const result = await main({ url });
    out.answered = true;
    out.body = result === undefined ? '{}' : JSON.stringify(result);
  } catch (e) {
    out.answered = false;
    out.error = String(e);
  }
  fs.writeFileSync(resultFile, JSON.stringify(out));
  if (!spec.refuse) server.close();
});
)";
  NodeFetchRun r;
  EXPECT_TRUE(WriteFileAtomic(dir + "/fetch-harness.js", kHarness).ok());
  EXPECT_TRUE(WriteFileAtomic(dir + "/spec.json", spec).ok());
  std::string cmd = "node " + dir + "/fetch-harness.js " + kData + "/" + name + ".js " + dir +
                    "/spec.json " + dir + "/fetch-result.json >" + dir + "/out.txt";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string text;
  EXPECT_TRUE(ReadFile(dir + "/fetch-result.json", &text).ok());
  EXPECT_TRUE(ReadFile(dir + "/out.txt", &r.out).ok());
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  EXPECT_TRUE(doc.IsObject()) << text;
  if (!doc.IsObject()) return r;
  r.answered = doc["answered"].GetBool();
  r.url = doc["url"].GetString();
  if (r.answered) r.body = doc["body"].GetString();
  if (!r.answered) r.error = doc["error"].GetString();
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc["host_result"].Accept(w);
  r.host_result = buf.GetString();
  return r;
}

class E2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(MakeTempDir("containerless-e2e-", &dir_).ok()); }
  static void TearDownTestSuite() {
    for (void* h : handles_) dlclose(h);
    RemoveTree(dir_);
  }

  // Compiles testdata/e2e/NAME.trace.json with the CLI and loads the handler.
  const cl_handler_v2* Load(const std::string& name, std::string* stderr_text = nullptr) {
    RuntimeCrate crate;
    Status found = FindRuntimeCrate(RuntimeDir(), &crate);
    if (!found.ok()) {
      ADD_FAILURE() << "the end-to-end test needs the runtime crate built: " << found.message();
      return nullptr;
    }
    std::string so = dir_ + "/" + name + ".so";
    ProcessResult r;
    Status s = RunProcess({CONTAINERLESS_COMPILE, kData + "/" + name + ".trace.json", "-o", so,
                           "--runtime-dir", RuntimeDir(), "--cache-dir", dir_ + "/cache", "-v"},
                          300000, &r);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (stderr_text) *stderr_text = r.output;
    if (r.exit_code != 0) {
      ADD_FAILURE() << "containerless-compile failed for " << name << ":\n" << r.output;
      return nullptr;
    }
    void* handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      ADD_FAILURE() << "dlopen " << so << ": " << dlerror();
      return nullptr;
    }
    handles_.push_back(handle);
    using Entry = const cl_handler_v2* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, CL_HANDLER_ENTRY_SYMBOL));
    if (!entry) {
      ADD_FAILURE() << so << " has no " << CL_HANDLER_ENTRY_SYMBOL;
      return nullptr;
    }
    const cl_handler_v2* h = entry();
    EXPECT_EQ(h->abi_version, 2u);
    EXPECT_EQ(std::string(h->entry), "main");
    EXPECT_EQ(std::string(h->trace_sha256).size(), 64u);
    return h;
  }

  struct Outcome {
    int32_t status = -1;
    int32_t http_status = 0;
    std::string body, logs, abort;
    std::vector<std::string> calls;  // the host calls the activation made
  };

  // One activation through the version-2 step loop; host calls get `responses` in order.
  static Outcome Run(const cl_handler_v2* h, const std::string& args, cl_limits limits = {0, 0, 0},
                     const std::vector<std::string>& responses = {}) {
    cl_bytes abort_json{nullptr, 0};
    void* instance = h->instance_new(&limits, &abort_json);
    Outcome o;
    if (!instance) {
      o.abort = Text(abort_json);
      h->bytes_free(&abort_json);
      ADD_FAILURE() << "instance_new aborted: " << o.abort;
      return o;
    }
    cl_outcome out{};
    void* act = h->activation_new(instance, reinterpret_cast<const uint8_t*>(args.data()),
                                  args.size(), &limits);
    EXPECT_NE(act, nullptr);
    for (;;) {
      cl_bytes call{nullptr, 0};
      if (h->step(act, &call, &out) == CL_STEP_DONE) break;
      o.calls.push_back(Text(call));
      h->bytes_free(&call);
      std::string r = o.calls.size() <= responses.size() ? responses[o.calls.size() - 1]
                                                         : R"({"error":"no response scripted"})";
      h->complete(act, reinterpret_cast<const uint8_t*>(r.data()), r.size());
    }
    h->activation_free(act);
    o.status = out.status;
    o.http_status = out.http_status;
    o.body = Text(out.body);
    o.logs = Text(out.logs);
    o.abort = Text(out.abort);
    h->outcome_free(&out);
    h->instance_free(instance);
    return o;
  }

  // The handler answers `args` with the same body and log bytes as Node.js.
  void ExpectSameAsNode(const cl_handler_v2* h, const std::string& name, const std::string& args) {
    SCOPED_TRACE(name + " " + args);
    Outcome o = Run(h, args);
    ASSERT_EQ(o.status, 0) << "aborted: " << o.abort;
    EXPECT_EQ(o.http_status, 200);
    NodeRun node = RunNode(dir_, name, args);
    EXPECT_EQ(o.body, node.body);
    std::string out, err;
    SplitLogs(o.logs, &out, &err);
    EXPECT_EQ(out, node.out);
    EXPECT_EQ(err, node.err);
  }

  void ExpectAbort(const cl_handler_v2* h, const std::string& args, const std::string& reason) {
    SCOPED_TRACE(args);
    Outcome o = Run(h, args);
    ASSERT_EQ(o.status, 1) << "answered: " << o.body;
    rapidjson::Document doc;
    doc.Parse(o.abort.data(), o.abort.size());
    ASSERT_TRUE(doc.IsObject()) << o.abort;
    ASSERT_TRUE(doc.HasMember("reason")) << o.abort;
    EXPECT_EQ(std::string(doc["reason"].GetString()), reason) << o.abort;
  }

  static std::string dir_;
  static std::vector<void*> handles_;
};

std::string E2E::dir_;
std::vector<void*> E2E::handles_;

TEST_F(E2E, HelloAnswersTheTracedSideAndAbortsTheOther) {
  const cl_handler_v2* h = Load("hello");
  ASSERT_NE(h, nullptr);
  ExpectSameAsNode(h, "hello", R"({"name":"Ada"})");
  ExpectSameAsNode(h, "hello", R"({"name":"Zoë ☃ 😀"})");
  ExpectAbort(h, "{}", "untraced");
  ExpectAbort(h, R"({"name":""})", "untraced");
  Outcome o = Run(h, "{}");
  EXPECT_NE(o.abort.find("\"site\":0"), std::string::npos) << o.abort;
  EXPECT_NE(o.abort.find("\"loc\":[3,2]"), std::string::npos) << o.abort;
}

TEST_F(E2E, ArithmeticInALoop) {
  const cl_handler_v2* h = Load("loop");
  ASSERT_NE(h, nullptr);
  for (const char* args : {R"({"n":10})", R"({"n":0})", R"({"n":7})", R"({"n":1000})"}) {
    ExpectSameAsNode(h, "loop", args);
  }
}

TEST_F(E2E, LoopRunsOutOfFuel) {
  const cl_handler_v2* h = Load("loop");
  ASSERT_NE(h, nullptr);
  Outcome o = Run(h, R"({"n":1000})", cl_limits{50, 0, 0});
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.abort.find("\"reason\":\"fuel\""), std::string::npos) << o.abort;
}

TEST_F(E2E, ObjectsAndArrays) {
  const cl_handler_v2* h = Load("objects");
  ASSERT_NE(h, nullptr);
  ExpectSameAsNode(h, "objects", R"({"k":"key","extra":{"z":1,"5":5,"a":"again"}})");
  ExpectSameAsNode(h, "objects", R"({"k":"7","extra":[9,8]})");
}

TEST_F(E2E, ConsoleLogLines) {
  const cl_handler_v2* h = Load("logs");
  ASSERT_NE(h, nullptr);
  ExpectSameAsNode(h, "logs", R"({"name":"Ada"})");
  ExpectSameAsNode(h, "logs", "{}");
}

// A trace written by the real tracer (`containerless trace traced.js traced.inputs.jsonl`):
// an inlined user function, a module constant, Array.prototype.push, a template literal, and
// inputs it was not trained on.
TEST_F(E2E, TracedByTheTracer) {
  const cl_handler_v2* h = Load("traced");
  ASSERT_NE(h, nullptr);
  for (const char* args : {R"({"n":5,"scale":1.5})", R"({"n":12,"scale":0.3})",
                           R"({"n":3,"scale":2})", R"({"n":0,"scale":2})"}) {
    ExpectSameAsNode(h, "traced", args);
  }
}

// Another trace by the tracer, over most of what the normalizer handles: destructuring with
// defaults, while, do-while, switch, ??, && and ?: as values, recursion inlined to the traced
// depth, Math.max with a spread, JSON.stringify, template literals, `in`, delete, methods.
TEST_F(E2E, LanguageFeaturesTracedByTheTracer) {
  const cl_handler_v2* h = Load("features");
  ASSERT_NE(h, nullptr);
  for (const char* args :
       {R"({"name":"ada","tags":["x","y"],"x":1,"flag":true})", R"({"x":"s","n":3})",
        R"({"name":"bob","x":null,"off":true,"flag":true})", R"({"name":"eve","tags":[],"x":2})",
        R"({"name":"zed","tags":["q","r","s"],"x":7,"flag":true,"off":0})"}) {
    ExpectSameAsNode(h, "features", args);
  }
  // fib(5) recurses deeper than any traced activation did: the untraced depth aborts.
  ExpectAbort(h, R"({"n":7,"x":1})", "untraced");
}

// An async main that awaits fetch and Response.json (a hand-written trace of fetch.js), run
// through the version-2 step loop with the host's answer scripted, against Node.js fetching
// the same response from a local server: same body and stdout, or, where Node's main rejects
// (bad JSON, a refused connection), an abort of reason `throw` whose record carries the
// fetch and its response as effects (the runtime then re-executes it in Node.js).
TEST_F(E2E, FetchAndJsonAgainstNode) {
  const cl_handler_v2* h = Load("fetch");
  ASSERT_NE(h, nullptr);
  const char* specs[] = {
      // {"n":41} as JSON
      R"({"status":200,"statusText":"OK","headers":[["Content-Type","application/json"]],"body_b64":"eyJuIjo0MX0="})",
      // a BOM, then {"n":-1.5}; 404: ok is false
      R"({"status":404,"statusText":"Not Found","headers":[["X-A","1"],["x-a","2"]],"body_b64":"77u/eyJuIjotMS41fQ=="})",
      // {"n":1,"s":"<invalid UTF-8 byte>"}: decoded with a replacement character
      R"({"status":201,"statusText":"Created","headers":[],"body_b64":"eyJuIjoxLCJzIjoi/yJ9"})",
      // not JSON: Node's json() rejects with a SyntaxError
      R"({"status":200,"statusText":"OK","headers":[],"body_b64":"bm90IGpzb24="})",
      // nothing listens: Node's fetch rejects with TypeError: fetch failed
      R"({"refuse":true,"status":200,"statusText":"OK","headers":[],"body_b64":""})",
  };
  int answered = 0, thrown = 0;
  for (const char* spec : specs) {
    SCOPED_TRACE(spec);
    NodeFetchRun node = RunNodeFetch(dir_, "fetch", spec);
    ASSERT_FALSE(node.url.empty());
    std::string args = R"({"url":")" + node.url + R"("})";
    Outcome o = Run(h, args, cl_limits{0, 0, 0}, {node.host_result});
    ASSERT_EQ(o.calls.size(), 1u);
    EXPECT_EQ(o.calls[0], R"({"op":"fetch","url":")" + node.url +
                              R"(","method":"GET","headers":[],"body":null})");
    if (node.answered) {
      ++answered;
      ASSERT_EQ(o.status, 0) << "aborted: " << o.abort;
      EXPECT_EQ(o.body, node.body);
      std::string out, err;
      SplitLogs(o.logs, &out, &err);
      EXPECT_EQ(out, node.out);
      EXPECT_EQ(err, "");
    } else {
      ++thrown;
      ASSERT_EQ(o.status, 1) << "answered " << o.body << " where Node threw " << node.error;
      EXPECT_NE(o.abort.find(R"("reason":"throw")"), std::string::npos) << o.abort;
      EXPECT_NE(o.abort.find(R"("effects":[{"fetch":{"op":"fetch","url":")" + node.url),
                std::string::npos)
          << o.abort;
      EXPECT_NE(o.abort.find(R"("response":)"), std::string::npos) << o.abort;
    }
  }
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(thrown, 2);
}

// The same kind of action traced by the real tracer (`containerless trace fetch_traced.js
// fetch_traced.inputs.jsonl`, with a server on 127.0.0.1:18777 answering {"n":41} as JSON):
// an async main, fetch, json(), r.headers.get and Date.now.
TEST_F(E2E, FetchTracedByTheTracer) {
  const cl_handler_v2* h = Load("fetch_traced");
  ASSERT_NE(h, nullptr);
  for (
      const char* spec : {
          R"({"status":200,"statusText":"OK","headers":[["Content-Type","application/json"]],"body_b64":"eyJuIjo0MX0="})",
          R"({"status":503,"statusText":"Busy","headers":[["X-Other","1"]],"body_b64":"eyJuIjotNy41fQ=="})",
      }) {
    SCOPED_TRACE(spec);
    NodeFetchRun node = RunNodeFetch(dir_, "fetch_traced", spec);
    ASSERT_TRUE(node.answered) << node.error;
    Outcome o = Run(h, R"({"url":")" + node.url + R"("})", cl_limits{0, 0, 0}, {node.host_result});
    ASSERT_EQ(o.status, 0) << "aborted: " << o.abort;
    EXPECT_EQ(o.body, node.body);
    std::string out, err;
    SplitLogs(o.logs, &out, &err);
    EXPECT_EQ(out, node.out);
    ASSERT_EQ(o.calls.size(), 1u);
  }
}

// Every golden trace that compiles to Rust also builds with rustc against the crate.
TEST_F(E2E, GoldenTracesBuild) {
  const std::string golden = std::string(CONTAINERLESS_TESTDATA) + "/golden";
  for (const char* name : {"calls", "fold", "module", "values", "async"}) {
    SCOPED_TRACE(name);
    ProcessResult r;
    ASSERT_TRUE(RunProcess({CONTAINERLESS_COMPILE, golden + "/" + name + ".json", "-o",
                            dir_ + "/golden-" + name + ".so", "--runtime-dir", RuntimeDir()},
                           300000, &r)
                    .ok());
    EXPECT_EQ(r.exit_code, 0) << r.output;
  }
}

TEST_F(E2E, CallGuardsAbortOnAnotherCallee) {
  const cl_handler_v2* h = Load("guard");
  ASSERT_NE(h, nullptr);
  ExpectAbort(h, "{}", "guard");
}

TEST_F(E2E, SecondCompileIsACacheHit) {
  std::string first, second;
  ASSERT_NE(Load("hello", &first), nullptr);
  ASSERT_NE(Load("hello", &second), nullptr);
  EXPECT_NE(second.find("cache hit"), std::string::npos) << second;
}

}  // namespace
}  // namespace containerless::compiler
