// The Rust source writer: typed Line helpers, indentation, literals, and the name table.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace containerless::compiler {

// Literal tags: what a part of a line is decides how it is spelled.
struct RustStr {  // a Rust string literal of UTF-8 text, escaped
  std::string_view utf8;
};
struct RustF64 {  // an f64 expression that round-trips exactly (f64::NAN, -0.0, 1e21, ...)
  double value;
};
struct RustU16s {  // a `&[u16]` slice literal
  const std::vector<uint16_t>& units;
};

// Accumulates Rust source. Each Line() is one output line at the current indentation, so the
// emitter's calls read like the code they produce:
//   w.Open("if truthy(", test, ")");   ->  if truthy(&v_x) {
//   w.Line("return Ok(", value, ");");  ->      return Ok(v_y.clone());
//   w.Close();                          ->  }
class RustWriter {
 public:
  template <typename... Parts>
  void Line(const Parts&... parts) {
    out_.append(static_cast<size_t>(indent_) * 4, ' ');
    (Put(parts), ...);
    out_ += '\n';
  }
  // A line ending in " {" after which the indentation deepens.
  template <typename... Parts>
  void Open(const Parts&... parts) {
    Line(parts..., " {");
    ++indent_;
  }
  // Ends the innermost Open with `tail` ("}" or "};").
  void Close(std::string_view tail = "}") {
    --indent_;
    Line(tail);
  }
  // "} else {" and its kin: closes and reopens at the same depth.
  template <typename... Parts>
  void Reopen(const Parts&... parts) {
    --indent_;
    Line(parts..., " {");
    ++indent_;
  }
  void Blank() { out_ += '\n'; }

  const std::string& str() const { return out_; }

  static std::string Str(std::string_view utf8);
  static std::string F64(double value);

 private:
  void Put(std::string_view text) { out_.append(text); }
  void Put(const std::string& text) { out_.append(text); }
  void Put(const char* text) { out_.append(text); }
  void Put(int64_t n) { out_.append(std::to_string(n)); }
  void Put(uint64_t n) { out_.append(std::to_string(n)); }
  void Put(int n) { out_.append(std::to_string(n)); }
  void Put(const RustStr& s) { out_.append(Str(s.utf8)); }
  void Put(const RustF64& f) { out_.append(F64(f.value)); }
  void Put(const RustU16s& u);

  std::string out_;
  int indent_ = 0;
};

// Rust identifiers and labels of one generated file, claimed in one place so that no two
// JavaScript names (or a name and a temporary) can meet as the same Rust name.
class RustNames {
 public:
  // A Rust identifier for JavaScript name `js` with `prefix` ("v_", "m_", "f3_"): characters
  // that Rust identifiers lack are spelled out ($ -> _S, _ -> __, others _uXXXX), and a
  // numeric suffix makes it unique.
  std::string Claim(std::string_view prefix, std::string_view js);
  // `base` itself when free (it must already be a Rust identifier), else base_2, base_3, ...
  std::string ClaimExact(const std::string& base);
  // A fresh temporary: prefix + a counter ("t_1", "g_2").
  std::string Temp(std::string_view prefix);

 private:
  std::set<std::string> claimed_;
  int counter_ = 0;
};

}  // namespace containerless::compiler
