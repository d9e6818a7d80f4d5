// Node binding: the Recorder class of docs/trace-ir.md section 7 over the plain C++ core.
#include <napi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/recorder.h"

namespace containerless::addon {
namespace {

class RecorderWrap;

// Per-environment state (one per main thread or worker), as better-sqlite3 keeps it: the class
// and the recorders alive in this environment, so a worker that ends frees its trees at once
// instead of whenever (or if ever) their finalizers run.
struct AddonState {
  Napi::FunctionReference recorder_class;
  std::unordered_set<RecorderWrap*> live;
};

class RecorderWrap : public Napi::ObjectWrap<RecorderWrap> {
 public:
  static Napi::Function DefineClass(Napi::Env env) {
    return ObjectWrap::DefineClass(env, "Recorder",
                                   {
                                       InstanceMethod<&RecorderWrap::MergeModule>("mergeModule"),
                                       InstanceMethod<&RecorderWrap::Merge>("merge"),
                                       InstanceMethod<&RecorderWrap::Stats>("stats"),
                                       InstanceMethod<&RecorderWrap::Serialize>("serialize"),
                                   });
  }

  // new Recorder(programJson, { codeSha256, entry }); a bad argument or program is a TypeError.
  explicit RecorderWrap(const Napi::CallbackInfo& info) : ObjectWrap(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString()) {
      ThrowType(env, "programJson must be a string (the program document, trace-ir.md 7)");
      return;
    }
    if (info.Length() < 2 || !info[1].IsObject()) {
      ThrowType(env, "the second argument must be an object { codeSha256, entry }");
      return;
    }
    Napi::Object options = info[1].As<Napi::Object>();
    ActionIdentity identity;
    if (!ReadString(options, "codeSha256", &identity.code_sha256) ||
        !ReadString(options, "entry", &identity.entry)) {
      return;
    }
    std::string json = info[0].As<Napi::String>().Utf8Value();
    Status status = Recorder::Create(json, std::move(identity), &recorder_);
    if (!status.ok()) {
      ThrowType(env, status.message());
      return;
    }

    state_ = env.GetInstanceData<AddonState>();
    state_->live.insert(this);
  }

  ~RecorderWrap() override {
    if (state_ != nullptr) state_->live.erase(this);
  }

  // Called by the environment's cleanup hook: the trees go now, and the wrapper, which may be
  // finalized after the state is gone, must not touch the state again.
  void Release() {
    recorder_.reset();
    state_ = nullptr;
  }

 private:
  static void ThrowType(Napi::Env env, const std::string& message) {
    Napi::TypeError::New(env, "Recorder: " + message).ThrowAsJavaScriptException();
  }

  bool ReadString(Napi::Object options, const char* name, std::string* out) {
    Napi::Value value = options.Get(name);
    if (value.IsEmpty()) return false;  // a getter threw: its exception is pending
    if (!value.IsString()) {
      ThrowType(options.Env(), std::string("options.") + name + " must be a string");
      return false;
    }
    *out = value.As<Napi::String>().Utf8Value();
    return true;
  }

  // The recorder, or nullptr after a TypeError (the environment is shutting down).
  Recorder* Live(Napi::Env env) {
    if (recorder_ == nullptr) ThrowType(env, "this recorder's environment is shutting down");
    return recorder_.get();
  }

  // Copies the event list argument into *out, or returns false after a TypeError. The copy is
  // what makes check-then-merge sound: an Int32Array over a SharedArrayBuffer can change under
  // us (another thread), and the merge must see exactly the list that was checked. It is not
  // kept between calls: one huge activation must not pin its size for the recorder's lifetime.
  static bool ReadEvents(const Napi::CallbackInfo& info, const char* method,
                         std::vector<int32_t>* out) {
    if (info.Length() < 1 || !info[0].IsTypedArray() ||
        info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
      ThrowType(info.Env(),
                std::string(method) + ": the argument must be an Int32Array of (a, b) event pairs");
      return false;
    }
    Napi::Int32Array events = info[0].As<Napi::Int32Array>();
    const int32_t* data = events.Data();
    if (data != nullptr) out->assign(data, data + events.ElementLength());
    return true;
  }

  Napi::Value MergeModule(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::vector<int32_t> events;
    if (!ReadEvents(info, "mergeModule", &events)) return env.Undefined();
    Recorder* recorder = Live(env);
    if (recorder == nullptr) return env.Undefined();
    Status status = recorder->MergeModule(events.data(), events.size());
    if (!status.ok()) ThrowType(env, "mergeModule: " + status.message());
    return env.Undefined();
  }

  Napi::Value Merge(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::vector<int32_t> events;
    if (!ReadEvents(info, "merge", &events)) return env.Undefined();
    Recorder* recorder = Live(env);
    if (recorder == nullptr) return env.Undefined();
    bool grew = false;
    Status status = recorder->Merge(events.data(), events.size(), &grew);
    if (!status.ok()) {
      ThrowType(env, "merge: " + status.message());
      return env.Undefined();
    }
    return Napi::Boolean::New(env, grew);
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Recorder* recorder = Live(env);
    if (recorder == nullptr) return env.Undefined();
    Napi::Object stats = Napi::Object::New(env);
    stats.Set("activations", Napi::Number::New(env, static_cast<double>(recorder->activations())));
    stats.Set("stableFor", Napi::Number::New(env, static_cast<double>(recorder->stable_for())));
    return stats;
  }

  Napi::Value Serialize(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Recorder* recorder = Live(env);
    if (recorder == nullptr) return env.Undefined();
    std::string trace = recorder->Serialize();
    return Napi::String::New(env, trace.data(), trace.size());
  }

  std::unique_ptr<Recorder> recorder_;
  AddonState* state_ = nullptr;  // set once construction succeeded; cleared by Release
};

// Runs when the environment ends (process exit, worker termination), before finalizers.
void Cleanup(AddonState* state) {
  for (RecorderWrap* wrap : state->live) wrap->Release();
  state->live.clear();
  state->recorder_class.Reset();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* state = new AddonState();
  env.SetInstanceData<AddonState>(state);  // deleted by the environment when it is torn down
  env.AddCleanupHook(Cleanup, state);
  Napi::Function recorder_class = RecorderWrap::DefineClass(env);
  state->recorder_class = Napi::Persistent(recorder_class);
  exports.Set("Recorder", recorder_class);
  exports.Set("TRACE_VERSION", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace
}  // namespace containerless::addon

// NODE_API_MODULE pastes the function's name into an identifier, so it needs an unqualified one.
static Napi::Object InitContainerlessAddon(Napi::Env env, Napi::Object exports) {
  return containerless::addon::Init(env, exports);
}

NODE_API_MODULE(containerless_addon, InitContainerlessAddon)
