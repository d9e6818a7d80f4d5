// The __OW_ environment of the /run bodies answered natively, handed to the Node engine with the
// next /run it gets.
#include "activation_env.h"

#include <rapidjson/encodings.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace containerless::runtime {

void ActivationEnv::Note(const rapidjson::Document& body) {
  if (!body.IsObject()) return;
  size_t next = 0;  // bodies list their fields in the same order: try the slot after the last
  for (auto m = body.MemberBegin(); m != body.MemberEnd(); ++m) {
    if (!m->value.IsString()) continue;
    std::string_view key(m->name.GetString(), m->name.GetStringLength());
    if (key == "value") continue;
    std::string_view val(m->value.GetString(), m->value.GetStringLength());
    size_t i = next;
    if (i >= used_ || fields_[i].first != key) {
      i = 0;
      while (i < used_ && fields_[i].first != key) ++i;
    }
    next = i + 1;
    if (i == used_) {
      if (used_ == fields_.size()) fields_.emplace_back();
      fields_[used_].first.assign(key);
      ++used_;
    }
    // A later duplicate of a key replaces the earlier one, as JSON.parse keeps the last.
    fields_[i].second.assign(val);
  }
}

std::string ActivationEnv::TakeHeader() {
  if (used_ == 0) return std::string();
  rapidjson::StringBuffer out;
  // ASCII target: every non-ASCII character as \uXXXX, so the header line is plain bytes.
  rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::ASCII<>> writer(out);
  writer.StartObject();
  bool ok = true;
  for (size_t i = 0; i < used_ && ok; ++i) {
    ok = writer.Key(fields_[i].first.data(),
                    static_cast<rapidjson::SizeType>(fields_[i].first.size())) &&
         writer.String(fields_[i].second.data(),
                       static_cast<rapidjson::SizeType>(fields_[i].second.size()));
  }
  writer.EndObject();
  used_ = 0;
  if (!ok || out.GetSize() > kMaxHeaderBytes) return std::string();
  return "X-Containerless-Env: " + std::string(out.GetString(), out.GetSize()) + "\r\n";
}

}  // namespace containerless::runtime
