// floor_uv.c: the floor of floor.sh, a libuv server answering every read with one fixed reply (no
// parsing, no handler).
#include <stdlib.h>
#include <uv.h>
static char buf[65536];
static const char reply[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
    "X-Containerless-Engine: native\r\nContent-Length: 27\r\nConnection: keep-alive\r\n\r\n"
    "{\"payload\":\"Hello, bench!\"}";
static void on_alloc(uv_handle_t* h, size_t s, uv_buf_t* b) {
  *b = uv_buf_init(buf, sizeof buf);
}
static void on_read(uv_stream_t* s, ssize_t n, const uv_buf_t* b) {
  if (n < 0) {
    uv_close((uv_handle_t*)s, (uv_close_cb)free);
    return;
  }
  if (n == 0) return;
  uv_buf_t r = uv_buf_init((char*)reply, sizeof reply - 1);
  uv_try_write(s, &r, 1);
}
static void on_conn(uv_stream_t* l, int status) {
  uv_tcp_t* c = malloc(sizeof *c);
  uv_tcp_init(l->loop, c);
  uv_accept(l, (uv_stream_t*)c);
  uv_tcp_nodelay(c, 1);
  uv_read_start((uv_stream_t*)c, on_alloc, on_read);
}
int main(int argc, char** argv) {
  uv_loop_t* loop = uv_default_loop();
  uv_tcp_t l;
  uv_tcp_init(loop, &l);
  struct sockaddr_in a;
  uv_ip4_addr("127.0.0.1", atoi(argv[1]), &a);
  uv_tcp_bind(&l, (struct sockaddr*)&a, 0);
  uv_listen((uv_stream_t*)&l, 511, on_conn);
  return uv_run(loop, UV_RUN_DEFAULT);
}
