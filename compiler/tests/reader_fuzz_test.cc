// Robustness: randomly mutated traces are answered with a status, never a crash or a hang.
#include <dirent.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <random>
#include <string>
#include <vector>

#include "driver.h"
#include "files.h"

namespace containerless::compiler {
namespace {

void Collect(rapidjson::Value& v, std::vector<rapidjson::Value*>* out) {
  out->push_back(&v);
  if (v.IsObject()) {
    for (auto& m : v.GetObject()) Collect(m.value, out);
  } else if (v.IsArray()) {
    for (auto& e : v.GetArray()) Collect(e, out);
  }
}

// One random edit of a node: the kinds of damage a broken tracer or a truncated file causes.
void Mutate(rapidjson::Document* d, std::mt19937* rng) {
  std::vector<rapidjson::Value*> nodes;
  Collect(*d, &nodes);
  rapidjson::Value* v = nodes[(*rng)() % nodes.size()];
  auto& alloc = d->GetAllocator();
  switch ((*rng)() % 8) {
    case 0:
      v->SetInt(static_cast<int>((*rng)() % 5) - 2);
      break;
    case 1:
      v->SetString("L1", alloc);
      break;
    case 2:
      v->SetNull();
      break;
    case 3:
      if (v->IsObject() && v->MemberCount() > 0) v->RemoveMember(v->MemberBegin());
      break;
    case 4:
      if (v->IsArray() && v->Size() > 0) v->Erase(v->Begin() + (*rng)() % v->Size());
      break;
    case 5:
      if (v->IsArray() && v->Size() > 0) {
        rapidjson::Value copy((*v)[(*rng)() % v->Size()], alloc);
        v->PushBack(copy, alloc);
      }
      break;
    case 6:
      v->SetString("$t1", alloc);
      break;
    case 7:
      v->SetBool((*rng)() % 2 == 0);
      break;
  }
}

TEST(ReaderFuzz, MutatedTracesGetAStatus) {
  std::vector<std::string> seeds;
  for (const char* dir : {"/golden", "/e2e"}) {
    std::string path = std::string(CONTAINERLESS_TESTDATA) + dir;
    if (DIR* d = opendir(path.c_str())) {
      while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
          std::string text;
          if (ReadFile(path + "/" + name, &text).ok()) seeds.push_back(text);
        }
      }
      closedir(d);
    }
  }
  ASSERT_GE(seeds.size(), 5u);
  std::mt19937 rng(20261127);  // fixed: a failure must reproduce
  int compiled = 0, rejected = 0;
  for (int i = 0; i < 2000; ++i) {
    rapidjson::Document d;
    d.Parse(seeds[i % seeds.size()].c_str());
    ASSERT_FALSE(d.HasParseError());
    for (int k = 1 + static_cast<int>(rng() % 3); k > 0; --k) Mutate(&d, &rng);
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
    d.Accept(writer);
    std::string rust;
    Status s = TraceToRust(buf.GetString(), &rust);
    if (s.ok()) {
      ++compiled;
      EXPECT_EQ(rust.rfind("#![forbid(unsafe_code)]\n", 0), 0u);
    } else {
      ++rejected;
      EXPECT_FALSE(s.message().empty());
    }
  }
  // Both outcomes must occur, or the mutations are not exercising anything.
  EXPECT_GT(compiled, 0);
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace containerless::compiler
