// Merging two trace trees of the same action (trace_merge.h): a walk of both documents at once.
#include "trace_merge.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <initializer_list>
#include <utility>
#include <vector>

namespace containerless::compiler {
namespace {

using rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

// The operand type tags of `seen`, in the order trace-ir.md section 4 lists them.
const char* const kTags[] = {"undefined", "null",   "boolean", "number",
                             "string",    "object", "array",   "function"};

Value* Get(Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

const Value* Get(const Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

int64_t IntOr(const Value* v, int64_t fallback) {
  return v != nullptr && v->IsInt64() ? v->GetInt64() : fallback;
}

bool MemberIs(const Value& v, const char* member, const char* text) {
  if (!v.IsObject()) return false;
  auto it = v.FindMember(member);
  return it != v.MemberEnd() && it->value.IsString() && it->value == text;
}

bool HasReasonPrefix(const Value& stmt, const std::string& prefix) {
  if (!MemberIs(stmt, "s", "unknown")) return false;
  auto it = stmt.FindMember("reason");
  if (it == stmt.MemberEnd() || !it->value.IsString()) return false;
  return std::string(it->value.GetString(), it->value.GetStringLength()).rfind(prefix, 0) == 0;
}

// The block an untaken `if` side prints: one unknown statement, reason "untraced".
bool IsUntracedBlock(const Value& block) {
  return block.IsArray() && block.Size() == 1 && HasReasonPrefix(block[0], "untraced");
}

// The one order-dependent unknown (the recorder's context bound): the other tree may have more.
bool IsSizeBound(const Value& stmt) {
  return HasReasonPrefix(stmt, "unsupported: trace size");
}

class Merger {
 public:
  explicit Merger(Alloc& alloc) : alloc_(alloc) {}

  Status Document(Value& a, const Value& b);

 private:
  // The extra tree's names for what the base calls otherwise, innermost last: the return labels
  // of inlined bodies and the result slots of callbacks matched so far on the current path.
  struct Renames {
    std::vector<std::pair<std::string, std::string>> labels;
    std::vector<std::pair<std::string, std::string>> names;
  };

  static const std::string* Find(const std::vector<std::pair<std::string, std::string>>& map,
                                 const Value& key) {
    if (!key.IsString()) return nullptr;
    std::string k(key.GetString(), key.GetStringLength());
    for (auto it = map.rbegin(); it != map.rend(); ++it) {
      if (it->first == k) return &it->second;
    }
    return nullptr;
  }

  // A deep copy of part of the extra tree, its breaks and result writes renamed to the base's.
  Value Copy(const Value& b) {
    Value out(b, alloc_);
    Rename(out);
    return out;
  }

  void Rename(Value& v) {
    if (v.IsArray()) {
      for (Value& item : v.GetArray()) Rename(item);
      return;
    }
    if (!v.IsObject()) return;
    if (MemberIs(v, "s", "break") || MemberIs(v, "s", "continue")) {
      auto it = v.FindMember("label");
      if (it != v.MemberEnd()) {
        if (const std::string* to = Find(renames_.labels, it->value)) {
          it->value.SetString(to->c_str(), static_cast<rapidjson::SizeType>(to->size()), alloc_);
        }
      }
    }
    if (MemberIs(v, "s", "set") && MemberIs(v, "scope", "caller")) {
      auto it = v.FindMember("name");
      if (it != v.MemberEnd()) {
        if (const std::string* to = Find(renames_.names, it->value)) {
          it->value.SetString(to->c_str(), static_cast<rapidjson::SizeType>(to->size()), alloc_);
        }
      }
    }
    for (auto& m : v.GetObject()) Rename(m.value);
  }

  static Status Mismatch(const std::string& path, const std::string& what) {
    return Status::Error(ErrorCode::kBadValue, path,
                         "the traces differ where both were traced (" + what +
                             "): they are not traces of the same program");
  }

  // Equal once renamed, leaving out the members named in `skip` (merged separately).
  bool EqualExcept(const Value& a, const Value& b, std::initializer_list<const char*> skip) {
    Value copy = Copy(b);
    Value base(a, alloc_);
    for (const char* name : skip) {
      copy.RemoveMember(name);
      base.RemoveMember(name);
    }
    return base == copy;
  }

  Status Block(Value& a, const Value& b, const std::string& path);
  // The block member `key` of two statements, merged; either missing is a mismatch.
  Status BlockMember(Value& a, const Value& b, const char* key, const std::string& path) {
    Value* x = Get(a, key);
    const Value* y = Get(b, key);
    if (x == nullptr || y == nullptr) return Mismatch(path, std::string("no ") + key);
    return Block(*x, *y, path + "/" + key);
  }
  Status Statement(Value& a, const Value& b, const std::string& path);
  Status Seen(Value& a, const Value& b, const std::string& path);
  Status Targets(Value& a, const Value& b, const std::string& path);
  Status Inlined(Value& a, const Value& b, const char* result_member, const std::string& path);
  Status Callbacks(Value& a, const Value& b, const std::string& path);
  Status Function(Value& a, const Value& b, const std::string& path);
  void OrderTargets(Value& targets);

  Alloc& alloc_;
  Renames renames_;
};

Status Merger::Block(Value& a, const Value& b, const std::string& path) {
  if (!a.IsArray() || !b.IsArray()) return Mismatch(path, "a block that is not an array");
  if (IsUntracedBlock(b)) return Status::Ok();
  if (IsUntracedBlock(a)) {
    a = Copy(b);
    return Status::Ok();
  }
  if (a.Size() != b.Size()) return Mismatch(path, "blocks of different lengths");
  for (rapidjson::SizeType i = 0; i < a.Size(); ++i) {
    if (Status s = Statement(a[i], b[i], path + "/" + std::to_string(i)); !s.ok()) return s;
  }
  return Status::Ok();
}

Status Merger::Statement(Value& a, const Value& b, const std::string& path) {
  if (!a.IsObject() || !b.IsObject()) return Mismatch(path, "a statement that is not an object");
  if (IsSizeBound(b)) return Status::Ok();
  if (IsSizeBound(a) && !IsSizeBound(b)) {
    a = Copy(b);
    return Status::Ok();
  }
  auto kind_a = a.FindMember("s");
  auto kind_b = b.FindMember("s");
  if (kind_a == a.MemberEnd() || kind_b == b.MemberEnd() || !(kind_a->value == kind_b->value) ||
      !kind_a->value.IsString()) {
    return Mismatch(path, "statements of different kinds");
  }
  std::string kind = kind_a->value.GetString();
  if (kind == "if") {
    if (!EqualExcept(a, b, {"then", "else", "taken"})) return Mismatch(path, "if");
    if (Status s = BlockMember(a, b, "then", path); !s.ok()) return s;
    if (Status s = BlockMember(a, b, "else", path); !s.ok()) return s;
    Value* ta = Get(a, "taken");
    const Value* tb = Get(b, "taken");
    if (ta != nullptr && tb != nullptr && ta->IsArray() && tb->IsArray() && ta->Size() == 2 &&
        tb->Size() == 2) {
      for (rapidjson::SizeType i = 0; i < 2; ++i) {
        if ((*ta)[i].IsInt64() && (*tb)[i].IsInt64()) {
          (*ta)[i].SetInt64((*ta)[i].GetInt64() + (*tb)[i].GetInt64());
        }
      }
    }
    return Status::Ok();
  }
  if (kind == "loop" || kind == "block") {
    if (!EqualExcept(a, b, {"body"})) return Mismatch(path, kind);
    return BlockMember(a, b, "body", path);
  }
  if (kind == "try") {
    if (!EqualExcept(a, b, {"body", "catch", "finally"})) return Mismatch(path, "try");
    if (Status s = BlockMember(a, b, "body", path); !s.ok()) return s;
    for (const char* part : {"catch", "finally"}) {
      auto pa = a.FindMember(part);
      auto pb = b.FindMember(part);
      if (pa == a.MemberEnd() || pb == b.MemberEnd()) continue;
      if (pa->value.IsNull() != pb->value.IsNull())
        return Mismatch(path, std::string("try ") + part);
      if (pa->value.IsNull()) continue;
      if (Status s = Block(pa->value, pb->value, path + "/" + part); !s.ok()) return s;
    }
    return Status::Ok();
  }
  if (kind == "call") {
    if (!EqualExcept(a, b, {"targets"})) return Mismatch(path, "call");
    auto ta = a.FindMember("targets");
    auto tb = b.FindMember("targets");
    if (tb == b.MemberEnd()) return Status::Ok();
    if (ta == a.MemberEnd()) {
      a.AddMember("targets", Copy(tb->value), alloc_);
      return Status::Ok();
    }
    return Targets(ta->value, tb->value, path + "/targets");
  }
  if (kind == "set" || kind == "setmod") {
    Value* va = Get(a, "value");
    const Value* vb = Get(b, "value");
    if (va != nullptr && vb != nullptr && va->IsObject() && vb->IsObject()) {
      // The expressions must be equal but for `seen`, which is united.
      if (!EqualExcept(*va, *vb, {"seen"}) || !EqualExcept(a, b, {"value"})) {
        return Mismatch(path, kind);
      }
      return Seen(*va, *vb, path + "/value");
    }
  }
  if (!EqualExcept(a, b, {})) return Mismatch(path, kind);
  return Status::Ok();
}

// Unites the operand types of an expression's `seen` into the base's (kept in the tags' order).
Status Merger::Seen(Value& a, const Value& b, const std::string& path) {
  if (!a.IsObject() || !b.IsObject()) return Status::Ok();
  auto sb = b.FindMember("seen");
  if (sb == b.MemberEnd()) return Status::Ok();
  auto sa = a.FindMember("seen");
  if (sa == a.MemberEnd()) {
    a.AddMember("seen", Value(sb->value, alloc_), alloc_);
    return Status::Ok();
  }
  if (!sa->value.IsArray() || !sb->value.IsArray() || sa->value.Size() != sb->value.Size()) {
    return Mismatch(path + "/seen", "operand type lists of different shapes");
  }
  for (rapidjson::SizeType i = 0; i < sa->value.Size(); ++i) {
    Value& la = sa->value[i];
    const Value& lb = sb->value[i];
    if (!la.IsArray() || !lb.IsArray()) return Mismatch(path + "/seen", "a type list");
    Value united(rapidjson::kArrayType);
    for (const char* tag : kTags) {
      auto has = [tag](const Value& list) {
        for (const Value& t : list.GetArray()) {
          if (t.IsString() && t == tag) return true;
        }
        return false;
      };
      if (has(la) || has(lb)) united.PushBack(rapidjson::StringRef(tag), alloc_);
    }
    la = united;
  }
  return Status::Ok();
}

// An inlined body present in both trees (a user-function target or a callback): the extra's
// return label (and result slot) are the base's from here down.
Status Merger::Inlined(Value& a, const Value& b, const char* result_member,
                       const std::string& path) {
  if (!EqualExcept(a, b, {"label", "body", result_member})) {
    return Mismatch(path, "the same callee inlined with other names or parameters");
  }
  auto la = a.FindMember("label");
  auto lb = b.FindMember("label");
  if (la == a.MemberEnd() || lb == b.MemberEnd() || !la->value.IsString() ||
      !lb->value.IsString()) {
    return Mismatch(path, "an inlined body without a label");
  }
  size_t labels = renames_.labels.size();
  size_t names = renames_.names.size();
  renames_.labels.emplace_back(lb->value.GetString(), la->value.GetString());
  auto ra = a.FindMember(result_member);
  auto rb = b.FindMember(result_member);
  if (ra != a.MemberEnd() && rb != b.MemberEnd() && ra->value.IsString() && rb->value.IsString()) {
    renames_.names.emplace_back(rb->value.GetString(), ra->value.GetString());
  }
  Status s = BlockMember(a, b, "body", path);
  renames_.labels.resize(labels);
  renames_.names.resize(names);
  return s;
}

Status Merger::Function(Value& a, const Value& b, const std::string& path) {
  return Inlined(a, b, "result", path);
}

Status Merger::Callbacks(Value& a, const Value& b, const std::string& path) {
  auto cb = b.FindMember("callbacks");
  if (cb == b.MemberEnd()) return Status::Ok();
  auto ca = a.FindMember("callbacks");
  if (ca == a.MemberEnd()) {
    a.AddMember("callbacks", Copy(cb->value), alloc_);
    return Status::Ok();
  }
  if (!ca->value.IsArray() || !cb->value.IsArray()) return Mismatch(path, "callbacks");
  for (rapidjson::SizeType j = 0; j < cb->value.Size(); ++j) {
    const Value& one = cb->value[j];
    auto id = one.FindMember("function");
    if (id == one.MemberEnd()) return Mismatch(path, "a callback without a function id");
    Value* match = nullptr;
    for (Value& mine : ca->value.GetArray()) {
      auto mid = mine.FindMember("function");
      if (mid != mine.MemberEnd() && mid->value == id->value) match = &mine;
    }
    std::string here = path + "/callbacks/" + std::to_string(j);
    if (match == nullptr) {
      ca->value.PushBack(Copy(one), alloc_);
    } else if (Status s = Inlined(*match, one, "result", here); !s.ok()) {
      return s;
    }
  }
  std::stable_sort(ca->value.Begin(), ca->value.End(), [](const Value& x, const Value& y) {
    return IntOr(Get(x, "function"), 0) < IntOr(Get(y, "function"), 0);
  });
  return Status::Ok();
}

Status Merger::Targets(Value& a, const Value& b, const std::string& path) {
  if (!a.IsArray() || !b.IsArray()) return Mismatch(path, "targets that are not arrays");
  for (rapidjson::SizeType j = 0; j < b.Size(); ++j) {
    const Value& target = b[j];
    std::string here = path + "/" + std::to_string(j);
    if (!target.IsObject()) return Mismatch(here, "a target that is not an object");
    Value* match = nullptr;
    for (Value& mine : a.GetArray()) {
      for (const char* key : {"function", "builtin", "opaque"}) {
        auto x = target.FindMember(key);
        auto y = mine.FindMember(key);
        if (x != target.MemberEnd() && y != mine.MemberEnd() && x->value == y->value) {
          match = &mine;
        }
      }
    }
    if (match == nullptr) {
      a.PushBack(Copy(target), alloc_);
      continue;
    }
    Status s = target.HasMember("function")  ? Function(*match, target, here)
               : target.HasMember("builtin") ? Callbacks(*match, target, here)
                                             : Status::Ok();
    if (!s.ok()) return s;
  }
  OrderTargets(a);
  return Status::Ok();
}

// trace-ir.md section 5.1: user functions first (by id), then built-ins, then opaque ones.
void Merger::OrderTargets(Value& targets) {
  auto rank = [](const Value& t) {
    if (t.HasMember("function")) return 0;
    if (t.HasMember("builtin")) return 1;
    return 2;
  };
  std::stable_sort(targets.Begin(), targets.End(), [&](const Value& x, const Value& y) {
    int rx = rank(x);
    int ry = rank(y);
    if (rx != ry) return rx < ry;
    if (rx == 0) return IntOr(Get(x, "function"), 0) < IntOr(Get(y, "function"), 0);
    return false;
  });
}

Status Merger::Document(Value& a, const Value& b) {
  if (!a.IsObject() || !b.IsObject()) return Mismatch("", "a trace that is not an object");
  for (const char* key : {"version", "code_sha256", "entry"}) {
    auto x = a.FindMember(key);
    auto y = b.FindMember(key);
    if (x == a.MemberEnd() || y == b.MemberEnd() || !(x->value == y->value)) {
      return Status::Error(ErrorCode::kBadValue, std::string("/") + key,
                           std::string("the traces have different ") + key +
                               ": they are not traces of the same action");
    }
  }
  if (!(*Get(a, "version") == 1)) {
    return Status::Error(ErrorCode::kVersion, "/version", "only version 1 traces can be merged");
  }
  for (const char* part : {"module", "main"}) {
    auto x = a.FindMember(part);
    auto y = b.FindMember(part);
    if (x == a.MemberEnd() || y == b.MemberEnd()) {
      return Status::Error(ErrorCode::kMissingField, std::string("/") + part, "missing");
    }
    if (y->value.IsNull()) continue;
    if (x->value.IsNull()) {
      x->value.CopyFrom(y->value, alloc_);
      continue;
    }
    std::string path = std::string("/") + part;
    if (!x->value.IsObject() || !y->value.IsObject()) return Mismatch(path, "a root");
    if (!EqualExcept(x->value, y->value, {"body"})) return Mismatch(path, part);
    if (Status s = BlockMember(x->value, y->value, "body", path); !s.ok()) return s;
  }
  if (Value* n = Get(a, "activations")) {
    n->SetInt64(IntOr(n, 0) + IntOr(Get(b, "activations"), 0));
  }
  if (Value* n = Get(a, "stable_for")) n->SetInt64(IntOr(Get(b, "stable_for"), 0));
  auto yes = [](const Value* v) { return v != nullptr && v->IsBool() && v->GetBool(); };
  if (Value* c = Get(a, "compilable")) c->SetBool(yes(c) && yes(Get(b, "compilable")));
  auto why_a = a.FindMember("not_compilable_because");
  auto why_b = b.FindMember("not_compilable_because");
  if (why_a != a.MemberEnd() && why_b != b.MemberEnd() && why_a->value.IsNull() &&
      !why_b->value.IsNull()) {
    why_a->value.CopyFrom(why_b->value, alloc_);
  }
  return Status::Ok();
}

Status Parse(const std::string& json, const char* which, rapidjson::Document* doc) {
  doc->Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag |
             rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc->HasParseError()) {
    return Status::Error(ErrorCode::kSyntax, "",
                         std::string("the ") + which + " trace is not JSON: " +
                             rapidjson::GetParseError_En(doc->GetParseError()) + " (at byte " +
                             std::to_string(doc->GetErrorOffset()) + ")");
  }
  return Status::Ok();
}

}  // namespace

Status MergeTraces(const std::string& base_json, const std::string& extra_json,
                   std::string* merged_json) {
  rapidjson::Document base;
  rapidjson::Document extra;
  if (Status s = Parse(base_json, "base", &base); !s.ok()) return s;
  if (Status s = Parse(extra_json, "extra", &extra); !s.ok()) return s;
  Merger merger(base.GetAllocator());
  if (Status s = merger.Document(base, extra); !s.ok()) return s;
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  base.Accept(writer);
  merged_json->assign(out.GetString(), out.GetSize());
  return Status::Ok();
}

}  // namespace containerless::compiler
