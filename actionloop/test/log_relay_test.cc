// Unit tests of LogRelay: the engine's output passed on in whole lines, in order, last words kept.
#include "log_relay.h"

#include <gtest/gtest.h>
#include <uv.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

#include "activation_log.h"

namespace containerless::runtime {
namespace {

std::string ReadAll(FILE* f) {
  std::string text;
  fflush(f);
  rewind(f);
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  return text;
}

void WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    ASSERT_GT(n, 0);
    done += static_cast<size_t>(n);
  }
}

// A relay whose targets are two temporary files, with the child's write ends duplicated for the
// test to write into (Start() closes the relay's own copies, as after spawning the engine).
struct Fixture {
  uv_loop_t loop;
  uv_timer_t alive;  // the relay's polls do not keep a loop alive: in the runtime the server does
  FILE* out = tmpfile();
  FILE* err = tmpfile();
  LogRelay* relay = nullptr;
  int child_out = -1;
  int child_err = -1;

  explicit Fixture(bool one_stream) {
    uv_loop_init(&loop);
    uv_timer_init(&loop, &alive);
    uv_timer_start(
        &alive, [](uv_timer_t*) {}, 3600 * 1000, 0);
    Status s = LogRelay::Create(&loop, fileno(out), fileno(err), one_stream, &relay);
    EXPECT_TRUE(s.ok()) << s.message();
    child_out = dup(relay->child_stdout());
    child_err = dup(relay->child_stderr());
    relay->Start();
  }
  ~Fixture() {
    if (child_out >= 0) close(child_out);
    if (child_err >= 0) close(child_err);
    if (relay != nullptr) relay->Close();
    uv_close(reinterpret_cast<uv_handle_t*>(&alive), nullptr);
    uv_run(&loop, UV_RUN_DEFAULT);  // the close callbacks
    EXPECT_EQ(uv_loop_close(&loop), 0);
    fclose(out);
    fclose(err);
  }
  void Turn() { uv_run(&loop, UV_RUN_NOWAIT); }
};

TEST(LogRelay, PassesOnOnlyCompleteLinesAndTheLastWordsAtTheEnd) {
  Fixture f(false);
  WriteAll(f.child_out, "abc");
  f.relay->Drain();
  EXPECT_EQ(ReadAll(f.out), "");  // no newline yet
  WriteAll(f.child_out, "def\nghi\njk");
  WriteAll(f.child_err, "e1\ne2");
  f.relay->Drain();
  EXPECT_EQ(ReadAll(f.out), "abcdef\nghi\n");
  EXPECT_EQ(ReadAll(f.err), "e1\n");
  // The engine dies mid-line: what it wrote is still written, as a line.
  f.relay->Close();
  f.relay = nullptr;
  EXPECT_EQ(ReadAll(f.out), "abcdef\nghi\njk\n");
  EXPECT_EQ(ReadAll(f.err), "e1\ne2\n");
}

TEST(LogRelay, ReadsOnTheLoopAndStopsAtTheEndOfThePipe) {
  Fixture f(false);
  WriteAll(f.child_out, "one\ntw");
  for (int i = 0; i < 10 && ReadAll(f.out).empty(); ++i) f.Turn();
  EXPECT_EQ(ReadAll(f.out), "one\n");
  // Every write end closed (the engine exited): the partial line goes out, polling stops (a pipe
  // at its end is always readable: the loop would spin).
  close(f.child_out);
  f.child_out = -1;
  close(f.child_err);
  f.child_err = -1;
  for (int i = 0; i < 10; ++i) f.Turn();
  EXPECT_EQ(ReadAll(f.out), "one\ntw\n");
}

TEST(LogRelay, WhileRequestsAreInFlightATimerReadsThePipes) {
  Fixture f(false);
  f.relay->SetBusy(true);
  WriteAll(f.child_out, "busy\n");
  // Not polled: the timer reads the pipe within kBusyDrainMs.
  for (int i = 0; i < 50 && ReadAll(f.out).empty(); ++i) {
    usleep(1000);
    f.Turn();
  }
  EXPECT_EQ(ReadAll(f.out), "busy\n");
  // Idle again: read at the next tick, then polled.
  f.relay->SetBusy(false);
  WriteAll(f.child_out, "idle\n");
  for (int i = 0; i < 50 && ReadAll(f.out).size() < 10; ++i) {
    usleep(1000);
    f.Turn();
  }
  EXPECT_EQ(ReadAll(f.out), "busy\nidle\n");
  WriteAll(f.child_out, "polled\n");
  for (int i = 0; i < 10 && ReadAll(f.out).size() < 17; ++i) f.Turn();
  EXPECT_EQ(ReadAll(f.out), "busy\nidle\npolled\n");
}

TEST(LogRelay, OneStreamKeepsTheOrderAcrossStdoutAndStderr) {
  Fixture f(true);
  EXPECT_EQ(f.relay->child_stdout(), f.relay->child_stderr());
  WriteAll(f.child_out, "out 1\n");
  WriteAll(f.child_err, "err 1\n");
  WriteAll(f.child_out, "out 2\n");
  f.relay->Drain();
  EXPECT_EQ(ReadAll(f.out), "out 1\nerr 1\nout 2\n");
  EXPECT_EQ(ReadAll(f.err), "");
}

TEST(LogRelay, ALineLongerThanThePipeIsWrittenWholeBetweenOtherWriters) {
  // The H11-1 shape: a long engine line while the runtime writes its own (native) lines. The
  // runtime's lines land between the engine's, never inside one.
  Fixture f(false);
  std::string line(300000, 'e');
  line.push_back('\n');
  std::atomic<bool> written{false};
  std::thread writer([&]() {
    for (int i = 0; i < 4; ++i) WriteAll(f.child_out, line);
    written = true;
  });
  std::string native(5000, 'n');
  native.push_back('\n');
  for (int i = 0; !written; ++i) {
    if (i < 200) ActivationLog::WriteRelayed(fileno(f.out), native);  // a native activation's lines
    f.Turn();
  }
  writer.join();
  f.relay->Drain();
  std::string text = ReadAll(f.out);
  size_t engine_lines = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    ASSERT_NE(end, std::string::npos);
    std::string_view l(text.data() + start, end - start + 1);
    if (l == line) {
      ++engine_lines;
    } else {
      ASSERT_EQ(l, native) << "a torn line at offset " << start;
    }
    start = end + 1;
  }
  EXPECT_EQ(engine_lines, 4u);
}

TEST(LogRelay, DrainReturnsWhileTheEngineKeepsWriting) {
  Fixture f(false);
  int flags = fcntl(f.child_out, F_GETFL);
  fcntl(f.child_out, F_SETFL, flags | O_NONBLOCK);
  std::string chunk(1000, 'x');
  chunk.push_back('\n');
  // A full pipe: Drain reads at most its capacity, then returns.
  while (write(f.child_out, chunk.data(), chunk.size()) > 0) {
  }
  f.relay->Drain();
  EXPECT_GT(ReadAll(f.out).size(), 0u);
}

}  // namespace
}  // namespace containerless::runtime
