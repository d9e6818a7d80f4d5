// Status helpers that need libuv (error names).
#include "status.h"

#include <uv.h>

namespace containerless::runtime {

Status Status::Uv(const char* what, int code) {
  return Status::Error(std::string(what) + ": " + uv_err_name(code) + " (" + uv_strerror(code) +
                       ")");
}

}  // namespace containerless::runtime
