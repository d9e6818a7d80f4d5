# node-gyp build of the trace recorder (addon/): the N-API binding over the plain C++ core.
# RapidJSON comes from the system include path (/usr/include, Debian's rapidjson-dev): it is
# not added with -I because an explicit -I/usr/include reorders the system headers.
{
  "targets": [
    {
      "target_name": "containerless_addon",
      "sources": [
        "addon/binding.cc",
        "addon/core/context.cc",
        "addon/core/events.cc",
        "addon/core/program.cc",
        "addon/core/recorder.cc",
        "addon/core/serialize.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      # C++ exceptions off (node's common.gypi already passes -fno-exceptions; kept explicit).
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-std=gnu++17", "-fexceptions"],
      "cflags_cc": ["-std=c++17", "-fno-exceptions", "-Wall", "-Wextra"]
    }
  ]
}
