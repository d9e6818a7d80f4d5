// Running an activation as a future: the no-op waker, the host-call suspension point and the async built-in dispatcher.
#![forbid(unsafe_code)]

use crate::abort::R;
use crate::builtins::{self, Builtin};
use crate::ctx::Ctx;
use crate::effects::IoHandle;
use crate::value::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// The activation is polled by the ABI's step(), never by a wake-up: the waker does nothing.
struct NoopWake;
impl Wake for NoopWake {
    fn wake(self: Arc<Self>) {}
}

thread_local! {
    // One per thread: an activation takes a clone (a reference-count bump, no allocation).
    static NOOP_WAKER: Waker = Waker::from(Arc::new(NoopWake));
}

pub fn noop_waker() -> Waker {
    NOOP_WAKER.with(|w| w.clone())
}

/// Polls a future once with the no-op waker.
pub fn poll_once<T>(fut: Pin<&mut dyn Future<Output = T>>, waker: &Waker) -> Poll<T> {
    let mut cx = Context::from_waker(waker);
    fut.poll(&mut cx)
}

/// Suspends the activation on a host call: step() hands `call` to the host, complete() gives
/// the result, and the next step() resumes here with it.
pub fn host_call(ctx: &mut Ctx, call: String) -> HostWait {
    let io = crate::effects::io(ctx);
    {
        let mut s = io.borrow_mut();
        s.call = Some(call);
        s.result = None;
    }
    HostWait { io }
}

pub struct HostWait {
    io: IoHandle,
}

impl Future for HostWait {
    type Output = Vec<u8>;
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Vec<u8>> {
        match self.io.borrow_mut().result.take() {
            Some(r) => Poll::Ready(r),
            None => Poll::Pending,
        }
    }
}

/// A built-in call in async code: fetch suspends on its host call; every other built-in is
/// builtins::call. The emitter uses this for call sites with a fetch target.
pub async fn call_async(ctx: &mut Ctx, b: Builtin, this: &Value, args: &[Value]) -> R<Value> {
    if b == Builtin::Fetch {
        return crate::fetch::fetch(ctx, this, args).await;
    }
    builtins::call(ctx, b, this, args)
}
