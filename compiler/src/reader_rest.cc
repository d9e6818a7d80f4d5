// The trace reader's rest parameters: `...xs` in `params` (trace-ir.md section 7) bound as an array
// of the call's surplus arguments.
#include <algorithm>
#include <set>

#include "reader_impl.h"

namespace containerless::compiler {

Status Reader::SplitRest(const std::string& path, std::vector<std::string>* params,
                         std::string* rest) {
  rest->clear();
  for (size_t i = 0; i < params->size(); ++i) {
    const std::string& name = (*params)[i];
    if (name.compare(0, 3, "...") != 0) continue;
    if (i + 1 != params->size() || name.size() == 3) {
      return Err(ErrorCode::kBadValue, At(At(path, "params"), i),
                 "a rest parameter (\"...name\") must be the last parameter and have a name");
    }
    *rest = name.substr(3);
    params->pop_back();
  }
  for (const std::string& name : *params) {
    if (name == *rest) {
      return Err(ErrorCode::kDuplicateName, At(path, "params"),
                 "\"" + name + "\" is declared twice");
    }
  }
  return Status::Ok();
}

// Exact because a call's arguments are all known here (no spread): the callee gets one more
// parameter per surplus argument, under a name no other of its bindings has, and its body starts
// with `set rest = [those parameters]`, a new array each call, as JavaScript makes one; with no
// surplus argument the array is empty.
void Reader::LowerRest(const std::string& rest, int64_t argc, std::vector<std::string>* params,
                       std::vector<std::string>* locals, const std::vector<std::string>& captures,
                       Block* body) {
  std::set<std::string> taken(params->begin(), params->end());
  taken.insert(locals->begin(), locals->end());
  taken.insert(captures.begin(), captures.end());
  taken.insert(rest);
  Stmt bind;
  bind.kind = StmtKind::kSet;
  bind.name = rest;
  bind.value.kind = ExprKind::kArray;
  const int64_t surplus = argc - static_cast<int64_t>(params->size());
  for (int64_t j = 1; j <= surplus; ++j) {
    std::string name = "$rest" + std::to_string(j);
    while (taken.count(name)) name += "$";
    taken.insert(name);
    params->push_back(name);
    Item item;
    item.atom = Atom::Of(AtomKind::kVar, name);
    bind.value.items.push_back(std::move(item));
  }
  // The tracer lists the rest parameter among the locals too (trace-ir.md section 7).
  if (std::find(locals->begin(), locals->end(), rest) == locals->end()) locals->push_back(rest);
  body->insert(body->begin(), std::move(bind));
}

}  // namespace containerless::compiler
