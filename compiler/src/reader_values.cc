// The trace reader: expressions, atoms, items and locations (docs/trace-ir.md sections 3 and 4).
#include <cmath>
#include <limits>

#include "reader_impl.h"

namespace containerless::compiler {

Status Reader::ReadItems(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                         bool holes, std::vector<Item>* out) {
  if (!v.IsArray()) return Err(ErrorCode::kWrongType, path, "must be an array");
  out->resize(v.Size());
  for (size_t i = 0; i < v.Size(); ++i) {
    const JsonValue& item = v[i];
    Item& dst = (*out)[i];
    std::string here = At(path, i);
    if (item.IsObject() && item.HasMember("spread")) {
      dst.spread = true;
      if (Status s = ReadAtom(item["spread"], At(here, "spread"), scope, &dst.atom); !s.ok()) {
        return s;
      }
    } else if (item.IsObject() && item.HasMember("hole")) {
      if (!holes) return Err(ErrorCode::kBadValue, here, "a hole is only allowed in an array");
      if (!item["hole"].IsBool() || !item["hole"].GetBool()) {
        return Err(ErrorCode::kWrongType, At(here, "hole"), "hole must be true");
      }
      dst.hole = true;
    } else if (Status s = ReadAtom(item, here, scope, &dst.atom); !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

Status Reader::ReadSeen(const JsonValue& v, const std::string& path, size_t operands, Expr* out) {
  if (!v.IsArray() || v.Size() != operands) {
    return Err(ErrorCode::kWrongType, path,
               "seen must be an array of " + std::to_string(operands) + " type lists");
  }
  for (size_t i = 0; i < v.Size(); ++i) {
    if (!v[i].IsArray())
      return Err(ErrorCode::kWrongType, At(path, i), "a type list must be an array");
    TypeSet set = 0;
    for (size_t j = 0; j < v[i].Size(); ++j) {
      TypeTag tag;
      const JsonValue& t = v[i][j];
      if (!t.IsString() || !Lookup(std::string(t.GetString(), t.GetStringLength()), &tag)) {
        return Err(ErrorCode::kBadValue, At(At(path, i), j), "unknown type tag");
      }
      set |= Bit(tag);
    }
    out->seen.push_back(set);
  }
  return Status::Ok();
}

Status Reader::ReadExpr(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                        Expr* out) {
  if (Status s = Object(v, path, "an expression"); !s.ok()) return s;
  if (!v.HasMember("e")) {
    out->kind = ExprKind::kAtom;
    return ReadAtom(v, path, scope, &out->a);
  }
  std::string tag;
  if (Status s = String(v, path, "e", &tag); !s.ok()) return s;
  if (!Lookup(tag, &out->kind) || out->kind == ExprKind::kAtom) {
    return Err(ErrorCode::kUnknownKind, At(path, "e"), "unknown expression kind \"" + tag + "\"");
  }
  const JsonValue* f = nullptr;
  size_t operands = 1;
  switch (out->kind) {
    case ExprKind::kAtom:
      break;
    case ExprKind::kBinary:
    case ExprKind::kUnary: {
      std::string op;
      if (Status s = String(v, path, "op", &op); !s.ok()) return s;
      bool known =
          out->kind == ExprKind::kBinary ? Lookup(op, &out->binary) : Lookup(op, &out->unary);
      if (!known) {
        return Err(ErrorCode::kBadValue, At(path, "op"),
                   "unknown " + tag + " operator \"" + op + "\"");
      }
      const char* first = out->kind == ExprKind::kBinary ? "left" : "arg";
      if (Status s = Field(v, path, first, &f); !s.ok()) return s;
      if (Status s = ReadAtom(*f, At(path, first), scope, &out->a); !s.ok()) return s;
      if (out->kind == ExprKind::kBinary) {
        operands = 2;
        if (Status s = Field(v, path, "right", &f); !s.ok()) return s;
        if (Status s = ReadAtom(*f, At(path, "right"), scope, &out->b); !s.ok()) return s;
      }
      break;
    }
    case ExprKind::kAwait: {
      // Only a function body awaits: not the module's top-level code (CommonJS has no
      // top-level await), nor a function inlined into it (init is not async).
      const ReaderScope* root = &scope;
      while (root->caller) root = root->caller;
      if (root->kind == ReaderScope::Kind::kModule) {
        return Err(ErrorCode::kMisplaced, path,
                   scope.kind == ReaderScope::Kind::kModule
                       ? "await outside a function body (in the module's top-level code)"
                       : "await in a function inlined into the module's top-level code");
      }
      if (Status s = Field(v, path, "arg", &f); !s.ok()) return s;
      if (Status s = ReadAtom(*f, At(path, "arg"), scope, &out->a); !s.ok()) return s;
      break;
    }
    case ExprKind::kToString:
      if (Status s = Field(v, path, "arg", &f); !s.ok()) return s;
      if (Status s = ReadAtom(*f, At(path, "arg"), scope, &out->a); !s.ok()) return s;
      break;
    case ExprKind::kGet:
      operands = 2;
      if (Status s = Field(v, path, "object", &f); !s.ok()) return s;
      if (Status s = ReadAtom(*f, At(path, "object"), scope, &out->a); !s.ok()) return s;
      if (Status s = Field(v, path, "key", &f); !s.ok()) return s;
      if (Status s = ReadAtom(*f, At(path, "key"), scope, &out->b); !s.ok()) return s;
      break;
    case ExprKind::kObject: {
      if (Status s = Field(v, path, "props", &f); !s.ok()) return s;
      std::string here = At(path, "props");
      if (!f->IsArray()) return Err(ErrorCode::kWrongType, here, "props must be an array");
      out->props.resize(f->Size());
      for (size_t i = 0; i < f->Size(); ++i) {
        const JsonValue& p = (*f)[i];
        Prop& dst = out->props[i];
        std::string at = At(here, i);
        if (Status s = Object(p, at, "a property"); !s.ok()) return s;
        if (p.HasMember("spread")) {
          dst.kind = Prop::Kind::kSpread;
          if (Status s = ReadAtom(p["spread"], At(at, "spread"), scope, &dst.value); !s.ok()) {
            return s;
          }
          continue;
        }
        if (p.HasMember("computed")) {
          dst.kind = Prop::Kind::kComputed;
          if (Status s = ReadAtom(p["computed"], At(at, "computed"), scope, &dst.computed);
              !s.ok()) {
            return s;
          }
        } else if (Status s = String(p, at, "key", &dst.key); !s.ok()) {
          return s;
        }
        const JsonValue* value = nullptr;
        if (Status s = Field(p, at, "value", &value); !s.ok()) return s;
        if (Status s = ReadAtom(*value, At(at, "value"), scope, &dst.value); !s.ok()) return s;
      }
      return Status::Ok();  // no `seen` on literals
    }
    case ExprKind::kArray:
      if (Status s = Field(v, path, "items", &f); !s.ok()) return s;
      return ReadItems(*f, At(path, "items"), scope, true, &out->items);
    case ExprKind::kFunction:
      // What the normalizer writes for a function declaration or expression
      // (proxy/trace/normalize.js); a closure's also lists the atoms it captures.
      if (Status s = FunctionId(v, path, "id", &out->function_id); !s.ok()) return s;
      return ReadCaptureAtoms(v, path, scope, out);
  }
  if (auto it = v.FindMember("seen"); it != v.MemberEnd()) {
    return ReadSeen(it->value, At(path, "seen"), operands, out);
  }
  return Status::Ok();
}

Status Reader::ReadNumber(const JsonValue& v, const std::string& path, double* out) {
  if (v.IsNumber()) {
    *out = v.GetDouble();
    return Status::Ok();
  }
  if (v.IsString()) {
    std::string s(v.GetString(), v.GetStringLength());
    if (s == "NaN")
      *out = std::numeric_limits<double>::quiet_NaN();
    else if (s == "Infinity")
      *out = std::numeric_limits<double>::infinity();
    else if (s == "-Infinity")
      *out = -std::numeric_limits<double>::infinity();
    else if (s == "-0")
      *out = -0.0;
    else
      return Err(ErrorCode::kBadValue, path,
                 "a number string must be NaN, Infinity, -Infinity or -0");
    return Status::Ok();
  }
  return Err(ErrorCode::kWrongType, path, "v must be a number or a string");
}

Status Reader::ReadAtom(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                        Atom* out) {
  if (Status s = Object(v, path, "an atom"); !s.ok()) return s;
  std::string tag;
  if (Status s = String(v, path, "a", &tag); !s.ok()) return s;
  if (!Lookup(tag, &out->kind)) {
    return Err(ErrorCode::kUnknownKind, At(path, "a"), "unknown atom kind \"" + tag + "\"");
  }
  const JsonValue* f = nullptr;
  switch (out->kind) {
    case AtomKind::kNum:
      if (Status s = Field(v, path, "v", &f); !s.ok()) return s;
      return ReadNumber(*f, At(path, "v"), &out->num);
    case AtomKind::kStr:
      if (auto it = v.FindMember("u16"); it != v.MemberEnd()) {
        const JsonValue& units = it->value;
        if (!units.IsArray())
          return Err(ErrorCode::kWrongType, At(path, "u16"), "u16 must be an array");
        out->has_u16 = true;
        for (size_t i = 0; i < units.Size(); ++i) {
          if (!units[i].IsInt() || units[i].GetInt() < 0 || units[i].GetInt() > 0xFFFF) {
            return Err(ErrorCode::kBadValue, At(At(path, "u16"), i),
                       "a UTF-16 code unit must be an integer from 0 to 65535");
          }
          out->u16.push_back(static_cast<uint16_t>(units[i].GetInt()));
        }
        return Status::Ok();
      }
      return String(v, path, "v", &out->text);
    case AtomKind::kBool:
      if (Status s = Field(v, path, "v", &f); !s.ok()) return s;
      if (!f->IsBool()) return Err(ErrorCode::kWrongType, At(path, "v"), "v must be a boolean");
      out->boolean = f->GetBool();
      return Status::Ok();
    case AtomKind::kNull:
    case AtomKind::kUndef:
      return Status::Ok();
    case AtomKind::kVar:
    case AtomKind::kMod:
    case AtomKind::kGlobal: {
      if (Status s = String(v, path, "name", &out->text); !s.ok()) return s;
      std::string at = At(path, "name");
      if (out->text.empty()) return Err(ErrorCode::kBadValue, at, "empty name");
      if (out->kind == AtomKind::kMod && !module_names_.count(out->text)) {
        return Err(ErrorCode::kUndeclaredName, at, "\"" + out->text + "\" is not a module binding");
      }
      if (out->kind == AtomKind::kVar && !scope.names.count(out->text)) {
        return Err(ErrorCode::kUndeclaredName, at, "\"" + out->text + "\" is not a declared local");
      }
      return Status::Ok();
    }
  }
  return Err(ErrorCode::kInternal, path, "unhandled atom kind");
}

}  // namespace containerless::compiler
