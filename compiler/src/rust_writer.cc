// Spelling of Rust literals and identifiers for the writer (rust_writer.h).
#include "rust_writer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace containerless::compiler {

std::string RustWriter::Str(std::string_view utf8) {
  std::string out = "\"";
  for (unsigned char c : utf8) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "\\u{%x}", c);
          out += buf;
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through: the reader validated it
        }
    }
  }
  out += '"';
  return out;
}

std::string RustWriter::F64(double value) {
  if (std::isnan(value)) return "f64::NAN";
  if (std::isinf(value)) return value > 0 ? "f64::INFINITY" : "f64::NEG_INFINITY";
  // Integers print as themselves ("10.0", not "1e+01"), up to where %.0f stays short.
  if (value == std::trunc(value) && std::fabs(value) < 1e16) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%.1f", value);
    return digits;
  }
  // The shortest %.*g spelling that reads back as the same double, for legible output.
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  std::string text = buf;
  if (text.find_first_of(".e") == std::string::npos) text += ".0";  // "1" is an integer in Rust
  if (text.find('e') != std::string::npos && text.find('.') == std::string::npos) {
    text.insert(text.find('e'), ".0");  // keep "1.0e21" unmistakably a float
  }
  return text;
}

void RustWriter::Put(const RustU16s& u) {
  out_ += "&[";
  for (size_t i = 0; i < u.units.size(); ++i) {
    if (i > 0) out_ += ", ";
    out_ += std::to_string(u.units[i]);
  }
  out_ += "]";
}

std::string RustNames::Claim(std::string_view prefix, std::string_view js) {
  std::string base(prefix);
  for (unsigned char c : js) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      base += static_cast<char>(c);
    } else if (c == '_') {
      base += "__";
    } else if (c == '$') {
      base += "_S";
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "_u%02x", c);  // per UTF-8 byte: unique and reversible
      base += buf;
    }
  }
  return ClaimExact(base);
}

std::string RustNames::ClaimExact(const std::string& base) {
  std::string name = base;
  for (int n = 2; !claimed_.insert(name).second; ++n) name = base + "_" + std::to_string(n);
  return name;
}

std::string RustNames::Temp(std::string_view prefix) {
  for (;;) {
    std::string name = std::string(prefix) + std::to_string(++counter_);
    if (claimed_.insert(name).second) return name;
  }
}

}  // namespace containerless::compiler
